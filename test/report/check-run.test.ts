// The check run's content: conclusion from the gate, a bounded title, the job summary within the
// Checks API's 65,535 characters, and the findings as plain-text annotations.
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/engine.js';
import { type GatePolicy, withGate } from '../../src/analysis/gate.js';
import { checkConclusion, checkTitle, inProgressOutput, maxCheckAnnotations, maxCheckSummaryLength, renderCheckRun } from '../../src/report/check-run.js';
import { renderSummary } from '../../src/report/comment.js';

const policy: GatePolicy = { failOn: 'new-errors', drillFailOn: [], smokeFailOn: [], failOnInputErrors: true };

function deployments(count: number, name = (i: number) => `app-${i}`) {
  const files = [];
  for (let i = 0; i < count; i++) {
    files.push({
      path: `apps/app-${i}.yaml`,
      content: `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${JSON.stringify(name(i))}, namespace: team-${i % 7}}
spec:
  replicas: 2
  selector: {matchLabels: {app: app-${i}}}
  template:
    metadata: {labels: {app: app-${i}}}
    spec:
      terminationGracePeriodSeconds: 0
      containers:
        - name: app-${i}
          image: node:22
          command: ["npm", "start"]
          ports: [{containerPort: 8080}]
`,
    });
  }
  return analyze(files);
}

describe('check run report', () => {
  it('takes its conclusion from the gate: failure, success, and neutral with the gate off', () => {
    const failing = withGate(deployments(1), policy);
    expect(failing.gate.verdict).toBe('fail');
    expect(checkConclusion(failing.gate)).toBe('failure');
    expect(checkConclusion(withGate(deployments(0), policy).gate)).toBe('success');
    expect(checkConclusion(withGate(deployments(1), { ...policy, failOn: 'never' }).gate)).toBe('neutral');
    // fail-on never switches off the findings, not an input that could not be analysed.
    const broken = { ...deployments(0), errors: [{ file: 'apps/x.yaml', line: 3, message: 'does not parse', gating: true }] };
    expect(checkConclusion(withGate(broken, { ...policy, failOn: 'never' }).gate)).toBe('failure');
  });

  it('keeps the summary of a large run within 65,535 characters, cut like the comment', () => {
    const result = withGate(deployments(400, (i) => `app-${i}-${'x'.repeat(200)}`), policy);
    const report = renderCheckRun(result);
    expect(renderSummary(result, {}).length).toBeGreaterThan(maxCheckSummaryLength);
    expect(report.summary.length).toBeLessThanOrEqual(maxCheckSummaryLength);
    expect(report.summary).toContain('the full report is in the job summary');
    expect(report.annotations.length + report.omittedAnnotations).toBe(result.findings.length);
    expect(report.annotations.length).toBe(Math.min(maxCheckAnnotations, result.findings.length));
  });

  it('uses the job summary as it is when it fits', () => {
    const result = withGate(deployments(2), policy);
    expect(renderCheckRun(result).summary).toBe(renderSummary(result, {}));
  });

  it('shows control characters of hostile names instead of sending them, and bounds the title', () => {
    const result = withGate(deployments(1, () => 'evil\u0007\u001b[31mname'), policy);
    const { annotations } = renderCheckRun(result);
    expect(annotations.length).toBeGreaterThan(0);
    for (const annotation of annotations) for (const text of [annotation.message, annotation.title ?? '', annotation.raw_details ?? '']) expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
    expect(annotations.some((a) => a.raw_details?.includes('terminationGracePeriodSeconds: 30'))).toBe(true);
    expect(checkTitle('x'.repeat(1000))).toHaveLength(255);
    expect(checkTitle('two\nlines')).toBe('Two lines');
  });

  it('says while in progress what is still to run', () => {
    expect(inProgressOutput({ drill: false, smoke: false }).summary).not.toMatch(/drill|smoke/);
    expect(inProgressOutput({ drill: true, smoke: true }).summary).toMatch(/SIGTERM drill[\s\S]*rollout smoke test/);
  });
});
