// The Action end to end on a pull request: the bundle as a real process, a real git repository
// with base and head commits, a real webhook payload, and a local GitHub that validates every
// request against GitHub's OpenAPI description.
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { expectGolden } from '../helpers.js';
import { FakeGitHub, type FakeGitHubOptions } from './fake-github.js';

const require = createRequire(import.meta.url);
const examples = require('@octokit/webhooks-examples/api.github.com/index.json') as { name: string; examples: Record<string, any>[] }[];
const openedExample = examples.find((e) => e.name === 'pull_request')?.examples.find((e) => e.action === 'opened') as Record<string, any>;

const web = (grace: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      terminationGracePeriodSeconds: ${grace}
      containers:
        - name: app
          image: example/web:1
          ports:
            - containerPort: 8080
          readinessProbe:
            tcpSocket:
              port: 8080
          lifecycle:
            preStop:
              sleep:
                seconds: 10
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector:
    app: web
  ports:
    - port: 80
      targetPort: 8080
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
  namespace: shop
spec:
  maxUnavailable: 1
  unhealthyPodEvictionPolicy: AlwaysAllow
  selector:
    matchLabels:
      app: web
`;

let repo: string;
let github: FakeGitHub;
const dates = { GIT_AUTHOR_DATE: '2026-11-01T00:00:00Z', GIT_COMMITTER_DATE: '2026-11-01T00:00:00Z' };
const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8', env: { ...process.env, ...dates } }).trim();
const write = (path: string, content: string) => {
  mkdirSync(join(repo, path, '..'), { recursive: true });
  writeFileSync(join(repo, path), content);
};

/** A repository whose feature branch changes deploy/web.yaml; returns base and head SHAs. */
function makeRepo(headGrace: string, extra?: (write: (p: string, c: string) => void) => void, baseGrace = '45') {
  repo = mkdtempSync(join(tmpdir(), 'tg-action-pr-'));
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'dev@example.com');
  git('config', 'user.name', 'dev');
  write('deploy/web.yaml', web(baseGrace));
  write('docs/README.md', '# shop\n');
  git('add', '.');
  git('commit', '-q', '-m', 'base');
  const base = git('rev-parse', 'HEAD');
  git('checkout', '-q', '-b', 'feature');
  write('deploy/web.yaml', web(headGrace));
  extra?.(write);
  git('add', '.');
  git('commit', '-q', '-m', 'head');
  return { base, head: git('rev-parse', 'HEAD') };
}

function patches(base: string, head: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const path of git('diff', '--name-only', base, head).split('\n').filter(Boolean)) {
    files[path] = git('diff', '-U3', base, head, '--', path).split('\n').slice(4).join('\n');
  }
  return files;
}

async function runAction(shas: { base: string; head: string }, inputs: Record<string, string> = {}, fork = false) {
  const payload = structuredClone(openedExample);
  payload.repository.full_name = 'acme/shop';
  payload.repository.name = 'shop';
  payload.repository.owner.login = 'acme';
  payload.number = 7;
  payload.pull_request.number = 7;
  payload.pull_request.base.sha = shas.base;
  payload.pull_request.head.sha = shas.head;
  payload.pull_request.base.repo.full_name = 'acme/shop';
  payload.pull_request.head.repo.full_name = fork ? 'someone/shop' : 'acme/shop';
  const runner = mkdtempSync(join(tmpdir(), 'tg-runner-'));
  const eventPath = join(runner, 'event.json');
  writeFileSync(eventPath, JSON.stringify(payload));
  for (const file of ['output', 'summary.md']) writeFileSync(join(runner, file), '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_SHA: shas.head,
    GITHUB_WORKSPACE: repo,
    GITHUB_API_URL: github.url,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_OUTPUT: join(runner, 'output'),
    GITHUB_STEP_SUMMARY: join(runner, 'summary.md'),
    RUNNER_TEMP: runner,
    'INPUT_GITHUB-TOKEN': 'ghs_test_token',
    INPUT_PATHS: 'deploy',
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const result = await new Promise<{ code: number; stdout: string }>((resolve) => {
    execFile(process.execPath, [join(inject('freshDist'), 'index.js')], { cwd: repo, env, encoding: 'utf8' }, (error, stdout) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout }),
    );
  });
  return { ...result, outputs: readFileSync(join(runner, 'output'), 'utf8'), summary: readFileSync(join(runner, 'summary.md'), 'utf8') };
}

async function startGitHub(options: FakeGitHubOptions) {
  github = new FakeGitHub(options);
  await github.start();
}

const golden = (name: string, actual: string) => expectGolden(`comments/${name}`, actual);

afterEach(async () => {
  expect(github.violations).toEqual([]);
  await github.stop();
});

describe('the Action on a pull request', () => {
  let shas: { base: string; head: string };
  beforeEach(async () => {
    shas = makeRepo('10');
    await startGitHub({ files: patches(shas.base, shas.head) });
  });

  it('posts one sticky comment and a review with a suggestion on the changed line, and fails on the new error', async () => {
    const run = await runAction(shas);
    expect(run.code).toBe(1);
    expect(github.comments).toHaveLength(1);
    golden('new-error.md', github.comments[0].body);
    expect(github.comments[0].body).toContain('<!-- termination-guard:sticky-comment -->');
    expect(github.reviews).toHaveLength(1);
    const suggestion = github.reviewComments.find((c) => c.body.includes('pod/prestop-exceeds-grace'));
    expect(suggestion?.line).toBe(16);
    expect(suggestion?.body).toContain('```suggestion\n      terminationGracePeriodSeconds: 25\n```');
    expect(run.outputs).toMatch(/new-errors<<\S+\n1\n/);
    expect(run.outputs).toMatch(/verdict<<\S+\nfail\n/);
    expect(run.stdout).toContain('::error title=pod/prestop-exceeds-grace,file=deploy/web.yaml,line=28');
  });

  it('edits nothing when run again on the same change, and updates in place when the result changes', async () => {
    await runAction(shas);
    const before = github.requests.length;
    await runAction(shas);
    const second = github.requests.slice(before);
    expect(second.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.operation}`)).toEqual([]);
    expect(github.comments).toHaveLength(1);

    write('deploy/web.yaml', web('40'));
    git('commit', '-qam', 'fix grace');
    const fixed = { base: shas.base, head: git('rev-parse', 'HEAD') };
    github.options.files = patches(fixed.base, fixed.head);
    const run = await runAction(fixed);
    expect(run.code).toBe(0);
    expect(github.comments).toHaveLength(1);
    expect(github.requests.some((r) => r.method === 'PATCH')).toBe(true);
    expect(github.reviewComments).toEqual([]);
    golden('passing.md', github.comments[0].body);

    // Reverting the manifest entirely: the comment says so instead of going stale.
    write('deploy/web.yaml', web('45'));
    git('commit', '-qam', 'revert');
    const reverted = { base: shas.base, head: git('rev-parse', 'HEAD') };
    github.options.files = patches(reverted.base, reverted.head);
    expect((await runAction(reverted)).code).toBe(0);
    expect(github.comments).toHaveLength(1);
    golden('nothing-changed.md', github.comments[0].body);
  });

  it('never edits a comment with our marker written by someone else', async () => {
    github.comments.push({ id: 1, body: '<!-- termination-guard:sticky-comment -->\nquoted by a human', user: { login: 'alice', type: 'User' }, html_url: '', created_at: '', updated_at: '' });
    await runAction(shas);
    expect(github.comments).toHaveLength(2);
    expect(github.comments[0].body).toContain('quoted by a human');
  });

  it('survives a 5xx, a secondary rate limit and a rejected review anchor', async () => {
    github.faults.push(
      { match: /^GET \/repos\/acme\/shop\/issues\/7\/comments/, status: 502 },
      { match: /^POST \/repos\/acme\/shop\/issues\/7\/comments/, status: 403, headers: { 'retry-after': '1' }, body: { message: 'You have exceeded a secondary rate limit' } },
      { match: /^POST \/repos\/acme\/shop\/pulls\/7\/reviews/, status: 422, body: { message: 'Unprocessable Entity', errors: ['Pull request review thread line must be part of the diff'] } },
    );
    const run = await runAction(shas);
    expect(run.code).toBe(1);
    expect(github.faults).toEqual([]);
    expect(github.comments).toHaveLength(1);
    expect(github.reviewComments.length).toBeGreaterThan(0);
  }, 60_000);
});

describe('a PR that fixes what base had', () => {
  it('lists the fixed finding and passes', async () => {
    const shas = makeRepo('40', undefined, '0');
    await startGitHub({ files: patches(shas.base, shas.head) });
    const run = await runAction(shas);
    expect(run.code).toBe(0);
    golden('fixed.md', github.comments[0].body);
    expect(github.comments[0].body).toContain('### 🎉 Fixed by this change');
    expect(github.comments[0].body).toContain('**pod/grace-period-zero** Deployment shop/web');
    expect(run.outputs).toMatch(/fixed-errors<<\S+\n2\n/); // grace-period-zero and the sleep longer than a 0 s grace
  });
});

describe('degraded and quiet cases', () => {
  it('fork PR with a read-only token: one notice, the verdict still in the exit code', async () => {
    const shas = makeRepo('10');
    await startGitHub({ files: patches(shas.base, shas.head), readOnly: true, installationToken: true });
    const run = await runAction(shas, {}, true);
    expect(run.code).toBe(1);
    expect(run.stdout.match(/::notice::termination-guard: the token cannot write/g)).toHaveLength(1);
    expect(github.comments).toEqual([]);
    expect(run.summary).toContain('### ❌ Deployment shop/web');
  });

  it('no manifest changed: passes at once and says so', async () => {
    const shas = makeRepo('45', (w) => w('docs/README.md', '# shop, documented\n'));
    await startGitHub({ files: patches(shas.base, shas.head) });
    const run = await runAction(shas);
    expect(run.code).toBe(0);
    expect(run.summary).toContain('No Kubernetes manifests changed under deploy');
    expect(run.outputs).toMatch(/verdict<<\S+\npass\n/);
    expect(github.comments).toEqual([]);
  });
});
