// The Action bundle as a real process, with inputs as INPUT_* variables and the runner's files.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { repoRoot } from './helpers.js';

function action(inputs: Record<string, string>) {
  const runner = mkdtempSync(join(tmpdir(), 'tg-action-'));
  const output = join(runner, 'output');
  const summary = join(runner, 'summary.md');
  writeFileSync(output, '');
  writeFileSync(summary, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    GITHUB_WORKSPACE: repoRoot,
    GITHUB_OUTPUT: output,
    GITHUB_STEP_SUMMARY: summary,
    RUNNER_TEMP: runner,
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const result = spawnSync(process.execPath, [join(inject('freshDist'), 'index.js')], { cwd: repoRoot, encoding: 'utf8', env });
  return { code: result.status, stdout: result.stdout, outputs: readFileSync(output, 'utf8'), summary: readFileSync(summary, 'utf8'), runner };
}

describe('the Action', () => {
  it('passes a clean workload and sets its outputs', () => {
    const run = action({ paths: 'examples/payments-api' });
    expect(run.code).toBe(0);
    expect(run.outputs).toMatch(/verdict<<.*\npass\n/);
    expect(run.summary).toContain('✅ **termination-guard: no blocking problems**');
  });

  it('fails the gate with annotations on the real lines, a summary and SARIF', () => {
    const run = action({ paths: 'examples/shop-frontend\nexamples/session-cache', 'sarif-file': '.tmp/action-test.sarif' });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('::error title=node/rollout-full-outage,file=examples/shop-frontend/deployment.yaml,line=14,endLine=14::');
    expect(run.stdout).toMatch(/::warning title=runtime\/shell-pid1,file=examples\/session-cache\/statefulset.yaml,line=22/);
    expect(run.outputs).toMatch(/verdict<<.*\nfail\n/);
    expect(run.summary).toContain('<details><summary>❌ Deployment shop/frontend');
    expect(JSON.parse(readFileSync(join(repoRoot, '.tmp/action-test.sarif'), 'utf8')).version).toBe('2.1.0');
    expect(JSON.parse(readFileSync(join(run.runner, 'termination-guard.json'), 'utf8')).summary.gate).toBe('fail');
  });

  it('rejects a bad input with a clear failure', () => {
    const run = action({ paths: 'examples', 'fail-on': 'sometimes' });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('::error::input fail-on must be new-errors, errors, warnings or never (got "sometimes")');
  });
});
