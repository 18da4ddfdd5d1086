import { createRequire as __tgCreateRequire } from 'node:module';
const require = __tgCreateRequire(import.meta.url);
import {
  defaultConfig,
  defaultDrillConfig,
  defaultRenderConfig,
  defaultSmokeConfig,
  parseConfig,
  parseDrillFailOn,
  parseFailOn
} from "./chunk-C5LGQ32H.js";
import "./chunk-BN5XLRZQ.js";
import {
  defaultConfigPath
} from "./chunk-RF4X2UR6.js";
import "./chunk-IXATUZW2.js";
import "./chunk-3Z7WPF6B.js";
import "./chunk-HUONOIR3.js";
import "./chunk-UBO35347.js";
import "./chunk-MPLI4E57.js";
import "./chunk-OWB4AIJT.js";
import "./chunk-6CTQYBGU.js";
export {
  defaultConfig,
  defaultConfigPath,
  defaultDrillConfig,
  defaultRenderConfig,
  defaultSmokeConfig,
  parseConfig,
  parseDrillFailOn,
  parseFailOn
};
