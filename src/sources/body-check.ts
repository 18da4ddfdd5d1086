// The YAML check of the bodies the analysis does not read (src/manifests/parse.ts reads only the
// head of a Secret, a CRD or an RBAC object), run beside the analysis: a broken body is still an
// input error with its file and line, and the analysis does not wait for it. Large inputs go to a
// worker thread (the bundle's body-check-worker.js), which parses while the main thread analyses;
// small ones, or a run from the TypeScript sources, are checked on the spot.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Config } from '../analysis/config.js';
import { unreadBodyErrorsOf } from '../analysis/engine.js';
import type { InputError } from '../manifests/objects.js';
import type { SourceFile } from '../manifests/parse.js';

/** Below this much text a worker's start-up (~40 ms) costs more than the check itself. */
const workerFromBytes = 1024 * 1024;

export interface BodyCheckJob {
  files: { path: string; content: string }[];
  config: Pick<Config, 'ignorePaths'>;
}

/** Starts the check; the promise settles with the errors (never rejects: a failed worker means checking here). */
export function startBodyCheck(files: readonly SourceFile[], config: Config): Promise<InputError[]> {
  const job: BodyCheckJob = { files: files.map(({ path, content }) => ({ path, content })), config: { ignorePaths: config.ignorePaths } };
  const bytes = job.files.reduce((sum, f) => sum + f.content.length, 0);
  const script = new URL('./body-check-worker.js', import.meta.url);
  if (bytes < workerFromBytes || script.protocol !== 'file:' || !existsSync(fileURLToPath(script))) return Promise.resolve(unreadBodyErrorsOf(job.files, config));
  return new Promise((resolve) => {
    let settled = false;
    const inline = () => {
      if (settled) return;
      settled = true;
      resolve(unreadBodyErrorsOf(job.files, config));
    };
    let worker: Worker;
    try {
      worker = new Worker(script, { workerData: job });
    } catch {
      inline();
      return;
    }
    worker.once('message', (errors: InputError[]) => {
      settled = true;
      resolve(errors);
      void worker.terminate();
    });
    worker.once('error', inline);
    worker.once('exit', inline);
  });
}

/** Drops the errors the analysis reported itself (a chunk whose head could not stand alone was read whole). */
export function withoutRepeats(bodyErrors: readonly InputError[], reported: readonly InputError[]): InputError[] {
  const key = (e: InputError) => `${e.file}\u0000${e.line}\u0000${e.message}`;
  const known = new Set(reported.map(key));
  return bodyErrors.filter((e) => !known.has(key(e)));
}
