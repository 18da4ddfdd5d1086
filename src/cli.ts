#!/usr/bin/env node
// The CLI's shell: argv → settings → the pipeline → the report on stdout (or a file) and the
// gate's exit code. Exit 0 = gate passes, 1 = gate fails, 2 = usage or environment error.
import { writeFileSync } from 'node:fs';
// Only argv parsing is loaded up front: the pipeline, the renderers and the rules are imported
// when a command needs them, so --help and --version start in a few tens of milliseconds.
import { type Invocation, parseInvocation, UsageError, usage } from './cli-args.js';
import type { Logger } from './pipeline/settings.js';
import { terminalText } from './report/escape.js';
import { toolVersion } from './version.js';

interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  cwd: string;
}

export async function main(argv: string[], io: Io = { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() }): Promise<number> {
  try {
    return await run(await parseInvocation(argv, io.cwd, { isTTY: Boolean(io.stdout.isTTY), noColor: Boolean(process.env.NO_COLOR), forceColor: Boolean(process.env.FORCE_COLOR) && !/^(0|false)$/i.test(process.env.FORCE_COLOR ?? '') }, import.meta.url), io);
  } catch (error) {
    const { PathNotFoundError, GitError, NothingToAnalyse } = await import('./pipeline/errors.js');
    if (error instanceof UsageError || error instanceof PathNotFoundError || error instanceof GitError || error instanceof NothingToAnalyse) {
      io.stderr.write(`termination-guard: ${error.message}\n${error instanceof UsageError ? 'Run `termination-guard --help` for usage.\n' : ''}`);
      return 2;
    }
    io.stderr.write(`termination-guard: internal error: ${(error as Error).stack ?? String(error)}\n`);
    return 2;
  }
}

async function run(invocation: Invocation, io: Io): Promise<number> {
  switch (invocation.command) {
    case 'help':
      io.stdout.write(`${invocation.text ?? usage}\n`);
      return 0;
    case 'version':
      io.stdout.write(`${toolVersion}\n`);
      return 0;
    case 'rules': {
      const { ruleMetas } = await import('./rules/index.js');
      for (const meta of ruleMetas) io.stdout.write(`${meta.id.padEnd(38)} ${meta.severity.padEnd(8)} ${meta.title}\n`);
      return 0;
    }
    case 'probe':
      return probe(invocation.spec, io);
  }
  const [{ runPipeline }, { renderCliReport }] = await Promise.all([import('./pipeline/run.js'), import('./cli-output.js')]);
  const result = await runPipeline(invocation.settings, { log: stderrLogger(io.stderr) });
  const measured = result.measured.drill ?? result.measured.smoke;
  // The measurement reports do not list input problems: they go to stderr.
  if (measured) for (const error of result.errors) io.stderr.write(`termination-guard: input error ${error.file}:${error.line} ${error.message}\n`);
  if (measured && !measured.ran) {
    io.stderr.write(`termination-guard: ${measured.reason}${measured.why === 'nothing-to-measure' ? `: nothing to ${invocation.command === 'drill' ? 'drill' : 'smoke-test'}` : ''}\n`);
    return 2;
  }
  // Wrapped to the terminal's width only when the report goes to one.
  const width = !invocation.output && io.stdout.isTTY && io.stdout.columns ? io.stdout.columns : undefined;
  const output = renderCliReport(result, invocation.command, invocation.format, { color: invocation.color, ...(width ? { width } : {}) });
  if (invocation.output) writeFileSync(invocation.output, output);
  else io.stdout.write(output);
  return result.gate.verdict === 'fail' ? 1 : 0;
}

/**
 * Progress and warnings on stderr; the run's detail stays out of the terminal. A phase that takes
 * long (renders, a drill, a rollout) is announced after a second on a terminal, its progress
 * lines indented under it, a status line for where it is (rendered 3 of 12), and its end says how
 * long it took; in a pipe or a CI log, one line when such a phase ends. A quick check prints
 * nothing.
 */
export function stderrLogger(stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number }): Logger {
  const tty = Boolean(stderr.isTTY);
  let status = false;
  // Lines of their own first erase the status line, which the next progress redraws.
  const write = (text: string) => {
    if (status) stderr.write('\r\u001b[2K');
    status = false;
    stderr.write(text);
  };
  return {
    debug: () => {},
    info: (message) => write(`${tty ? '  ' : ''}${message}\n`),
    warning: (message) => write(`termination-guard: ${message}\n`),
    ...(tty
      ? {
          progress: (message: string) => {
            const width = Math.max(20, (stderr.columns ?? 80) - 1);
            const line = `  ${terminalText(message)}`;
            stderr.write(`\r\u001b[2K${[...line].length > width ? `${[...line].slice(0, width - 1).join('')}…` : line}`);
            status = true;
          },
        }
      : {}),
    group: async (name, work) => {
      const started = Date.now();
      let announced = false;
      const timer = tty
        ? setTimeout(() => {
            announced = true;
            write(`termination-guard: ${name}…\n`);
          }, 1000)
        : undefined;
      timer?.unref();
      try {
        return await work();
      } finally {
        clearTimeout(timer);
        const seconds = (Date.now() - started) / 1000;
        if (announced || (!tty && seconds >= 2)) write(`termination-guard: ${name} ${announced ? 'done ' : ''}in ${seconds.toFixed(1)} s\n`);
        else if (status) write('');
      }
    },
  };
}

/** The smoke test's prober process (internal): a JSON spec in, one JSON line per request out. */
async function probe(spec: string | undefined, io: { stdout: NodeJS.WritableStream }): Promise<number> {
  if (!spec) throw new UsageError('probe needs a JSON spec');
  let parsed: import('./smoke/prober.js').ProbeSpec;
  try {
    parsed = JSON.parse(spec);
  } catch (error) {
    throw new UsageError(`probe: the spec is not JSON: ${(error as Error).message}`);
  }
  const { runProbeProcess } = await import('./smoke/prober.js');
  await runProbeProcess(parsed, process.stdin, io.stdout);
  return 0;
}

// Run when executed (the bundle's entry), not when imported by tests.
const entry = process.argv[1] ?? '';
if (/(^|[\\/])(cli\.(js|ts)|termination-guard)$/.test(entry)) {
  // A reader that stops early (`| head`) is not an error of ours.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
