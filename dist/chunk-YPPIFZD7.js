import { createRequire as __tgCreateRequire } from 'node:module';
const require = __tgCreateRequire(import.meta.url);
import {
  runPipeline
} from "./chunk-XVGH3I74.js";
import "./chunk-7DRLSCUL.js";
import "./chunk-LJCTEDY5.js";
import "./chunk-7GNSOJHM.js";
import "./chunk-5Z5G6FQP.js";
import "./chunk-TWE6TYG4.js";
import "./chunk-NO246EUE.js";
import "./chunk-QEM6FKPM.js";
import "./chunk-UPBOSQEA.js";
import "./chunk-RF4X2UR6.js";
import "./chunk-2P7CFQJM.js";
import "./chunk-DXYSXD2Q.js";
import "./chunk-O463YJ2Z.js";
import "./chunk-OH4YQWZE.js";
import "./chunk-FZMQJXAM.js";
import "./chunk-MPLI4E57.js";
import "./chunk-4T5WEU3T.js";
import "./chunk-6CTQYBGU.js";
export {
  runPipeline
};
