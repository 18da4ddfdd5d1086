import { createRequire as __tgCreateRequire } from 'node:module';
const require = __tgCreateRequire(import.meta.url);
import {
  docsBaseUrl,
  docsUrl,
  findRule,
  ruleMetas,
  rules
} from "./chunk-O463YJ2Z.js";
import "./chunk-OH4YQWZE.js";
import "./chunk-FZMQJXAM.js";
import "./chunk-MPLI4E57.js";
import "./chunk-6CTQYBGU.js";
export {
  docsBaseUrl,
  docsUrl,
  findRule,
  ruleMetas,
  rules
};
