// action.yml, the code that reads inputs/writes outputs, and the README tables agree.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { actionPermissions, actionTableMarkers, renderActionTables } from '../src/report/action-docs.js';
import { repoRoot } from './helpers.js';

const action = parseYaml(readFileSync(join(repoRoot, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { description: string }>;
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

/** The workflows users copy: the README's snippets and the examples, with where each comes from. */
function userWorkflows(): { name: string; workflow: { permissions?: Record<string, string>; jobs: Record<string, { steps?: { uses?: string; with?: Record<string, unknown> }[] }> } }[] {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const snippets = [...readme.matchAll(/^```ya?ml\n([\s\S]*?)^```$/gm)].map((m) => m[1] as string).filter((block) => /^on:/m.test(block) && /^jobs:/m.test(block));
  const examplesDir = join(repoRoot, '.github', 'workflows', 'examples');
  return [
    ...snippets.map((text, i) => ({ name: `README workflow ${i + 1}`, workflow: parseYaml(text) })),
    ...readdirSync(examplesDir).map((file) => ({ name: file, workflow: parseYaml(readFileSync(join(examplesDir, file), 'utf8')) })),
  ];
}

describe('permissions', () => {
  const table = new Map(actionPermissions.map((p) => p.permission.split(': ') as [string, string]));

  it('the README permissions table names inputs action.yml declares, and github-token names every write permission', () => {
    for (const { inputs } of actionPermissions) for (const input of inputs) expect(Object.keys(action.inputs)).toContain(input);
    for (const { permission } of actionPermissions) if (permission.endsWith(': write')) expect(action.inputs['github-token'].description).toContain(`\`${permission}\``);
    expect(action.inputs['check-run'].description).toContain('`checks: write`');
  });

  it('every workflow shown to users grants what its inputs need, and nothing the table does not explain', () => {
    const workflows = userWorkflows();
    expect(workflows.length).toBeGreaterThanOrEqual(3);
    const level = { none: 0, read: 1, write: 2 } as Record<string, number>;
    for (const { name, workflow } of workflows) {
      const steps = Object.values(workflow.jobs).flatMap((job) => job.steps ?? []);
      const ours = steps.filter((step) => step.uses?.startsWith('termination-guard/termination-guard@'));
      if (ours.length === 0) continue;
      const granted = workflow.permissions ?? {};
      const need = (permission: string, why: string) => expect(level[granted[permission] ?? 'none'], `${name}: ${why} needs ${permission}: write`).toBe(2);
      for (const step of ours) {
        if (String(step.with?.['check-run']) === 'true') need('checks', 'check-run: true');
        if (step.with?.publish) need('pull-requests', 'publish');
      }
      // actions: read is actions/download-artifact's (part 2 of the two-workflow pattern), not the Action's.
      const others = new Set(steps.filter((step) => step.uses?.startsWith('actions/download-artifact@')).length > 0 ? ['actions'] : []);
      for (const [permission, value] of Object.entries(granted)) {
        if (others.has(permission)) continue;
        expect(table.has(permission), `${name}: ${permission} is not in the README's permissions table`).toBe(true);
        expect(level[value], `${name}: ${permission}: ${value} is more than the table asks for`).toBeLessThanOrEqual(level[table.get(permission) as string]);
      }
    }
  });
});
