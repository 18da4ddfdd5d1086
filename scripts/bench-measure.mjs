// npm run bench:measure [-- --runs N] [-- --drill-runs M]: how far the measurements can be trusted.
// On the test cluster (scripts/test-cluster), N times (default 5) through the CLI as a user runs it:
// a pull request that turns a well-behaved tg-app Deployment (preStop 3 s, drains on SIGTERM) into
// one of three behaviours — still well-behaved (a template annotation changes), ignores SIGTERM
// (grace 4 s), exits at once without a preStop delay — each smoke-tested base → head, so every
// run also measures the noise floor (the well-behaved base restarted as it is). Then M times
// (default N) the SIGTERM drill under a Docker engine of its own on the same three behaviours plus
// tini and a SIGQUIT image, checking the measured exit against the configured grace where SIGKILL
// is expected. Prints the confusion matrix (behaviour × verdict), the noise floor and the time per
// run. A script that prints figures, not a timed test.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildKubernetes } from './test-cluster/build-k8s.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, 'drill-runs': { type: 'string' }, 'skip-drill': { type: 'boolean' }, 'skip-smoke': { type: 'boolean' } } });
const runs = Number(values.runs);
const drillRuns = Number(values['drill-runs'] ?? values.runs);
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(drillRuns) || drillRuns < 0) throw new Error('--runs and --drill-runs take whole numbers');

const out = (line = '') => process.stdout.write(`${line}\n`);
const work = mkdtempSync(join(tmpdir(), 'tg-bench-measure-'));
const dist = join(work, 'dist');
execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), dist], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
const cli = join(dist, 'cli.js');

/** Runs the CLI; resolves with its exit code, stdout and wall time (never rejects). */
function runCli(args, options) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code) => resolve({ code, stdout, stderr, seconds: (Date.now() - started) / 1000 }));
  });
}

const median = (list) => {
  if (list.length === 0) return NaN;
  const sorted = [...list].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const range = (list) => (list.length === 0 ? '—' : `median ${median(list)}, ${Math.min(...list)}–${Math.max(...list)}`);
const seconds = (list) => (list.length === 0 ? '—' : `median ${median(list).toFixed(1)} s, ${Math.min(...list).toFixed(1)}–${Math.max(...list).toFixed(1)} s`);

/** A tg-app Deployment behind a Service; /slow requests are the in-flight work. */
function app(name, { onTerm, grace, preStopSeconds, revision = '1' }) {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  annotations: {termination-guard.io/drill-in-flight-path: "/slow?ms=1500"}
spec:
  replicas: 2
  selector: {matchLabels: {app: ${name}}}
  strategy: {rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}
  template:
    metadata:
      labels: {app: ${name}}
      annotations: {bench/revision: "${revision}"}
    spec:
      automountServiceAccountToken: false
      terminationGracePeriodSeconds: ${grace}
      containers:
        - name: app
          image: tg/app:v1
          imagePullPolicy: Never
          args: [--listen, ":8080", --on-term, ${onTerm}]
          ports: [{name: http, containerPort: 8080}]
          readinessProbe: {httpGet: {path: /healthz, port: 8080}, periodSeconds: 1}
${preStopSeconds ? `          lifecycle: {preStop: {sleep: {seconds: ${preStopSeconds}}}}\n` : ''}---
apiVersion: v1
kind: Service
metadata: {name: ${name}}
spec:
  selector: {app: ${name}}
  ports: [{name: http, port: 80, targetPort: 8080}]
`;
}

const wellBehaved = { onTerm: 'drain', grace: 10, preStopSeconds: 3 };
const behaviours = [
  { name: 'good', label: 'well-behaved', head: { ...wellBehaved, revision: '2' }, expected: 'clean' },
  { name: 'ignore', label: 'ignores SIGTERM', head: { onTerm: 'ignore', grace: 4 }, expected: 'SIGKILLed' },
  { name: 'race', label: 'no preStop, exits at once', head: { onTerm: 'exit', grace: 10 }, expected: 'drops requests' },
];
const verdicts = ['clean', 'drops requests', 'SIGKILLed', 'not measured'];

/** What the smoke test concluded for one workload: SIGKILLed pods, else a regression in failed requests, else clean. */
function smokeVerdict(result) {
  if (!result || result.status !== 'measured') return 'not measured';
  const restarts = result.figures.filter((f) => f.name === 'restart');
  if (restarts.some((f) => f.killed.length > 0)) return 'SIGKILLed';
  if (result.failing.includes('regression')) return 'drops requests';
  return 'clean';
}

function printMatrix(title, rows, columns, counts, expected, rowLabel = 'behaviour') {
  out(`${title}`);
  out();
  out(`| ${rowLabel} | ${columns.join(' | ')} | right |`);
  out(`|---|${columns.map(() => '---:').join('|')}|---:|`);
  for (const row of rows) {
    const total = columns.reduce((sum, column) => sum + (counts[row]?.[column] ?? 0), 0);
    out(`| ${row} | ${columns.map((column) => counts[row]?.[column] ?? 0).join(' | ')} | ${counts[row]?.[expected[row]] ?? 0}/${total} |`);
  }
  out();
}

async function benchSmoke() {
  const { up, down } = await import('./test-cluster/cluster.ts');
  process.env.TG_K8S_BIN ??= buildKubernetes().binDir;
  const clusterDir = join(work, 'cluster');
  const started = Date.now();
  const cluster = await up(clusterDir);
  out(`test cluster up in ${((Date.now() - started) / 1000).toFixed(1)} s (${cluster.version})`);
  const repo = join(work, 'repo');
  const git = (...args) => execFileSync('git', args, { cwd: repo, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'bench@example.invalid', GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'bench@example.invalid' } }).trim();
  execFileSync('git', ['init', '-q', repo]);
  writeFileSync(join(repo, 'smoke.yml'), `smoke:\n  settleSeconds: 1\n  stallSeconds: 5\n  rolloutTimeoutSeconds: 90\n  proberNetns: "${cluster.initPid}"\n`);
  writeFileSync(join(repo, 'apps.yaml'), behaviours.map((b) => app(b.name, wellBehaved)).join('---\n'));
  git('add', '.');
  git('commit', '-qm', 'base: three well-behaved Deployments');
  const base = git('rev-parse', 'HEAD');
  writeFileSync(join(repo, 'apps.yaml'), behaviours.map((b) => app(b.name, b.head)).join('---\n'));
  git('commit', '-qam', 'head: one stays well-behaved, one ignores SIGTERM, one exits at once without a preStop delay');
  const counts = {};
  const floors = [];
  const runSeconds = [];
  const workloadSeconds = [];
  const failedByBehaviour = {};
  const causes = {};
  try {
    for (let run = 1; run <= runs; run++) {
      const result = await runCli(['smoke', '.', '--base', base, '--config', 'smoke.yml', '--format', 'json', '--kubeconfig', cluster.kubeconfig], { cwd: repo });
      runSeconds.push(result.seconds);
      let report;
      try {
        report = JSON.parse(result.stdout);
      } catch {
        out(`run ${run}: no JSON (exit ${result.code}): ${result.stderr.trim().split('\n').slice(-3).join(' ')}`);
        for (const b of behaviours) ((counts[b.label] ??= {})['not measured'] = (counts[b.label]['not measured'] ?? 0) + 1);
        continue;
      }
      const line = [];
      for (const b of behaviours) {
        const measured = report.results.find((r) => r.object.name === b.name);
        const verdict = smokeVerdict(measured);
        (counts[b.label] ??= {})[verdict] = (counts[b.label][verdict] ?? 0) + 1;
        if (measured?.noiseFloor !== undefined) floors.push(measured.noiseFloor);
        if (measured) workloadSeconds.push(measured.seconds);
        const head = measured?.figures.find((f) => f.name === 'restart');
        if (head) {
          (failedByBehaviour[b.label] ??= []).push(head.failed);
          for (const [cause, n] of Object.entries(head.byCause ?? {})) ((causes[b.label] ??= {})[cause] = (causes[b.label][cause] ?? 0) + n);
        }
        line.push(`${b.name} ${verdict}${head ? ` (${head.failed} failed, floor ${measured.noiseFloor ?? '—'})` : ''}`);
      }
      out(`run ${run}/${runs}: ${result.seconds.toFixed(1)} s — ${line.join(' · ')}`);
    }
  } finally {
    await down(clusterDir);
  }
  out();
  printMatrix(`Rollout smoke test: behaviour × verdict over ${runs} runs (base: well-behaved; verdict: SIGKILLed pods, else a regression in failed requests, else clean)`, behaviours.map((b) => b.label), verdicts, counts, Object.fromEntries(behaviours.map((b) => [b.label, b.expected])));
  out(`Noise floor (failed requests when the well-behaved base was restarted as it is, ${floors.length} restarts): ${range(floors)}; ${floors.filter((f) => f > 0).length} of ${floors.length} non-zero`);
  for (const b of behaviours) {
    const why = Object.entries(causes[b.label] ?? {}).map(([cause, n]) => `${n} ${cause}`).join(', ');
    out(`Failed requests in the head's restart, ${b.label}: ${range(failedByBehaviour[b.label] ?? [])}${why ? ` — causes over all runs: ${why}` : ''}`);
  }
  out(`Time per run (three workloads, each baseline + update + restart): ${seconds(runSeconds)}; per workload ${seconds(workloadSeconds)}`);
  out();
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function drillManifest(name, image, port, { args = [], grace, preStopSeconds }) {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  annotations: {termination-guard.io/drill-in-flight-path: "/slow?ms=1500"}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      terminationGracePeriodSeconds: ${grace}
      containers:
        - name: app
          image: ${image}
          args: [--listen, "127.0.0.1:${port}"${args.map((a) => `, ${a}`).join('')}]
          ports: [{name: http, containerPort: ${port}}]
          readinessProbe: {httpGet: {path: /healthz, port: http}}
${preStopSeconds ? `          lifecycle: {preStop: {sleep: {seconds: ${preStopSeconds}}}}\n` : ''}`;
}

async function benchDrill() {
  const { startEngine } = await import('../test/drill/docker-engine.ts');
  const engine = await startEngine();
  const cases = [
    { name: 'well-behaved', image: 'tg/app:v1', args: ['--on-term', 'drain'], grace: 10, preStopSeconds: 3, expected: 'graceful' },
    { name: 'ignores-sigterm', image: 'tg/app:v1', args: ['--on-term', 'ignore'], grace: 4, expected: 'killed' },
    { name: 'exits-at-once', image: 'tg/app:v1', args: ['--on-term', 'exit'], grace: 10, expected: 'abrupt' },
    { name: 'tini', image: 'tg/app-tini:v1', args: ['--on-term', 'drain'], grace: 6, expected: 'graceful' },
    { name: 'sigquit', image: 'tg/app-quit:v1', args: [], grace: 6, expected: 'graceful' },
  ];
  const counts = {};
  const killOffsets = [];
  const runSeconds = [];
  const sizing = {};
  try {
    for (let run = 1; run <= drillRuns; run++) {
      const dir = mkdtempSync(join(work, 'drill-'));
      const port = await freePort();
      writeFileSync(join(dir, 'apps.yaml'), cases.map((c) => drillManifest(c.name, c.image, port, c)).join('---\n'));
      const result = await runCli(['drill', 'apps.yaml', '--format', 'json', '--no-pull'], { cwd: dir, env: { ...process.env, DOCKER_HOST: engine.host } });
      runSeconds.push(result.seconds);
      let report;
      try {
        report = JSON.parse(result.stdout);
      } catch {
        out(`drill run ${run}: no JSON (exit ${result.code}): ${result.stderr.trim().split('\n').slice(-3).join(' ')}`);
        continue;
      }
      const line = [];
      for (const c of cases) {
        const measured = report.drill?.find((d) => d.object.name === c.name);
        const verdict = measured?.verdict ?? 'not measured';
        (counts[c.name] ??= {})[verdict] = (counts[c.name][verdict] ?? 0) + 1;
        const exit = measured?.observation?.exit;
        if (c.expected === 'killed' && exit) killOffsets.push(exit.atMs / 1000 - c.grace);
        if (measured?.graceSizing) (sizing[c.name] ??= []).push(measured.graceSizing.text);
        line.push(`${c.name} ${verdict}${exit ? ` (exit ${exit.code} at ${(exit.atMs / 1000).toFixed(2)} s)` : ''}`);
      }
      out(`drill run ${run}/${drillRuns}: ${result.seconds.toFixed(1)} s — ${line.join(' · ')}`);
      rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    await engine.stop();
  }
  out();
  printMatrix(`SIGTERM drill: case × verdict over ${drillRuns} runs`, cases.map((c) => c.name), ['graceful', 'abrupt', 'killed', 'not measured'], counts, Object.fromEntries(cases.map((c) => [c.name, c.expected])), 'case');
  const within = killOffsets.filter((offset) => Math.abs(offset) <= 0.5).length;
  out(`SIGKILL expected (ignores SIGTERM, grace 4 s): exit − grace ${killOffsets.length > 0 ? `median ${median(killOffsets).toFixed(2)} s, ${Math.min(...killOffsets).toFixed(2)} to ${Math.max(...killOffsets).toFixed(2)} s` : '—'}; ${within} of ${killOffsets.length} within ±0.5 s`);
  for (const c of cases) if (sizing[c.name]) out(`Grace sizing, ${c.name} (first run): ${sizing[c.name][0]}`);
  out(`Time per drill run (five containers): ${seconds(runSeconds)}`);
  out();
}

try {
  out(`bench:measure — ${new Date().toISOString().slice(0, 16)}Z, ${runs} smoke run(s), ${drillRuns} drill run(s)`);
  out();
  if (!values['skip-smoke']) await benchSmoke();
  if (!values['skip-drill'] && drillRuns > 0) await benchDrill();
} finally {
  rmSync(work, { recursive: true, force: true });
}
