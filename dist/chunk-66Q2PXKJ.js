import { createRequire as __tgCreateRequire } from 'node:module';
const require = __tgCreateRequire(import.meta.url);
import {
  require_undici
} from "./chunk-B7GFFGAU.js";
import "./chunk-6CTQYBGU.js";
export default require_undici();
