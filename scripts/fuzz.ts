// The long fuzz campaign (issue 15 §7): `npm run fuzz [-- --cases N] [--seed S] [--workers W]`.
//
// Case i of a campaign is generated from seed S + i alone, so any case can be replayed on its
// own (`--replay i --seed S` writes its files and runs it again). Each case runs the pure
// pipeline in-process (analysis, gate, every renderer) next to a known neighbour; every
// `--cli-every` cases one also runs through the real CLI, built from the current source. Workers
// are child processes: a case that hangs is killed after `--case-timeout` seconds and reported.
// Prints progress, then the number of cases, the crashes (with how to replay each) and the
// slowest input with its time. Exit 1 when anything crashed.
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { type FuzzCase, fuzzCase, loadSeeds } from '../test/fuzz/inputs.js';
import { checkCli, checkInProcess, writeCase } from '../test/fuzz/invariants.js';

const root = fileURLToPath(new URL('..', import.meta.url));

interface Options {
  cases: number;
  seed: number;
  workers: number;
  cliEvery: number;
  caseTimeout: number;
  replay?: number;
  /** The first case index (to resume or re-run part of a campaign). */
  from: number;
  out: string;
}

function parseOptions(argv: string[]): Options {
  const options: Options = {
    cases: 100_000,
    seed: (Date.now() ^ (Math.random() * 0x7fffffff)) | 0,
    workers: Math.max(1, Math.min(2, availableParallelism())),
    cliEvery: 2000,
    caseTimeout: 120,
    from: 0,
    // Outside the checkout: crash files are trees the CLI would otherwise analyse as the repository's.
    out: join(tmpdir(), 'termination-guard-fuzz'),
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    const number = (name: string) => {
      const parsed = Number(value());
      if (!Number.isInteger(parsed)) throw new Error(`${name} takes an integer`);
      return parsed;
    };
    switch (flag) {
      case '--cases':
        options.cases = number('--cases');
        break;
      case '--seed':
        options.seed = number('--seed');
        break;
      case '--workers':
        options.workers = Math.max(1, number('--workers'));
        break;
      case '--cli-every':
        options.cliEvery = number('--cli-every');
        break;
      case '--case-timeout':
        options.caseTimeout = number('--case-timeout');
        break;
      case '--replay':
        options.replay = number('--replay');
        break;
      case '--from':
        options.from = number('--from');
        break;
      case '--out':
        options.out = value();
        break;
      case '--worker':
        break;
      default:
        throw new Error(`unknown option ${argv[i]} (use --cases N, --seed S, --from I, --workers W, --cli-every K, --case-timeout SECONDS, --replay I, --out DIR)`);
    }
  }
  return options;
}

/** Sizes of the campaign's inputs: larger than the bounded run in the tests. */
const sizes = { maxDeep: 5000, maxScalar: 2_000_000 };
const seedBytes = 256 * 1024;

const caseSeed = (seed: number, index: number) => (seed + index) | 0;

function generator(): (seed: number, index: number) => FuzzCase {
  const arbitrary = fuzzCase(loadSeeds(seedBytes), sizes);
  return (seed, index) => fc.sample(arbitrary, { seed: caseSeed(seed, index), numRuns: 1 })[0];
}

const describeError = (error: unknown) => (error instanceof Error ? (error.stack ?? error.message) : String(error));

// ---------------------------------------------------------------------------------------------
// Worker: runs the cases the main process hands it.

type ToWorker = { index: number } | { stop: true };
type FromWorker = { ready: true } | { started: number; label: string } | { cliStarted: number } | { index: number; label: string; ms: number; bytes: number; cli?: number; crash?: string };

function worker(options: Options, cli: string | undefined): void {
  const generate = generator();
  const scratch = mkdtempSync(join(tmpdir(), 'tg-fuzz-worker-'));
  const send = (message: FromWorker) => process.send?.(message);
  // The campaign ended (or died): nothing more will come.
  process.on('disconnect', () => process.exit(0));
  process.on('message', (message: ToWorker) => {
    if ('stop' in message) {
      rmSync(scratch, { recursive: true, force: true });
      process.exit(0);
    }
    const { index } = message;
    const fuzz = generate(options.seed, index);
    const bytes = fuzz.files.reduce((sum, f) => sum + (f.bytes?.length ?? f.content.length), 0);
    send({ started: index, label: fuzz.label });
    const started = performance.now();
    let crash: string | undefined;
    let cliMs: number | undefined;
    try {
      checkInProcess(fuzz);
    } catch (error) {
      crash = describeError(error);
    }
    const ms = performance.now() - started;
    if (!crash && cli && options.cliEvery > 0 && index % options.cliEvery === 0) {
      send({ cliStarted: index });
      try {
        cliMs = checkCli(fuzz, cli, scratch).ms;
      } catch (error) {
        crash = `through the CLI: ${describeError(error)}`;
      }
    }
    send({ index, label: fuzz.label, ms, bytes, ...(cliMs !== undefined ? { cli: cliMs } : {}), ...(crash ? { crash } : {}) });
  });
  send({ ready: true });
}

// ---------------------------------------------------------------------------------------------
// Main: hands out cases, watches for hangs, reports.

interface Crash {
  index: number;
  label: string;
  error: string;
}

function replayCommand(options: Options, index: number) {
  return `npm run fuzz -- --seed ${options.seed} --replay ${index}`;
}

/** Writes a case's files where a person can look at them (and run the CLI on them). */
function saveCase(options: Options, index: number, note: string): string {
  const fuzz = generator()(options.seed, index);
  mkdirSync(options.out, { recursive: true });
  const dir = writeCase(fuzz, options.out);
  writeFileSync(join(dir, 'FUZZ-CASE.txt'), `seed ${options.seed}, case ${index} (case seed ${caseSeed(options.seed, index)})\n${fuzz.label}\n\n${note}\n`);
  return dir;
}

function buildCli(): { cli: string; cleanup: () => void } {
  const out = mkdtempSync(join(tmpdir(), 'tg-fuzz-dist-'));
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), out], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  return { cli: join(out, 'cli.js'), cleanup: () => rmSync(out, { recursive: true, force: true }) };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 0)} s`;

async function main(options: Options): Promise<number> {
  if (options.replay !== undefined) {
    const fuzz = generator()(options.seed, options.replay);
    const dir = saveCase(options, options.replay, 'replayed');
    process.stdout.write(`case ${options.replay} of seed ${options.seed}: ${fuzz.label}\nfiles: ${dir}\n`);
    const started = performance.now();
    try {
      checkInProcess(fuzz);
      process.stdout.write(`in-process: ok in ${seconds(performance.now() - started)}\n`);
    } catch (error) {
      process.stdout.write(`in-process: CRASH after ${seconds(performance.now() - started)}\n${describeError(error)}\n`);
      return 1;
    }
    const { cli, cleanup } = buildCli();
    try {
      process.stdout.write(`CLI: ok in ${seconds(checkCli(fuzz, cli).ms)}\n`);
    } catch (error) {
      process.stdout.write(`CLI: CRASH\n${describeError(error)}\n`);
      return 1;
    } finally {
      cleanup();
    }
    return 0;
  }

  const built = options.cliEvery > 0 ? buildCli() : undefined;
  process.stdout.write(`fuzz: ${options.cases.toLocaleString('en-US')} cases, seed ${options.seed}, ${options.workers} worker(s), every ${options.cliEvery || '∞'}th case also through the CLI\n`);
  const started = performance.now();
  const crashes: Crash[] = [];
  let done = 0;
  let next = options.from;
  let cliRuns = 0;
  let cliMs = 0;
  let slowest: { index: number; label: string; ms: number; bytes: number } | undefined;
  const script = fileURLToPath(import.meta.url);
  let progress: NodeJS.Timeout | undefined;

  await new Promise<void>((resolve) => {
    const running = new Map<ChildProcess, { index: number; since: number; label: string; limit?: number; overTime?: boolean } | undefined>();
    const finishIfDone = () => {
      if (done >= options.cases && [...running.values()].every((current) => current === undefined)) {
        for (const child of running.keys()) child.send({ stop: true } satisfies ToWorker);
        resolve();
      }
    };
    const handOut = (child: ChildProcess) => {
      if (next >= options.from + options.cases) {
        running.set(child, undefined);
        finishIfDone();
        return;
      }
      const index = next++;
      running.set(child, { index, since: performance.now(), label: '' });
      child.send({ index } satisfies ToWorker);
    };
    const spawn = () => {
      const child = fork(script, ['--worker', '--seed', String(options.seed), '--cli-every', String(options.cliEvery)], {
        execArgv: process.execArgv,
        env: { ...process.env, TG_FUZZ_CLI: built?.cli ?? '' },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      running.set(child, undefined);
      child.on('message', (message: FromWorker) => {
        // A worker being killed for a case over the time limit gets nothing more to do.
        if (running.get(child)?.overTime) return;
        if ('ready' in message) return handOut(child);
        if ('started' in message) {
          const current = running.get(child);
          if (current) current.label = message.label;
          return;
        }
        if ('cliStarted' in message) {
          // Four CLI runs (one per format), each a process of its own: four times the time.
          const current = running.get(child);
          if (current) Object.assign(current, { since: performance.now(), limit: options.caseTimeout * 4 });
          return;
        }
        done++;
        if (message.cli !== undefined) {
          cliRuns++;
          cliMs += message.cli;
        }
        if (!slowest || message.ms > slowest.ms) slowest = { index: message.index, label: message.label, ms: message.ms, bytes: message.bytes };
        if (message.crash) {
          crashes.push({ index: message.index, label: message.label, error: message.crash });
          process.stdout.write(`\nCRASH case ${message.index} (${message.label}): ${message.crash.split('\n').slice(0, 6).join('\n  ')}\n  replay: ${replayCommand(options, message.index)}\n`);
        }
        handOut(child);
      });
      child.on('exit', (code, signal) => {
        const current = running.get(child);
        running.delete(child);
        if (current) {
          // Died in the middle of a case: out of memory, a native crash, or the watchdog.
          // A case over the time limit was counted when the watchdog stopped it.
          if (!current.overTime) {
            done++;
            const error = `the worker died (${signal ?? `exit ${code}`}) after ${seconds(performance.now() - current.since)}`;
            crashes.push({ index: current.index, label: current.label, error });
            process.stdout.write(`\nCRASH case ${current.index} (${current.label}): ${error}\n  replay: ${replayCommand(options, current.index)}\n`);
          }
          spawn();
        }
      });
    };
    for (let i = 0; i < options.workers; i++) spawn();
    let printed = started;
    progress = setInterval(() => {
      const elapsed = performance.now() - started;
      if (performance.now() - printed >= 10_000) {
        printed = performance.now();
        process.stdout.write(
          `${done.toLocaleString('en-US')}/${options.cases.toLocaleString('en-US')} cases · ${(done / (elapsed / 1000)).toFixed(0)}/s · ${crashes.length} crashes · slowest ${slowest ? seconds(slowest.ms) : '-'} · ${seconds(elapsed)}\n`,
        );
      }
      for (const [child, current] of running) {
        const limit = current?.limit ?? options.caseTimeout;
        if (current && !current.overTime && performance.now() - current.since > limit * 1000) {
          // Bounded work is one of the invariants: a case over the limit is a crash, whether or
          // not it would have ended. Its worker is replaced (a synchronous loop cannot be stopped).
          current.overTime = true;
          done++;
          const error = `runs for more than ${limit} s${current.limit ? ' through the CLI' : ''}`;
          crashes.push({ index: current.index, label: current.label, error });
          process.stdout.write(`\nCRASH case ${current.index} (${current.label}): ${error}; killing its worker ${child.pid}\n  replay: ${replayCommand(options, current.index)}\n`);
          child.kill('SIGKILL');
        }
      }
    }, 1000);
  });
  clearInterval(progress);

  built?.cleanup();
  const elapsed = performance.now() - started;
  const lines = [
    '',
    `cases: ${done.toLocaleString('en-US')} in ${seconds(elapsed)} (${(done / (elapsed / 1000)).toFixed(0)} cases/s), ${cliRuns} of them also through the CLI (${cliRuns > 0 ? seconds(cliMs / cliRuns) : '-'} each, four formats)`,
    `seed: ${options.seed}`,
    `crashes: ${crashes.length}`,
    ...crashes.map((c) => `  case ${c.index} (${c.label}): ${c.error.split('\n')[0]}\n    replay: ${replayCommand(options, c.index)}`),
  ];
  if (slowest) {
    const dir = saveCase(options, slowest.index, `the slowest input of the campaign: ${seconds(slowest.ms)} in-process`);
    lines.push(`slowest input: case ${slowest.index}, ${seconds(slowest.ms)} in-process, ${slowest.bytes.toLocaleString('en-US')} characters: ${slowest.label}`, `  files: ${dir}`, `  replay: ${replayCommand(options, slowest.index)}`);
  }
  for (const crash of crashes.slice(0, 20)) lines.push(`  crash files: ${saveCase(options, crash.index, crash.error)}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return crashes.length > 0 ? 1 : 0;
}

const options = parseOptions(process.argv.slice(2));
if (process.argv.includes('--worker')) worker(options, process.env.TG_FUZZ_CLI || undefined);
else
  main(options).then(
    (code) => process.exit(code),
    (error) => {
      process.stderr.write(`${describeError(error)}\n`);
      process.exit(2);
    },
  );
