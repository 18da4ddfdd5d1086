// Table-driven rule tests: test/fixtures/rules/<layer>/<name>/{bad,good}/ hold fixtures: a
// *.yaml file, or a directory (a small repository: manifests, Dockerfiles, workflows, scripts,
// and an optional termination-guard.yml configuration).
// In a bad fixture every line that must carry a finding of the rule ends with `# expect`, or
// follows a line that is only `# expect-next` (for Dockerfiles, where a trailing comment would be
// part of the instruction); the rule must report exactly those lines. A good fixture must
// produce none. A first line `# kubernetes-version: X.Y` sets the target version.
import { describe, expect, it } from 'vitest';
import { rules } from '../../src/rules/index.js';
import { analyzeFixture, expectedLines, fixtureFiles, fixtureNames as fixtures } from './fixture.js';

function run(id: string, kind: 'bad' | 'good', name: string) {
  const files = fixtureFiles(id, kind, name);
  const result = analyzeFixture(files);
  return { result, expected: expectedLines(files), findings: result.findings.filter((f) => f.ruleId === id) };
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
    expect([...new Set(findings.map((f) => `${f.file}:${f.line}`))].sort()).toEqual(expected);
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
