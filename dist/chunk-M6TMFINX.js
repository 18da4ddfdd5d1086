import { createRequire as __tgCreateRequire } from 'node:module';
const require = __tgCreateRequire(import.meta.url);
import {
  netnsPath,
  proberCommand,
  runProbeProcess,
  startProber
} from "./chunk-ZSQVZGZW.js";
import "./chunk-PZNY4IOG.js";
import "./chunk-6CTQYBGU.js";
export {
  netnsPath,
  proberCommand,
  runProbeProcess,
  startProber
};
