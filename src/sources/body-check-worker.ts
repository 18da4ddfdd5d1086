// Worker thread entry of the body check (src/sources/body-check.ts): parses the bodies the
// analysis leaves unread and posts their errors back.
import { parentPort, workerData } from 'node:worker_threads';
import { unreadBodyErrorsOf } from '../analysis/engine.js';
import type { BodyCheckJob } from './body-check.js';

const job = workerData as BodyCheckJob;
parentPort?.postMessage(unreadBodyErrorsOf(job.files, job.config));
