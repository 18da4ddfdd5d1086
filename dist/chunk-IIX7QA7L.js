import { createRequire as __tgCreateRequire } from 'node:module';
const require = __tgCreateRequire(import.meta.url);
import {
  RuntimeUnavailable
} from "./chunk-THEDVBIK.js";
import "./chunk-6CTQYBGU.js";
export {
  RuntimeUnavailable
};
