import { createRequire as __tgCreateRequire } from 'node:module';
const require = __tgCreateRequire(import.meta.url);
import {
  runPipeline
} from "./chunk-3SY7OPZ3.js";
import "./chunk-V2H66L36.js";
import "./chunk-6SNAAGIY.js";
import "./chunk-7GNSOJHM.js";
import "./chunk-DOFDN6UR.js";
import "./chunk-RQVW3GSG.js";
import "./chunk-YAAYOLGW.js";
import "./chunk-QEM6FKPM.js";
import "./chunk-UPBOSQEA.js";
import "./chunk-RF4X2UR6.js";
import "./chunk-GNMN7N3T.js";
import "./chunk-PHAQNVIN.js";
import "./chunk-O463YJ2Z.js";
import "./chunk-OH4YQWZE.js";
import "./chunk-FZMQJXAM.js";
import "./chunk-MPLI4E57.js";
import "./chunk-4T5WEU3T.js";
import "./chunk-6CTQYBGU.js";
export {
  runPipeline
};
