// The publication's JSON Schema is generated from its TypeScript type (ts-json-schema-generator)
// and committed (src/github/publication.schema.json): the bundle validates against the committed
// file, so a type change that is not regenerated would let the two halves disagree. This test
// regenerates it and fails when the committed file is stale; UPDATE_GOLDEN=1 rewrites it (not under
// CI, which cannot bless its own output).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createGenerator } from 'ts-json-schema-generator';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/engine.js';
import { prView } from '../../src/analysis/diff.js';
import { parsePublication, type Publication, publicationFormat, publishedResult, RefusedPublication } from '../../src/github/publication.js';
import { fixturesDir, readTree, repoRoot } from '../helpers.js';

const schemaPath = join(repoRoot, 'src', 'github', 'publication.schema.json');

/** Doc comments are for readers of the type; the committed schema keeps only what validates. */
function withoutDescriptions(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutDescriptions);
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).filter(([key]) => key !== 'description').map(([key, value]) => [key, withoutDescriptions(value)]));
  }
  return node;
}

function generateSchema(): string {
  const generator = createGenerator({
    path: join(repoRoot, 'src', 'github', 'publication.ts'),
    tsconfig: join(repoRoot, 'tsconfig.json'),
    type: 'Publication',
    skipTypeCheck: true,
    jsDoc: 'extended',
    additionalProperties: false,
    topRef: false,
  });
  return `${JSON.stringify(withoutDescriptions(generator.createSchema('Publication')), null, 2)}\n`;
}

describe('the publication schema', () => {
  it('is the one generated from the Publication type (UPDATE_GOLDEN=1 regenerates it)', () => {
    const generated = generateSchema();
    if (!process.env.CI && (process.env.UPDATE_GOLDEN || !existsSync(schemaPath))) writeFileSync(schemaPath, generated);
    expect(readFileSync(schemaPath, 'utf8'), 'src/github/publication.schema.json is stale: run UPDATE_GOLDEN=1 npx vitest run test/github/publication-schema.test.ts and commit it').toBe(generated);
  }, 120_000);

  it('closes every object: no property the type does not name', () => {
    const open: string[] = [];
    const walk = (node: unknown, path: string) => {
      if (Array.isArray(node)) node.forEach((item, i) => walk(item, `${path}/${i}`));
      else if (node && typeof node === 'object') {
        const object = node as Record<string, unknown>;
        if (object.type === 'object' && object.additionalProperties !== false && typeof object.additionalProperties !== 'object') open.push(path);
        for (const [key, value] of Object.entries(object)) walk(value, `${path}/${key}`);
      }
    };
    walk(JSON.parse(readFileSync(schemaPath, 'utf8')), '#');
    expect(open).toEqual([]);
  });
});

const sha = (c: string) => c.repeat(40);

function publicationOf(result: Parameters<typeof publishedResult>[0]): Publication {
  return { format: publicationFormat, repository: 'acme/shop', number: 7, baseSha: sha('a'), headSha: sha('b'), runId: 42, result: publishedResult(result) };
}

describe('parsePublication', () => {
  // Every rule's fixtures, as a tree and as a PR view: whatever the analysis produces validates.
  const tree = readTree(join(fixturesDir, 'rules'));
  const treeResult = analyze(tree);
  const prResult = prView(analyze(tree, { digests: true }), analyze(tree.slice(0, Math.floor(tree.length / 2)), { digests: true }), 'base 0123456789ab');

  it('accepts what the analysis produces, for a tree and for a PR view', () => {
    expect(treeResult.findings.length).toBeGreaterThan(50);
    for (const result of [treeResult, prResult]) {
      const text = JSON.stringify(publicationOf(result));
      expect(parsePublication(text, 'p.json').result.findings.length).toBe(result.findings.length);
    }
  });

  const refused = (publication: unknown) => {
    try {
      parsePublication(typeof publication === 'string' ? publication : JSON.stringify(publication), 'p.json');
    } catch (error) {
      expect(error).toBeInstanceOf(RefusedPublication);
      return (error as Error).message;
    }
    return expect.fail('accepted');
  };
  const valid = publicationOf(prResult);
  const finding = valid.result.findings[0]!;

  it.each([
    ['not JSON', '{', /not JSON/],
    ['the v1 format (Markdown)', { format: 'termination-guard/publication@1', repository: 'acme/shop', number: 7, headSha: sha('b'), comment: '<!-- termination-guard:sticky-comment -->\nhi' }, /format is "termination-guard\/publication@1"/],
    ['a rendered comment next to the result', { ...valid, comment: 'approved, safe to merge' }, /must NOT have additional properties/],
    ['a property the type does not have, deep in a finding', { ...valid, result: { ...valid.result, findings: [{ ...finding, html: '<img src=https://evil>' }] } }, /findings\/0 must NOT have additional properties/],
    ['a run id that is not a number', { ...valid, runId: '42' }, /\/runId must be integer/],
    ['a short SHA', { ...valid, headSha: 'b'.repeat(12) }, /\/headSha must match pattern/],
    ['a repository with a path in it', { ...valid, repository: 'acme/shop/../../evil' }, /\/repository must match pattern/],
    ['an unknown severity', { ...valid, result: { ...valid.result, findings: [{ ...finding, severity: 'approved' }] } }, /severity must be equal to one of the allowed values/],
    ['a rule this version does not have', { ...valid, result: { ...valid.result, findings: [{ ...finding, ruleId: 'approved/safe-to-merge' }] } }, /names rule "approved\/safe-to-merge"/],
    ['a file outside the repository', { ...valid, result: { ...valid.result, findings: [{ ...finding, file: '../../../evil/phish' }] } }, /names the file "..\/..\/..\/evil\/phish"/],
  ])('refuses %s', (_name, publication, reason) => {
    expect(refused(publication)).toMatch(reason);
  });

  it("replaces a finding's docs link with the rule's own", () => {
    const forged = { ...valid, result: { ...valid.result, findings: [{ ...finding, docsUrl: 'https://evil.example/login' }] } };
    const parsed = parsePublication(JSON.stringify(forged), 'p.json');
    expect(parsed.result.findings[0]!.docsUrl).toBe(finding.docsUrl);
    expect(finding.docsUrl).toMatch(/^https:\/\/github\.com\//);
  });
});
