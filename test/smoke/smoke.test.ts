// The rollout smoke test against the real test cluster (scripts/test-cluster), with the images
// built here: a well-behaved Deployment (preStop delay, drains on SIGTERM), one that ignores
// SIGTERM, one that exits at once without a preStop delay; a base → head comparison through the
// Action on a pull request; and a DaemonSet whose hostPort + maxSurge rollout cannot proceed on
// one node. The prober runs in the node's network namespace (the test created it), so the
// traffic reaches Service ClusterIPs through kube-proxy and the node's host port, and nowhere else.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import type { SmokeResult, SmokeRun } from '../../src/measure/smoke.js';
import { kubectl } from '../../scripts/test-cluster/cluster.js';
import { clusterSkipReason as unavailable, useTestCluster } from '../cluster/harness.js';
import { github, makeRepoFrom, output, runAction, startGitHub } from '../github/action-harness.js';
import { gitIn, makeGitRepo } from '../helpers.js';

const dir = join('/tmp', `tg-smoke-cluster-${process.pid}`);

interface AppOptions {
  name: string;
  onTerm: 'drain' | 'ignore' | 'exit';
  grace: number;
  preStopSeconds?: number;
  tag?: string;
}

/** A Deployment of tg-app behind a Service; long requests on /slow are the in-flight work. */
function app({ name, onTerm, grace, preStopSeconds, tag = 'v1' }: AppOptions): string {
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
    metadata: {labels: {app: ${name}}}
    spec:
      automountServiceAccountToken: false
      terminationGracePeriodSeconds: ${grace}
      containers:
        - name: app
          image: tg/app:${tag}
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

const good = (name = 'good') => app({ name, onTerm: 'drain', grace: 10, preStopSeconds: 3 });
const ignore = (name = 'ignore') => app({ name, onTerm: 'ignore', grace: 4 });
const race = (name = 'race') => app({ name, onTerm: 'exit', grace: 10 });

/** A host-port DaemonSet; the head asks for a surge pod, which cannot get the port on the one node. */
function agent(surge: boolean, tag: string): string {
  return `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  updateStrategy: {type: RollingUpdate, rollingUpdate: ${surge ? '{maxSurge: 1, maxUnavailable: 0}' : '{maxUnavailable: 1}'}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      automountServiceAccountToken: false
      terminationGracePeriodSeconds: 2
      containers:
        - name: agent
          image: tg/app:${tag}
          imagePullPolicy: Never
          args: [--listen, ":8080"]
          ports: [{name: http, containerPort: 8080, hostPort: 18080}]
          readinessProbe: {httpGet: {path: /healthz, port: 8080}, periodSeconds: 1}
`;
}

const smokeConfig = (netns: number) => `smoke:\n  settleSeconds: 1\n  stallSeconds: 5\n  rolloutTimeoutSeconds: 90\n  proberNetns: "${netns}"\n`;

describe.skipIf(unavailable !== undefined)(`the rollout smoke test on a real cluster${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  const cluster = useTestCluster(dir);

  const smokeNamespaces = () => kubectl(cluster, ['get', 'namespaces', '-o', 'jsonpath={.items[*].metadata.name}']).split(' ').filter((n) => n.startsWith('tg-smoke-'));

  function cli(cwd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string; seconds: number }> {
    const started = Date.now();
    return new Promise((resolve) => {
      execFile(process.execPath, [join(inject('freshDist'), 'cli.js'), 'smoke', ...args, '--kubeconfig', cluster.kubeconfig], { cwd, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr, seconds: (Date.now() - started) / 1000 }),
      );
    });
  }

  const byName = (run: SmokeRun, name: string) => run.results.find((r) => r.object.name === name) as SmokeResult;

  it('tells a well-behaved workload, one that ignores SIGTERM and one without a preStop delay apart', async () => {
    const work = mkdtempSync(join(tmpdir(), 'tg-smoke-'));
    try {
      writeFileSync(join(work, 'apps.yaml'), [good(), ignore(), race()].join('---\n'));
      writeFileSync(join(work, 'smoke.yml'), smokeConfig(cluster.initPid));
      const run = await cli(work, ['apps.yaml', '--config', 'smoke.yml', '--format', 'json', '--trials', '3']);
      expect(run.stderr).not.toMatch(/internal error/);
      const report = JSON.parse(run.stdout) as SmokeRun & { failOn: string[] };
      // Kept for reading when asked to (TG_SMOKE_RECORD=<file>): the observations behind the assertions below.
      if (process.env.TG_SMOKE_RECORD) writeFileSync(process.env.TG_SMOKE_RECORD, run.stdout);
      expect(run.code).toBe(1);
      expect(report.cluster).toMatch(/^Kubernetes v1\.34\.\d+ at https:\/\/127\.0\.0\.1:\d+$/);

      // Well-behaved: the preStop delay lets kube-proxy drop the pod first, SIGTERM drains: nothing fails.
      // Three trials of each head's restart, numbered; a new workload has no base to take a noise floor from.
      for (const result of report.results) {
        expect(result.figures.map((f) => [f.name, f.trial, f.outcome])).toEqual([1, 2, 3].map((trial) => ['restart', trial, 'complete']));
        expect(result.trials?.count).toBe(3);
        expect(result.noiseFloor).toBeUndefined();
      }
      const fine = byName(report, 'good');
      expect(fine.status).toBe('measured');
      expect(fine.trials!.failed.median).toBe(0);
      for (const fineRollout of fine.figures) {
        expect(fineRollout).toMatchObject({ name: 'restart', outcome: 'complete', killed: [] });
        expect(fineRollout.sent).toBeGreaterThan(50);
      }
      for (const rollout of fine.observation!.rollouts) {
        expect(rollout.oldPods).toHaveLength(2);
        for (const pod of rollout.oldPods) {
          expect(pod).toMatchObject({ exitCode: 0, reason: 'Completed', graceSeconds: 10 });
          expect(pod.terminatedMs! - pod.deletedMs!).toBeGreaterThanOrEqual(2500); // the 3 s preStop, at 1 s resolution
          // The EndpointSlice dropped it at its deletion, long before it stopped serving.
          expect(pod.unroutedMs! - pod.deletedMs!).toBeLessThan(1000);
        }
      }
      expect(fine.failing).toEqual([]);

      // Ignores SIGTERM: SIGKILLed with 137 at the 4 s deadline, and the long requests it held die with it.
      const deaf = byName(report, 'ignore');
      expect(deaf.trials).toMatchObject({ withKills: 3, killed: { median: 2, min: 2, max: 2 } });
      for (const deafRollout of deaf.figures) {
        expect(deafRollout.killed).toHaveLength(2);
        expect(deafRollout.failed).toBeGreaterThan(0);
        expect(deafRollout.byMode['in-flight']?.failed).toBeGreaterThan(0);
        // Its failures come at the kills, seconds after the deletions — not at them — and are the kills' doing.
        for (const window of deafRollout.afterDeletion) expect(window.lastMs).toBeGreaterThanOrEqual(2500);
        expect(deafRollout.byCause['killed-in-flight']).toBeGreaterThan(0);
        expect(deafRollout.byCause['killed-in-flight']).toBeGreaterThanOrEqual(deafRollout.failed / 2);
      }
      for (const pod of deaf.observation!.rollouts.flatMap((r) => r.oldPods)) {
        expect(pod).toMatchObject({ exitCode: 137, reason: 'Error', graceSeconds: 4 });
        expect(pod.terminatedMs! - pod.deletedMs!).toBeGreaterThanOrEqual(3000);
        expect(pod.terminatedMs! - pod.deletedMs!).toBeLessThan(6000);
      }
      expect(deaf.failing).toContain('regression');
      expect(deaf.findings.join(' ')).toMatch(/2 head pods did not exit within the grace period and were SIGKILLed \(exit 137\) in 3 of 3 trials/);

      // No preStop delay, exits at once: requests still routed to the pod fail right after each deletion.
      const hasty = byName(report, 'race');
      for (const hastyRollout of hasty.figures) {
        expect(hastyRollout.killed).toEqual([]);
        expect(hastyRollout.failed).toBeGreaterThan(0);
        for (const window of hastyRollout.afterDeletion) expect(window.firstMs).toBeLessThan(1500);
        // Refused and reset while the endpoints still listed the pod that had already quit: the endpoint race.
        expect(hastyRollout.byCause['endpoint-race']).toBeGreaterThanOrEqual(hastyRollout.failed * 0.8);
        expect(hastyRollout.byCause['killed-in-flight']).toBeUndefined();
      }
      for (const pod of hasty.observation!.rollouts.flatMap((r) => r.oldPods)) {
        expect(pod.exitCode).toBe(0);
        expect(pod.terminatedMs! - pod.deletedMs!).toBeLessThan(1500);
      }
      expect(hasty.failing).toContain('regression');

      expect(smokeNamespaces()).toEqual([]);
      process.stderr.write(`smoke test (CLI, three workloads, 3 trials): ${run.seconds.toFixed(1)} s\n${JSON.stringify(report.results.map((r) => ({ name: r.object.name, trials: r.trials, causes: r.figures.map((f) => f.byCause) })))}\n`);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }, 600_000);

  it('the Action on a pull request: base → head compared, a Measured rollout section, outputs, namespaces gone', async () => {
    const config = smokeConfig(cluster.initPid);
    const shas = makeRepoFrom({ 'deploy/web.yaml': good('web'), '.github/termination-guard.yml': config }, { 'deploy/web.yaml': race('web') });
    const { repo } = await import('../github/action-harness.js');
    await startGitHub({ git: { dir: repo, ...shas } });
    try {
      const started = Date.now();
      const run = await runAction(shas, { 'smoke-test': 'kubeconfig', 'fail-on': 'never' }, false, { env: { KUBECONFIG: cluster.kubeconfig } });
      const seconds = (Date.now() - started) / 1000;
      expect(run.code).toBe(1);
      const body = github.comments[0]!.body;
      expect(body).toMatch(/🚦 \*\*Rollout smoke test\*\*: 1 workload measured — web fails the gate \(smoke fail-on regression, stalled\)/);
      expect(body).toContain('### Measured rollout');
      expect(body).toMatch(/\*\*Deployment web\*\* — ❌ regression \(\d+ failed requests? while the head's pods terminated\)/);
      expect(body).toMatch(/\| base → head \(base pods terminate\) \| [\d.]+ s \| \d+ \| 0 \| — \| 0 s \|/);
      expect(body).toMatch(/\| restart of head \(head pods terminate\) \| [\d.]+ s \| \d+ \| [1-9]\d* \|/);
      expect(body).toMatch(/The head's pods terminating cost \d+ failed requests?, the base's 0 \(allowance \d+: the larger of the tolerance 2 and the noise floor \d+\): the change makes rollouts worse\./);
      expect(body).toMatch(/```mermaid\ngantt\n {2}title Deployment web \(seconds since traffic began\)/);
      // Every failure counted in the table is on the chart's failures-per-second bars.
      const charted = [...body.matchAll(/^ {2}(\d+) failed \(.*\) :crit, (\d+), (\d+)$/gm)];
      const tabled = [...body.matchAll(/^\| (?:base → head|restart of head) \(.*?\) \| [\d.]+ s \| \d+ \| (\d+) \|/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
      expect(charted.reduce((sum, m) => sum + Number(m[1]), 0)).toBeGreaterThanOrEqual(tabled);
      expect(charted.every((m) => Number(m[3]) - Number(m[2]) === 1000)).toBe(true);
      // The job summary has every pod.
      expect(run.summary).toMatch(/<summary>Smoke test detail — Deployment web<\/summary>/);
      expect(run.summary).toMatch(/\| web-\w+-\w+ \| old \| [\d.]+ s \| [\d.]+ s \| [\d.]+ s \| 10 \| [\d.]+ s \| 0 \| Completed \|/);
      const results = JSON.parse(output(run, 'smoke-results') ?? '{}');
      expect(results['Deployment/web']).toMatchObject({ status: 'measured', failing: ['regression'] });
      expect(results['Deployment/web'].rollouts.map((r: { name: string }) => r.name)).toEqual(['baseline', 'update', 'restart']);
      // The base restarted as it is first: its failures are the noise floor the verdict allows for.
      expect(body).toMatch(/- Noise floor: \d+ failed requests? when the base was restarted as it is, before the head was applied; the head may fail \d+ more than the base/);
      expect(body).toMatch(/\| restart of base \(noise floor\) \| [\d.]+ s \| \d+ \| \d+ \|/);
      expect(body).toMatch(/- Why requests failed in the restart of head \(head pods terminate\): \d+ endpoint race \(fix: a preStop delay/);
      expect(Number(output(run, 'smoke-failed-requests'))).toBeGreaterThan(0);
      expect(seconds).toBeLessThan(120);
      expect(smokeNamespaces()).toEqual([]);
      process.stderr.write(`smoke test (Action, one workload, base → head): ${seconds.toFixed(1)} s\n${body.slice(body.indexOf('### Measured rollout'))}\n`);
    } finally {
      await github.stop();
    }
  }, 300_000);

  it('a DaemonSet with hostPort and maxSurge: the stalled rollout is reported, not waited out', async () => {
    const made = makeGitRepo({ 'agent.yaml': agent(false, 'v1'), 'smoke.yml': smokeConfig(cluster.initPid) }, { 'agent.yaml': agent(true, 'v2') });
    try {
      gitIn(made.dir, 'checkout', '-q', made.head as string);
      const run = await cli(made.dir, ['.', '--base', made.base, '--config', 'smoke.yml', '--format', 'json']);
      expect(run.stderr).not.toMatch(/internal error/);
      const report = JSON.parse(run.stdout) as SmokeRun;
      const result = byName(report, 'agent');
      expect(result.status).toBe('measured');
      expect(result.observation!.target.address).toBe('10.99.0.1:18080');
      expect(result.observation!.target.endpoint).toMatchObject({ via: 'host-port', protocol: 'http', path: '/healthz' });
      // The base restarts as it is (the noise floor), then the head's surge pod cannot get the port.
      expect(result.figures.map((f) => [f.name, f.outcome])).toEqual([
        ['baseline', 'complete'],
        ['update', 'stalled'],
      ]);
      expect(result.figures[1]!.stall).toMatch(/Pending: 0\/1 nodes are available: 1 node\(s\) didn't have free ports for the requested pod ports/);
      expect(result.failing).toEqual(['regression', 'stalled']);
      expect(result.notes).toContain('The restart of the head was not run: the update did not complete.');
      expect(run.code).toBe(1);
      expect(run.seconds).toBeLessThan(90);
      expect(smokeNamespaces()).toEqual([]);
    } finally {
      rmSync(made.dir, { recursive: true, force: true });
    }
  }, 300_000);
});
