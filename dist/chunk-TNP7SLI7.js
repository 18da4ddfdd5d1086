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
} from "./chunk-GDP6KVT3.js";
import "./chunk-4XWGYDB6.js";
import {
  defaultConfigPath
} from "./chunk-RF4X2UR6.js";
import "./chunk-6N2TAZXY.js";
import "./chunk-ZBFOVDUR.js";
import "./chunk-IYTS3PQK.js";
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
