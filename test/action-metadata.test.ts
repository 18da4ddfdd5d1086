// action.yml, the code that reads inputs/writes outputs, and the README tables agree.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { actionTableMarkers, renderActionTables } from '../src/report/action-docs.js';
import { repoRoot } from './helpers.js';

const action = parseYaml(readFileSync(join(repoRoot, 'action.yml'), 'utf8')) as {
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  runs: { using: string; main: string };
};
const source = (file: string) => readFileSync(join(repoRoot, 'src', file), 'utf8');

describe('action.yml', () => {
  it('runs the committed bundle on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  });

  it('declares exactly the inputs inputs.ts reads, in kebab-case', () => {
    const read = [...source('inputs.ts').matchAll(/(?:getInput|booleanInput)\('([^']+)'/g)].map((m) => m[1]);
    expect([...new Set(read)].sort()).toEqual(Object.keys(action.inputs).sort());
    for (const name of read) expect(name).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });

  it('declares exactly the outputs outputs.ts writes', () => {
    const text = source('outputs.ts');
    const written = [...text.matchAll(/setOutput\('([^']+)'/g)].map((m) => m[1]);
    for (const status of ['new', 'existing', 'fixed']) for (const plural of ['errors', 'warnings', 'infos']) written.push(`${status}-${plural}`);
    expect([...new Set(written)].sort()).toEqual(Object.keys(action.outputs).sort());
  });

  it('is documented in the README (npm run docs)', () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const [start, end] = actionTableMarkers;
    expect(readme.slice(readme.indexOf(start) + start.length, readme.indexOf(end)).trim()).toBe(renderActionTables(action as never));
  });
});
