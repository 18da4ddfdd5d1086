import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prView } from '../../src/analysis/diff.js';
import { analyze } from '../../src/analysis/engine.js';
import { withGate } from '../../src/analysis/gate.js';
import { commentMarker, commentWanted, renderComment, renderSummary, truncateSafely } from '../../src/report/comment.js';
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

describe('comment-on', () => {
  const web = (grace: number, preStop: boolean) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      terminationGracePeriodSeconds: ${grace}
      containers:
        - name: app
          image: example/web:1
          ports: [{containerPort: 8080}]
          readinessProbe: {tcpSocket: {port: 8080}}
${preStop ? '          lifecycle: {preStop: {sleep: {seconds: 10}}}\n' : ''}---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec: {selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}
`;
  const pr = (base: string, head: string) => withGate(prView(analyze([{ path: 'web.yaml', content: head }], { digests: true }), analyze([{ path: 'web.yaml', content: base }], { digests: true }), 'main'), policy);

  it('always: every result; failures: only a failing gate; changes: a failing gate or a new or fixed warning', () => {
    const failing = pr(web(45, true), web(10, true));
    const newWarning = pr(web(45, true), web(45, false));
    const quiet = pr(web(45, false), web(50, false));
    expect(failing.gate.verdict).toBe('fail');
    expect(newWarning.gate.verdict).toBe('pass');
    expect(newWarning.findings.some((f) => f.status === 'new' && f.severity === 'warning')).toBe(true);
    expect(quiet.findings.every((f) => f.status === 'existing' || f.severity === 'info')).toBe(true);
    const wanted = (result: typeof failing) => (['always', 'changes', 'failures'] as const).map((on) => commentWanted(result, on));
    expect(wanted(failing)).toEqual([true, true, true]);
    expect(wanted(newWarning)).toEqual([true, true, false]);
    expect(wanted(quiet)).toEqual([true, false, false]);
  });
});

