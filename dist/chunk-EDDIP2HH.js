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
} from "./chunk-6ZX7BPBK.js";
import {
  defaultConfigPath
} from "./chunk-RF4X2UR6.js";
import "./chunk-EDZ47NS3.js";
import "./chunk-O463YJ2Z.js";
import "./chunk-OH4YQWZE.js";
import "./chunk-FZMQJXAM.js";
import "./chunk-MPLI4E57.js";
import "./chunk-4T5WEU3T.js";
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
