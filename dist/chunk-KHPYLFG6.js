import { createRequire as __tgCreateRequire } from 'node:module';
const require = __tgCreateRequire(import.meta.url);
import {
  GitError,
  NothingToAnalyse,
  PathNotFoundError
} from "./chunk-YAAYOLGW.js";
import "./chunk-QEM6FKPM.js";
import "./chunk-UPBOSQEA.js";
import "./chunk-GNMN7N3T.js";
import "./chunk-PHAQNVIN.js";
import "./chunk-FZMQJXAM.js";
import "./chunk-6CTQYBGU.js";
export {
  GitError,
  NothingToAnalyse,
  PathNotFoundError
};
