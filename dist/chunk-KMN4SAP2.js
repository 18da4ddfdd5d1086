import { createRequire as __tgCreateRequire } from 'node:module';
const require = __tgCreateRequire(import.meta.url);
import {
  docsBaseUrl,
  docsUrl,
  findRule,
  ruleMetas,
  rules
} from "./chunk-6N2TAZXY.js";
import "./chunk-ZBFOVDUR.js";
import "./chunk-IYTS3PQK.js";
import "./chunk-MPLI4E57.js";
import "./chunk-6CTQYBGU.js";
export {
  docsBaseUrl,
  docsUrl,
  findRule,
  ruleMetas,
  rules
};
