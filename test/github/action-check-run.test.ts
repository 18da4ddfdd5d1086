// The Action as a required status check, end to end: its own check run (`check-run: true`)
// against the local GitHub, on failing and passing PRs, with more than 50 annotations, a
// read-only token, the merge_group event, and changes that touch no manifest.
import type { ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { webDocuments } from '../web-fixture.js';
import { examplePayload, github, makeRepo, makeRepoFrom, output, repo, runAction, runId, startGitHub, web } from './action-harness.js';

afterEach(async () => {
  expect(github.violations).toEqual([]);
  await github.stop();
});

const checkRun = { 'check-run': 'true' };
const writes = () => github.writes().map((r) => `${r.method} ${r.operation}`);

/** The check run's notice in the log (the toolkit writes notices as `::notice::`). */
const checksNotice = /^::notice::termination-guard: the token cannot write checks/gm;

describe('the check run on a pull request', () => {
  it('is created in progress before the analysis and completed as failure by the gate, with the summary and the findings', async () => {
    const shas = makeRepo('10');
    await startGitHub({ git: { dir: repo, ...shas } });
    const run = await runAction(shas, checkRun);
    expect(run.code).toBe(1);
    expect(github.checkRuns).toHaveLength(1);
    const [check] = github.checkRuns;
    expect(check).toMatchObject({ name: 'termination-guard', head_sha: shas.head, status: 'completed', conclusion: 'failure', details_url: `https://github.com/acme/shop/actions/runs/${runId}`, external_id: String(runId) });
    // Opened first, in progress; completed by the last request of the run.
    expect(check.history[0]).toMatchObject({ status: 'in_progress', output: { title: 'Checking termination safety…' } });
    expect(check.history[0].started_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(writes()[0]).toBe('POST /repos/{owner}/{repo}/check-runs');
    expect(writes().at(-1)).toBe('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}');
    expect(check.history.at(-1)).toMatchObject({ status: 'completed', conclusion: 'failure' });
    // The title is the gate's headline; the summary is the job summary.
    expect(check.output.title).toBe('1 new error blocks this merge');
    expect(check.output.summary).toBe(run.summary);
    expect(check.annotations).toContainEqual({
      path: 'deploy/web.yaml',
      start_line: 28,
      end_line: expect.any(Number),
      annotation_level: 'failure',
      title: 'pod/prestop-exceeds-grace',
      message: expect.stringMatching(/^\[new\] Deployment shop\/web: container "app": the preStop delay \(10 s\) is not shorter than the grace period \(10 s\)[\s\S]*\nFix: Raise terminationGracePeriodSeconds/),
      raw_details: expect.stringContaining('# spec.template.spec.terminationGracePeriodSeconds (line 16)\nterminationGracePeriodSeconds: 25'),
    });
    // The comment and the review are still posted: the check run is one more channel.
    expect(github.comments).toHaveLength(1);
  });

  it('completes as success on a passing PR, and is not created without check-run: true', async () => {
    const shas = makeRepo('40');
    await startGitHub({ git: { dir: repo, ...shas } });
    const run = await runAction(shas, checkRun);
    expect(run.code).toBe(0);
    expect(github.checkRuns.map((c) => [c.status, c.conclusion, c.output.title])).toEqual([['completed', 'success', 'No new problems']]);
    expect(github.checkRuns[0].output.summary).toBe(run.summary);

    const again = await runAction(shas);
    expect(again.code).toBe(0);
    expect(github.checkRuns).toHaveLength(1);
  });

  it('is neutral under fail-on never, where the job passes', async () => {
    const shas = makeRepo('10');
    await startGitHub({ git: { dir: repo, ...shas } });
    const run = await runAction(shas, { ...checkRun, 'fail-on': 'never' });
    expect(run.code).toBe(0);
    expect(github.checkRuns.map((c) => [c.conclusion, c.output.title])).toEqual([['neutral', 'Passes: the gate is off (fail-on never) (1 existing or non-blocking finding)']]);
    expect(github.checkRuns[0].annotations.map((a) => a.title)).toContain('pod/prestop-exceeds-grace');
  });

  it('sends more than 50 annotations in batches of at most 50, completing with the last, and keeps the summary within 65,535 characters', async () => {
    const many = (grace: string) =>
      Array.from({ length: 160 }, (_, i) => {
        const { deployment, service } = webDocuments({ name: `web-${i}-${'x'.repeat(200)}`, namespace: 'shop', replicas: '2', grace });
        return [deployment, service].join('---\n');
      }).join('---\n');
    const shas = makeRepoFrom({ 'deploy/many.yaml': many('45') }, { 'deploy/many.yaml': many('10') });
    await startGitHub({ git: { dir: repo, ...shas } });
    const run = await runAction(shas, { ...checkRun, comment: 'off', 'review-suggestions': 'false' });
    expect(run.code).toBe(1);
    const report = JSON.parse(readFileSync(output(run, 'report-json') as string, 'utf8')) as { findings: unknown[]; errors: unknown[] };
    const expected = report.findings.length + report.errors.length;
    expect(expected).toBeGreaterThan(100);
    const [check] = github.checkRuns;
    // The fake validates each body against GitHub's OpenAPI description (at most 50 annotations a request).
    const sizes = check.history.slice(1).map((body) => body.output?.annotations?.length ?? 0);
    expect(sizes).toEqual([...Array.from({ length: Math.ceil(expected / 50) - 1 }, () => 50), expected - 50 * (Math.ceil(expected / 50) - 1)]);
    expect(check.history.slice(1, -1).every((body) => body.status === undefined && body.conclusion === undefined)).toBe(true);
    expect(check.history.at(-1)).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(check.annotations).toHaveLength(expected);
    expect(new Set(check.annotations.map((a) => `${a.title} ${a.start_line}`)).size).toBe(expected);
    // 160 workloads with long names: the job summary holds them all; the check run's is cut down to fit.
    expect(run.summary.length).toBeGreaterThan(65_535);
    expect(check.output.summary?.length).toBeLessThanOrEqual(65_535);
    expect(check.output.summary).toContain('the full report is in the job summary');
  });

  it('with a read-only token (a fork PR): no check run, one notice, the job status carries the verdict', async () => {
    const shas = makeRepo('10');
    await startGitHub({ git: { dir: repo, ...shas }, readOnly: true });
    const run = await runAction(shas, checkRun, true);
    expect(run.code).toBe(1);
    expect(github.checkRuns).toEqual([]);
    expect(run.stdout.match(checksNotice)).toHaveLength(1);
    expect(run.stdout).toMatch(/^::error::termination-guard: .*1 new error/m);
    // Tried once, not again at the end.
    expect(github.requests.filter((r) => r.operation?.startsWith('/repos/{owner}/{repo}/check-runs'))).toHaveLength(1);
    expect(output(run, 'verdict')).toBe('fail');
  });

  it('when the token may comment but not write checks: the comment is posted, the check run degrades with one notice', async () => {
    const shas = makeRepo('10');
    await startGitHub({ git: { dir: repo, ...shas } });
    github.faults.push({ match: /^POST \/repos\/acme\/shop\/check-runs$/, status: 403, body: { message: 'Resource not accessible by integration' } });
    const run = await runAction(shas, checkRun);
    expect(run.code).toBe(1);
    expect(run.stdout.match(checksNotice)).toHaveLength(1);
    expect(github.comments).toHaveLength(1);
  });

  it('is in progress before the change is read: without git, the check run is opened before the first read over the API', async () => {
    const shas = makeRepo('10');
    await startGitHub({ git: { dir: repo, ...shas } });
    const workspace = mkdtempSync(join(tmpdir(), 'tg-nogit-'));
    cpSync(repo, workspace, { recursive: true });
    rmSync(join(workspace, '.git'), { recursive: true });
    const run = await runAction(shas, checkRun, false, { workspace });
    expect(run.code).toBe(1);
    const operations = github.requests.map((r) => `${r.method} ${r.operation}`);
    const opened = operations.indexOf('POST /repos/{owner}/{repo}/check-runs');
    const firstRead = operations.findIndex((o) => /^GET \/repos\/\{owner\}\/\{repo\}\/(compare|contents|pulls)/.test(o));
    expect(opened).toBeGreaterThanOrEqual(0);
    expect(firstRead).toBeGreaterThan(opened);
    expect(operations.lastIndexOf('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}')).toBe(operations.length - 1);
    expect(github.checkRuns[0].conclusion).toBe('failure');
  });

  it('a cancelled run (SIGINT from the runner) completes its check run as cancelled, then ends on the signal', async () => {
    const shas = makeRepo('10');
    await startGitHub({ git: { dir: repo, ...shas } });
    const workspace = mkdtempSync(join(tmpdir(), 'tg-nogit-'));
    cpSync(repo, workspace, { recursive: true });
    rmSync(join(workspace, '.git'), { recursive: true });
    // The change is read over the API; its first read hangs until the run is cancelled.
    github.holds.push({ match: /^GET \/repos\/acme\/shop\/(pulls|compare)/, ms: 60_000 });
    let child: ChildProcess | undefined;
    github.onRequest = (method, path) => {
      if (method === 'GET' && /\/(pulls|compare)/.test(path)) child?.kill('SIGINT');
    };
    const run = await runAction(shas, checkRun, false, { workspace, onSpawn: (spawned) => (child = spawned) });
    expect(run.signal).toBe('SIGINT');
    expect(github.checkRuns.map((c) => [c.status, c.conclusion, c.output.title])).toEqual([['completed', 'cancelled', 'Cancelled']]);
  });

  it('annotations GitHub refuses cost the annotations, not the completion', async () => {
    const shas = makeRepo('10');
    await startGitHub({ git: { dir: repo, ...shas } });
    github.faults.push({ match: /^PATCH \/repos\/acme\/shop\/check-runs\/\d+$/, status: 422, body: { message: 'Validation Failed', errors: ['annotation path is not in the repository'] } });
    const run = await runAction(shas, checkRun);
    expect(run.code).toBe(1);
    const [check] = github.checkRuns;
    expect([check.status, check.conclusion, check.output.title]).toEqual(['completed', 'failure', '1 new error blocks this merge']);
    expect(check.annotations).toEqual([]);
    expect(run.stdout).toMatch(/^::warning::check run: could not complete the check run: .*HTTP 422/m);
  });

  it('a config file that cannot be read still gets a completed check run, not a missing one', async () => {
    const shas = makeRepo('10');
    await startGitHub({ git: { dir: repo, ...shas } });
    const run = await runAction(shas, { ...checkRun, config: 'nowhere.yml' });
    expect(run.code).toBe(1);
    expect(github.checkRuns.map((c) => [c.status, c.conclusion, c.output.title])).toEqual([['completed', 'failure', 'Could not complete the check: config file not found: nowhere.yml']]);
  });

  it('a run that stops on an error completes its check run as failure instead of leaving it in progress', async () => {
    const shas = makeRepo('10');
    await startGitHub({ git: { dir: repo, ...shas } });
    const run = await runAction(shas, { ...checkRun, paths: 'deploy,nowhere' });
    expect(run.code).toBe(1);
    expect(github.checkRuns.map((c) => [c.status, c.conclusion, c.output.title])).toEqual([['completed', 'failure', 'Could not complete the check: path not found: nowhere']]);
  });
});

describe('the check run on other events', () => {
  it('the publishing half of the two-workflow pattern creates none, and says so', async () => {
    const shas = makeRepo('10');
    await startGitHub({ git: { dir: repo, ...shas } });
    const run = await runAction(shas, { ...checkRun, publish: 'publication' });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('::notice::termination-guard: check-run is for the analysing run (part 1 of the two-workflow pattern); this publishing run creates no check run.');
    expect(github.checkRuns).toEqual([]);
  });

  it('merge_group: no pull request; the check run is on the merge group head, compared with its base', async () => {
    const shas = makeRepo('10');
    await startGitHub({ git: { dir: repo, ...shas } });
    const payload = examplePayload('merge_group', 'checks_requested');
    payload.merge_group.base_sha = shas.base;
    payload.merge_group.head_sha = shas.head;
    const run = await runAction(shas, checkRun, false, { event: 'merge_group', payload });
    expect(run.code).toBe(1);
    expect(github.checkRuns.map((c) => [c.head_sha, c.conclusion, c.output.title])).toEqual([[shas.head, 'failure', '1 new error blocks this merge']]);
    expect(github.checkRuns[0].annotations.find((a) => a.title === 'pod/prestop-exceeds-grace')?.start_line).toBe(28);
    // Nothing but the check run: there is no pull request to comment on.
    expect(new Set(writes())).toEqual(new Set(['POST /repos/{owner}/{repo}/check-runs', 'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}']));
    expect(github.comments).toEqual([]);
  });

  it('a PR that touches no manifest: the check run completes as success at once, with nothing analysed', async () => {
    const shas = makeRepoFrom({ 'deploy/web.yaml': web('10'), 'docs/README.md': '# shop\n' }, { 'docs/README.md': '# shop\n\nNow with docs.\n' });
    await startGitHub({ git: { dir: repo, ...shas } });
    const started = performance.now();
    const run = await runAction(shas, checkRun);
    const seconds = (performance.now() - started) / 1000;
    expect(run.code).toBe(0);
    expect(output(run, 'verdict')).toBe('pass');
    const [check] = github.checkRuns;
    expect([check.status, check.conclusion, check.output.title]).toEqual(['completed', 'success', 'No Kubernetes manifests changed under deploy: nothing to check.']);
    expect(check.output.summary).toBe(run.summary);
    // Two requests: opened, completed. The base's error (grace = preStop) is not reported: nothing changed.
    expect(writes()).toEqual(['POST /repos/{owner}/{repo}/check-runs', 'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}']);
    expect(check.annotations).toEqual([]);
    console.log(`no-manifest PR with a check run: ${seconds.toFixed(2)} s for the whole process`);
  });

  it('a push that touches no manifest completes as success too', async () => {
    const shas = makeRepoFrom({ 'deploy/web.yaml': web('10'), 'docs/README.md': '# shop\n' }, { 'docs/README.md': '# shop\n\nNow with docs.\n' });
    await startGitHub({ git: { dir: repo, ...shas } });
    const payload = examplePayload('push');
    payload.before = shas.base;
    payload.after = shas.head;
    const run = await runAction(shas, checkRun, false, { event: 'push', payload });
    expect(run.code).toBe(0);
    expect(github.checkRuns.map((c) => [c.head_sha, c.status, c.conclusion])).toEqual([[shas.head, 'completed', 'success']]);
  });
});
