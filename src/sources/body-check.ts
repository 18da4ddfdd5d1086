// The YAML check of the bodies the analysis does not read (src/manifests/parse.ts reads only the
// head of a Secret, a CRD or an RBAC object), run beside the analysis: a broken body is still an
// input error with its file and line, and the analysis does not wait for it.
//
// Rendered files are not checked again: the render tool has parsed them whole.
//
// Large inputs are shared between a worker thread (the bundle's body-check-worker.js), which
// starts at once, and the main thread once its analysis is done: both take the next file from
// one shared counter, so a body check longer than the analysis (a chart of large CRDs) is split
// between the two cores instead of waited for. Small inputs, or a run from the TypeScript
// sources, are checked on the main thread when the analysis is done.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Config } from '../analysis/config.js';
import { manifestFilesOf } from '../analysis/engine.js';
import type { InputError } from '../manifests/objects.js';
import { defaultParseLimits, type SourceFile, unreadBodyErrors } from '../manifests/parse.js';

/** Below this much text a worker's start-up (~40 ms) costs more than the check itself. */
const workerFromBytes = 1024 * 1024;

export interface BodyCheckJob {
  files: { path: string; content: string }[];
  /** One Int32: the next file to check, taken with Atomics.add by either thread. */
  next: SharedArrayBuffer;
}

/** What the worker posts when it runs out of files: the errors of each file it checked. */
export type BodyCheckReply = [index: number, errors: InputError[]][];

export interface BodyCheck {
  /** Checks what is left on this thread, waits for the worker's current file, and returns every error in file order. */
  finish(): Promise<InputError[]>;
}

export function startBodyCheck(files: readonly SourceFile[], config: Pick<Config, 'ignorePaths'>): BodyCheck {
  // Rendered output is left out: `helm template` parses every document it renders (a body that is
  // not YAML fails the render: "YAML parse error on …"), and so does `kustomize build`.
  const manifests = manifestFilesOf(files, config)
    .manifests.filter((file) => !file.origin)
    .map(({ path, content }) => ({ path, content }));
  const job: BodyCheckJob = { files: manifests, next: new SharedArrayBuffer(4) };
  const next = new Int32Array(job.next);
  const found = new Map<number, InputError[]>();
  const checkHere = () => {
    for (let i = Atomics.add(next, 0, 1); i < manifests.length; i = Atomics.add(next, 0, 1)) found.set(i, unreadBodyErrors(manifests[i], defaultParseLimits));
  };
  const collect = () => [...found].sort((a, b) => a[0] - b[0]).flatMap(([, errors]) => errors);
  const bytes = manifests.reduce((sum, f) => sum + f.content.length, 0);
  const script = new URL('./body-check-worker.js', import.meta.url);
  let worker: Worker | undefined;
  if (bytes >= workerFromBytes && script.protocol === 'file:' && existsSync(fileURLToPath(script))) {
    try {
      worker = new Worker(script, { workerData: job });
    } catch {
      worker = undefined;
    }
  }
  const answered = worker
    ? new Promise<BodyCheckReply | undefined>((resolve) => {
        worker.once('message', (reply: BodyCheckReply) => resolve(reply));
        worker.once('error', () => resolve(undefined));
        worker.once('exit', () => resolve(undefined));
      })
    : Promise.resolve(undefined);
  return {
    async finish() {
      checkHere();
      const reply = await answered;
      void worker?.terminate();
      for (const [index, errors] of reply ?? []) found.set(index, errors);
      // A worker that failed took files it never answered for: check them here.
      for (let i = 0; i < manifests.length; i++) if (!found.has(i)) found.set(i, unreadBodyErrors(manifests[i], defaultParseLimits));
      return collect();
    },
  };
}

/** Drops the errors the analysis reported itself (a chunk whose head could not stand alone was read whole). */
export function withoutRepeats(bodyErrors: readonly InputError[], reported: readonly InputError[]): InputError[] {
  const key = (e: InputError) => `${e.file}\u0000${e.line}\u0000${e.message}`;
  const known = new Set(reported.map(key));
  return bodyErrors.filter((e) => !known.has(key(e)));
}
