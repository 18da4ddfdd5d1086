import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderReadmeRuleTable, renderRuleDoc, ruleTableMarkers } from '../../src/report/rule-docs.js';
import { ruleMetas, rules } from '../../src/rules/index.js';
import { layers } from '../../src/rules/types.js';
import { repoRoot } from '../helpers.js';

describe('rule registry', () => {
  it('has unique ids of the form <layer>/<file name>', () => {
    const ids = ruleMetas.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const meta of ruleMetas) {
      expect(meta.id).toBe(`${meta.layer}/${meta.name}`);
      expect(layers).toContain(meta.layer);
    }
  });

  it('registers every rule file exactly once', () => {
    const files = layers.flatMap((layer) =>
      readdirSync(join(repoRoot, 'src', 'rules', layer))
        .filter((f) => f.endsWith('.ts'))
        .map((f) => `${layer}/${f.replace(/\.ts$/, '')}`),
    );
    expect(files.sort()).toEqual(ruleMetas.map((m) => m.id).sort());
  });

  it('keeps rule metadata complete', () => {
    for (const { meta } of rules) {
      expect(meta.title.length, meta.id).toBeGreaterThan(10);
      expect(meta.summary.length, meta.id).toBeGreaterThan(20);
      expect(meta.docs.why.length, meta.id).toBeGreaterThan(80);
      expect(meta.docs.fact.length, meta.id).toBeGreaterThan(40);
      expect(meta.docs.references.length, meta.id).toBeGreaterThan(0);
      expect(meta.docs.fixYaml.length, meta.id).toBeGreaterThan(5);
      expect(meta.docs.verify.some((c) => c.startsWith('kubectl')), meta.id).toBe(true);
    }
  });

  it('has a current docs page per rule (npm run docs)', () => {
    for (const meta of ruleMetas) {
      const page = readFileSync(join(repoRoot, 'docs', 'rules', `${meta.id}.md`), 'utf8');
      expect(page, `docs/rules/${meta.id}.md is stale: run npm run docs`).toBe(renderRuleDoc(meta));
    }
  });

  it('has the current rule table in the README (npm run docs)', () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const [start, end] = ruleTableMarkers;
    const table = readme.slice(readme.indexOf(start) + start.length, readme.indexOf(end)).trim();
    expect(table).toBe(renderReadmeRuleTable());
  });
});
