import { createRequire as __tgCreateRequire } from 'node:module';
const require = __tgCreateRequire(import.meta.url);
import {
  failuresPerSecond,
  judgeSmoke,
  killedAtDeadline,
  parseSmokeFailOn,
  rolloutFigures,
  rolloutLabels,
  sampleTime,
  smokeFailOnValues
} from "./chunk-OWB4AIJT.js";
import "./chunk-6CTQYBGU.js";
export {
  failuresPerSecond,
  judgeSmoke,
  killedAtDeadline,
  parseSmokeFailOn,
  rolloutFigures,
  rolloutLabels,
  sampleTime,
  smokeFailOnValues
};
