// The Action beyond the plain pull_request run: other events, checkouts git cannot answer from,
// GitHub's merge-commit checkout, a PR larger than GitHub lists, and the fork pattern's two
// workflows. Same harness: the bundle as a real process against the validating local GitHub.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { maxCommentLength } from '../../src/report/comment.js';
import { chart, preStopPatch, webDocuments } from '../web-fixture.js';
import { findTool } from '../../src/sources/render/tools.js';
import { examplePayload, git, github, golden, makeRepo, makeRepoFrom, output, repo, runAction, startGitHub, web, write } from './action-harness.js';

afterEach(async () => {
  expect(github.violations).toEqual([]);
  await github.stop();
});

describe('when git cannot answer', () => {
  it('a checkout without .git reads the change over the REST API and gives the same comment', async () => {
    const shas = makeRepo('10');
    await startGitHub({ git: { dir: repo, ...shas } });
    const workspace = mkdtempSync(join(tmpdir(), 'tg-nogit-'));
    cpSync(repo, workspace, { recursive: true });
    rmSync(join(workspace, '.git'), { recursive: true });

    const run = await runAction(shas, {}, false, { workspace });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('reading the change over the REST API instead');
    expect(github.requests.map((r) => r.operation)).toEqual(
      expect.arrayContaining(['/repos/{owner}/{repo}/compare/{basehead}', '/repos/{owner}/{repo}/contents/{path}', '/repos/{owner}/{repo}/pulls/{pull_number}/files']),
    );
    // Same analysis as from git: the golden of the git run.
    golden('new-error.md', github.comments[0].body);
    // The head versions were compared over the API, so the suggestion is still placed.
    expect(github.reviewComments.find((c) => c.body.includes('pod/prestop-exceeds-grace'))?.line).toBe(16);
  });

  it('a renamed and a deleted manifest are read at the merge base over the API', async () => {
    const shas = makeRepo('45', (w) => {
      w('deploy/worker.yaml', web('45').replaceAll('web', 'worker'));
    });
    // Base has web.yaml (grace 45); head renames it and lowers the grace, and deletes nothing else.
    git('checkout', '-q', 'main');
    write('deploy/old-job.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: old\n  namespace: shop\nspec:\n  terminationGracePeriodSeconds: 0\n  containers:\n    - name: job\n      image: example/job:1\n');
    git('add', '.');
    git('commit', '-q', '-m', 'old job on main');
    const base = git('rev-parse', 'HEAD');
    git('checkout', '-q', 'feature');
    git('merge', '-q', '--no-edit', 'main');
    git('mv', 'deploy/web.yaml', 'deploy/web-renamed.yaml');
    write('deploy/web-renamed.yaml', web('10'));
    git('rm', '-q', 'deploy/old-job.yaml');
    git('commit', '-qam', 'rename, lower grace, delete old');
    const head = git('rev-parse', 'HEAD');
    await startGitHub({ git: { dir: repo, base, head } });
    const workspace = mkdtempSync(join(tmpdir(), 'tg-nogit-'));
    cpSync(repo, workspace, { recursive: true });
    rmSync(join(workspace, '.git'), { recursive: true });

    const run = await runAction({ base, head }, {}, false, { workspace });
    expect(run.stdout).toMatch(/renamed\s+deploy\/web\.yaml → deploy\/web-renamed\.yaml/);
    expect(run.stdout).toMatch(/deleted\s+deploy\/old-job\.yaml/);
    const body = github.comments[0].body;
    // web: existing in base as web.yaml, so the lowered grace is the only new error…
    expect(body).toMatch(/pod\/prestop-exceeds-grace\.md\)\*\* `new`/);
    // …and the deleted Pod's zero grace counts as fixed.
    expect(body).toContain('✅ **pod/grace-period-zero** Pod shop/old');
    expect(shas.base).not.toBe(base);
  });
});

/** Like actions/checkout on pull_request: a depth-1 fetch of GitHub's merge commit. */
function mergeCheckout(base: string, head: string): { workspace: string; merge: string } {
  git('checkout', '-q', '--detach', base);
  git('merge', '-q', '--no-ff', '--no-edit', head);
  const merge = git('rev-parse', 'HEAD');
  git('update-ref', 'refs/pull/7/merge', merge);
  git('checkout', '-q', 'feature');
  git('config', 'uploadpack.allowAnySHA1InWant', 'true');
  const workspace = mkdtempSync(join(tmpdir(), 'tg-merge-checkout-'));
  const inWorkspace = (...args: string[]) => execFileSync('git', args, { cwd: workspace, stdio: 'pipe' });
  inWorkspace('init', '-q');
  inWorkspace('remote', 'add', 'origin', `file://${repo}`);
  inWorkspace('fetch', '-q', '--depth=1', 'origin', '+refs/pull/7/merge:refs/remotes/pull/7/merge');
  inWorkspace('checkout', '-q', '--detach', 'refs/remotes/pull/7/merge');
  return { workspace, merge };
}

describe("GitHub's merge commit, checked out shallow", () => {
  it('finds the change from the merge commit and places suggestions when the file is as in head', async () => {
    const shas = makeRepo('10');
    await startGitHub({ git: { dir: repo, ...shas } });
    const { workspace, merge } = mergeCheckout(shas.base, shas.head);
    const run = await runAction(shas, {}, false, { workspace, sha: merge });
    expect(run.code).toBe(1);
    golden('new-error.md', github.comments[0].body);
    expect(github.reviewComments.find((c) => c.body.includes('pod/prestop-exceeds-grace'))?.line).toBe(16);
  });

  it('keeps suggestions off a file whose merged lines differ from head, and says why', async () => {
    const shas = makeRepo('10');
    // main moves on and adds a line on top of the same file: merged lines shift by one.
    git('checkout', '-q', 'main');
    write('deploy/web.yaml', `# owned by the shop team\n${web('45')}`);
    git('commit', '-qam', 'ownership note');
    const base = git('rev-parse', 'HEAD');
    git('checkout', '-q', 'feature');
    await startGitHub({ git: { dir: repo, base, head: shas.head } });
    const { workspace, merge } = mergeCheckout(base, shas.head);
    const run = await runAction({ base, head: shas.head }, {}, false, { workspace, sha: merge });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('deploy/web.yaml: the checkout differs from the PR head');
    expect(github.comments[0].body).toContain('pod/prestop-exceeds-grace');
    expect(github.reviewComments).toEqual([]);
  });
});

describe('events without a pull request', () => {
  it('push: compares before and after, annotates, fails, and comments nowhere', async () => {
    const shas = makeRepo('10');
    await startGitHub({ git: { dir: repo, ...shas } });
    const payload = examplePayload('push');
    payload.before = shas.base;
    payload.after = shas.head;
    const run = await runAction(shas, {}, false, { event: 'push', payload });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('::error title=pod/prestop-exceeds-grace,file=deploy/web.yaml,line=28');
    expect(output(run, 'new-errors')).toBe('1');
    expect(run.summary).toContain('### ❌ Deployment shop/web');
    expect(github.writes()).toEqual([]);
    expect(github.comments).toEqual([]);
  });

  it('push of a new branch (before is all zeros): the whole tree is checked', async () => {
    const shas = makeRepo('10');
    await startGitHub({ git: { dir: repo, ...shas } });
    const payload = examplePayload('push');
    payload.before = '0000000000000000000000000000000000000000';
    payload.after = shas.head;
    const run = await runAction(shas, {}, false, { event: 'push', payload });
    expect(run.code).toBe(1); // fail-on new-errors: with no base, every finding is new
    expect(run.stdout).toContain('1 files, 3 objects, 1 workloads');
    expect(github.requests).toEqual([]);
  });

  it('merge_group: the queue entry is checked against its base', async () => {
    const shas = makeRepo('10');
    await startGitHub({ git: { dir: repo, ...shas } });
    const payload = examplePayload('merge_group', 'checks_requested');
    payload.merge_group.base_sha = shas.base;
    payload.merge_group.head_sha = shas.head;
    const run = await runAction(shas, {}, false, { event: 'merge_group', payload });
    expect(run.code).toBe(1);
    expect(output(run, 'verdict')).toBe('fail');
    expect(github.writes()).toEqual([]);
  });

  it('workflow_dispatch with a pull-request input reviews that PR', async () => {
    const shas = makeRepo('10');
    await startGitHub({ git: { dir: repo, ...shas } });
    const run = await runAction(shas, { 'pull-request': '7' }, false, { event: 'workflow_dispatch', payload: examplePayload('workflow_dispatch') });
    expect(run.code).toBe(1);
    expect(github.requests.some((r) => r.operation === '/repos/{owner}/{repo}/pulls/{pull_number}')).toBe(true);
    golden('new-error.md', github.comments[0].body);
  });
});

describe('a PR larger than GitHub lists', () => {
  it('analyses every changed file from git, keeps the comment under the limit, and says where the rest is', async () => {
    const count = 3100;
    const shas = makeRepo('45', (w) => {
      for (let i = 0; i < count; i++) w(`deploy/many/app-${String(i).padStart(4, '0')}.yaml`, web('10').replaceAll('web', `app-${i}`));
    });
    await startGitHub({ git: { dir: repo, ...shas } });
    const run = await runAction(shas);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('GitHub lists only the first 3,000');
    expect(output(run, 'new-errors')).toBe(String(count));
    const body = github.comments[0].body;
    expect(body.length).toBeLessThanOrEqual(maxCommentLength);
    expect(body).toContain('more files than GitHub lists (3,000)');
    expect(body).toMatch(/…and [\d,]+ more objects with findings — the full report is in the job summary\./);
    golden('huge-pr.md', body);
  }, 120_000);
});

describe('fork PRs: the two-workflow pattern', () => {
  async function analyseHalf() {
    const shas = makeRepo('10');
    await startGitHub({ git: { dir: repo, ...shas, headRepository: 'someone/shop' }, readOnly: true, installationToken: true });
    const run = await runAction(shas, {}, true);
    expect(run.code).toBe(1);
    expect(run.stdout.match(/::notice::termination-guard: the token cannot write/g)).toHaveLength(1);
    expect(github.comments).toEqual([]);
    const publication = output(run, 'publication') as string;
    expect(JSON.parse(readFileSync(publication, 'utf8')).review.comments.length).toBeGreaterThan(0);
    // The privileged half downloads the artifact into a directory of its own.
    const artifact = mkdtempSync(join(tmpdir(), 'tg-artifact-'));
    cpSync(publication, join(artifact, 'termination-guard-publication.json'));
    github.options.readOnly = false;
    github.options.installationToken = false;
    return { shas, artifact };
  }

  function workflowRun(headSha: string) {
    const payload = examplePayload('workflow_run', 'completed');
    payload.workflow_run.event = 'pull_request';
    payload.workflow_run.head_sha = headSha;
    payload.workflow_run.pull_requests = []; // GitHub leaves it empty for fork PRs
    return payload;
  }

  it('part 1 stores what it would post; part 2 posts it without checking anything out', async () => {
    const { shas, artifact } = await analyseHalf();
    const empty = mkdtempSync(join(tmpdir(), 'tg-privileged-'));
    const run = await runAction(shas, { publish: artifact }, false, { event: 'workflow_run', payload: workflowRun(shas.head), workspace: empty });
    expect(run.code).toBe(0);
    expect(github.comments).toHaveLength(1);
    golden('fork-pr.md', github.comments[0].body);
    expect(github.reviewComments.find((c) => c.body.includes('pod/prestop-exceeds-grace'))?.line).toBe(16);
  });

  it('part 2 refuses a publication for another commit, defuses mentions, and skips a PR that moved on', async () => {
    const { shas, artifact } = await analyseHalf();
    const file = join(artifact, 'termination-guard-publication.json');
    const empty = mkdtempSync(join(tmpdir(), 'tg-privileged-'));
    const stored = JSON.parse(readFileSync(file, 'utf8'));

    writeFileSync(file, JSON.stringify({ ...stored, headSha: shas.base }));
    const forged = await runAction(shas, { publish: artifact }, false, { event: 'workflow_run', payload: workflowRun(shas.head), workspace: empty });
    expect(forged.code).toBe(1);
    expect(forged.stdout).toContain('but the workflow run that produced it ran on');
    expect(github.comments).toEqual([]);

    writeFileSync(file, JSON.stringify({ ...stored, comment: `${stored.comment}\ncc @octocat` }));
    await runAction(shas, { publish: artifact }, false, { event: 'workflow_run', payload: workflowRun(shas.head), workspace: empty });
    expect(github.comments[0].body).toContain('cc @\u2060octocat');

    write('deploy/web.yaml', web('40'));
    git('commit', '-qam', 'newer push');
    (github.options.git as { head: string }).head = git('rev-parse', 'HEAD');
    const before = github.writes().length;
    const moved = await runAction(shas, { publish: artifact }, false, { event: 'workflow_run', payload: workflowRun(shas.head), workspace: empty });
    expect(moved.code).toBe(0);
    expect(moved.stdout).toContain('has moved on to');
    expect(github.writes().length).toBe(before);
  });
});

describe.skipIf(!findTool('helm') || !findTool('kustomize'))('charts and overlays in a PR', () => {
  it('a chart template change: the finding points into the template, and the suggestion edits its literal line', async () => {
    const literal = (grace: string) => chart('45', {}, 'deploy/chart')['deploy/chart/templates/deployment.yaml']?.replace('{{ .Values.grace }}', grace) as string;
    const shas = makeRepoFrom({ ...chart('45', {}, 'deploy/chart'), 'deploy/chart/templates/deployment.yaml': literal('45') }, { 'deploy/chart/templates/deployment.yaml': literal('10') });
    await startGitHub({ git: { dir: repo, ...shas } });
    const run = await runAction(shas);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/rendered chart deploy\/chart · default values: \d+ ms, 3 templates \(the checkout\)/);
    expect(run.stdout).toMatch(/rendered chart deploy\/chart · default values: \d+ ms, 3 templates \(base [0-9a-f]{12}\)/);
    const body = github.comments[0].body;
    expect(body).toContain('rendered from chart deploy/chart · default values');
    golden('chart-pr.md', body);
    const suggestion = github.reviewComments.find((c) => c.body.includes('pod/prestop-exceeds-grace'));
    expect(suggestion).toMatchObject({ path: 'deploy/chart/templates/deployment.yaml', line: 17 });
    expect(suggestion?.body).toContain('```suggestion\n      terminationGracePeriodSeconds: 25\n```');
  });

  it('a values change: the finding is new in that render, and no suggestion is put on a templated line', async () => {
    const shas = makeRepoFrom(chart('45', {}, 'deploy/chart'), { 'deploy/chart/values.yaml': 'replicas: 2\ngrace: 10\n' });
    await startGitHub({ git: { dir: repo, ...shas } });
    const run = await runAction(shas);
    expect(run.code).toBe(1);
    expect(output(run, 'new-errors')).toBe('1');
    expect(github.reviewComments.filter((c) => c.body.includes('```suggestion'))).toEqual([]);
  });

  it('an overlay that drops its preStop patch: a new warning in that overlay, the gate passes on new-errors', async () => {
    const { deployment } = webDocuments({ name: 'web', labels: true, replicas: '2', grace: '45', preStop: false });
    const shas = makeRepoFrom(
      {
        'deploy/base/kustomization.yaml': 'resources: [deployment.yaml]\n',
        'deploy/base/deployment.yaml': deployment,
        'deploy/overlays/prod/kustomization.yaml': 'resources: [../../base]\npatches:\n  - path: prestop.yaml\n',
        'deploy/overlays/prod/prestop.yaml': preStopPatch,
      },
      { 'deploy/overlays/prod/kustomization.yaml': 'resources: [../../base]\n', 'deploy/overlays/prod/prestop.yaml': null },
    );
    await startGitHub({ git: { dir: repo, ...shas } });
    const run = await runAction(shas);
    expect(run.code).toBe(0);
    const body = github.comments[0].body;
    expect(body).toContain('rendered from overlay deploy/overlays/prod');
    expect(body).toMatch(/prestop-missing\.md\)\*\* `new`/);
  });
});

describe('a Dockerfile in a PR', () => {
  const web = webDocuments({ name: 'api', replicas: '2', grace: '30', image: 'ghcr.io/acme/api:1.2.3' });
  const deployment = `${web.deployment}---\n${web.pdb}`;
  const dockerfile = (cmd: string) => `FROM python:3.12-slim\nRUN pip install gunicorn\nCOPY . /app\n${cmd}\n`;

  it('a change to shell form: a suggestion on the CMD line, and the Deployment that runs the image is reviewed too', async () => {
    const shas = makeRepoFrom(
      { 'deploy/api.yaml': deployment, 'services/api/Dockerfile': dockerfile('CMD ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]') },
      { 'services/api/Dockerfile': dockerfile('CMD gunicorn --bind 0.0.0.0:8000 app:app') },
    );
    await startGitHub({ git: { dir: repo, ...shas } });
    const run = await runAction(shas);
    expect(run.code, run.stdout).toBe(0);
    const body = github.comments[0]?.body ?? run.stdout;
    expect(body).toContain('Dockerfile services/api/Dockerfile');
    expect(body).toMatch(/runtime\/dockerfile-shell-form\.md\)\*\* `new`/);
    expect(body).toMatch(/Deployment api[\s\S]*runtime\/shell-pid1\.md\)\*\* `new`/);
    expect(body).toContain('`/bin/sh` (dash, from `python:3.12-slim`), which ignores SIGTERM');
    const suggestion = github.reviewComments.find((c) => c.body.includes('runtime/dockerfile-shell-form'));
    expect(suggestion).toMatchObject({ path: 'services/api/Dockerfile', line: 4 });
    expect(suggestion?.body).toContain('```suggestion\nCMD ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]\n```');
    expect(output(run, 'new-errors')).toBe('0');
  });

  it('a change elsewhere in the repository leaves the unchanged Dockerfile alone', async () => {
    const shas = makeRepoFrom(
      { 'deploy/api.yaml': deployment, 'services/api/Dockerfile': dockerfile('CMD gunicorn --bind 0.0.0.0:8000 app:app') },
      { 'deploy/api.yaml': deployment.replace('replicas: 2', 'replicas: 3') },
    );
    await startGitHub({ git: { dir: repo, ...shas } });
    await runAction(shas);
    const body = github.comments[0].body;
    expect(body).not.toContain('Dockerfile services/api/Dockerfile');
    expect(body).toMatch(/runtime\/shell-pid1\.md\)\*\* `existing`/);
  });
});
