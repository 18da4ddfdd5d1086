import { createRequire as __tgCreateRequire } from 'node:module';
const require = __tgCreateRequire(import.meta.url);
import {
  defaultParseLimits,
  unreadBodyErrors
} from "./chunk-ZYTHLJNO.js";
import "./chunk-EDZ47NS3.js";
import "./chunk-FZMQJXAM.js";
import "./chunk-6CTQYBGU.js";

// src/sources/body-check-worker.ts
import { parentPort, workerData } from "node:worker_threads";
var job = workerData;
var next = new Int32Array(job.next);
var reply = [];
for (let i = Atomics.add(next, 0, 1); i < job.files.length; i = Atomics.add(next, 0, 1)) reply.push([i, unreadBodyErrors(job.files[i], defaultParseLimits)]);
parentPort?.postMessage(reply);
