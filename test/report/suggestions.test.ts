import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/analysis/config.js';
import { analyze, type Finding } from '../../src/analysis/engine.js';
import { buildReviewComments, commentableLines, suggestionFor } from '../../src/report/suggestions.js';
import { fixturesDir } from '../helpers.js';

const patch = `@@ -1,4 +1,5 @@
 apiVersion: apps/v1
-kind: Deploymnt
+kind: Deployment
+metadata:
 spec:
@@ -20,2 +21,3 @@ spec:
       containers:
+        - name: app
`;

describe('commentableLines', () => {
  it('collects the new-side lines of every hunk', () => {
    expect([...commentableLines(patch)]).toEqual([1, 2, 3, 4, 21, 22]);
  });
});

const key = (f: Finding) => `${f.ruleId}|${f.object.kind}/${f.object.name}|${f.container ?? ''}`;

describe('suggestions applied to the file fix the finding', () => {
  const cases: { name: string; content: string }[] = [];
  for (const layer of readdirSync(join(fixturesDir, 'rules'))) {
    for (const rule of readdirSync(join(fixturesDir, 'rules', layer))) {
      for (const file of readdirSync(join(fixturesDir, 'rules', layer, rule, 'bad'))) {
        cases.push({ name: `${layer}/${rule}/${file}`, content: readFileSync(join(fixturesDir, 'rules', layer, rule, 'bad', file), 'utf8') });
      }
    }
  }
  let applied = 0;
  it.each(cases)('$name', ({ name, content }) => {
    const version = /^# kubernetes-version: (\S+)/.exec(content)?.[1];
    const config = { ...defaultConfig, kubernetesVersion: version ?? '1.34', failOn: 'error' as const };
    const before = analyze([{ path: 'f.yaml', content }], { config });
    const ruleId = name.split('/').slice(0, 2).join('/');
    for (const finding of before.findings.filter((f) => f.ruleId === ruleId && f.fix)) {
      const suggestion = suggestionFor(finding, content);
      if (!suggestion) continue;
      const lines = content.split('\n');
      const patched = [...lines.slice(0, suggestion.from - 1), ...suggestion.text.split('\n'), ...lines.slice(suggestion.to)].join('\n');
      const after = analyze([{ path: 'f.yaml', content: patched }], { config });
      expect(after.errors, patched).toEqual([]);
      expect(after.findings.map(key), patched).not.toContain(key(finding));
      applied++;
    }
  });
  it('applies to most fixable findings', () => {
    expect(applied).toBeGreaterThan(20);
  });
});

describe('buildReviewComments', () => {
  it('places suggestions only inside the diff and sends the rest outside', () => {
    const content = readFileSync(join(fixturesDir, 'rules/pod/prestop-exceeds-grace/bad/sleep-equals-grace.yaml'), 'utf8');
    const result = analyze([{ path: 'app.yaml', content }]);
    const target = result.findings.find((f) => f.ruleId === 'pod/prestop-exceeds-grace') as Finding;
    const graceLine = target.fix?.edits[0].location.line as number;
    const inside = buildReviewComments(result.findings, new Map([['app.yaml', { content, commentable: new Set([graceLine]) }]]));
    const comment = inside.comments.find((c) => c.ruleId === 'pod/prestop-exceeds-grace');
    expect(comment?.line).toBe(graceLine);
    expect(comment?.body).toContain('```suggestion\n      terminationGracePeriodSeconds: 35\n```');
    const outside = buildReviewComments(result.findings, new Map([['app.yaml', { content, commentable: new Set<number>() }]]));
    expect(outside.comments).toEqual([]);
    expect(outside.outside.length).toBe(result.findings.length);
  });
});
