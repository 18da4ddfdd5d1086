import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/engine.js';
import { withGate } from '../../src/analysis/gate.js';
import { commentMarker, maxCommentLength, renderComment, truncateSafely } from '../../src/report/comment.js';
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

  it('drops detail in order, then objects, and stays within the limit', () => {
    const big = hugeTree(400);
    const body = renderComment(big, {});
    expect(body.length).toBeLessThanOrEqual(maxCommentLength);
    expect(body).not.toContain('Verify on a live cluster');
    expect(body).toMatch(/…and \d+ more objects with findings — the full report is in the job summary\./);
    expect(body).toContain('❌ **termination-guard: 800 new errors block this merge**');
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
