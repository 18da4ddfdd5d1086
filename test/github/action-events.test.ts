// The Action beyond the plain pull_request run: other events, checkouts git cannot answer from,
// GitHub's merge-commit checkout, a PR larger than GitHub lists, and the fork pattern's two
// workflows. Same harness: the bundle as a real process against the validating local GitHub.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { chart, preStopPatch, webDocuments } from '../web-fixture.js';
import { findTool } from '../../src/sources/render/tools.js';
import { examplePayload, git, github, golden, makeRepo, makeRepoFrom, output, repo, runAction, runId, startGitHub, web, write } from './action-harness.js';

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
    expect(run.summary).toContain('<details><summary>❌ Deployment shop/web');
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
    // Grouped: one row and one section for 3,100 identical objects, far under GitHub's limit.
    expect(body.length).toBeLessThan(15_000);
    expect(body).toContain('more files than GitHub lists (3,000)');
    expect(body).toMatch(/\[pod\/prestop-exceeds-grace\]\([^)]+\) × 3,100 /);
    expect(body).toContain(`[job summary of this run](https://github.com/acme/shop/actions/runs/${runId})`);
    golden('huge-pr.md', body);
    // The job summary is the complete grouped report: every object, with its location.
    for (let i = 0; i < count; i++) expect(run.summary).toContain(`deploy/many/app-${String(i).padStart(4, '0')}.yaml:`);
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
    expect(run.stdout).not.toContain('does not match its schema');
    const publication = output(run, 'publication') as string;
    // Data bound to the run, never Markdown.
    const stored = JSON.parse(readFileSync(publication, 'utf8'));
    expect(Object.keys(stored).sort()).toEqual(['baseSha', 'format', 'headSha', 'number', 'repository', 'result', 'runId']);
    expect(stored).toMatchObject({ format: 'termination-guard/publication@2', repository: 'acme/shop', number: 7, baseSha: shas.base, headSha: shas.head, runId });
    expect(stored.result.findings.length).toBeGreaterThan(0);
    expect(stored.result.gate).toBeUndefined();
    expect(readFileSync(publication, 'utf8')).not.toContain('<!-- termination-guard');
    // The privileged half downloads the artifact into a directory of its own.
    const artifact = mkdtempSync(join(tmpdir(), 'tg-artifact-'));
    cpSync(publication, join(artifact, 'termination-guard-publication.json'));
    github.options.readOnly = false;
    github.options.installationToken = false;
    github.requests.length = 0; // from here on: what the privileged half asks
    return { shas, artifact, file: join(artifact, 'termination-guard-publication.json'), stored };
  }

  /** The workflow_run event of the analysing run, as GitHub sends it for a fork PR. */
  function workflowRun(headSha: string, change: (run: Record<string, any>) => void = () => {}) {
    const payload = examplePayload('workflow_run', 'completed');
    payload.workflow_run.event = 'pull_request';
    payload.workflow_run.id = runId;
    payload.workflow_run.head_sha = headSha;
    payload.workflow_run.head_repository.full_name = 'someone/shop';
    payload.workflow_run.pull_requests = []; // GitHub leaves it empty for fork PRs
    change(payload.workflow_run);
    return payload;
  }

  const privileged = (shas: { base: string; head: string }, artifact: string, payload = workflowRun(shas.head), inputs: Record<string, string> = {}) =>
    runAction(shas, { publish: artifact, ...inputs }, false, { event: 'workflow_run', payload, workspace: mkdtempSync(join(tmpdir(), 'tg-privileged-')) });

  /** Refused: a notice naming the reason, exit 0, and nothing written to the pull request. */
  function expectRefused(run: { code: number; stdout: string }, reason: string | RegExp) {
    expect(run.code, run.stdout).toBe(0);
    const notice = /^::notice::termination-guard: nothing posted: the publication is refused: (.*)$/m.exec(run.stdout)?.[1];
    expect(notice, run.stdout).toMatch(reason);
    expect(run.stdout).not.toMatch(/^\s+at /m); // no stack trace
    expect(github.writes()).toEqual([]);
  }

  it('part 1 stores the result; part 2 renders the comment and re-derives the suggestion, without checking anything out', async () => {
    const { shas, artifact } = await analyseHalf();
    const run = await privileged(shas, artifact);
    expect(run.code, run.stdout).toBe(0);
    expect(github.comments).toHaveLength(1);
    golden('fork-pr.md', github.comments[0].body);
    const suggestion = github.reviewComments.find((c) => c.body.includes('pod/prestop-exceeds-grace'));
    expect(suggestion?.line).toBe(16);
    expect(suggestion?.body).toContain('```suggestion\n      terminationGracePeriodSeconds: 25\n```');
    // The head file was read at the head commit, over the API.
    expect(github.requests.some((r) => r.operation === '/repos/{owner}/{repo}/contents/{path}' && decodeURIComponent(r.path).endsWith('/deploy/web.yaml'))).toBe(true);
  });

  it("part 2's gate is its own: fail-on never passes what part 1 failed", async () => {
    const { shas, artifact } = await analyseHalf();
    await privileged(shas, artifact, undefined, { 'fail-on': 'never' });
    expect(github.comments[0].body).toMatch(/^✅ \*\*termination-guard: passes: the gate is off \(fail-on never\)/m);
  });

  it.each([
    ['another run id', (p: Record<string, any>) => ({ ...p, runId: runId + 1 }), /says workflow run 4243 wrote it, but it comes from run 4242/],
    ['another head commit', (p: Record<string, any>) => ({ ...p, headSha: 'f'.repeat(40) }), /is for commit ffffffffffff, but the workflow run that produced it ran on/],
    ['another repository', (p: Record<string, any>) => ({ ...p, repository: 'acme/payments' }), /is for repository "acme\/payments", but this workflow runs in acme\/shop/],
    ['another pull request', (p: Record<string, any>) => ({ ...p, number: 8 }), /acme\/shop has no pull request #8/],
    ['the v1 format (rendered Markdown)', (p: Record<string, any>) => ({ format: 'termination-guard/publication@1', repository: p.repository, number: p.number, headSha: p.headSha, comment: '<!-- termination-guard:sticky-comment -->\napproved, safe to merge' }), /format is "termination-guard\/publication@1"/],
    ['a rendered comment added to the data', (p: Record<string, any>) => ({ ...p, comment: '<!-- termination-guard:sticky-comment -->\napproved' }), /does not match the publication schema \(\/ must NOT have additional properties\)/],
    ['a finding without its rule id', (p: Record<string, any>) => ({ ...p, result: { ...p.result, findings: p.result.findings.map((f: Record<string, any>) => ({ ...f, ruleId: undefined })) } }), /findings\/0 must have required property 'ruleId'/],
  ])('part 2 refuses a publication with %s: a notice, no post', async (_name, tamper, reason) => {
    const { shas, artifact, file, stored } = await analyseHalf();
    writeFileSync(file, JSON.stringify(tamper(stored)));
    expectRefused(await privileged(shas, artifact), reason);
  });

  it('part 2 refuses a publication from a run for another head repository', async () => {
    const { shas, artifact } = await analyseHalf();
    const run = await privileged(shas, artifact, workflowRun(shas.head, (r) => (r.head_repository.full_name = 'mallory/shop')));
    expectRefused(run, /pull request #7 comes from someone\/shop, but the workflow run that produced the publication ran for mallory\/shop/);
  });

  it('part 2 refuses a file over 32 MiB before reading it', async () => {
    const { shas, artifact, file, stored } = await analyseHalf();
    writeFileSync(file, JSON.stringify(stored).replace(/}$/, `${' '.repeat(32 * 1024 * 1024)}}`));
    expectRefused(await privileged(shas, artifact), /bytes, more than a publication may be \(33,554,432\)/);
  });

  it('part 2 refuses structures nested past the stack without crashing', async () => {
    const { shas, artifact, file, stored } = await analyseHalf();
    const deep = `${'['.repeat(5_000_000)}${']'.repeat(5_000_000)}`;
    stored.result.findings.find((f: Record<string, any>) => f.fix).fix.edits[0].value = 0;
    writeFileSync(file, JSON.stringify(stored).replace('"value":0', `"value":${deep}`));
    expectRefused(await privileged(shas, artifact), /nested too deeply to process/);
  });

  it('part 2 posts nothing for a PR whose head or base moved on', async () => {
    const { shas, artifact } = await analyseHalf();
    const pr = github.options.git as { base: string; head: string };
    git('checkout', '-q', 'main');
    write('docs/README.md', '# shop, moved on\n');
    git('commit', '-qam', 'main moves on');
    pr.base = git('rev-parse', 'HEAD');
    git('checkout', '-q', 'feature');
    const baseMoved = await privileged(shas, artifact);
    expect(baseMoved.code).toBe(0);
    expect(baseMoved.stdout).toMatch(/::notice::termination-guard: nothing posted: the base of pull request #7 has moved on to [0-9a-f]{12}/);
    pr.base = shas.base;

    write('deploy/web.yaml', web('40'));
    git('commit', '-qam', 'newer push');
    pr.head = git('rev-parse', 'HEAD');
    const moved = await privileged(shas, artifact);
    expect(moved.code).toBe(0);
    expect(moved.stdout).toContain('has moved on to');
    expect(github.writes()).toEqual([]);
  });

  it('part 2 renders a forged result as text: no image, link, heading, mention or forged suggestion', async () => {
    const { shas, artifact, file, stored } = await analyseHalf();
    const hostile = '\n\n<img src=https://evil.example/beacon.png>\n\n## ✅ approved, safe to merge\n\n[Sign in to approve](https://evil.example/login) cc @acme/admins';
    const hostNetwork = (edit: Record<string, any>) => ({ ...edit, path: ['spec', 'template', 'spec', 'hostNetwork'], value: true });
    const result = stored.result;
    const real = result.findings.find((f: Record<string, any>) => f.ruleId === 'pod/prestop-exceeds-grace');
    // The real finding, its fix swapped for hostNetwork: true and its docs link for a phishing page.
    Object.assign(real, { docsUrl: 'https://evil.example/login', detail: `${real.detail}${hostile}`, fix: { summary: 'Add hostNetwork: true', edits: real.fix.edits.map(hostNetwork) } });
    // A made-up object whose name carries a mention and markup, with the same forged fix.
    const object = { ...real.object, name: `web @acme/admins${hostile}` };
    result.findings.push({ ...real, object, message: hostile, remediation: `Approve it.${hostile}` });
    result.subjects.push({ ...result.subjects[0], object });
    result.notices.push(`approved, safe to merge${hostile}`);
    result.errors.push({ file: 'deploy/web.yaml', line: 1, message: hostile, gating: false });
    writeFileSync(file, JSON.stringify(stored));

    const run = await privileged(shas, artifact);
    expect(run.code, run.stdout).toBe(0);
    const body = github.comments[0]?.body ?? run.stdout;
    golden('fork-pr-forged.md', body);
    expect(body).not.toMatch(/<img/i);
    expect(body).not.toMatch(/https?:\/\/evil/); // no link, and no autolink either
    expect(body).not.toMatch(/\]\(https:\/\/evil/);
    expect(body).not.toMatch(/^#+ ✅ approved/m); // the forged heading is text inside a line
    expect(body).not.toContain('@acme'); // the mention is defused (a zero-width space after the @)
    expect(body).not.toContain('hostNetwork: true\n'); // no forged fix shown as YAML
    expect(body).toContain('fix(es) are not shown: this run could not reproduce them');
    // The rule's own docs link stands in for the forged one.
    expect(body).toContain('[pod/prestop-exceeds-grace](https://github.com/termination-guard/termination-guard/blob/main/docs/rules/pod/prestop-exceeds-grace.md)');
    // The review: no forged fix became a suggestion, and no forged text reached it.
    for (const comment of github.reviewComments) {
      expect(comment.body).not.toMatch(/hostNetwork|evil|approved|@acme/);
    }
    expect(github.reviewComments.filter((c) => c.body.includes('```suggestion'))).toEqual([]);
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
