import { createRequire as __tgCreateRequire } from 'node:module';
const require = __tgCreateRequire(import.meta.url);
import {
  runPipeline
} from "./chunk-GJPQAOS6.js";
import "./chunk-IMRP7SJU.js";
import "./chunk-2IUNTI3R.js";
import "./chunk-7GNSOJHM.js";
import "./chunk-NXN3UG7F.js";
import "./chunk-GKXTAAA2.js";
import "./chunk-4JN4FDBX.js";
import "./chunk-UPBOSQEA.js";
import "./chunk-GDP6KVT3.js";
import "./chunk-4XWGYDB6.js";
import "./chunk-RF4X2UR6.js";
import "./chunk-6N2TAZXY.js";
import "./chunk-ZBFOVDUR.js";
import "./chunk-IYTS3PQK.js";
import "./chunk-MPLI4E57.js";
import "./chunk-4T5WEU3T.js";
import "./chunk-6CTQYBGU.js";
export {
  runPipeline
};
