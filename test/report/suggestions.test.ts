import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze, type Finding } from '../../src/analysis/engine.js';
import { buildReviewComments, commentableLines, suggestionFor } from '../../src/report/suggestions.js';
import { fixturesDir } from '../helpers.js';
import { analyzeFixture, fixtureFiles, fixtureNames } from '../rules/fixture.js';

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
  const cases: { ruleId: string; name: string }[] = [];
  for (const layer of readdirSync(join(fixturesDir, 'rules'))) {
    for (const rule of readdirSync(join(fixturesDir, 'rules', layer))) {
      for (const name of fixtureNames(`${layer}/${rule}`, 'bad')) cases.push({ ruleId: `${layer}/${rule}`, name });
    }
  }
  let applied = 0;
  it.each(cases)('$ruleId $name', ({ ruleId, name }) => {
    const files = fixtureFiles(ruleId, 'bad', name);
    const before = analyzeFixture(files, { failOn: 'error' });
    for (const finding of before.findings.filter((f) => f.ruleId === ruleId && (f.fix || f.replacement))) {
      const file = files.find((f) => f.path === finding.file);
      if (!file) continue;
      const suggestion = suggestionFor(finding, file.content);
      if (!suggestion) continue;
      const lines = file.content.split('\n');
      const patched = [...lines.slice(0, suggestion.from - 1), ...suggestion.text.split('\n'), ...lines.slice(suggestion.to)].join('\n');
      const after = analyzeFixture(
        files.map((f) => (f === file ? { ...f, content: patched } : f)),
        { failOn: 'error' },
      );
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
