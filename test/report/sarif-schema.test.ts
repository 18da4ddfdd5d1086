import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/engine.js';
import { renderSarif } from '../../src/report/sarif.js';
import { corpusDir, readTree } from '../helpers.js';
import { join } from 'node:path';
import { repoRoot } from '../helpers.js';

// The OASIS SARIF 2.1.0 schema, as shipped in @microsoft/jest-sarif.
const require = createRequire(import.meta.url);
const schemaPath = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
// The schema is JSON Schema draft-04 (CommonJS packages, loaded as such).
interface Validator {
  (data: unknown): boolean;
  errors?: unknown[] | null;
}
const Ajv: new (options: object) => { compile(schema: object): Validator } = require('ajv-draft-04').default;
const addFormats: (ajv: object) => void = require('ajv-formats').default;

describe('SARIF', () => {
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false }) // one schema pattern is not valid with the u flag;
  addFormats(ajv);
  const validate = ajv.compile(schema);

  const corpus = existsSync(corpusDir) ? [['corpus', corpusDir]] : [];
  it.each([['examples', join(repoRoot, 'examples')], ...corpus])('validates against the 2.1.0 schema (%s)', (_, dir) => {
    const result = analyze(readTree(dir));
    const log = JSON.parse(renderSarif(result));
    const valid = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(log.runs[0].results.length).toBeGreaterThan(0);
    for (const r of log.runs[0].results) {
      const region = r.locations[0].physicalLocation.region;
      expect(region.startLine).toBeGreaterThan(0);
      expect(region.endLine).toBeGreaterThanOrEqual(region.startLine);
    }
  });

  it('rejects a log that breaks the schema (the validator can fail)', () => {
    const log = JSON.parse(renderSarif(analyze(readTree(join(repoRoot, 'examples')))));
    log.runs[0].results[0].level = 'fatal';
    expect(validate(log)).toBe(false);
  });

  it.runIf(existsSync(corpusDir))('puts no finding on line 1 unless the object starts there (corpus)', () => {
    const result = analyze(readTree(corpusDir));
    for (const finding of result.findings) {
      if (finding.line === 1) expect(finding.ruleId).toMatch(/api-removed|database-in-deployment/);
    }
  });
});
