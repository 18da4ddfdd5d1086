// Worker thread entry of the body check (src/sources/body-check.ts): takes files from the shared
// counter until none is left, then posts the errors of the ones it checked.
import { parentPort, workerData } from 'node:worker_threads';
import { defaultParseLimits, unreadBodyErrors } from '../manifests/parse.js';
import type { BodyCheckJob, BodyCheckReply } from './body-check.js';

const job = workerData as BodyCheckJob;
const next = new Int32Array(job.next);
const reply: BodyCheckReply = [];
for (let i = Atomics.add(next, 0, 1); i < job.files.length; i = Atomics.add(next, 0, 1)) reply.push([i, unreadBodyErrors(job.files[i], defaultParseLimits)]);
parentPort?.postMessage(reply);
