// Golden outputs for every renderer over the bundled examples. UPDATE_GOLDEN=1 rewrites them;
// review the diff like code.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/engine.js';
import { withGate } from '../../src/analysis/gate.js';
import { renderJson } from '../../src/report/json.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderSarif } from '../../src/report/sarif.js';
import { renderText } from '../../src/report/text.js';
import { imageInputs, readImageFiles } from '../../src/sources/images.js';
import { fsTree } from '../../src/sources/tree.js';
import { expectGolden, readTree, repoRoot } from '../helpers.js';

const files = readTree(join(repoRoot, 'examples')).map((f) => ({ ...f, path: `examples/${f.path}` }));
// The Dockerfiles, as the CLI reads them.
const images = await readImageFiles(fsTree(repoRoot), ['examples'], {}, '.github/termination-guard.yml');
const policy = { failOn: 'error', drillFailOn: [], smokeFailOn: [], failOnInputErrors: true } as const;
const result = withGate(analyze(files, { images: imageInputs(images) }), policy);
const golden = (name: string, actual: string) => expectGolden(name, actual);

describe('renderers over examples/', () => {
  it('text', () => golden('examples.txt', renderText(result, { color: false })));
  it('text with colours', () => {
    const colored = renderText(result, { color: true });
    expect(colored).toContain('\u001b[31m');
    expect(colored.replaceAll(new RegExp(`${String.fromCharCode(27)}\\[\\d+m`, 'g'), '')).toBe(renderText(result, { color: false }));
  });
  it('markdown', () => golden('examples.md', renderMarkdown(result)));
  it('json', () => golden('examples.json', renderJson(result)));
  it('sarif', () => golden('examples.sarif', renderSarif(result)));
  it('is deterministic regardless of input order', () => {
    const reversed = withGate(analyze([...files].reverse(), { images: { ...imageInputs(images), files: [...images.files].reverse() } }), policy);
    expect(renderJson(reversed)).toBe(renderJson(result));
  });
  it('tells which checks passed for a clean workload', () => {
    const payments = result.subjects.find((s) => s.object.name === 'payments-api' && s.kind === 'workload');
    expect(payments?.checks.every((c) => c.status === 'pass')).toBe(true);
    expect(payments?.checks.length).toBeGreaterThan(8);
  });
});
