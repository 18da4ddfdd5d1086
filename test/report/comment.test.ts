import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/engine.js';
import { withGate } from '../../src/analysis/gate.js';
import { commentMarker, renderComment, renderSummary, truncateSafely } from '../../src/report/comment.js';
import { readTree, repoRoot } from '../helpers.js';

const policy = { failOn: 'new-errors', drillFailOn: [], smokeFailOn: [], failOnInputErrors: true } as const;
const examples = withGate(analyze(readTree(join(repoRoot, 'examples')).map((f) => ({ ...f, path: `examples/${f.path}` }))), policy);

function hugeTree(count: number) {
  const files = [];
  for (let i = 0; i < count; i++) {
    files.push({
      path: `apps/app-${i}.yaml`,
      content: `apiVersion: apps/v1
kind: Deployment
metadata: {name: app-${i}, namespace: team-${i % 7}}
spec:
  replicas: 1
  strategy: {rollingUpdate: {maxUnavailable: 1}}
  selector: {matchLabels: {app: app-${i}}}
  template:
    metadata: {labels: {app: app-${i}}}
    spec:
      terminationGracePeriodSeconds: 0
      containers:
        - name: 应用-🚀-${i}
          image: node:22
          command: ["npm", "start"]
          ports: [{containerPort: 8080}]
`,
    });
  }
  return withGate(analyze(files), policy);
}

describe('sticky comment', () => {
  it('starts with the hidden marker and keeps everything when it fits', () => {
    const body = renderComment(examples, {});
    expect(body.startsWith(`${commentMarker}\n`)).toBe(true);
    expect(body).toContain('<summary>Verify on a live cluster</summary>');
    expect(body).toContain('```yaml');
  });

  it('groups identical objects: a 400-object PR is one row and one section, far under 15,000 characters', () => {
    const big = hugeTree(400);
    const body = renderComment(big, {});
    expect(body.length).toBeLessThan(15_000);
    expect(body).toContain('❌ **termination-guard: 800 new errors block this merge**');
    expect(body).toContain('[pod/grace-period-zero](https://github.com/termination-guard/termination-guard/blob/main/docs/rules/pod/grace-period-zero.md) × 400');
    expect(body).toContain('and 399 more objects with the same findings');
    expect(body.match(/<details><summary>❌ Deployment/g)).toHaveLength(1);
    // The job summary is the complete grouped report: every object with its location.
    const summary = renderSummary(big, {});
    for (let i = 0; i < 400; i++) expect(summary).toContain(`apps/app-${i}.yaml:3`);
  });

  it('drops detail in order, then objects, and stays within the limit', () => {
    const body = renderComment(examples, { maxLength: 7000 });
    expect(body.length).toBeLessThanOrEqual(7000);
    expect(body).not.toContain('Verify on a live cluster');
    expect(body.split('\n')[1]).toMatch(/^❌ \*\*termination-guard: /);
    expect(body).toContain('| ❌ error | [node/rollout-full-outage]');
  });

  it('points at the run whose job summary holds the rest', () => {
    const body = renderComment(hugeTree(60), { maxLength: 3000, runUrl: 'https://github.com/acme/shop/actions/runs/42' });
    expect(body).toContain('the full report is in the [job summary of this run](https://github.com/acme/shop/actions/runs/42)');
    expect(body).not.toContain('RUNNER_TEMP');
  });

  it('never splits a surrogate pair', () => {
    expect(truncateSafely('ab🚀', 3)).toBe('ab');
    expect(truncateSafely('ab🚀c', 4)).toBe('ab🚀');
    const body = renderComment(hugeTree(60), { maxLength: 3000 });
    expect(body.length).toBeLessThanOrEqual(3000);
    const last = body.charCodeAt(body.length - 1);
    expect(last >= 0xd800 && last <= 0xdbff).toBe(false);
    expect(body).toContain('job summary');
  });
});
