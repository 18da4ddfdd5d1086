import { createRequire as __tgCreateRequire } from 'node:module';
const require = __tgCreateRequire(import.meta.url);
import {
  unreadBodyErrorsOf
} from "./chunk-MG3XIQPQ.js";
import "./chunk-TLPLTS7E.js";
import "./chunk-M3C7NE2P.js";
import "./chunk-64OMEYPC.js";
import "./chunk-J65XEYHR.js";
import "./chunk-RF4X2UR6.js";
import "./chunk-O463YJ2Z.js";
import "./chunk-OH4YQWZE.js";
import "./chunk-FZMQJXAM.js";
import "./chunk-MPLI4E57.js";
import "./chunk-4T5WEU3T.js";
import "./chunk-6CTQYBGU.js";

// src/sources/body-check-worker.ts
import { parentPort, workerData } from "node:worker_threads";
var job = workerData;
parentPort?.postMessage(unreadBodyErrorsOf(job.files, job.config));
