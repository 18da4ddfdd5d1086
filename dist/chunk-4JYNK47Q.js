import { createRequire as __tgCreateRequire } from 'node:module';
const require = __tgCreateRequire(import.meta.url);
import {
  runPipeline
} from "./chunk-HCKAKCBP.js";
import "./chunk-4DTHXTDZ.js";
import "./chunk-7GNSOJHM.js";
import "./chunk-C4VODZ2B.js";
import "./chunk-2BIISUX4.js";
import "./chunk-7SPN56PI.js";
import "./chunk-UPBOSQEA.js";
import "./chunk-C5LGQ32H.js";
import "./chunk-BN5XLRZQ.js";
import "./chunk-RF4X2UR6.js";
import "./chunk-IXATUZW2.js";
import "./chunk-3Z7WPF6B.js";
import "./chunk-HUONOIR3.js";
import "./chunk-UBO35347.js";
import "./chunk-MPLI4E57.js";
import "./chunk-OWB4AIJT.js";
import "./chunk-6CTQYBGU.js";
export {
  runPipeline
};
