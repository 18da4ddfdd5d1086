// Table-driven rule tests: test/fixtures/rules/<layer>/<name>/{bad,good}/*.yaml.
// In a bad fixture every line that must carry a finding of the rule ends with `# expect`;
// the rule must report exactly those lines. A good fixture must produce none.
// A first line `# kubernetes-version: X.Y` sets the target version.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/analysis/config.js';
import { analyze } from '../../src/analysis/engine.js';
import { rules } from '../../src/rules/index.js';
import { fixturesDir } from '../helpers.js';

function fixtures(id: string, kind: 'bad' | 'good'): string[] {
  try {
    return readdirSync(join(fixturesDir, 'rules', id, kind)).filter((f) => f.endsWith('.yaml')).sort();
  } catch {
    return [];
  }
}

function run(id: string, kind: 'bad' | 'good', file: string) {
  const content = readFileSync(join(fixturesDir, 'rules', id, kind, file), 'utf8');
  const version = /^# kubernetes-version: (\S+)/.exec(content)?.[1];
  const result = analyze([{ path: file, content }], { config: { ...defaultConfig, ...(version ? { kubernetesVersion: version } : {}) } });
  const expected = content
    .split('\n')
    .flatMap((line, index) => (/#\s*expect\s*$/.test(line) ? [index + 1] : []));
  return { result, expected, findings: result.findings.filter((f) => f.ruleId === id) };
}

describe.each(rules.map((rule) => rule.meta.id))('%s', (id) => {
  it('has fixtures that trigger it and fixtures that must not', () => {
    expect(fixtures(id, 'bad').length).toBeGreaterThan(0);
    expect(fixtures(id, 'good').length).toBeGreaterThan(0);
  });

  it.each(fixtures(id, 'bad'))('reports bad/%s on the marked lines', (file) => {
    const { result, expected, findings } = run(id, 'bad', file);
    expect(result.errors).toEqual([]);
    expect(expected.length).toBeGreaterThan(0);
    expect([...new Set(findings.map((f) => f.line))].sort((a, b) => a - b)).toEqual(expected);
    for (const finding of findings) {
      expect(finding.message).toContain(finding.object.name);
      if (finding.container) expect(finding.message).toContain(`"${finding.container}"`);
      expect(finding.remediation.length).toBeGreaterThan(10);
    }
  });

  it.each(fixtures(id, 'good'))('stays quiet on good/%s', (file) => {
    const { result, findings } = run(id, 'good', file);
    expect(result.errors).toEqual([]);
    expect(findings.map((f) => f.message)).toEqual([]);
  });
});
