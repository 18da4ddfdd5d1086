// The SIGTERM drill against real containers: Debian's dockerd started by the test, images built
// here (tg-app, BusyBox, tini). Each case is a manifest; the verdict and the measured times are
// checked against what the kubelet's sequence must produce.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { analyze } from '../../src/analysis/engine.js';
import { defaultDrillOptions, type DrillOptions, runDrill } from '../../src/drill/run.js';
import { type DrillResult, openAtStop } from '../../src/measure/drill.js';
import { freePort, pushImage, registryBinary, startRegistry, startTokenService, tempDir } from '../images/registry-fixture.js';
import { DockerRuntime } from '../../src/drill/docker.js';
import { github, makeRepoFrom, output, runAction, startGitHub } from '../github/action-harness.js';
import { type Engine, engineUnavailable, startEngine } from './docker-engine.js';

const unavailable = engineUnavailable();
if (unavailable && process.env.CI) console.warn(`drill tests skipped: ${unavailable}`);

interface Case {
  name: string;
  kind?: 'Deployment' | 'DaemonSet';
  image?: string;
  command?: string[];
  args?: (port: number) => string[];
  grace?: number;
  preStop?: (port: number) => unknown;
  readinessPath?: string;
  annotations?: Record<string, string>;
  env?: Record<string, string>;
}

function manifest(c: Case, port: number): string {
  const container: Record<string, unknown> = {
    name: 'app',
    image: c.image ?? 'tg/app:v1',
    ...(c.command ? { command: c.command.map((w) => w.replaceAll('PORT', String(port))) } : {}),
    ...(c.args ? { args: c.args(port) } : {}),
    ...(c.env ? { env: Object.entries(c.env).map(([name, value]) => ({ name, value })) } : {}),
    ports: [{ name: 'http', containerPort: port }],
    readinessProbe: { httpGet: { path: c.readinessPath ?? '/healthz', port: 'http' } },
    ...(c.preStop ? { lifecycle: { preStop: c.preStop(port) } } : {}),
  };
  const kind = c.kind ?? 'Deployment';
  const object = {
    apiVersion: 'apps/v1',
    kind,
    metadata: { name: c.name, ...(c.annotations ? { annotations: c.annotations } : {}) },
    spec: {
      selector: { matchLabels: { app: c.name } },
      template: {
        metadata: { labels: { app: c.name } },
        spec: {
          ...(kind === 'DaemonSet' ? { hostNetwork: true } : {}),
          ...(c.grace !== undefined ? { terminationGracePeriodSeconds: c.grace } : {}),
          containers: [container],
        },
      },
    },
  };
  return JSON.stringify(object, null, 2);
}

describe.skipIf(unavailable !== undefined)(`SIGTERM drill under a real Docker engine${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await startEngine();
  }, 120_000);
  afterAll(async () => {
    await engine?.stop();
  }, 60_000);

  async function drill(c: Case, options: Partial<DrillOptions> = {}): Promise<DrillResult> {
    const port = await freePort();
    const result = analyze([{ path: `${c.name}.yaml`, content: manifest(c, port) }], { drillPlans: true });
    expect(result.errors).toEqual([]);
    expect(result.drillPlans).toHaveLength(1);
    const [measured] = await runDrill(result.drillPlans!, engine.runtime, { ...defaultDrillOptions, pull: false, readyTimeoutSeconds: 20, ...options, log: () => {} });
    return measured;
  }

  const stopSeconds = (r: DrillResult) => (r.observation!.exit!.atMs - r.observation!.signal!.atMs) / 1000;
  /** The long requests open when the stop signal came. */
  const openSlow = (r: DrillResult) => openAtStop(r.observation!).filter((s) => s.mode === 'in-flight');

  // Issue 21: a preStop longer than the slow request used to let the requests finish before the
  // signal, so an app that drops its work at SIGTERM was judged graceful. The slow requests now
  // run back to back until the exit: some are open at the signal whatever the hook's length.
  describe.each([
    { slowMs: 1500, preStopSeconds: 3, grace: 8 },
    { slowMs: 5000, preStopSeconds: 6, grace: 15 },
  ])('requests open at SIGTERM behind a $preStopSeconds s preStop, slow path $slowMs ms', ({ slowMs, preStopSeconds, grace }) => {
    const behind = (onTerm: string) =>
      drill({
        name: `open-${onTerm}-${slowMs}`,
        args: (port) => ['--listen', `127.0.0.1:${port}`, '--on-term', onTerm],
        grace,
        preStop: () => ({ sleep: { seconds: preStopSeconds } }),
        annotations: { 'termination-guard.io/drill-in-flight-path': `/slow?ms=${slowMs}` },
      });

    it('--on-term exit drops them at the signal: abrupt', async () => {
      const result = await behind('exit');
      expect(result.status).toBe('measured');
      const o = result.observation!;
      expect(o.signal!.atMs / 1000).toBeCloseTo(preStopSeconds, 0);
      const open = openSlow(result);
      expect(open).toHaveLength(3);
      expect(open.every((s) => !s.ok && s.failure === 'reset')).toBe(true);
      // Broken off at the signal, not at a timeout.
      expect(Math.max(...open.map((s) => s.doneMs)) - o.signal!.atMs).toBeLessThan(500);
      expect(result.verdict).toBe('abrupt');
      expect(result.openAtSignal).toMatchObject({ signal: 'SIGTERM', slow: 3, answered: result.openAtSignal!.open - 3, brokenOff: 3, inFlightTested: true });
      expect(result.findings.map((f) => f.text)).toContain(`${result.openAtSignal!.open} requests were open at SIGTERM: ${result.openAtSignal!.open - 3} answered, 3 broken off (3 reset).`);
    }, 60_000);

    it('--on-term drain answers them before it exits: graceful', async () => {
      const result = await behind('drain');
      expect(result.status).toBe('measured');
      const o = result.observation!;
      const open = openSlow(result);
      expect(open).toHaveLength(3);
      expect(open.every((s) => s.ok)).toBe(true);
      // They were sent during the preStop, not before it, and the app exited only after answering them.
      if (slowMs < preStopSeconds * 1000) expect(open.every((s) => s.sentMs > 0)).toBe(true);
      expect(o.exit!.atMs).toBeGreaterThanOrEqual(Math.max(...open.map((s) => s.doneMs)) - 50);
      expect(o.exit!.code).toBe(0);
      expect(result.verdict).toBe('graceful');
      expect(result.openAtSignal).toMatchObject({ signal: 'SIGTERM', slow: 3, brokenOff: 0, inFlightTested: true });
      expect(result.findings.map((f) => f.text)).toContain(`${result.openAtSignal!.open} requests were open at SIGTERM: ${result.openAtSignal!.open} answered, 0 broken off.`);
    }, 60_000);
  });

  it('the seed node-exporter: SIGTERM ignored, preStop sleep 10 && kill -TERM 1, grace 10 → killed at the deadline, 137', async () => {
    const result = await drill({
      name: 'node-exporter',
      kind: 'DaemonSet',
      args: (port) => ['--listen', `127.0.0.1:${port}`, '--on-term', 'ignore'],
      grace: 10,
      preStop: () => ({ exec: { command: ['/bin/sh', '-c', 'sleep 10 && kill -TERM 1'] } }),
    });
    expect(result.status).toBe('measured');
    expect(result.verdict).toBe('killed');
    const o = result.observation!;
    // The hook used the whole grace period; the kubelet still gives the signal its 2 s minimum.
    expect((o.preStop!.endMs - o.preStop!.startMs) / 1000).toBeCloseTo(10, 0);
    expect(o.signal!.atMs / 1000).toBeCloseTo(10, 0);
    expect(o.sigkillAtMs! / 1000).toBeGreaterThan(11.7);
    expect(o.sigkillAtMs! / 1000).toBeLessThan(12.6);
    expect(o.exit!.code).toBe(137);
    expect(o.exit!.atMs - o.sigkillAtMs!).toBeLessThan(500);
    expect(result.findings.map((f) => f.text).join('\n')).toMatch(/no sign that SIGTERM reached the app/);
    // Traffic was answered right up to the SIGKILL, then refused.
    const okAfterSignal = o.samples.filter((s) => s.ok && s.sentMs > o.signal!.atMs);
    expect(okAfterSignal.length).toBeGreaterThan(20);
  }, 60_000);

  it('the node-exporter fix: no preStop, default grace, SIGTERM handled → graceful, exit 0 at once', async () => {
    const result = await drill({ name: 'node-exporter-fixed', kind: 'DaemonSet', args: (port) => ['--listen', `127.0.0.1:${port}`] });
    expect(result.verdict).toBe('graceful');
    const o = result.observation!;
    expect(o.preStop).toBeUndefined();
    expect(o.signal!.atMs).toBeLessThan(50);
    expect(o.exit!.code).toBe(0);
    expect(stopSeconds(result)).toBeLessThan(1.5);
    expect(o.sigkillAtMs).toBeUndefined();
    expect(o.deadlineMs / 1000).toBeCloseTo(30, 0);
  }, 60_000);

  it('a shell wrapper that does not exec: PID 1 is sh, SIGTERM never reaches the app → killed at the grace period', async () => {
    const progress: string[] = [];
    const result = await drill({ name: 'wrapped', command: ['/bin/sh', '-c', '/app serve --listen 127.0.0.1:PORT && echo stopped'], grace: 3 }, { progress: (m) => progress.push(m) });
    expect(result.verdict).toBe('killed');
    // The progress a terminal's status line shows: the readiness wait, then the grace period counting down.
    expect(progress[0]).toBe('drill: app: waiting for readiness, 0 s of 20 s');
    const left = progress.flatMap((m) => /^drill: app: SIGTERM sent, (\d+) s of the grace period left$/.exec(m)?.[1] ?? []).map(Number);
    expect(left[0]).toBe(3);
    // About once a second (a loaded machine may skip or repeat one), counting down.
    expect(left.length).toBeGreaterThanOrEqual(2);
    expect(left.every((n, i) => i === 0 || n <= (left[i - 1] as number))).toBe(true);
    expect(left[left.length - 1]).toBeLessThan(3);
    const o = result.observation!;
    expect(o.processes[0].command).toMatch(/^\/bin\/sh -c/);
    expect(o.processes.some((p) => p.command.startsWith('/app serve'))).toBe(true);
    expect(o.sigkillAtMs! / 1000).toBeGreaterThan(2.8);
    expect(o.sigkillAtMs! / 1000).toBeLessThan(3.5);
    expect(o.exit!.code).toBe(137);
    expect(result.findings.map((f) => f.text).join('\n')).toMatch(/PID 1 was `\/bin\/sh -c/);
  }, 60_000);

  it('the same app with exec in the wrapper drains and exits 0', async () => {
    const result = await drill({ name: 'exec-wrapped', command: ['/bin/sh', '-c', 'exec /app serve --listen 127.0.0.1:PORT'], grace: 3 });
    expect(result.verdict).toBe('graceful');
    expect(result.observation!.processes).toHaveLength(1);
    expect(result.observation!.exit!.code).toBe(0);
  }, 60_000);

  it('under tini, in-flight requests are drained before the exit (graceful); exiting at once drops them (abrupt)', async () => {
    const annotations = { 'termination-guard.io/drill-in-flight-path': '/slow?ms=2500' };
    const drained = await drill({ name: 'tini-drain', image: 'tg/app-tini:v1', args: (port) => ['--listen', `127.0.0.1:${port}`], grace: 6, annotations });
    expect(drained.verdict).toBe('graceful');
    const inFlight = openSlow(drained);
    expect(inFlight).toHaveLength(3);
    expect(inFlight.every((s) => s.ok)).toBe(true);
    // The app waited for them: it exited after the last one was answered.
    expect(drained.observation!.exit!.atMs).toBeGreaterThanOrEqual(Math.max(...inFlight.map((s) => s.doneMs)) - 50);
    expect(drained.observation!.processes[0].command).toMatch(/tini/);

    const abrupt = await drill({ name: 'tini-exit', image: 'tg/app-tini:v1', args: (port) => ['--listen', `127.0.0.1:${port}`, '--on-term', 'exit'], grace: 6, annotations });
    expect(abrupt.verdict).toBe('abrupt');
    expect(openSlow(abrupt).filter((s) => !s.ok)).toHaveLength(3);
    expect(stopSeconds(abrupt)).toBeLessThan(0.5);
  }, 60_000);

  it("sends the image's STOPSIGNAL (SIGQUIT), which this app drains on", async () => {
    const result = await drill({ name: 'quit', image: 'tg/app-quit:v1', args: (port) => ['--listen', `127.0.0.1:${port}`], grace: 4 });
    expect(result.observation!.signal).toMatchObject({ name: 'SIGQUIT', source: "the image's STOPSIGNAL" });
    expect(result.verdict).toBe('graceful');
  }, 60_000);

  it('an exit code other than 0 or 143 is abrupt even when nothing was dropped', async () => {
    const result = await drill({ name: 'exit-three', args: (port) => ['--listen', `127.0.0.1:${port}`, '--exit-code', '3'], grace: 3 });
    expect(result.verdict).toBe('abrupt');
    expect(result.observation!.exit!.code).toBe(3);
    expect(result.findings.map((f) => f.text).join('\n')).toMatch(/Exit code 3 is neither 0 nor 143/);
  }, 60_000);

  it('a preStop sleep delays the signal; an httpGet preStop is sent from outside; both are timed', async () => {
    const slept = await drill({ name: 'sleep-hook', args: (port) => ['--listen', `127.0.0.1:${port}`], grace: 6, preStop: () => ({ sleep: { seconds: 2 } }) });
    expect(slept.verdict).toBe('graceful');
    expect(slept.observation!.signal!.atMs / 1000).toBeCloseTo(2, 0);
    // New connections were still answered during the hook.
    expect(slept.observation!.samples.filter((s) => s.ok && s.sentMs > 0 && s.sentMs < 1900).length).toBeGreaterThan(30);

    const http = await drill({ name: 'http-hook', args: (port) => ['--listen', `127.0.0.1:${port}`], grace: 6, preStop: (port) => ({ httpGet: { path: '/slow?ms=1000', port } }) });
    expect(http.observation!.preStop).toMatchObject({ kind: 'http', outcome: 'HTTP 200', ok: true });
    expect((http.observation!.preStop!.endMs - http.observation!.preStop!.startMs) / 1000).toBeCloseTo(1, 0);
  }, 60_000);

  it('a container that dies before it is ready is reported with its logs; a missing image is skipped', async () => {
    const crashed = await drill({ name: 'crash', args: () => ['--listen', 'not-an-address'] });
    expect(crashed.status).toBe('failed');
    expect(crashed.reason).toMatch(/exited with code 1 before it was ready/);
    expect(crashed.logsTail).toMatch(/not-an-address/);

    const missing = await drill({ name: 'missing', image: 'tg/does-not-exist:v9' });
    expect(missing.status).toBe('skipped');
    expect(missing.reason).toMatch(/not present locally/);
  }, 60_000);

  it('leaves no container behind', async () => {
    const list = await new Promise<string>((resolve, reject) =>
      execFile('docker', ['-H', engine.host, 'ps', '-aq'], (error, stdout) => (error ? reject(error) : resolve(stdout))),
    ).catch(() => undefined);
    if (list !== undefined) expect(list.trim()).toBe('');
  });

  it('CLI: `termination-guard drill` measures the seed case and its fix, exit 1 for killed', async () => {
    const dist = inject('freshDist');
    const dir = mkdtempSync(join(tmpdir(), 'tg-drill-cli-'));
    try {
      const port = await freePort();
      const broken = { name: 'exporter', args: (p: number) => ['--listen', `127.0.0.1:${p}`, '--on-term', 'ignore'], grace: 3 };
      writeFileSync(join(dir, 'broken.yaml'), manifest(broken, port));
      const run = (args: string[]) =>
        new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
          execFile(process.execPath, [join(dist, 'cli.js'), 'drill', ...args], { cwd: dir, env: { ...process.env, DOCKER_HOST: engine.host } }, (error, stdout, stderr) =>
            resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
          ),
        );
      const killed = await run(['broken.yaml', '--no-pull', '--container', 'app']);
      expect(killed.stderr).toMatch(/Docker Engine 20\.10/);
      expect(killed.stdout).toMatch(/Deployment\/exporter container app \(tg\/app:v1, grace 3 s\): KILLED/);
      expect(killed.stdout).toMatch(/SIGKILL \(grace period over\)/);
      expect(killed.stdout).toMatch(/exited with code 137/);
      expect(killed.code).toBe(1);

      writeFileSync(join(dir, 'broken.yaml'), manifest({ ...broken, args: (p: number) => ['--listen', `127.0.0.1:${p}`] }, port));
      const fixed = await run(['broken.yaml', '--no-pull', '--format', 'markdown']);
      expect(fixed.stdout).toMatch(/🔬 \*\*SIGTERM drill\*\*: ✅ exporter\/app graceful/);
      expect(fixed.stdout).toMatch(/```mermaid\ngantt/);
      expect(fixed.code).toBe(0);

      // The issue-21 reproduction as a user runs it: a 1.5 s slow path behind a 3 s preStop, an
      // app that drops its work at SIGTERM.
      writeFileSync(join(dir, 'broken.yaml'), manifest({ ...broken, args: (p: number) => ['--listen', `127.0.0.1:${p}`, '--on-term', 'exit'], grace: 6, preStop: () => ({ sleep: { seconds: 3 } }) }, port));
      const drops = await run(['broken.yaml', '--no-pull', '--in-flight-path', '/slow?ms=1500']);
      expect(drops.stdout).toMatch(/Deployment\/exporter container app \(tg\/app:v1, grace 6 s\): ABRUPT/);
      // The three slow requests, and now and then a steady probe that was still being answered.
      const [, open, answered, brokenOff] = /- (\d+) requests were open at SIGTERM: (\d+) answered, (\d+) broken off \(\d+ reset\)\./.exec(drops.stdout) ?? [];
      expect(Number(brokenOff)).toBeGreaterThanOrEqual(3);
      expect(Number(open)).toBe(Number(answered) + Number(brokenOff));
      expect(drops.code).toBe(1);

      const none = await run(['broken.yaml', '--container', 'nope']);
      expect(none.code).toBe(2);
      expect(none.stderr).toMatch(/nothing to drill/);

      const noEngine = await new Promise<{ code: number; stderr: string }>((resolve) =>
        execFile(process.execPath, [join(dist, 'cli.js'), 'drill', 'broken.yaml'], { cwd: dir, env: { ...process.env, DOCKER_HOST: `unix://${join(dir, 'absent.sock')}` } }, (error, _out, stderr) =>
          resolve({ code: error ? Number(error.code ?? 1) : 0, stderr }),
        ),
      );
      expect(noEngine.code).toBe(2);
      expect(noEngine.stderr).toMatch(/needs a container runtime: no Docker engine at unix:\/\/.*absent\.sock \(ENOENT\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);

  it('an interrupted drill (SIGINT) removes its container before it exits', async () => {
    const dist = inject('freshDist');
    const dir = mkdtempSync(join(tmpdir(), 'tg-drill-int-'));
    const docker = (...args: string[]) =>
      new Promise<string>((resolve, reject) => execFile('docker', ['-H', engine.host, ...args], (error, stdout) => (error ? reject(error) : resolve(stdout.trim()))));
    try {
      const port = await freePort();
      writeFileSync(join(dir, 'slow.yaml'), manifest({ name: 'slow', args: (p) => ['--listen', `127.0.0.1:${p}`, '--on-term', 'ignore'], grace: 60 }, port));
      const child = execFile(process.execPath, [join(dist, 'cli.js'), 'drill', 'slow.yaml', '--no-pull'], { cwd: dir, env: { ...process.env, DOCKER_HOST: engine.host } });
      const exited = new Promise<string | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
      let running = '';
      for (let i = 0; i < 100 && !running; i++) {
        await new Promise((r) => setTimeout(r, 200));
        running = await docker('ps', '-q', '--filter', 'label=io.termination-guard.drill');
      }
      expect(running).not.toBe('');
      child.kill('SIGINT');
      expect(await exited).toBe('SIGINT');
      expect(await docker('ps', '-aq')).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('the Action on a pull request: drill results in the Runtime and Pod rows with a timeline, the gate fails on killed', async () => {
    const port = await freePort();
    const exporter = (onTerm: string, grace: number) =>
      manifest({ name: 'exporter', kind: 'DaemonSet', args: (p) => ['--listen', `127.0.0.1:${p}`, '--on-term', onTerm], grace }, port);
    const shas = makeRepoFrom({ 'deploy/exporter.yaml': exporter('ignore', 5) }, { 'deploy/exporter.yaml': exporter('ignore', 3) });
    const { repo } = await import('../github/action-harness.js');
    await startGitHub({ git: { dir: repo, ...shas } });
    try {
      const env = { DOCKER_HOST: engine.host };
      const run = await runAction(shas, { drill: 'true' }, false, { env });
      expect(run.code).toBe(1);
      const body = github.comments[0].body;
      expect(body).toMatch(/🔬 \*\*SIGTERM drill\*\*: ❌ exporter\/app killed — fails the gate/);
      expect(body).toMatch(/- 🔬 \*\*Drill\*\* \(container `app`\): ❌ \*\*killed\*\* — SIGTERM at 0\.0 s, SIGKILL at 3\.0 s, exit 137 \(grace period 3 s\)/);
      expect(body).toMatch(/```mermaid\ngantt/);
      expect(JSON.parse(output(run, 'drill-verdicts') ?? '{}')).toEqual({ 'DaemonSet/exporter/app': 'killed' });
      expect(github.violations).toEqual([]);

      // Not on pull_request_target: it would run the PR's code with the base repository's secrets.
      const target = await runAction(shas, { drill: 'true' }, false, { env, event: 'pull_request_target' });
      expect(target.stdout).toMatch(/::warning::drill: runs only on pull_request events \(this run is pull_request_target\); skipped/);
      expect(output(target, 'drill-verdicts')).toBeUndefined();
    } finally {
      await github.stop();
    }
  }, 120_000);
  it.skipIf(!existsSync(registryBinary))('pulls a private image with the docker config credentials (X-Registry-Auth), password or identity token', async () => {
    const temp = tempDir('tg-drill-pull-');
    const token = await startTokenService(temp.dir);
    const open = await startRegistry(temp.dir);
    const guarded = await startRegistry(temp.dir, { storage: open.storage, token });
    try {
      await pushImage(open.host, 'private/drilled', '1', { cmd: ['/app', 'serve'], stopSignal: 'SIGINT' });
      const reference = `${guarded.host}/private/drilled:1`;
      const configWith = (name: string, entry: object) => {
        const path = join(temp.dir, `${name}.json`);
        writeFileSync(path, JSON.stringify({ auths: { [guarded.host]: entry } }));
        return path;
      };
      const anonymous = new DockerRuntime(engine.host, { dockerConfig: join(temp.dir, 'none.json') });
      await expect(anonymous.pull(reference, 60_000)).rejects.toThrow(/denied|unauthorized|authentication required/i);
      const withPassword = new DockerRuntime(engine.host, { dockerConfig: configWith('password', { auth: Buffer.from('user:secret').toString('base64') }) });
      await withPassword.pull(reference, 60_000);
      expect(await engine.runtime.image(reference)).toMatchObject({ cmd: ['/app', 'serve'], stopSignal: 'SIGINT' });
      expect(token.requests.some((r) => r.scope === 'repository:private/drilled:pull' && r.user === 'user')).toBe(true);
      // A tag is resolved at the registry again even when the image is present.
      const withIdentityToken = new DockerRuntime(engine.host, { dockerConfig: configWith('identity', { identitytoken: 'refresh-secret' }) });
      const before = token.requests.length;
      await withIdentityToken.pull(reference, 60_000);
      expect(token.requests.slice(before)).toContainEqual({ scope: 'repository:private/drilled:pull', user: 'refresh-token:refresh-secret' });
    } finally {
      await guarded.stop();
      await open.stop();
      await token.close();
      temp.remove();
    }
  }, 120_000);
});
