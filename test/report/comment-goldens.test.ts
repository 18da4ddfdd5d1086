// The sticky comment in the cases a reviewer meets, as goldens: a PR whose only failure is the
// SIGTERM drill, one whose only failure is the rollout smoke test, and a passing PR with existing
// warnings. The huge grouped PR and the comment-on: failures quiet case are goldens of the
// Action's end-to-end tests (test/github). Each must answer "may I merge, and what do I fix?"
// in its first 10 lines. UPDATE_GOLDEN=1 rewrites them; review the diff like code.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/engine.js';
import { prView } from '../../src/analysis/diff.js';
import { type GatedResult, withGate } from '../../src/analysis/gate.js';
import type { DrillResult, RequestSample } from '../../src/measure/drill.js';
import { judgeSmoke, type RolloutObservation, rolloutFigures, type SmokeResult } from '../../src/measure/smoke.js';
import { renderComment } from '../../src/report/comment.js';
import { expectGolden, repoRoot } from '../helpers.js';
import { webDocuments } from '../web-fixture.js';

const linkBase = 'https://github.com/acme/shop/blob/0123456789abcdef0123456789abcdef01234567';
const runUrl = 'https://github.com/acme/shop/actions/runs/4242';
const policy = { failOn: 'new-errors', drillFailOn: ['killed', 'abrupt'], smokeFailOn: ['regression', 'failures', 'stalled'], failOnInputErrors: true } as const;
const gated = (result: Parameters<typeof withGate>[0]) => withGate(result, { ...policy, drillFailOn: [...policy.drillFailOn], smokeFailOn: [...policy.smokeFailOn] });
const manifest = (name: string, options: { grace: string; replicas?: string; preStop?: boolean }) => {
  const { deployment, service, pdb } = webDocuments({ name, namespace: 'shop', replicas: options.replicas ?? '2', grace: options.grace, ...(options.preStop === false ? { preStop: false } : {}) });
  return [deployment, service, pdb].join('---\n');
};

/** The first 10 lines say whether the PR may merge and, when not, what to fix and where. */
function answersFirst(body: string, fails: boolean, what: RegExp): void {
  const first = body.split('\n').slice(1, 11).join('\n');
  expect(first.split('\n')[0]).toMatch(fails ? /^❌ \*\*termination-guard: .+ blocks? this merge\*\*$/ : /^✅ \*\*termination-guard: /);
  expect(first).toMatch(what);
}

describe('the sticky comment (goldens)', () => {
  it('a PR whose only failure is the SIGTERM drill', () => {
    // A recorded drill (test/fixtures/drill: the CLI's drill --format json under a real dockerd).
    const fixtures = join(repoRoot, 'test', 'fixtures', 'drill');
    const recorded = JSON.parse(readFileSync(join(fixtures, 'open-at-signal.recorded.json'), 'utf8')) as { drill: DrillResult[] };
    const analysed = analyze([{ path: 'test/fixtures/drill/open-at-signal.yaml', content: readFileSync(join(fixtures, 'open-at-signal.yaml'), 'utf8') }]);
    const result: GatedResult = gated({ ...analysed, drill: recorded.drill });
    expect(result.gate.blocking).toEqual([]);
    const body = renderComment(result, { linkBase, runUrl });
    answersFirst(body, true, /\| ❌ drill \| SIGTERM drill: dropped requests at the stop \| Deployment drops-at-sigterm · container `app` \|/);
    expect(body).not.toMatch(/^### ✅/m);
    expectGolden('comments/drill-only.md', body);
  });

  it('a PR whose only failure is the rollout smoke test', () => {
    // A recorded run of the test cluster (test/fixtures/smoke/recorded-causes.json): tg-app
    // exiting at once without a preStop delay, three restarts. The recording keeps only the
    // failed requests; the answered ones are filled in at the prober's rate (20/s in each mode).
    const recorded = JSON.parse(readFileSync(join(repoRoot, 'test', 'fixtures', 'smoke', 'recorded-causes.json'), 'utf8')) as {
      results: { name: string; rollouts: RolloutObservation[]; failures: RequestSample[] }[];
    };
    const race = recorded.results.find((r) => r.name === 'race')!;
    const endMs = Math.max(...race.rollouts.map((r) => r.endMs)) + 1000;
    const samples: RequestSample[] = [...race.failures];
    for (const mode of ['new-connection', 'keep-alive'] as const) {
      for (let t = 0; t < endMs; t += 50) {
        if (!race.failures.some((f) => f.mode === mode && Math.abs(f.sentMs - t) < 25)) samples.push({ mode, sentMs: t, doneMs: t + 3, ok: true, status: 200 });
      }
    }
    samples.sort((a, b) => a.sentMs - b.sentMs);
    const figures = race.rollouts.map((rollout) => rolloutFigures(rollout, samples));
    const analysed = analyze([{ path: 'deploy/race.yaml', content: manifest('race', { grace: '30', preStop: false }) }]);
    const subject = analysed.subjects.find((s) => s.object.kind === 'Deployment')!;
    const smoke: SmokeResult = {
      object: subject.object,
      file: 'deploy/race.yaml',
      kind: 'Deployment',
      status: 'measured',
      newWorkload: true,
      observation: { target: { address: '10.96.0.20:80', endpoint: { via: 'service', name: 'race', port: 80, protocol: 'http', path: '/healthz', headers: {} }, rate: 20 }, samples, rollouts: race.rollouts, endMs },
      figures,
      ...judgeSmoke(figures, policy.smokeFailOn, 0),
      notes: [],
      seconds: 41,
    };
    const result = gated({ ...analysed, smoke: { cluster: 'the test cluster (Kubernetes v1.34)', seconds: 41, results: [smoke] } });
    expect(result.gate.blocking).toEqual([]);
    expect(result.gate.failingSmoke).toHaveLength(1);
    const body = renderComment(result, { linkBase, runUrl });
    answersFirst(body, true, /\| ❌ rollout \| rollout smoke test: .*failures.* \| Deployment shop\/race \|/);
    expect(body).toContain('### Measured rollout');
    expectGolden('comments/smoke-only.md', body);
  });

  it('a passing PR with existing warnings', () => {
    // The PR scales the Deployment; the missing preStop delay was there before.
    const head = analyze([{ path: 'deploy/api.yaml', content: manifest('api', { grace: '30', replicas: '3', preStop: false }) }], { digests: true });
    const base = analyze([{ path: 'deploy/api.yaml', content: manifest('api', { grace: '30', replicas: '2', preStop: false }) }], { digests: true });
    const result = gated(prView(head, base, 'main'));
    expect(result.gate.verdict).toBe('pass');
    expect(result.findings.some((f) => f.status === 'existing' && f.severity === 'warning')).toBe(true);
    const body = renderComment(result, { linkBase, runUrl });
    answersFirst(body, false, /existing/);
    expectGolden('comments/passing-existing-warnings.md', body);
  });
});

describe('every golden comment', () => {
  const dir = join(repoRoot, 'test', 'golden', 'comments');
  it.each(readdirSync(dir).filter((f) => f.endsWith('.md')))('%s answers "may I merge, and what do I fix?" in its first 10 lines', (name) => {
    const lines = readFileSync(join(dir, name), 'utf8').split('\n');
    expect(lines[0]).toBe('<!-- termination-guard:sticky-comment -->');
    const verdict = lines[1] as string;
    expect(verdict).toMatch(/^(✅|❌) \*\*termination-guard/);
    if (verdict.startsWith('❌')) {
      // What blocks it: a table row with the rule or measurement, the object, where, and the fix.
      const rows = lines.slice(2, 11).filter((line) => /^\| ❌ (error|warning|drill|rollout|input) \|/.test(line));
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(row.split(' | ')).toHaveLength(5);
    }
  });
});

