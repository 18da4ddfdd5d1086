// Hostile pull requests, part 1 and 3 of issue 15: every read stays inside the repository (no
// `..`, no .git/, no symlink followed), and what could not be analysed cannot slip past the gate.
// Each case is a reproduction that leaked or passed before the confined reader; the CLI runs as a
// real process from a bundle of the current source.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';

const secret = 'ghp_SECRETSECRETSECRETSECRET0123456789';

function cli(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [join(inject('freshDist'), 'cli.js'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, all: `${result.stdout}\n${result.stderr}` };
}

/** A repository inside a sandbox directory that also holds a "credentials" file outside it. */
function sandbox(files: Record<string, string>): { repo: string; outside: string } {
  const top = mkdtempSync(join(tmpdir(), 'tg-confine-'));
  const outside = join(top, 'home', '.git-credentials');
  mkdirSync(dirname(outside), { recursive: true });
  writeFileSync(outside, `https://x-access-token:${secret}@github.com\n`);
  const repo = join(top, 'work', 'repo');
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(repo, path)), { recursive: true });
    writeFileSync(join(repo, path), content);
  }
  execFileSync('git', ['init', '-q', repo]);
  execFileSync('git', ['-C', repo, 'config', 'http.extraheader', `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${secret}`).toString('base64')}`]);
  return { repo, outside };
}

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  replicas: 2
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
        - name: api
          image: ghcr.io/example/api:1
          ports: [{containerPort: 8080}]
`;
const dockerfile = (copy: string) => `FROM debian:12-slim\n${copy}\nCMD ["sh", "/app/start.sh"]\n`;

describe('the confined reader', () => {
  it.each([
    ['a COPY that climbs out of the repository', 'COPY ../../home/.git-credentials /app/start.sh'],
    ['a COPY of .git/config (the checkout token)', 'COPY .git/config /app/start.sh'],
  ])('does not read %s, and says what it refused where', (_name, copy) => {
    const { repo } = sandbox({ 'deploy/api.yaml': deployment, 'api/Dockerfile': dockerfile(copy) });
    const run = cli(['check', '.', '--format', 'markdown'], repo);
    expect(run.all).not.toContain(secret);
    expect(run.all).not.toContain(Buffer.from(`x-access-token:${secret}`).toString('base64'));
    expect(run.stdout).toMatch(/api\/Dockerfile:2: not read: \S+ \((outside the repository|inside \.git\/)\)/);
  });

  it('does not follow a committed symlink to a file outside', () => {
    const { repo, outside } = sandbox({ 'deploy/api.yaml': deployment, 'api/Dockerfile': dockerfile('COPY start.sh /app/start.sh') });
    symlinkSync(outside, join(repo, 'api', 'start.sh'));
    const run = cli(['check', '.', '--format', 'markdown'], repo);
    expect(run.all).not.toContain(secret);
    expect(run.stdout).toContain('not read: api/start.sh (a symlink (not followed))');
  });

  it('does not walk a scanned path that is a symlink (deploy -> /), and fails the gate on it', () => {
    const { repo } = sandbox({ 'README.md': 'x' });
    symlinkSync('/', join(repo, 'deploy'));
    const run = cli(['check', 'deploy', '--format', 'json'], repo);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).errors[0].message).toBe('not read: deploy is a symlink, which is not followed');
  });

  it('does not read a manifest or a config file that is a symlink to a secret', () => {
    const { repo, outside } = sandbox({ 'deploy/api.yaml': deployment });
    symlinkSync(outside, join(repo, 'deploy', 'leak.yaml'));
    const run = cli(['check', 'deploy', '--format', 'json'], repo);
    expect(run.all).not.toContain(secret);
    expect(JSON.parse(run.stdout).errors).toEqual([{ file: 'deploy/leak.yaml', line: 1, message: 'not read: a symlink (not followed)' }]);
    mkdirSync(join(repo, '.github'));
    symlinkSync(outside, join(repo, '.github', 'termination-guard.yml'));
    const config = cli(['check', 'deploy'], repo);
    expect(config.code).toBe(2);
    expect(config.all).not.toContain(secret);
    expect(config.stderr).toContain('config file .github/termination-guard.yml not read: a symlink (not followed)');
  });
});

describe('text that is not binary', () => {
  it('reads valid UTF-8 with U+FFFD in a comment, and UTF-16 with a byte order mark', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(deployment.replace('name: api,', 'name: api16,'), 'utf16le')]);
    const { repo } = sandbox({ 'deploy/api.yaml': `# replacement character: \uFFFD\n${deployment}` });
    writeFileSync(join(repo, 'deploy', 'api16.yaml'), utf16);
    const run = cli(['check', 'deploy', '--format', 'json'], repo);
    const report = JSON.parse(run.stdout);
    expect(report.errors).toEqual([]);
    expect(new Set(report.findings.map((f: { object: { name: string } }) => f.object.name))).toEqual(new Set(['api', 'api16']));
  });

  it('still refuses real binary, as an input error that fails the gate', () => {
    const { repo } = sandbox({ 'deploy/api.yaml': deployment });
    writeFileSync(join(repo, 'deploy', 'blob.yaml'), Buffer.from([0x6b, 0x3a, 0x20, 0xc3, 0x28, 0x0a]));
    const run = cli(['check', 'deploy', '--format', 'json', '--fail-on', 'never'], repo);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).errors[0]).toMatchObject({ file: 'deploy/blob.yaml', message: 'file is not text (it is not valid UTF-8); it was not analysed' });
  });
});

describe('git plumbing that no file name can confuse', () => {
  it('reads every head and base file when a name holds a newline', () => {
    const { repo } = sandbox({ 'deploy/api.yaml': deployment });
    const git = (...args: string[]) => execFileSync('git', ['-C', repo, '-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { encoding: 'utf8' });
    git('add', '.');
    git('commit', '-qm', 'base');
    writeFileSync(join(repo, 'deploy', 'evil\nname.yaml'), deployment.replace('name: api,', 'name: evil,'));
    writeFileSync(join(repo, 'deploy', 'api.yaml'), deployment.replace('replicas: 2', 'replicas: 3'));
    git('add', '.');
    git('commit', '-qm', 'head');
    const run = cli(['check', 'deploy', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json'], repo);
    const report = JSON.parse(run.stdout);
    expect(report.errors).toEqual([]);
    expect(report.comparison.changedObjects).toBe(2);
    expect(new Set(report.findings.map((f: { object: { name: string } }) => f.object.name))).toEqual(new Set(['api', 'evil']));
  });
});
