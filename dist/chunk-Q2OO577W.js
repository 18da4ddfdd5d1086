import { createRequire as __tgCreateRequire } from 'node:module';
const require = __tgCreateRequire(import.meta.url);
import {
  runPipeline
} from "./chunk-3JJX5QTA.js";
import "./chunk-LEM3R6RI.js";
import "./chunk-NQEZMX4D.js";
import "./chunk-7GNSOJHM.js";
import "./chunk-WGTVWKLK.js";
import "./chunk-UPBOSQEA.js";
import "./chunk-MG3XIQPQ.js";
import "./chunk-TLPLTS7E.js";
import "./chunk-M3C7NE2P.js";
import "./chunk-64OMEYPC.js";
import "./chunk-J65XEYHR.js";
import "./chunk-RF4X2UR6.js";
import "./chunk-O463YJ2Z.js";
import "./chunk-OH4YQWZE.js";
import "./chunk-FZMQJXAM.js";
import "./chunk-MPLI4E57.js";
import "./chunk-4T5WEU3T.js";
import "./chunk-6CTQYBGU.js";
export {
  runPipeline
};
