import { createRequire as __tgCreateRequire } from 'node:module';
const require = __tgCreateRequire(import.meta.url);
import {
  GitError,
  NothingToAnalyse,
  PathNotFoundError
} from "./chunk-GKXTAAA2.js";
import "./chunk-4JN4FDBX.js";
import "./chunk-UPBOSQEA.js";
import "./chunk-4XWGYDB6.js";
import "./chunk-IYTS3PQK.js";
import "./chunk-6CTQYBGU.js";
export {
  GitError,
  NothingToAnalyse,
  PathNotFoundError
};
