import { createRequire as __tgCreateRequire } from 'node:module';
const require = __tgCreateRequire(import.meta.url);
import {
  docsBaseUrl,
  docsUrl,
  findRule,
  ruleMetas,
  rules
} from "./chunk-IXATUZW2.js";
import "./chunk-3Z7WPF6B.js";
import "./chunk-HUONOIR3.js";
import "./chunk-UBO35347.js";
import "./chunk-MPLI4E57.js";
import "./chunk-6CTQYBGU.js";
export {
  docsBaseUrl,
  docsUrl,
  findRule,
  ruleMetas,
  rules
};
