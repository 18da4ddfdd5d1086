import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze, type Finding } from '../../src/analysis/engine.js';
import { buildReviewComments, commentableLines, suggestionFor } from '../../src/report/suggestions.js';
import { fixturesDir } from '../helpers.js';
import { web } from '../web-fixture.js';
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

describe('suggestions keep the file as written', () => {
  const service = '---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80, targetPort: 8080}]\n';
  const styles: { name: string; content: string; ruleIds: string[]; kept: string[] }[] = [
    {
      name: 'comments',
      content: `# web tier
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web # public
spec:
  replicas: 2
  # Recreate: the old pods must be gone before a migration
  strategy:
    type: Recreate # for now
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      # the LB needs 20 s
      terminationGracePeriodSeconds: 20 # seconds
      containers:
        - name: app # main
          image: example/web:1
          # drain before stopping
          lifecycle:
            preStop:
              sleep:
                seconds: 20 # same as the grace period
          # probes are next
${service}`,
      ruleIds: ['pod/prestop-exceeds-grace', 'node/recreate-strategy'],
      kept: ['# web tier', 'name: web # public', 'type: RollingUpdate # for now', '# Recreate: the old pods must be gone before a migration', '# the LB needs 20 s', '# seconds', '- name: app # main', '# drain before stopping', '# same as the grace period', '# probes are next'],
    },
    {
      name: 'flow style',
      content: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec: {replicas: 2, strategy: {type: Recreate}, selector: {matchLabels: {app: web}}, template: {metadata: {labels: {app: web}}, spec: {terminationGracePeriodSeconds: 20, containers: [{name: app, image: "example/web:1", lifecycle: {preStop: {sleep: {seconds: 20}}}}]}}}
${service}`,
      ruleIds: ['pod/prestop-exceeds-grace', 'node/recreate-strategy'],
      kept: ['image: "example/web:1"', 'selector: {matchLabels: {app: web}}'],
    },
    {
      name: 'quoted keys',
      content: `"apiVersion": apps/v1
'kind': Deployment
"metadata":
  "name": web
"spec":
  "replicas": 2
  "strategy":
    'type': Recreate
  "selector":
    "matchLabels":
      'app': web
  "template":
    "metadata":
      "labels":
        "app": web
    "spec":
      "terminationGracePeriodSeconds": 20
      "containers":
        - "name": app
          "image": 'example/web:1'
          "lifecycle":
            "preStop":
              "sleep":
                "seconds": 20
${service}`,
      ruleIds: ['pod/prestop-exceeds-grace', 'node/recreate-strategy'],
      kept: ['"terminationGracePeriodSeconds":', "'type': RollingUpdate", '"image": \'example/web:1\''],
    },
  ];
  // The object's fixes are one suggestion (analysis/fix-combination.ts): it fixes every rule at once.
  it.each(styles)('$name', ({ content, ruleIds, kept }) => {
    const findings = analyze([{ path: 'app.yaml', content }]).findings.filter((f) => ruleIds.includes(f.ruleId));
    expect(findings.map((f) => f.ruleId).sort()).toEqual([...ruleIds].sort());
    const [finding, ...others] = findings.filter((f) => f.fix);
    expect(others).toEqual([]);
    const suggestion = suggestionFor(finding as Finding, content);
    expect(suggestion).toBeDefined();
    if (!suggestion) return;
    const lines = content.split('\n');
    const patched = [...lines.slice(0, suggestion.from - 1), ...suggestion.text.split('\n'), ...lines.slice(suggestion.to)].join('\n');
    const after = analyze([{ path: 'app.yaml', content: patched }]);
    expect(after.errors, patched).toEqual([]);
    for (const fixed of findings) expect(after.findings.map(key), patched).not.toContain(key(fixed));
    // Only the lines of the fix change.
    expect(patched.split('\n').length - lines.length).toBe(suggestion.text.split('\n').length - (suggestion.to - suggestion.from + 1));
    for (const text of kept) expect(patched, text).toContain(text);
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

  it('posts no review comment for a note (a PDB does not protect rollouts), even on a changed line', () => {
    const content = `${web('10')}`;
    const result = analyze([{ path: 'web.yaml', content }]);
    const note = result.findings.find((f) => f.ruleId === 'cluster/pdb-not-rollout-protection') as Finding;
    expect(note).toBeDefined();
    const every = new Set(content.split('\n').map((_, i) => i + 1));
    const review = buildReviewComments(result.findings, new Map([['web.yaml', { content, commentable: every }]]));
    expect(review.comments.map((c) => c.ruleId)).toContain('pod/prestop-exceeds-grace');
    expect(review.comments.map((c) => c.ruleId)).not.toContain('cluster/pdb-not-rollout-protection');
    expect(review.outside).toContain(note);
  });
});
