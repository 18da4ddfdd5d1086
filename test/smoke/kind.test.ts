// The smoke test's kind mode up to the CLI boundary: the node image pinned from the target
// version, the arguments given to kind, and — with the real kind binary (built by the test
// setup from sigs.k8s.io/kind) — its version and what happens when no Docker engine answers.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { createArgs, deleteArgs, KindCluster, kindClusterName, kindConfig, kindNodeImage, loadArgs } from '../../src/smoke/kind.js';
import { runSmokeSession, SmokeUnavailable } from '../../src/smoke/session.js';
import { defaultSmokeConfig } from '../../src/analysis/config.js';
import { analyze } from '../../src/analysis/engine.js';

describe('kind arguments', () => {
  it('pins the node image from the Kubernetes version', () => {
    expect(kindNodeImage('1.37')).toBe('kindest/node:v1.37.0@sha256:a1ed56cfb0e7b93589bdf97c8cd566405a265939e3620fc4f5de89adff580ae5');
    expect(kindNodeImage('1.34')).toBe('kindest/node:v1.34.0');
    expect(kindNodeImage('1.33.4')).toBe('kindest/node:v1.33.4');
    expect(kindNodeImage('1.34', 'registry.local/node:v1.34.2@sha256:abc')).toBe('registry.local/node:v1.34.2@sha256:abc');
    expect(() => kindNodeImage('1.21')).toThrow(/no known kind node image for Kubernetes 1\.21: set kubernetes-version to a full version .* or the config's smoke\.kindNodeImage \(known: 1\.37, 1\.35, 1\.34\)/);
  });

  it('creates a multi-node cluster with its own kubeconfig, loads images by name, deletes by name', () => {
    const settings = { binary: 'kind', name: kindClusterName('A1b2c3'), image: 'kindest/node:v1.34.0', workers: 2, waitSeconds: 180, timeoutSeconds: 600 };
    expect(settings.name).toBe('tg-smoke-a1b2c3');
    expect(createArgs(settings, '/t/kind.yaml', '/t/kubeconfig')).toEqual(['create', 'cluster', '--name', 'tg-smoke-a1b2c3', '--image', 'kindest/node:v1.34.0', '--config', '/t/kind.yaml', '--kubeconfig', '/t/kubeconfig', '--wait', '180s']);
    expect(kindConfig(2)).toBe('kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnodes:\n  - role: control-plane\n  - role: worker\n  - role: worker\n');
    // kubeadm patches for every node (a cgroup v1 host needs the kubelet's failCgroupV1: false from 1.35).
    expect(kindConfig(1, ['kind: KubeletConfiguration\nfailCgroupV1: false\n'])).toBe(
      'kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnodes:\n  - role: control-plane\n  - role: worker\nkubeadmConfigPatches:\n  - |\n    kind: KubeletConfiguration\n    failCgroupV1: false\n',
    );
    expect(loadArgs('tg-smoke-a1b2c3', ['ghcr.io/acme/api:pr-12', 'ghcr.io/acme/worker:pr-12'])).toEqual(['load', 'docker-image', 'ghcr.io/acme/api:pr-12', 'ghcr.io/acme/worker:pr-12', '--name', 'tg-smoke-a1b2c3']);
    expect(deleteArgs('tg-smoke-a1b2c3', '/t/kubeconfig')).toEqual(['delete', 'cluster', '--name', 'tg-smoke-a1b2c3', '--kubeconfig', '/t/kubeconfig']);
  });
});

const kind = process.env.TG_KIND;
const plans = analyze(
  [
    {
      path: 'web.yaml',
      content:
        'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web, image: tg/app:v1, ports: [{containerPort: 8080}]}]\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}\n',
    },
  ],
  { smokePlans: true },
).smokePlans!;

describe.skipIf(!kind)(`the real kind CLI${kind ? '' : ' (skipped: TG_KIND is not set; npm test builds kind and sets it)'}`, () => {
  const withoutDocker = async <T>(action: () => Promise<T>): Promise<T> => {
    const saved = process.env.DOCKER_HOST;
    // A Docker endpoint nobody serves: kind's docker calls fail as on a runner without Docker.
    process.env.DOCKER_HOST = `unix://${join(tmpdir(), `tg-no-docker-${process.pid}.sock`)}`;
    try {
      return await action();
    } finally {
      if (saved === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = saved;
    }
  };

  it('is the pinned version', async () => {
    expect(await KindCluster.version(kind!)).toMatch(/^kind v0\.33\.0 /);
  });

  it('without a Docker engine: a clear error, nothing left behind', async () => {
    const logs: string[] = [];
    const error = await withoutDocker(() =>
      runSmokeSession(plans, { mode: 'kind', kindBinary: kind!, kubernetesVersion: '1.34', settings: defaultSmokeConfig, proberCommand: ['true'], log: (m) => logs.push(m) }).then(
        () => undefined,
        (e: unknown) => e,
      ),
    );
    expect(error).toBeInstanceOf(SmokeUnavailable);
    expect((error as Error).message).toMatch(/^kind create cluster tg-smoke-[0-9a-f]{6}: kind needs a running Docker \(or Podman\) engine, and none answers \(.*Cannot connect to the Docker daemon/);
    expect(logs[0]).toMatch(/^smoke: kind create cluster --name tg-smoke-[0-9a-f]{6} --image kindest\/node:v1\.34\.0 --config \S+\/kind\.yaml --kubeconfig \S+\/kubeconfig --wait 180s$/);
    // kind's own output is streamed as it prints it, not only kept for the error.
    expect(logs.slice(1).some((line) => /^kind: .*(Creating cluster|ERROR)/.test(line))).toBe(true);
  }, 60_000);

  it('a version without a known node image is refused before kind creates anything', async () => {
    const error = await runSmokeSession(plans, { mode: 'kind', kindBinary: kind!, kubernetesVersion: '1.21', settings: defaultSmokeConfig, proberCommand: ['true'], log: () => {} }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/no known kind node image for Kubernetes 1\.21/);
  });

  it('the CLI: smoke --cluster kind exits 2 naming the cause; a missing kind binary is named too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-kind-cli-'));
    try {
      writeFileSync(join(dir, 'web.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web, image: tg/app:v1, ports: [{containerPort: 8080}]}]\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}\n');
      const cli = (args: string[]) =>
        new Promise<{ code: number; stderr: string }>((resolve) => {
          execFile(process.execPath, [join(inject('freshDist'), 'cli.js'), 'smoke', 'web.yaml', ...args], { cwd: dir, env: { ...process.env, DOCKER_HOST: 'unix:///nonexistent/docker.sock' } }, (error, _stdout, stderr) =>
            resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stderr }),
          );
        });
      const noDocker = await cli(['--cluster', 'kind', '--kind-binary', kind!]);
      expect(noDocker.code).toBe(2);
      expect(noDocker.stderr).toMatch(/termination-guard: the smoke test needs a cluster: kind create cluster tg-smoke-\w+: kind needs a running Docker \(or Podman\) engine/);
      const noKind = await cli(['--cluster', 'kind', '--kind-binary', join(dir, 'kind')]);
      expect(noKind.code).toBe(2);
      expect(noKind.stderr).toMatch(/the smoke test needs a cluster: kind version: the kind CLI is not installed/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
