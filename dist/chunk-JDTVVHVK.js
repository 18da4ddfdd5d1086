import { createRequire as __tgCreateRequire } from 'node:module';
const require = __tgCreateRequire(import.meta.url);
import {
  GitError,
  NothingToAnalyse,
  PathNotFoundError
} from "./chunk-2BIISUX4.js";
import "./chunk-7SPN56PI.js";
import "./chunk-UPBOSQEA.js";
import "./chunk-BN5XLRZQ.js";
import "./chunk-HUONOIR3.js";
import "./chunk-UBO35347.js";
import "./chunk-6CTQYBGU.js";
export {
  GitError,
  NothingToAnalyse,
  PathNotFoundError
};
