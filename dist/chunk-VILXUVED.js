import { createRequire as __tgCreateRequire } from 'node:module';
const require = __tgCreateRequire(import.meta.url);
import {
  GitError,
  NothingToAnalyse,
  PathNotFoundError
} from "./chunk-FZ7MAV7X.js";
import "./chunk-QEM6FKPM.js";
import "./chunk-UPBOSQEA.js";
import "./chunk-ZYTHLJNO.js";
import "./chunk-EDZ47NS3.js";
import "./chunk-FZMQJXAM.js";
import "./chunk-6CTQYBGU.js";
export {
  GitError,
  NothingToAnalyse,
  PathNotFoundError
};
