import { createRequire as __tgCreateRequire } from 'node:module';
const require = __tgCreateRequire(import.meta.url);
import {
  runPipeline
} from "./chunk-PSC7SYQS.js";
import "./chunk-BOMKFTLZ.js";
import "./chunk-RIQ6LANK.js";
import "./chunk-7GNSOJHM.js";
import "./chunk-6ZX7BPBK.js";
import "./chunk-5NGQACPD.js";
import "./chunk-FZ7MAV7X.js";
import "./chunk-QEM6FKPM.js";
import "./chunk-UPBOSQEA.js";
import "./chunk-RF4X2UR6.js";
import "./chunk-ZYTHLJNO.js";
import "./chunk-EDZ47NS3.js";
import "./chunk-O463YJ2Z.js";
import "./chunk-OH4YQWZE.js";
import "./chunk-FZMQJXAM.js";
import "./chunk-MPLI4E57.js";
import "./chunk-4T5WEU3T.js";
import "./chunk-6CTQYBGU.js";
export {
  runPipeline
};
