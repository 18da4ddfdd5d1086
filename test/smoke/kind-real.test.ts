// The Action's `smoke-test: kind` path for real: a kind node image built here
// (scripts/kind-node/build-node-image.ts: a debootstrap'd Debian with systemd, containerd, runc
// and the CNI plugins, the Kubernetes binaries the test cluster builds plus kubeadm, the
// control-plane images built locally), a Docker engine in network and mount namespaces of the
// test's own (scripts/kind-node/engine.ts), `kind create cluster` through the Action, `kind load
// docker-image` of tg/app, the prober in a worker's network namespace, `kind delete cluster` — and
// nothing left behind: no container, no network, no mount.
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { imageArchive } from '../../scripts/test-images/image-archive.js';
import { missingForImages, testImages } from '../../scripts/test-images/test-images.js';
import { buildNodeImage, etcdTag, nodeImage } from '../../scripts/kind-node/build-node-image.js';
import { startKindEngine } from '../../scripts/kind-node/engine.js';
import { gitIn, makeGitRepo } from '../helpers.js';

const kind = process.env.TG_KIND;

function why(): string | undefined {
  if (!kind) return 'TG_KIND is not set (npm test builds kind and sets it)';
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return 'kind mode starts a Docker engine in namespaces of its own, which needs root on Linux';
  if (!process.env.TG_K8S_BIN) return 'TG_K8S_BIN is not set (npm test builds the Kubernetes components and sets it)';
  const missing = missingForImages();
  if (missing.length > 0) return `cannot build the test images: missing ${missing.join(', ')}`;
  return undefined;
}
const unavailable = why();

/** kubeadm patches for this kind of host: cgroup v1 (kubelet ≥ 1.35 refuses it unless told), no CAP_SYS_RESOURCE, Debian's etcd 3.4. */
const patches = [
  'kind: KubeletConfiguration\nfailCgroupV1: false\ncgroupDriver: cgroupfs\noomScoreAdj: 0\nimageGCHighThresholdPercent: 100\n',
  `kind: ClusterConfiguration\netcd:\n  local:\n    imageTag: ${etcdTag}\n`,
  'kind: KubeProxyConfiguration\nconntrack:\n  maxPerCore: 0\n',
];

const app = (onTerm: string, preStop: boolean) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  strategy: {rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}
  template:
    metadata: {labels: {app: web}}
    spec:
      automountServiceAccountToken: false
      terminationGracePeriodSeconds: 10
      containers:
        - name: app
          image: tg/app:v1
          imagePullPolicy: Never
          args: [--listen, ":8080", --on-term, ${onTerm}]
          ports: [{name: http, containerPort: 8080}]
          readinessProbe: {httpGet: {path: /healthz, port: 8080}, periodSeconds: 1}
${preStop ? '          lifecycle: {preStop: {sleep: {seconds: 3}}}\n' : ''}---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: 8080}]
`;

const mounts = () => readFileSync('/proc/self/mounts', 'utf8');

describe.skipIf(unavailable !== undefined)(`smoke-test: kind, for real${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  it('the Action creates a kind cluster from the node image built here, measures the rollout in it, and leaves nothing behind', async () => {
    const before = mounts().split('\n').length;
    const engine = await startKindEngine();
    const docker = (...args: string[]) => spawnSync('docker', ['--host', engine.host, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
    const made = makeGitRepo(
      { 'deploy/web.yaml': app('drain', true), '.github/termination-guard.yml': `smoke:\n  settleSeconds: 1\n  kindNodeImage: ${nodeImage}\n  kindConfigPatches:\n${patches.map((p) => `    - |\n${p.split('\n').filter(Boolean).map((l) => `      ${l}`).join('\n')}`).join('\n')}\n` },
      { 'deploy/web.yaml': app('exit', false) },
    );
    const runner = mkdtempSync(join(tmpdir(), 'tg-kind-runner-'));
    try {
      process.env.DOCKER_HOST = engine.host;
      buildNodeImage();
      // The workflow's locally built image, as `docker build` would leave it.
      const archive = join(runner, 'images.tar');
      writeFileSync(archive, imageArchive(testImages()));
      expect(docker('load', '-i', archive).status).toBe(0);

      gitIn(made.dir, 'checkout', '-q', made.head as string);
      const event = join(runner, 'event.json');
      writeFileSync(event, JSON.stringify({ action: 'synchronize', number: 7, repository: { full_name: 'acme/shop', name: 'shop', owner: { login: 'acme' } }, pull_request: { number: 7, base: { sha: made.base, ref: 'main' }, head: { sha: made.head, ref: 'feature' } } }));
      for (const file of ['output', 'summary.md']) writeFileSync(join(runner, file), '');
      const env = {
        PATH: `${dirname(kind as string)}:${process.env.PATH ?? ''}`,
        HOME: process.env.HOME ?? '',
        DOCKER_HOST: engine.host,
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: event,
        GITHUB_REPOSITORY: 'acme/shop',
        GITHUB_SHA: made.head as string,
        GITHUB_WORKSPACE: made.dir,
        GITHUB_OUTPUT: join(runner, 'output'),
        GITHUB_STEP_SUMMARY: join(runner, 'summary.md'),
        RUNNER_TEMP: runner,
        INPUT_PATHS: 'deploy',
        'INPUT_SMOKE-TEST': 'kind',
        'INPUT_FAIL-ON': 'never',
        'INPUT_KUBERNETES-VERSION': '1.34',
      };
      // The Action runs where kind published the API server: the engine's network namespace.
      const result = await new Promise<{ code: number; stdout: string }>((resolve) => {
        execFile('nsenter', [`--net=/proc/${engine.pid}/ns/net`, '--', process.execPath, join(inject('freshDist'), 'index.js')], { cwd: made.dir, env, maxBuffer: 256 << 20, timeout: 1_500_000 }, (error, stdout) =>
          resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout }),
        );
      });
      const summary = readFileSync(join(runner, 'summary.md'), 'utf8');
      process.stderr.write(`kind smoke: exit ${result.code}\n${result.stdout.slice(-4000)}\n${summary.slice(0, 3000)}\n`);
      expect(result.stdout).not.toMatch(/Rollout smoke test not run/);
      // Measured in the kind cluster: the base (preStop, drains) loses nothing, the head (exits at
      // once, no preStop) loses requests to the endpoint race across the three nodes.
      const results = JSON.parse(/^smoke-results<<(\S+)\n([\s\S]*?)\n\1$/m.exec(readFileSync(join(runner, 'output'), 'utf8'))?.[2] ?? '{}');
      expect(results['Deployment/web']).toMatchObject({ status: 'measured', failing: ['regression'] });
      expect(results['Deployment/web'].rollouts.map((r: { name: string; outcome: string }) => [r.name, r.outcome])).toEqual([
        ['baseline', 'complete'],
        ['update', 'complete'],
        ['restart', 'complete'],
      ]);
      const restart = results['Deployment/web'].rollouts[2];
      expect(restart.failed).toBeGreaterThan(0);
      expect(results['Deployment/web'].rollouts[1].failed).toBe(0);
      expect(summary).toMatch(/kind v0\.33\.0, termination-guard\.local\/kind-node:v1\.34\.4/);
      // kind deleted its nodes.
      expect(docker('ps', '-a', '--format', '{{.Names}}').stdout.trim()).toBe('');
    } finally {
      delete process.env.DOCKER_HOST;
      rmSync(runner, { recursive: true, force: true });
      rmSync(made.dir, { recursive: true, force: true });
      await engine.stop();
    }
    // Nothing left: the engine's root is gone, and no mount of it (or of a node) remains.
    expect(spawnSync('ls', [engine.root]).status).not.toBe(0);
    expect(mounts()).not.toContain(engine.root);
    expect(mounts().split('\n').length).toBeLessThanOrEqual(before);
    // …and the engine's network namespace, with kind's network and the nodes' addresses in it, is gone.
    expect(existsSync(`/proc/${engine.pid}`)).toBe(false);
  }, 1_800_000);
});
