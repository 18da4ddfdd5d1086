// Issue 16 §7: the fixes of one object are combined into one consistent change, checked by
// analysing the fixed object again, and offered once.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze, type Finding } from '../../src/analysis/engine.js';
import { combineFixes, findingKey, maxReanalyses } from '../../src/analysis/fix-combination.js';
import { refKey } from '../../src/manifests/objects.js';
import { suggestionFor } from '../../src/report/suggestions.js';
import { fixturesDir } from '../helpers.js';
import { analyzeFixture, fixtureFiles, fixtureNames } from '../rules/fixture.js';

const hostNetworkSurge = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: node-exporter, namespace: monitoring}
spec:
  selector: {matchLabels: {app: node-exporter}}
  updateStrategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 1
  template:
    metadata: {labels: {app: node-exporter}}
    spec:
      hostNetwork: true
      containers:
        - name: node-exporter
          image: quay.io/prometheus/node-exporter:v1.8.2
          ports: [{name: metrics, containerPort: 9100}]
`;

function applySuggestion(finding: Finding, content: string): string {
  const suggestion = suggestionFor(finding, content);
  expect(suggestion, finding.ruleId).toBeDefined();
  const lines = content.split('\n');
  const { from, to, text } = suggestion as NonNullable<typeof suggestion>;
  return [...lines.slice(0, from - 1), ...text.split('\n'), ...lines.slice(to)].join('\n');
}

describe('a hostNetwork DaemonSet with maxSurge: 1 and no maxUnavailable', () => {
  const result = analyze([{ path: 'ds.yaml', content: hostNetworkSurge }]);
  const invalid = result.findings.find((f) => f.ruleId === 'node/rolling-update-invalid') as Finding;
  const deadlock = result.findings.find((f) => f.ruleId === 'node/daemonset-surge-host-port') as Finding;

  it('is offered delete first (maxSurge: 0, maxUnavailable: 1), once, not maxUnavailable: 0', () => {
    expect(invalid).toBeDefined();
    expect(deadlock).toBeDefined();
    expect(result.findings.filter((f) => f.fix)).toEqual([deadlock]);
    expect(deadlock.fix?.edits.map((e) => [e.path.join('.'), e.value])).toEqual([
      ['spec.updateStrategy.rollingUpdate.maxSurge', 0],
      ['spec.updateStrategy.rollingUpdate.maxUnavailable', 1],
    ]);
    expect(invalid.remediation).toContain('The change suggested for this object with node/daemonset-surge-host-port (delete first (maxSurge: 0, maxUnavailable: 1)) fixes this too');
    expect(deadlock.remediation).toContain('notes node/daemonset-delete-first-gap (info)');
  });

  it('fixes both errors when applied, and raises no error or warning', () => {
    const after = analyze([{ path: 'ds.yaml', content: applySuggestion(deadlock, hostNetworkSurge) }]);
    expect(after.errors).toEqual([]);
    expect(after.findings.filter((f) => f.severity !== 'info').map((f) => f.ruleId)).toEqual([]);
  });
});

// Synthetic findings and a stand-in analysis: the combination logic on its own.
function finding(ruleId: string, severity: Finding['severity'], edits: [string, unknown][] | undefined, line = 1): Finding {
  return {
    ruleId,
    severity,
    layer: 'pod',
    message: ruleId,
    detail: ruleId,
    object: { apiVersion: 'v1', kind: 'Thing', name: 't' },
    file: 'f.yaml',
    line,
    endLine: line,
    remediation: `Fix ${ruleId}.`,
    docsUrl: '',
    ...(edits
      ? { fix: { summary: `fix ${ruleId}`, edits: edits.map(([path, value]) => ({ path: path.split('.'), value, location: { file: 'f.yaml', line, endLine: line, exact: true, resolvedDepth: 1 } })) } }
      : {}),
  };
}

describe('combineFixes', () => {
  it('merges fixes that agree into one change on the most severe finding, deeper edits folded in', () => {
    const a = finding('r/a', 'warning', [['spec.hook', { sleep: 5 }]], 2);
    const b = finding('r/b', 'error', [['spec.grace', 30]], 3);
    const c = finding('r/c', 'info', [['spec.hook.extra', true]], 4);
    const out = combineFixes([a, b, c], { spec: {} }, () => new Map());
    expect(out.map((f) => f.fix !== undefined)).toEqual([false, true, false]);
    expect(out[1]?.fix?.edits.map((e) => [e.path.join('.'), e.value])).toEqual([
      ['spec.grace', 30],
      ['spec.hook', { sleep: 5, extra: true }],
    ]);
    expect(out[1]?.fix?.summary).toBe('fix r/b; fix r/a; fix r/c');
    expect(out[0]?.remediation).toBe('Fix r/a. Its fix (fix r/a) is part of the one change suggested for this object, with r/b.');
  });

  it('between contradicting fixes, keeps the combination that resolves more', () => {
    const narrow = finding('r/narrow', 'error', [['spec.x', 0]]);
    const wide = finding('r/wide', 'error', [['spec.x', 1], ['spec.y', 0]]);
    // x=1,y=0 resolves both findings; x=0 resolves only its own.
    const reanalyse = (raw: Record<string, unknown>) => {
      const spec = raw.spec as { x?: number; y?: number };
      const keys = new Map<string, 'error'>();
      if (spec.x !== 0 && !(spec.x === 1 && spec.y === 0)) keys.set('r/narrow|', 'error');
      if (spec.y !== 0) keys.set('r/wide|', 'error');
      return keys;
    };
    const out = combineFixes([narrow, wide], { spec: { y: 1 } }, reanalyse);
    expect(out[0]?.fix).toBeUndefined();
    expect(out[1]?.fix?.edits.map((e) => e.value)).toEqual([1, 0]);
    expect(out[0]?.remediation).toContain('fixes this too; its own fix (fix r/narrow) is not offered');
  });

  it('offers nothing that makes the object worse, and says why', () => {
    const risky = finding('r/risky', 'warning', [['spec.hook', 10]]);
    const out = combineFixes([risky], { spec: {} }, (raw) => new Map((raw.spec as { hook?: number }).hook ? [['r/other|app', 'error' as const], ['r/risky|', 'warning' as const]] : []));
    expect(out[0]?.fix).toBeUndefined();
    expect(out[0]?.remediation).toBe('Fix r/risky. No change is suggested: re-analysing the object with fix r/risky applied raises r/other, which it does not have now.');
  });

  it('re-analyses a hostile object with hundreds of fixes a bounded number of times', () => {
    const many = Array.from({ length: 500 }, (_, i) => finding(`r/c${i}`, 'warning', [[`spec.c${i}`, 10]], i + 1));
    let calls = 0;
    // Every fix raises a new error, so nothing can be offered and each would be tried alone.
    const out = combineFixes(many, { spec: {} }, () => {
      calls++;
      return new Map([['r/new|', 'error' as const]]);
    });
    expect(calls).toBeLessThanOrEqual(maxReanalyses);
    expect(out.filter((f) => f.fix)).toEqual([]);
    expect(out[0]?.remediation).toContain('raises r/new');
    expect(out[499]?.remediation).toContain('the object has more fixes than are checked one by one');
  });

  it('leaves findings without fixes as they are', () => {
    const plain = finding('r/plain', 'error', undefined);
    expect(combineFixes([plain], {}, () => new Map())).toEqual([plain]);
  });
});

describe('every fixture object: one suggestion, and applying it raises nothing new', () => {
  const cases: { ruleId: string; name: string }[] = [];
  for (const layer of readdirSync(join(fixturesDir, 'rules'))) {
    for (const rule of readdirSync(join(fixturesDir, 'rules', layer))) {
      for (const name of fixtureNames(`${layer}/${rule}`, 'bad')) cases.push({ ruleId: `${layer}/${rule}`, name });
    }
  }
  let applied = 0;
  it.each(cases)('$ruleId $name', ({ ruleId, name }) => {
    const files = fixtureFiles(ruleId, 'bad', name);
    const before = analyzeFixture(files);
    const byObject = new Map<string, Finding[]>();
    for (const f of before.findings) byObject.set(`${f.render ?? ''}|${refKey(f.object)}`, [...(byObject.get(`${f.render ?? ''}|${refKey(f.object)}`) ?? []), f]);
    for (const [, objectFindings] of byObject) {
      const fixed = objectFindings.filter((f) => f.fix);
      expect(fixed.length, objectFindings.map((f) => f.ruleId).join(', ')).toBeLessThanOrEqual(1);
      const [withFix] = fixed;
      const file = withFix && files.find((f) => f.path === withFix.file);
      if (!withFix || !file || withFix.render !== undefined || !suggestionFor(withFix, file.content)) continue;
      const after = analyzeFixture(files.map((f) => (f === file ? { ...f, content: applySuggestion(withFix, file.content) } : f)));
      const had = new Set(objectFindings.map(findingKey));
      const raised = after.findings.filter((f) => refKey(f.object) === refKey(withFix.object) && f.severity !== 'info' && !had.has(findingKey(f)));
      expect(raised.map((f) => f.ruleId)).toEqual([]);
      expect(after.findings.map((f) => `${refKey(f.object)}|${findingKey(f)}`)).not.toContain(`${refKey(withFix.object)}|${findingKey(withFix)}`);
      applied++;
    }
  });
  it('covers most fixture objects with a fix', () => {
    expect(applied).toBeGreaterThan(20);
  });
});

describe('a combined fix on a chart template', () => {
  const template = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "web.fullname" . }}
spec:
  strategy:
    rollingUpdate:
      maxSurge: 0
      maxUnavailable: 1 # one at a time
  template:
    spec:
      terminationGracePeriodSeconds: 10
      containers:
        - name: web
          image: "{{ .Values.image }}"
`;
  const at = (line: number) => ({ file: 'chart/templates/deployment.yaml', line, endLine: line, exact: true, resolvedDepth: 4 });
  const combined: Finding = {
    ...finding('node/rollout-full-outage', 'error', undefined, 9),
    object: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
    file: 'chart/templates/deployment.yaml',
    render: 'chart (values.yaml)',
    fix: {
      summary: 'maxSurge: 1, maxUnavailable: 0; set terminationGracePeriodSeconds: 25',
      edits: [
        { path: ['spec', 'strategy', 'rollingUpdate', 'maxSurge'], value: 1, location: at(8) },
        { path: ['spec', 'strategy', 'rollingUpdate', 'maxUnavailable'], value: 0, location: at(9) },
        { path: ['spec', 'template', 'spec', 'terminationGracePeriodSeconds'], value: 25, location: at(12) },
      ],
    },
  };

  it('replaces each literal line it edits, in one suggestion, keeping the lines between', () => {
    expect(suggestionFor(combined, template)).toEqual({
      from: 8,
      to: 12,
      text: ['      maxSurge: 1', '      maxUnavailable: 0 # one at a time', '  template:', '    spec:', '      terminationGracePeriodSeconds: 25'].join('\n'),
    });
  });

  it('offers nothing when one of the edits is not on a literal line', () => {
    const templated = { ...combined, fix: { ...combined.fix!, edits: [...combined.fix!.edits, { path: ['spec', 'template', 'spec', 'containers', 0, 'image'], value: 'x', location: at(15) }] } };
    expect(suggestionFor(templated, template)).toBeUndefined();
  });
});
