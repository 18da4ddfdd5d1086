// A chart rendered once per values set finds the same problem in every render: one finding that
// names each render, in every report, and the PR view still tells new from existing per render.
import { describe, expect, it } from 'vitest';
import { prView } from '../../src/analysis/diff.js';
import { type AnalysisResult, type Finding, mergeRenders, type Subject } from '../../src/analysis/engine.js';
import { decideGate, withGate } from '../../src/analysis/gate.js';
import { renderJson } from '../../src/report/json.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderSarif } from '../../src/report/sarif.js';
import { renderText } from '../../src/report/text.js';
import { describeRenders } from '../../src/report/renders.js';

const object = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'api' };
const chartRender = (values: string) => `chart charts/api · ${values}`;
const renders = ['default values', 'values ci/a-values.yaml', 'values ci/b-values.yaml'].map(chartRender);

const finding = (render: string | undefined, overrides: Partial<Finding> = {}): Finding => ({
  ruleId: 'node/rollout-full-outage',
  severity: 'error',
  layer: 'node',
  message: 'Deployment shop/api: maxUnavailable 1 resolves to 1 with 1 replica.',
  detail: 'maxUnavailable 1 resolves to 1 with 1 replica.',
  object,
  file: 'charts/api/templates/deployment.yaml',
  line: 19,
  endLine: 19,
  remediation: 'Set maxUnavailable: 0 with maxSurge: 1.',
  docsUrl: 'u',
  ...(render ? { render } : {}),
  ...overrides,
});

const subject = (render: string, overrides: Partial<Subject> = {}): Subject => ({
  object,
  render,
  kind: 'workload',
  file: 'charts/api/templates/deployment.yaml',
  line: 4,
  selector: 'app=api',
  facts: { grace: '30 s', replicas: '1' },
  checks: [{ ruleId: 'node/rollout-full-outage', layer: 'node', title: 'Rolling updates keep at least one pod serving', status: 'fail', severity: 'error' }],
  ...overrides,
});

const result = (findings: Finding[], subjects: Subject[], digests: Record<string, string> = {}): AnalysisResult => ({
  kubernetesVersion: '1.34',
  findings: mergeRenders(findings),
  suppressed: [],
  errors: [],
  notices: [],
  subjects: mergeRenders(subjects),
  stats: { files: 1, objects: 3, workloads: 3, skippedDocuments: 0 },
  objects: renders.map((render) => ({ ref: object, render, file: 'charts/api/templates/deployment.yaml', digest: digests[render] ?? 'same' })),
});

const policy = { failOn: 'new-errors', drillFailOn: [], smokeFailOn: [], failOnInputErrors: true } as const;

describe('findings repeated across renders', () => {
  it('merge into one finding naming every render, in render order; different findings stay apart', () => {
    const merged = mergeRenders([
      finding(renders[0]),
      finding(renders[1]),
      finding(renders[1], { line: 20, endLine: 20 }),
      finding(renders[2]),
      finding(renders[2], { message: 'Deployment shop/api: maxUnavailable 2 resolves to 2 with 2 replicas.' }),
      finding(undefined, { file: 'plain/api.yaml' }),
      finding(undefined, { file: 'plain/api.yaml' }),
    ]);
    expect(merged.map((f) => [f.line, f.render, f.renders])).toEqual([
      [19, renders[0], renders],
      [20, renders[1], [renders[1]]],
      [19, renders[2], [renders[2]]],
      // Plain files have no render: their findings are left as they are.
      [19, undefined, undefined],
      [19, undefined, undefined],
    ]);
  });

  it('count once in the summary and the gate, and show once in text, Markdown, JSON and SARIF', () => {
    const gated = withGate(result(renders.map((r) => finding(r)), renders.map((r) => subject(r))), { ...policy, failOn: 'error' });
    expect(gated.findings).toHaveLength(1);
    expect(gated.subjects).toHaveLength(1);
    expect(decideGate(gated, { ...policy, failOn: 'error' }).blocking).toHaveLength(1);

    const text = renderText(gated, { color: false });
    expect(text.match(/node\/rollout-full-outage/g)).toHaveLength(1);
    expect(text).toContain('(chart charts/api · 3 values sets: default values, values ci/a-values.yaml, values ci/b-values.yaml)');
    expect(text).toContain('1 error, 0 warnings');

    const markdown = renderMarkdown(gated);
    expect(markdown.match(/\*\*\[node\/rollout-full-outage\]/g)).toHaveLength(1);
    expect(markdown).toContain('rendered from chart charts/api · 3 values sets: default values, values ci/a-values.yaml, values ci/b-values.yaml');

    const json = JSON.parse(renderJson(gated));
    expect(json.findings).toEqual([expect.objectContaining({ render: renders[0], renders })]);
    expect(json.summary).toMatchObject({ errors: 1 });

    const sarif = JSON.parse(renderSarif(gated));
    expect(sarif.runs[0].results).toEqual([expect.objectContaining({ ruleId: 'node/rollout-full-outage', properties: { renders } })]);
  });

  it('under objects that differ between renders, the finding is told in full once and named again after', () => {
    // One values set adds a sidecar: its object is a subject of its own, with the same finding.
    const sidecar = subject(renders[2] as string, { facts: { grace: '30 s', replicas: '1', containers: [] } });
    const gated = withGate(result(renders.map((r) => finding(r)), [subject(renders[0] as string), subject(renders[1] as string), sidecar]), policy);
    expect(gated.subjects.map((s) => s.renders)).toEqual([[renders[0], renders[1]], [renders[2]]]);

    const text = renderText(gated, { color: false });
    expect(text.match(/maxUnavailable 1 resolves to 1/g)).toHaveLength(1);
    expect(text).toContain('in chart charts/api · 3 values sets: default values, values ci/a-values.yaml, values ci/b-values.yaml');
    expect(text).toContain('the same finding as above (3 renders)');

    const markdown = renderMarkdown(gated);
    expect(markdown.match(/maxUnavailable 1 resolves to 1/g)).toHaveLength(1);
    expect(markdown).toContain('**Rendered in:** chart charts/api · 3 values sets');
    expect(markdown).toContain('the same finding as above (3 renders)');
  });

  it('in the PR view are new when new in any changed render, and fixed in the renders that lost them', () => {
    // Base: the finding in render a only. Head: in all three, and every render's object changed.
    const changedEverywhere = Object.fromEntries(renders.map((r) => [r, 'changed']));
    const base = result([finding(renders[1])], renders.map((r) => subject(r)));
    const head = result(renders.map((r) => finding(r)), renders.map((r) => subject(r)), changedEverywhere);
    const view = prView(head, base, 'main');
    expect(view.findings).toEqual([expect.objectContaining({ status: 'new', render: renders[0], renders })]);
    expect(decideGate(view, policy).blocking).toHaveLength(1);

    // The same finding in base, all three renders: existing, and it does not block new-errors.
    const before = result(renders.map((r) => finding(r)), renders.map((r) => subject(r)));
    expect(prView(head, before, 'main').findings).toEqual([expect.objectContaining({ status: 'existing', renders })]);
    expect(decideGate(prView(head, before, 'main'), policy).blocking).toEqual([]);

    // Only render b changed: the finding is shown for that render, the others are context.
    const onlyB = result(renders.map((r) => finding(r)), renders.map((r) => subject(r)), { [renders[2] as string]: 'changed' });
    const narrowed = prView(onlyB, result([finding(renders[0]), finding(renders[1])], renders.map((r) => subject(r))), 'main');
    expect(narrowed.findings).toEqual([expect.objectContaining({ status: 'new', render: renders[2], renders: [renders[2]] })]);
    expect(narrowed.subjects.map((s) => s.renders)).toEqual([[renders[2]]]);

    // Fixed in a and b, still there in the default render.
    const fixedHead = result([finding(renders[0])], renders.map((r) => subject(r)), changedEverywhere);
    const fixedView = prView(fixedHead, before, 'main');
    expect(fixedView.findings).toEqual([expect.objectContaining({ status: 'existing', renders: [renders[0]] })]);
    expect(fixedView.comparison?.fixed).toEqual([expect.objectContaining({ status: 'fixed', render: renders[1], renders: [renders[1], renders[2]] })]);
  });

  it('are described by their chart and values sets, or as renders when they are not one chart\'s', () => {
    expect(describeRenders({ render: renders[1] })).toBe(renders[1]);
    expect(describeRenders({ render: renders[0], renders: renders.slice(0, 2) })).toBe('chart charts/api · 2 values sets: default values, values ci/a-values.yaml');
    expect(describeRenders({ render: 'overlay overlays/prod', renders: ['overlay overlays/prod', 'overlay overlays/staging'] })).toBe('2 renders: overlay overlays/prod, overlay overlays/staging');
    expect(describeRenders({})).toBeUndefined();
  });
});
