// The PR view on a real git repository: base and head commits, the CLI as a process.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { GitSource } from '../src/sources/git.js';
import { onDeleteDaemonSet } from './web-fixture.js';

const deployment = (name: string, extra = '', labels = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: shop${labels}
spec:
  replicas: 2
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:${extra}
      containers:
        - name: app
          image: example/${name}:1
          ports: [{containerPort: 8080}]
          readinessProbe: {tcpSocket: {port: 8080}}
---
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: shop}
spec:
  selector: {app: ${name}}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: ${name}, namespace: shop}
spec:
  maxUnavailable: 1
  unhealthyPodEvictionPolicy: AlwaysAllow
  selector: {matchLabels: {app: ${name}}}
`;
const daemonset = onDeleteDaemonSet({ name: 'worker', namespace: 'shop' });

let repo: string;
const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim();
const write = (path: string, content: string) => {
  mkdirSync(join(repo, path, '..'), { recursive: true });
  writeFileSync(join(repo, path), content);
};
function cli(args: string[]) {
  const result = spawnSync(process.execPath, [join(inject('freshDist'), 'cli.js'), ...args], { cwd: repo, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'tg-pr-'));
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'test@example.com');
  git('config', 'user.name', 'test');
  write('deploy/web.yaml', deployment('web'));
  write('deploy/db.yaml', deployment('db', '\n      terminationGracePeriodSeconds: 0'));
  write('deploy/worker.yaml', daemonset);
  write('README.md', '# app\n');
  git('add', '.');
  git('commit', '-q', '-m', 'base');
  git('checkout', '-q', '-b', 'feature');
  // The change: a new error on web, db fixed, a new shell-wrapped StatefulSet, worker untouched.
  write('deploy/web.yaml', deployment('web', '\n      terminationGracePeriodSeconds: 0'));
  write('deploy/db.yaml', deployment('db'));
  write(
    'deploy/cache.yaml',
    deployment('cache').replace('image: example/cache:1', 'image: debian:bookworm-slim\n          command: ["sh", "-c", "mkdir -p /d; cache-server"]'),
  );
  git('add', '.');
  git('commit', '-q', '-m', 'head');
});

describe('check --base (PR view)', () => {
  it('lists changed files with their git status', () => {
    const changes = new GitSource(repo).changedFiles('main', 'feature');
    expect(changes).toEqual([
      { status: 'added', path: 'deploy/cache.yaml' },
      { status: 'modified', path: 'deploy/db.yaml' },
      { status: 'modified', path: 'deploy/web.yaml' },
    ]);
  });

  it('marks new and existing findings, lists fixed ones, and ignores unchanged objects', () => {
    const { code, stdout } = cli(['check', 'deploy', '--base', 'main', '--head', 'feature', '--format', 'json']);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    const seen = report.findings.map((f: { ruleId: string; object: { name: string }; status: string }) => `${f.status} ${f.ruleId} ${f.object.name}`);
    expect(seen).toContain('new pod/grace-period-zero web');
    expect(seen).toContain('existing pod/prestop-missing web');
    expect(seen).toContain('new runtime/shell-pid1 cache');
    expect(seen.some((s: string) => s.includes('worker'))).toBe(false);
    expect(report.comparison.fixed.map((f: { ruleId: string; object: { name: string } }) => `${f.ruleId} ${f.object.name}`)).toEqual(['pod/grace-period-zero db']);
    expect(report.summary).toMatchObject({ gate: 'fail', failOn: 'new-errors', fixed: 1 });
    expect(report.summary.new).toBeGreaterThanOrEqual(2);
  });

  it('compares the working tree when --head is not given, and passes when errors only pre-exist', () => {
    git('checkout', '-q', 'main');
    write('deploy/db.yaml', deployment('db', '\n      terminationGracePeriodSeconds: 0', '\n  labels: {team: data}'));
    const json = cli(['check', 'deploy', '--base', 'main', '--format', 'json']);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report.findings.find((f: { ruleId: string }) => f.ruleId === 'pod/grace-period-zero').status).toBe('existing');
    expect(report.summary).toMatchObject({ gate: 'pass', new: 0 });
    expect(cli(['check', 'deploy', '--base', 'main', '--fail-on', 'errors']).code).toBe(1);
    const text = cli(['check', 'deploy', '--base', 'main']).stdout;
    expect(text).toContain('[existing]');
    expect(text).toMatch(/Compared with main \([0-9a-f]{12}\): 1 changed object/);
    git('checkout', '-q', '--', '.');
  });

  it('explains a base that is not in the repository', () => {
    const { code, stderr } = cli(['check', 'deploy', '--base', 'no-such-branch']);
    expect(code).toBe(2);
    // A full clone: no hint about shallow checkouts, and the branches it does have.
    expect(stderr).toMatch(/no-such-branch is not a branch, tag or commit in this repository \(its branches: [^)]*\bmain\b/);
    expect(stderr).not.toContain('shallow');
  });
});
