// The grace period sized from a drill measurement: the sentence, the finding on the manifest's
// line with the measured value as a review suggestion, the Pod row, JSON and SARIF.
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/engine.js';
import type { DrillResult, RequestSample } from '../../src/measure/drill.js';
import { graceFinding, graceFindings, graceRuleId, graceSizing } from '../../src/measure/grace.js';
import { drillPodLine } from '../../src/report/drill.js';
import { renderSarif } from '../../src/report/sarif.js';
import { buildReviewComments } from '../../src/report/suggestions.js';
import { ruleMetas } from '../../src/rules/index.js';

const manifest = (grace: number) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      terminationGracePeriodSeconds: ${grace}
      containers:
        - name: api
          image: ghcr.io/acme/api:1.2
          ports: [{containerPort: 8080}]
          readinessProbe: {httpGet: {path: /ready, port: 8080}}
          lifecycle: {preStop: {sleep: {seconds: 5}}}
`;

const request = (mode: RequestSample['mode'], sentMs: number, doneMs: number): RequestSample => ({ mode, sentMs, doneMs, ok: true, status: 200 });

/** What the drill recorded: preStop 0–5 s, SIGTERM at 5 s, three requests open then, exit 7.2 s later. */
function measured(grace: number, killed = false): DrillResult {
  return {
    object: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'api' },
    file: 'deploy/api.yaml',
    container: 'api',
    image: 'ghcr.io/acme/api:1.2',
    gracePeriodSeconds: grace,
    status: 'measured',
    verdict: killed ? 'killed' : 'graceful',
    findings: [],
    notes: [],
    seconds: 20,
    observation: {
      preStop: { kind: 'sleep', startMs: 0, endMs: 5000, outcome: 'slept 5 s', ok: true },
      signal: { name: 'SIGTERM', atMs: 5000, source: 'the default' },
      deadlineMs: grace * 1000,
      ...(killed ? { sigkillAtMs: grace * 1000, exit: { code: 137, atMs: grace * 1000 + 20, oomKilled: false } } : { exit: { code: 0, atMs: 12_200, oomKilled: false } }),
      samples: [request('in-flight', 4000, 9000), request('in-flight', 4500, 11_900), request('keep-alive', 4990, 5010), request('new-connection', 3000, 3005)],
      processes: [{ pid: 1, ppid: 0, command: '/app' }],
      traffic: { protocol: 'http', port: 8080, path: '/', rate: 20 },
    },
  };
}

describe('grace sizing from the drill', () => {
  it('preStop + the measured exit + a 5 s buffer, against the manifest', () => {
    expect(graceSizing(measured(10))).toMatchObject({ preStopSeconds: 5, exitSeconds: 7.2, inFlight: 3, recommendedSeconds: 18, currentSeconds: 10, tooShort: true });
    expect(graceSizing(measured(10))!.text).toBe('measured: exits 7.2 s after SIGTERM with 3 requests in flight; preStop 5 s + 7.2 s + 5 s buffer = 18 s; terminationGracePeriodSeconds is 10');
    expect(graceSizing(measured(30))).toMatchObject({ recommendedSeconds: 18, tooShort: false, text: expect.stringMatching(/terminationGracePeriodSeconds is 30 \(enough\)$/) });
    // Exiting at once by breaking the open requests off: said, since that exit time is not a drain time.
    const abrupt = measured(10);
    abrupt.observation!.samples = abrupt.observation!.samples.map((s) => (s.mode === 'in-flight' ? { ...s, ok: false, failure: 'reset', doneMs: 5100 } : s));
    abrupt.observation!.exit = { code: 0, atMs: 5100, oomKilled: false };
    expect(graceSizing(abrupt)!.text).toBe(
      'measured: exits 0.1 s after SIGTERM with 3 requests in flight; preStop 5 s + 0.1 s + 5 s buffer = 11 s; terminationGracePeriodSeconds is 10 — but it broke 2 requests off instead of finishing them: the exit time is not what draining takes',
    );
    // SIGKILLed: how long it would have taken is unknown, so nothing is recommended.
    const killed = graceSizing(measured(10, true))!;
    expect(killed.recommendedSeconds).toBeUndefined();
    expect(killed.text).toBe('measured: still running 5 s after SIGTERM with 3 requests in flight, SIGKILLed at the end of the 10 s grace period — no period can be sized until the app exits on SIGTERM');
  });

  it('a finding on the terminationGracePeriodSeconds line with the measured value as the review suggestion', () => {
    const content = manifest(10);
    const plans = analyze([{ path: 'deploy/api.yaml', content }], { drillPlans: true }).drillPlans!;
    const finding = graceFindings([measured(10)], plans)[0]!;
    expect(finding).toMatchObject({ ruleId: graceRuleId, severity: 'warning', layer: 'pod', file: 'deploy/api.yaml', line: 9, container: 'api' });
    expect(finding.detail).toBe('The grace period is shorter than the drill measured it needs — measured: exits 7.2 s after SIGTERM with 3 requests in flight; preStop 5 s + 7.2 s + 5 s buffer = 18 s; terminationGracePeriodSeconds is 10.');
    expect(finding.evidence).toMatchObject({ recommendedSeconds: '18', exitSeconds: '7.2', inFlight: '3' });
    const inDiff = buildReviewComments([finding], new Map([['deploy/api.yaml', { content, commentable: new Set([8, 9, 10]) }]]));
    expect(inDiff.comments).toHaveLength(1);
    expect(inDiff.comments[0]).toMatchObject({ path: 'deploy/api.yaml', line: 9 });
    expect(inDiff.comments[0]!.body).toContain('```suggestion\n      terminationGracePeriodSeconds: 18\n```');
    // Outside the diff: no review comment (the finding stays in the comment and the annotations).
    expect(buildReviewComments([finding], new Map([['deploy/api.yaml', { content, commentable: new Set([2]) }]])).comments).toEqual([]);
    // Enough grace, or a kill: no finding.
    expect(graceFinding(measured(30), plans[0])).toBeUndefined();
    expect(graceFinding(measured(10, true), plans[0])).toBeUndefined();
  });

  it('a manifest without the field: the suggestion adds it to the pod spec', () => {
    const content = manifest(10).replace('      terminationGracePeriodSeconds: 10\n', '');
    const plans = analyze([{ path: 'deploy/api.yaml', content }], { drillPlans: true }).drillPlans!;
    const finding = graceFindings([measured(30)], plans)[0];
    expect(finding).toBeUndefined(); // the default 30 s is enough for 18 s
    const short = graceFindings([{ ...measured(10), observation: { ...measured(10).observation!, exit: { code: 0, atMs: 33_000, oomKilled: false } } }], plans)[0]!;
    expect(short.detail).toContain('preStop 5 s + 28 s + 5 s buffer = 38 s');
    const { comments } = buildReviewComments([short], new Map([['deploy/api.yaml', { content, commentable: new Set(Array.from({ length: 20 }, (_, i) => i + 1)) }]]));
    expect(comments[0]!.body).toMatch(/```suggestion\n[\s\S]*terminationGracePeriodSeconds: 38[\s\S]*```/);
  });

  it('in the Pod row and in SARIF with its own rule descriptor', () => {
    const result = { ...measured(10), graceSizing: graceSizing(measured(10))! };
    expect(drillPodLine(result)).toContain('  - ⏱️ Grace period measured: exits 7.2 s after SIGTERM with 3 requests in flight; preStop 5 s + 7.2 s + 5 s buffer = 18 s; terminationGracePeriodSeconds is 10');
    const content = manifest(10);
    const analysis = analyze([{ path: 'deploy/api.yaml', content }], { drillPlans: true });
    const finding = graceFindings([measured(10)], analysis.drillPlans!)[0]!;
    const sarif = JSON.parse(renderSarif({ ...analysis, findings: [...analysis.findings, finding] }));
    const run = sarif.runs[0];
    const rule = run.tool.driver.rules[ruleMetas.length];
    expect(rule).toMatchObject({ id: graceRuleId, defaultConfiguration: { level: 'warning' } });
    const sarifResult = run.results.find((r: { ruleId: string }) => r.ruleId === graceRuleId);
    expect(sarifResult).toMatchObject({ ruleIndex: ruleMetas.length, level: 'warning', locations: [{ physicalLocation: { region: { startLine: 9 } } }] });
    expect(sarifResult.message.text).toContain('preStop 5 s + 7.2 s + 5 s buffer = 18 s');
    // Without the measurement the descriptor is not there (the rules list is the registry).
    expect(JSON.parse(renderSarif(analysis)).runs[0].tool.driver.rules).toHaveLength(ruleMetas.length);
  });
});
