// The Action end to end on a pull request: the bundle as a real process, a real git repository
// with base and head commits, a real webhook payload, and a local GitHub that validates every
// request against GitHub's OpenAPI description.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { git, github, golden, makeRepo, repo, runAction, startGitHub, web, write } from './action-harness.js';

afterEach(async () => {
  expect(github.violations).toEqual([]);
  await github.stop();
});

describe('the Action on a pull request', () => {
  let shas: { base: string; head: string };
  beforeEach(async () => {
    shas = makeRepo('10');
    await startGitHub({ git: { dir: repo, ...shas } });
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
    // The review comment shows the finding on the PR's lines: no annotation repeats it.
    expect(run.stdout).not.toContain('::error title=pod/prestop-exceeds-grace');
    // A note (the PDB does not guard rollouts) is on the comment's Cluster row only.
    expect(run.stdout).not.toContain('title=cluster/pdb-not-rollout-protection');
    expect(github.reviewComments.map((c) => c.body).join('\n')).not.toContain('pdb-not-rollout-protection');
  });

  it('edits nothing when run again on the same change, and updates in place when the result changes', async () => {
    await runAction(shas);
    const before = github.requests.length;
    await runAction(shas);
    expect(github.writes().filter((r) => github.requests.indexOf(r) >= before).map((r) => `${r.method} ${r.operation}`)).toEqual([]);
    expect(github.comments).toHaveLength(1);

    write('deploy/web.yaml', web('40'));
    git('commit', '-qam', 'fix grace');
    const fixed = { base: shas.base, head: git('rev-parse', 'HEAD') };
    github.options.git = { dir: repo, ...fixed };
    const run = await runAction(fixed);
    expect(run.code).toBe(0);
    expect(github.comments).toHaveLength(1);
    expect(github.requests.some((r) => r.method === 'PATCH')).toBe(true);
    expect(github.reviewComments).toEqual([]);
    // The first review stays (GitHub cannot delete it) but says it was superseded.
    expect(github.reviews.map((r) => r.body.split(';')[0])).toEqual(['termination-guard: superseded by a newer run']);
    golden('passing.md', github.comments[0].body);

    // Reverting the manifest entirely: the comment says so instead of going stale.
    write('deploy/web.yaml', web('45'));
    git('commit', '-qam', 'revert');
    const reverted = { base: shas.base, head: git('rev-parse', 'HEAD') };
    github.options.git = { dir: repo, ...reverted };
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
    await startGitHub({ git: { dir: repo, ...shas } });
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
    await startGitHub({ git: { dir: repo, ...shas }, readOnly: true, installationToken: true });
    const run = await runAction(shas, {}, true);
    expect(run.code).toBe(1);
    expect(run.stdout.match(/::notice::termination-guard: the token cannot write/g)).toHaveLength(1);
    expect(github.comments).toEqual([]);
    expect(run.summary).toContain('<details><summary>❌ Deployment shop/web');
    // No review could be posted: the annotation carries the finding.
    expect(run.stdout).toContain('::error title=pod/prestop-exceeds-grace,file=deploy/web.yaml,line=28');
  });

  it('comment-on failures: a passing PR stays quiet; a failing run comments, and that comment is updated when the verdict turns', async () => {
    const shas = makeRepo('40');
    await startGitHub({ git: { dir: repo, ...shas } });
    const quiet = await runAction(shas, { 'comment-on': 'failures' });
    expect(quiet.code).toBe(0);
    expect(github.comments).toEqual([]);
    expect(quiet.stdout).toContain('comment not posted: comment-on says this result needs none');
    expect(quiet.summary).toContain('✅ **termination-guard: no new problems');

    write('deploy/web.yaml', web('10'));
    git('commit', '-qam', 'break grace');
    const failing = { base: shas.base, head: git('rev-parse', 'HEAD') };
    github.options.git = { dir: repo, ...failing };
    expect((await runAction(failing, { 'comment-on': 'failures' })).code).toBe(1);
    expect(github.comments).toHaveLength(1);
    expect(github.comments[0].body).toContain('❌ **termination-guard: 1 new error blocks this merge**');

    write('deploy/web.yaml', web('40'));
    git('commit', '-qam', 'fix grace');
    const fixed = { base: shas.base, head: git('rev-parse', 'HEAD') };
    github.options.git = { dir: repo, ...fixed };
    expect((await runAction(fixed, { 'comment-on': 'failures' })).code).toBe(0);
    expect(github.comments).toHaveLength(1);
    golden('comment-on-failures.md', github.comments[0].body);
  });

  it('no manifest changed: passes at once and says so', async () => {
    const shas = makeRepo('45', (w) => w('docs/README.md', '# shop, documented\n'));
    await startGitHub({ git: { dir: repo, ...shas } });
    const run = await runAction(shas);
    expect(run.code).toBe(0);
    expect(run.summary).toContain('No Kubernetes manifests changed under deploy');
    expect(run.outputs).toMatch(/verdict<<\S+\npass\n/);
    expect(github.comments).toEqual([]);
  });
});
