import { createRequire as __tgCreateRequire } from 'node:module';
const require = __tgCreateRequire(import.meta.url);
import {
  runPipeline
} from "./chunk-GK3QN7RP.js";
import "./chunk-KT5DETUH.js";
import "./chunk-5DGJJYRK.js";
import "./chunk-7GNSOJHM.js";
import "./chunk-TLPLTS7E.js";
import "./chunk-M3C7NE2P.js";
import "./chunk-ZSCHVXRC.js";
import "./chunk-QEM6FKPM.js";
import "./chunk-UPBOSQEA.js";
import "./chunk-RF4X2UR6.js";
import "./chunk-MRWBAYTE.js";
import "./chunk-J65XEYHR.js";
import "./chunk-O463YJ2Z.js";
import "./chunk-OH4YQWZE.js";
import "./chunk-FZMQJXAM.js";
import "./chunk-MPLI4E57.js";
import "./chunk-4T5WEU3T.js";
import "./chunk-6CTQYBGU.js";
export {
  runPipeline
};
