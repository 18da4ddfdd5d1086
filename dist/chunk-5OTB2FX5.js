import { createRequire as __tgCreateRequire } from 'node:module';
const require = __tgCreateRequire(import.meta.url);
import {
  runPipeline
} from "./chunk-MX7FU7IK.js";
import "./chunk-RDEXT3QT.js";
import "./chunk-CAF5RJ6J.js";
import "./chunk-7GNSOJHM.js";
import "./chunk-X7GFDEX2.js";
import "./chunk-2PZ6PNRO.js";
import "./chunk-TBYELPNH.js";
import "./chunk-QEM6FKPM.js";
import "./chunk-UPBOSQEA.js";
import "./chunk-RF4X2UR6.js";
import "./chunk-HCORTRH4.js";
import "./chunk-3F3RAWJQ.js";
import "./chunk-O463YJ2Z.js";
import "./chunk-OH4YQWZE.js";
import "./chunk-FZMQJXAM.js";
import "./chunk-MPLI4E57.js";
import "./chunk-4T5WEU3T.js";
import "./chunk-6CTQYBGU.js";
export {
  runPipeline
};
