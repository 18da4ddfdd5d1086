// Every workflow the project runs or shows is one GitHub would accept: actionlint (built from its
// Go module by scripts/setup-tools.mjs) over .github/workflows, the example workflows users copy,
// and the README's workflow snippets. actionlint also checks `uses: ./` steps against action.yml
// (inputs given, outputs read). The self-test's output assertions are run here against the
// committed bundle, the one `uses: ./` runs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { cacheDir, goTools } from '../scripts/setup-tools.mjs';
import { repoRoot } from './helpers.js';

const { version } = goTools.actionlint;
const cached = join(cacheDir, 'go', `bin-actionlint-${version}`, 'actionlint');
const actionlint = process.env.TG_ACTIONLINT ?? (existsSync(cached) ? cached : undefined);
const missing = actionlint ? undefined : `actionlint ${version} is not built: run npm run setup-tools (npm test does)`;

const workflowDir = join(repoRoot, '.github', 'workflows');
const yamlFiles = (dir: string) => readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
const workflows = [...yamlFiles(workflowDir).map((f) => `.github/workflows/${f}`), ...yamlFiles(join(workflowDir, 'examples')).map((f) => `.github/workflows/examples/${f}`)];

/** The README's ```yaml blocks that are whole workflows (they have `on:` and `jobs:`). */
export function workflowSnippets(markdown: string): string[] {
  return [...markdown.matchAll(/^```ya?ml\n([\s\S]*?)^```$/gm)].map((m) => m[1] as string).filter((block) => /^on:/m.test(block) && /^jobs:/m.test(block));
}

function lint(files: string[], cwd: string) {
  // shellcheck and pyflakes are off: whether they are installed differs between machines, and
  // the same workflow must get the same verdict everywhere.
  const result = spawnSync(actionlint as string, ['-no-color', '-shellcheck=', '-pyflakes=', ...files], { cwd, encoding: 'utf8' });
  return { status: result.status, report: `${result.stdout}${result.stderr}${result.error ? String(result.error) : ''}` };
}

// Under CI a missing actionlint fails (the tests below run and say why); elsewhere they skip.
describe.skipIf(missing !== undefined && !process.env.CI)(`actionlint${missing ? ` (${process.env.CI ? '' : 'skipped: '}${missing})` : ''}`, () => {
  it.each(workflows)('accepts %s', (file) => {
    expect(actionlint, missing).toBeDefined();
    const { status, report } = lint([file], repoRoot);
    expect(report).toBe('');
    expect(status).toBe(0);
  });

  it("accepts the README's workflow snippets", () => {
    expect(actionlint, missing).toBeDefined();
    const snippets = workflowSnippets(readFileSync(join(repoRoot, 'README.md'), 'utf8'));
    expect(snippets.length, 'the README shows at least the Action usage workflow').toBeGreaterThan(0);
    const dir = mkdtempSync(join(tmpdir(), 'tg-readme-workflows-'));
    mkdirSync(join(dir, '.github', 'workflows'), { recursive: true });
    const files = snippets.map((snippet, index) => {
      const file = `.github/workflows/readme-${index + 1}.yml`;
      writeFileSync(join(dir, file), snippet);
      return file;
    });
    const { status, report } = lint(files, dir);
    expect(report).toBe('');
    expect(status).toBe(0);
  });

  it('reports an invalid workflow (the check can fail)', () => {
    expect(actionlint, missing).toBeDefined();
    const dir = mkdtempSync(join(tmpdir(), 'tg-bad-workflow-'));
    mkdirSync(join(dir, '.github', 'workflows'), { recursive: true });
    // ci.yml once had exactly this: `: ` inside a plain scalar.
    writeFileSync(join(dir, '.github/workflows/bad.yml'), 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "stale: rebuild"\n');
    const { status, report } = lint(['.github/workflows/bad.yml'], dir);
    expect(status).toBe(1);
    expect(report).toContain('could not parse as YAML');
  });
});

describe('workflowSnippets', () => {
  it('takes yaml blocks that are workflows and leaves configuration blocks', () => {
    const markdown = '```yaml\nfailOn: never\n```\n\n```yaml\non: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n```\n\n```sh\non:\njobs:\n```\n';
    expect(workflowSnippets(markdown)).toEqual(['on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n']);
  });
});

describe('dependabot.yml', () => {
  it('updates npm and GitHub Actions weekly, in groups', () => {
    const config = parseYaml(readFileSync(join(repoRoot, '.github', 'dependabot.yml'), 'utf8')) as {
      version: number;
      updates: { 'package-ecosystem': string; directory: string; schedule: { interval: string }; groups?: Record<string, unknown> }[];
    };
    expect(config.version).toBe(2);
    expect(config.updates.map((u) => u['package-ecosystem']).sort()).toEqual(['github-actions', 'npm']);
    for (const update of config.updates) {
      expect(update.schedule.interval).toBe('weekly');
      expect(Object.keys(update.groups ?? {}).length).toBeGreaterThan(0);
    }
  });
});

/** Runs the committed Action bundle as the runner would, returning its exit code and outputs. */
function runAction(inputs: Record<string, string>) {
  const runner = mkdtempSync(join(tmpdir(), 'tg-self-test-'));
  const outputFile = join(runner, 'output');
  writeFileSync(outputFile, '');
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', GITHUB_WORKSPACE: repoRoot, GITHUB_OUTPUT: outputFile, RUNNER_TEMP: runner };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value.startsWith('@runner/') ? join(runner, value.slice(8)) : value;
  const result = spawnSync(process.execPath, [join(repoRoot, 'dist', 'index.js')], { cwd: repoRoot, encoding: 'utf8', env });
  const outputs: Record<string, string> = {};
  for (const m of readFileSync(outputFile, 'utf8').matchAll(/^([^<\n]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) outputs[m[1] as string] = m[3] as string;
  return { code: result.status, outputs, runner };
}

function assertOutputs(env: Record<string, string>) {
  const result = spawnSync(process.execPath, [join(repoRoot, '.github', 'self-test', 'assert-outputs.mjs')], { cwd: repoRoot, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env } });
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

describe("the self-test's output assertions (ci.yml), on the committed bundle", () => {
  // As on workflow_dispatch: no event base, so every example is analysed.
  const guard = runAction({ paths: 'examples/', 'fail-on': 'never', 'sarif-file': '@runner/termination-guard.sarif' });
  const gate = runAction({ paths: 'examples/', 'fail-on': 'error', comment: 'off', 'review-suggestions': 'false', annotations: 'false' });
  const env = {
    OUTPUTS: JSON.stringify(guard.outputs),
    SARIF_FILE: join(guard.runner, 'termination-guard.sarif'),
    GATE_OUTPUTS: JSON.stringify(gate.outputs),
    GATE_OUTCOME: gate.code === 0 ? 'success' : 'failure',
    WHOLE_TREE: 'true',
  };

  it('hold for what the Action returns', () => {
    expect(guard.code).toBe(0);
    expect(gate.code).toBe(1);
    const { status, out } = assertOutputs(env);
    expect(out).toMatch(/^The Action's outputs are consistent: verdict pass, \d+ errors/);
    expect(status).toBe(0);
  });

  it.each([
    ['a verdict that ignores fail-on: never', { OUTPUTS: JSON.stringify({ ...guard.outputs, verdict: 'fail' }) }, 'verdict is "fail" with fail-on: never'],
    ['a missing count', { OUTPUTS: JSON.stringify({ ...guard.outputs, 'new-infos': undefined }) }, 'only some count outputs are set'],
    ['counts that do not add up', { OUTPUTS: JSON.stringify({ ...guard.outputs, 'existing-errors': '1', errors: '1' }) }, 'is not new-errors + existing-errors'],
    ['a gate that passes with errors', { GATE_OUTPUTS: JSON.stringify({ ...gate.outputs, verdict: 'pass' }), GATE_OUTCOME: 'success' }, 'expected "fail"'],
    ['no analysis without a base', { OUTPUTS: JSON.stringify({ verdict: 'pass' }), GATE_OUTPUTS: JSON.stringify({ verdict: 'pass' }), GATE_OUTCOME: 'success' }, 'the count outputs are missing'],
  ])('fail on %s', (_name, change, message) => {
    const { status, out } = assertOutputs({ ...env, ...change });
    expect(out).toContain('::error title=self-test::');
    expect(out).toContain(message);
    expect(status).toBe(1);
  });

  it('accept a pull request that changes no manifest', () => {
    const { status, out } = assertOutputs({ OUTPUTS: JSON.stringify({ verdict: 'pass' }), GATE_OUTPUTS: JSON.stringify({ verdict: 'pass' }), GATE_OUTCOME: 'success', WHOLE_TREE: 'false', SARIF_FILE: 'termination-guard.sarif' });
    expect(out).toContain('no manifest changed');
    expect(status).toBe(0);
  });
});
