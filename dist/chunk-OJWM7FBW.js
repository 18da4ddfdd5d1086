import { createRequire as __tgCreateRequire } from 'node:module';
const require = __tgCreateRequire(import.meta.url);
import {
  GitError,
  NothingToAnalyse,
  PathNotFoundError
} from "./chunk-ZSCHVXRC.js";
import "./chunk-QEM6FKPM.js";
import "./chunk-UPBOSQEA.js";
import "./chunk-MRWBAYTE.js";
import "./chunk-J65XEYHR.js";
import "./chunk-FZMQJXAM.js";
import "./chunk-6CTQYBGU.js";
export {
  GitError,
  NothingToAnalyse,
  PathNotFoundError
};
