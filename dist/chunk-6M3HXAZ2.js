import { createRequire as __tgCreateRequire } from 'node:module';
const require = __tgCreateRequire(import.meta.url);
import {
  causeFixes,
  causeLabels,
  causeSentences,
  describeSpread,
  failureCause,
  failureCauses,
  failuresPerSecond,
  judgeSmoke,
  killedAtDeadline,
  measurementSentences,
  parseSmokeFailOn,
  proxySyncMs,
  rolloutFigures,
  rolloutLabels,
  sampleTime,
  smokeFailOnValues,
  spread,
  summariseTrials
} from "./chunk-4T5WEU3T.js";
import "./chunk-6CTQYBGU.js";
export {
  causeFixes,
  causeLabels,
  causeSentences,
  describeSpread,
  failureCause,
  failureCauses,
  failuresPerSecond,
  judgeSmoke,
  killedAtDeadline,
  measurementSentences,
  parseSmokeFailOn,
  proxySyncMs,
  rolloutFigures,
  rolloutLabels,
  sampleTime,
  smokeFailOnValues,
  spread,
  summariseTrials
};
