// The one gate: every verdict — findings, the drill, the smoke test — comes from decideGate, and
// the renderers state its decision instead of recomputing it.
import { describe, expect, it } from 'vitest';
import type { AnalysisResult, Finding } from '../../src/analysis/engine.js';
import { decideGate, type GatePolicy, withGate } from '../../src/analysis/gate.js';
import type { DrillResult } from '../../src/measure/drill.js';
import type { SmokeResult } from '../../src/measure/smoke.js';
import { renderJson } from '../../src/report/json.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderText } from '../../src/report/text.js';

const object = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'api' };
const finding = (severity: Finding['severity'], status?: Finding['status']): Finding => ({
  ruleId: 'pod/prestop-exceeds-grace',
  severity,
  layer: 'pod',
  message: 'm',
  detail: 'd',
  object,
  file: 'deploy/api.yaml',
  line: 3,
  endLine: 3,
  remediation: 'r',
  docsUrl: 'u',
  ...(status ? { status } : {}),
});
const empty: AnalysisResult = { kubernetesVersion: '1.34', findings: [], suppressed: [], errors: [], notices: [], subjects: [], stats: { files: 1, objects: 1, workloads: 1, skippedDocuments: 0 } };
const drilled = (verdict: DrillResult['verdict']): DrillResult => ({
  object,
  file: 'deploy/api.yaml',
  container: 'api',
  image: 'shop/api:1',
  gracePeriodSeconds: 30,
  status: 'measured',
  verdict,
  findings: [],
  notes: [],
  seconds: 5,
});
const smoked = (failing: SmokeResult['failing'], status: SmokeResult['status'] = 'measured'): SmokeResult => ({
  object,
  file: 'deploy/api.yaml',
  kind: 'Deployment',
  status,
  figures: [],
  failing,
  findings: [],
  notes: [],
  seconds: 20,
});
const policy = (failOn: GatePolicy['failOn']): GatePolicy => ({ failOn, drillFailOn: ['killed', 'abrupt'], smokeFailOn: ['regression', 'stalled'], failOnInputErrors: true });

describe('decideGate', () => {
  it.each([
    ['new-errors', [finding('error', 'existing')], 'pass'],
    ['new-errors', [finding('error', 'new')], 'fail'],
    ['new-errors', [finding('error')], 'fail'],
    ['error', [finding('error', 'existing')], 'fail'],
    ['error', [finding('warning')], 'pass'],
    ['warning', [finding('warning')], 'fail'],
    ['never', [finding('error', 'new')], 'pass'],
  ] as const)('fail-on %s over %j: %s', (failOn, findings, verdict) => {
    expect(decideGate({ ...empty, findings: [...findings] }, policy(failOn)).verdict).toBe(verdict);
  });

  it('fails on a drill verdict alone, and says so in the headline', () => {
    const gate = decideGate({ ...empty, drill: [drilled('killed')] }, policy('new-errors'));
    expect(gate.verdict).toBe('fail');
    expect(gate.failingDrills).toHaveLength(1);
    expect(gate.headline).toBe('the SIGTERM drill (api/api was SIGKILLed) blocks this merge');
  });

  it('passes a drill verdict the policy does not fail on', () => {
    expect(decideGate({ ...empty, drill: [drilled('abrupt')] }, { ...policy('new-errors'), drillFailOn: ['killed'] }).verdict).toBe('pass');
  });

  it('fails on the smoke test: a failing condition, or a rollout that could not run', () => {
    expect(decideGate({ ...empty, smoke: { cluster: 'c', seconds: 1, results: [smoked(['regression'])] } }, policy('never')).headline).toBe('the rollout smoke test (api: regression) blocks this merge');
    expect(decideGate({ ...empty, smoke: { cluster: 'c', seconds: 1, results: [smoked([], 'failed')] } }, policy('never')).verdict).toBe('fail');
    expect(decideGate({ ...empty, smoke: { cluster: 'c', seconds: 1, results: [smoked([])] } }, policy('never')).verdict).toBe('pass');
  });

  it('names every reason when several block', () => {
    const gate = decideGate({ ...empty, findings: [finding('error', 'new'), finding('warning', 'new')], drill: [drilled('abrupt')] }, policy('warning'));
    expect(gate.headline).toBe('1 error and 1 warning, the SIGTERM drill (api/api dropped requests at the stop) block this merge');
  });

  it('says what passes in the PR view', () => {
    const result = { ...empty, findings: [finding('error', 'existing'), finding('warning', 'existing')], comparison: { base: 'main', changedObjects: 1, fixed: [] } };
    expect(decideGate(result, policy('new-errors')).headline).toBe('no new problems (2 existing or non-blocking findings)');
  });
});

describe('every renderer states the one decision', () => {
  const result = withGate({ ...empty, drill: [drilled('killed')] }, policy('new-errors'));

  it('a PR whose only failure is the drill fails in the Markdown, the text and the JSON alike', () => {
    expect(renderMarkdown(result).split('\n')[0]).toContain('❌ **termination-guard: the SIGTERM drill (api/api was SIGKILLed) blocks this merge**');
    expect(renderText(result, { color: false })).toContain('gate FAIL: the SIGTERM drill (api/api was SIGKILLed) blocks this merge');
    const json = JSON.parse(renderJson(result));
    expect(json.summary.gate).toBe('fail');
    expect(json.summary.drillFailures).toBe(1);
  });
});

describe('inputs that could not be analysed', () => {
  const broken = { file: 'charts/web/Chart.yaml', line: 1, message: 'helm template failed: parse error', gating: true };
  const context = { file: 'deploy/old.yaml', line: 4, message: 'invalid YAML', gating: false };

  it('fail the gate when the change is about them, with the files in the headline', () => {
    const gate = decideGate({ ...empty, errors: [broken, context] }, policy('new-errors'));
    expect(gate.verdict).toBe('fail');
    expect(gate.blockingErrors).toEqual([broken]);
    expect(gate.headline).toBe('1 changed input that could not be analysed (charts/web/Chart.yaml) blocks this merge');
  });

  it('inform only when they are context, or when the policy turns this off', () => {
    expect(decideGate({ ...empty, errors: [context] }, policy('new-errors')).verdict).toBe('pass');
    expect(decideGate({ ...empty, errors: [broken] }, { ...policy('new-errors'), failOnInputErrors: false }).verdict).toBe('pass');
  });
});
