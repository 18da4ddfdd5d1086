// What must hold for every input (issue 15 §7): nothing throws, the CLI exits 0, 1 or 2 without a
// stack trace, and a known neighbour's findings are the same beside the fuzzed files as alone.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { defaultConfig } from '../../src/analysis/config.js';
import { type AnalysisResult, analyze } from '../../src/analysis/engine.js';
import { type GatePolicy, withGate } from '../../src/analysis/gate.js';
import { isImageBuildFile } from '../../src/images/evidence.js';
import type { SourceFile } from '../../src/manifests/parse.js';
import { renderComment, renderSummary } from '../../src/report/comment.js';
import { renderJson } from '../../src/report/json.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderSarif } from '../../src/report/sarif.js';
import { renderText } from '../../src/report/text.js';
import { type FuzzCase, type FuzzFile, onDiskSegment } from './inputs.js';

/**
 * The neighbour: a workload with findings of its own, in a namespace, label and image directory
 * that no generated input uses, so nothing in a fuzzed file can legitimately change them.
 */
export const neighbour: SourceFile = {
  path: 'neighbour/app.yaml',
  content: [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: neighbour',
    '  namespace: fuzz-neighbour-ns',
    'spec:',
    '  replicas: 2',
    '  selector:',
    '    matchLabels: { app: fuzz-neighbour-app }',
    '  template:',
    '    metadata:',
    '      labels: { app: fuzz-neighbour-app }',
    '    spec:',
    '      terminationGracePeriodSeconds: 5',
    '      containers:',
    '        - name: app',
    '          image: registry.example/fuzz-neighbour-image:1.0',
    '          command: ["/bin/sh", "-c", "./prepare && node server.js"]',
    '          ports: [{ containerPort: 8080 }]',
    '          lifecycle:',
    '            preStop:',
    '              exec:',
    '                command: ["sh", "-c", "sleep 20"]',
    '',
  ].join('\n'),
};

const policy: GatePolicy = { failOn: 'new-errors', drillFailOn: ['killed', 'abrupt'], smokeFailOn: [], failOnInputErrors: true };

/** How the CLI splits a tree: Dockerfiles, scripts and workflows are image inputs; YAML is manifests. */
function split(files: readonly SourceFile[]): { manifests: SourceFile[]; images: SourceFile[] } {
  const manifests = files.filter((f) => /\.(ya?ml|json)$/.test(f.path) && !isImageBuildFile(f.path));
  return { manifests, images: files.filter((f) => !manifests.includes(f)) };
}

/**
 * What the CLI's readers let through (src/sources/images.ts: Dockerfiles up to 1 MiB, scripts and
 * other image inputs up to 256 KiB; src/sources/files.ts: manifests up to 16 MiB, which analyze()
 * checks again itself). A larger image input is an input error there and never reaches the pure
 * pipeline, so feeding it here would test a path no run takes.
 */
const readerLimits = { dockerfile: 1024 * 1024, imageInput: 256 * 1024 };
const utf8Length = (text: string) => Buffer.byteLength(text, 'utf8');

function readable(file: FuzzFile): boolean {
  if (/\.(ya?ml|json)$/.test(file.path) && !isImageBuildFile(file.path)) return true;
  const size = file.bytes?.length ?? utf8Length(file.content);
  return size <= (/(^|\/)Dockerfile[^/]*$/.test(file.path) ? readerLimits.dockerfile : readerLimits.imageInput);
}

function analyzeFiles(files: readonly SourceFile[]): AnalysisResult {
  const { manifests, images } = split(files);
  return analyze(manifests, { config: defaultConfig, ...(images.length > 0 ? { images: { files: images, repository: 'acme/shop' } } : {}) });
}

/** A finding as the comparison sees it. */
export function findingKey(f: { ruleId: string; severity: string; line: number; endLine: number; message: string; file: string }): string {
  return `${f.file}:${f.line}-${f.endLine} ${f.severity} ${f.ruleId}: ${f.message}`;
}

const neighbourFindings = (result: { findings: { file: string }[] }) =>
  result.findings.filter((f) => f.file === neighbour.path).map((f) => findingKey(f as Parameters<typeof findingKey>[0])).sort();

let aloneInProcess: string[] | undefined;

/** The neighbour's findings analysed alone (computed once). */
export function neighbourAlone(): string[] {
  aloneInProcess ??= neighbourFindings(analyzeFiles([neighbour]));
  return aloneInProcess;
}

export class InvariantViolation extends Error {}

/**
 * Runs the pure pipeline (analysis, gate, every renderer) on the case plus the neighbour. Throws
 * what the pipeline throws, or an InvariantViolation.
 */
export function checkInProcess(fuzzCase: FuzzCase): void {
  const files: SourceFile[] = [...fuzzCase.files.filter(readable).map((f) => ({ path: f.path, content: f.content })), neighbour];
  const result = withGate(analyzeFiles(files), policy);
  renderText(result, { color: false });
  renderText(result, { color: true });
  renderMarkdown(result, { linkBase: 'https://github.com/acme/shop/blob/0123456789abcdef', showPassing: true });
  renderComment(result, { maxLength: 65_536 });
  renderSummary(result, {});
  renderJson(result);
  renderSarif(result);
  const kept = neighbourFindings(result);
  const alone = neighbourAlone();
  if (JSON.stringify(kept) !== JSON.stringify(alone)) {
    throw new InvariantViolation(`the neighbour's findings changed:\n  alone:  ${alone.join('\n          ')}\n  beside: ${kept.join('\n          ')}`);
  }
  const neighbourErrors = result.errors.filter((e) => e.file === neighbour.path);
  if (neighbourErrors.length > 0) throw new InvariantViolation(`input errors on the neighbour: ${neighbourErrors.map((e) => e.message).join('; ')}`);
}

/** Writes the case (and the neighbour) into a new directory, as the CLI would find it on disk. */
export function writeCase(fuzzCase: FuzzCase, parent = tmpdir()): string {
  const root = mkdtempSync(join(parent, 'tg-fuzz-'));
  const write = (file: FuzzFile) => {
    const path = join(root, ...file.path.split('/').map(onDiskSegment));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.bytes ?? file.content);
  };
  for (const file of fuzzCase.files) write(file);
  write(neighbour);
  return root;
}

const stackFrame = /^\s+at .+(:\d+:\d+\)?|\(native\)|\(<anonymous>\))$/m;

export interface CliOutcome {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export function runCli(cli: string, dir: string, args: string[], timeoutMs = 120_000): CliOutcome {
  const started = performance.now();
  const result = spawnSync(process.execPath, [cli, 'check', '.', '--no-render', ...args], {
    cwd: dir,
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: '1', GITHUB_ACTIONS: '', CI: '' },
  });
  return { code: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '', ms: performance.now() - started };
}

let aloneCli: string[] | undefined;

/**
 * The case through the real CLI (`check --format json`, then the text report): exit 0, 1 or 2,
 * no stack trace, and the neighbour's findings as in a run of the neighbour alone.
 */
export function checkCli(fuzzCase: FuzzCase, cli: string, parent = tmpdir()): { ms: number } {
  if (!aloneCli) {
    const dir = writeCase({ label: 'neighbour alone', files: [] }, parent);
    try {
      const alone = runCli(cli, dir, ['--format', 'json']);
      if (alone.code !== 0 && alone.code !== 1) throw new Error(`the neighbour alone: exit ${alone.code}\n${alone.stderr}`);
      aloneCli = neighbourFindings(JSON.parse(alone.stdout));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const dir = writeCase(fuzzCase, parent);
  let ms = 0;
  try {
    for (const format of ['json', 'text', 'markdown', 'sarif']) {
      const outcome = runCli(cli, dir, ['--format', format]);
      ms += outcome.ms;
      const where = `check --format ${format} in ${dir}`;
      if (outcome.code === null) throw new InvariantViolation(`${where}: no exit code (killed or timed out after ${Math.round(outcome.ms)} ms)\n${outcome.stderr.slice(0, 2000)}`);
      if (![0, 1, 2].includes(outcome.code)) throw new InvariantViolation(`${where}: exit ${outcome.code}\n${outcome.stderr.slice(0, 2000)}`);
      for (const [stream, text] of [['stderr', outcome.stderr], ['stdout', outcome.stdout]] as const) {
        if (stackFrame.test(text)) throw new InvariantViolation(`${where}: a stack trace on ${stream}:\n${text.slice(0, 4000)}`);
      }
      if (outcome.code === 2) throw new InvariantViolation(`${where}: exit 2, the neighbour's findings are lost:\n${outcome.stderr.slice(0, 2000)}`);
      if (format === 'json') {
        const kept = neighbourFindings(JSON.parse(outcome.stdout));
        if (JSON.stringify(kept) !== JSON.stringify(aloneCli)) throw new InvariantViolation(`${where}: the neighbour's findings changed:\n  alone:  ${aloneCli.join('\n          ')}\n  beside: ${kept.join('\n          ')}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { ms };
}
