// The smoke test's traffic. Clients must reach the pods the way real ones do — a Service's
// ClusterIP through kube-proxy's rules, or a node's IP and a host port — and those addresses
// exist only inside the cluster's network. So the prober is its own process (this program's
// hidden `probe` command), started inside the network namespace of a node when one is given
// (`nsenter --net=…`), streaming one JSON line per request back to the test.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { RequestSample } from '../measure/drill.js';
import { Prober, type ProbeTarget } from '../drill/prober.js';

export interface ProbeSpec {
  target: ProbeTarget & { host: string };
  /** Requests per second in each mode (new connection, kept-alive). */
  rate: number;
  timeoutMs: number;
  /** Hard cap on the prober's life. */
  maxMs: number;
  /** A slow path requested back to back on two kept-alive connections (in-flight work). */
  slowPath?: string;
}

/** The child's side: probe until stdin closes, SIGTERM comes, or maxMs passes. One JSON line per sample. */
export async function runProbeProcess(spec: ProbeSpec, input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<void> {
  const prober = new Prober(spec.target, {
    rate: spec.rate,
    timeoutMs: spec.timeoutMs,
    maxMs: spec.maxMs,
    clock: Date.now,
    slowTimeoutMs: 30_000,
    onSample: (sample) => output.write(`${JSON.stringify(sample)}\n`),
  });
  output.write(`${JSON.stringify({ started: Date.now() })}\n`);
  prober.start();
  if (spec.slowPath) prober.streamSlow(spec.slowPath, 2);
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, spec.maxMs);
    const finish = () => {
      clearTimeout(timer);
      resolve();
    };
    input.once('end', finish);
    input.once('close', finish);
    process.once('SIGTERM', finish);
    input.resume();
  });
  await prober.stop();
}

export interface ProberHandle {
  /** Samples received so far (wall-clock milliseconds). */
  readonly samples: RequestSample[];
  /** Resolves when the first good answer arrives, or rejects after `withinMs`. */
  firstAnswer(withinMs: number): Promise<void>;
  /** Stops the prober and returns every sample. Bounded: the child is SIGKILLed by PID if it lingers. */
  stop(): Promise<RequestSample[]>;
  pid?: number;
}

export interface ProberLaunch {
  /** How to run this program's `probe` command: [node, cli.js] or equivalent. */
  command: readonly string[];
  /** A network namespace to probe from: a path (/proc/PID/ns/net, /run/netns/X) or a PID. */
  netns?: string;
}

/**
 * How to run this program's `probe` command from a module of it: the sibling cli.js of a bundle
 * (dist/index.js, dist/cli.js), or cli.ts through tsx when running from source.
 */
export function proberCommand(moduleUrl: string): string[] {
  const dir = dirname(fileURLToPath(moduleUrl));
  const bundled = join(dir, 'cli.js');
  if (existsSync(bundled)) return [process.execPath, bundled];
  return [process.execPath, '--import', pathToFileURL(join(dir, '..', 'node_modules', 'tsx', 'dist', 'loader.mjs')).href, join(dir, 'cli.ts')];
}

export function netnsPath(netns: string): string {
  return /^\d+$/.test(netns) ? `/proc/${netns}/ns/net` : netns;
}

/** Starts the prober process; its samples stream into `samples`. */
export function startProber(spec: ProbeSpec, launch: ProberLaunch): ProberHandle {
  const argv = [...launch.command, 'probe', JSON.stringify(spec)];
  // Entering another network namespace needs root; on a runner that is sudo (GitHub's is passwordless).
  const sudo = launch.netns && process.getuid?.() !== 0 ? ['sudo', '-n'] : [];
  const full = launch.netns ? [...sudo, 'nsenter', `--net=${netnsPath(launch.netns)}`, '--', ...argv] : argv;
  const child: ChildProcess = spawn(full[0] as string, full.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
  const samples: RequestSample[] = [];
  let stderr = '';
  let answered: (() => void) | undefined;
  let hasAnswer = false;
  child.stderr?.on('data', (chunk: Buffer) => {
    if (stderr.length < 8192) stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', (error) => {
      stderr += `${error.message}\n`;
      resolve(-1);
    });
  });
  createInterface({ input: child.stdout! }).on('line', (line) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      return;
    }
    const sample = parsed as RequestSample;
    if (typeof sample.sentMs !== 'number') return;
    samples.push(sample);
    if (sample.ok && !hasAnswer) {
      hasAnswer = true;
      answered?.();
    }
  });
  return {
    samples,
    ...(child.pid !== undefined ? { pid: child.pid } : {}),
    firstAnswer(withinMs) {
      if (hasAnswer) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          const last = samples[samples.length - 1];
          const why = last ? `the last request failed: ${last.failure ?? last.status}` : stderr.trim() ? stderr.trim().split('\n').slice(-3).join(' ') : 'no request completed';
          reject(new Error(`no good answer from ${spec.target.host}:${spec.target.port} within ${Math.round(withinMs / 1000)} s (${why})`));
        }, withinMs);
        answered = () => {
          clearTimeout(timer);
          resolve();
        };
        void exited.then((code) => {
          if (hasAnswer) return;
          clearTimeout(timer);
          reject(new Error(`the prober exited (${code}) before a good answer: ${stderr.trim().split('\n').slice(-3).join(' ') || 'no output'}`));
        });
      });
    },
    async stop() {
      child.stdin?.end();
      const grace = spec.timeoutMs + 3000;
      const timer = setTimeout(() => {
        if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGKILL');
      }, grace);
      await exited;
      clearTimeout(timer);
      return samples;
    },
  };
}
