// The CLI in a terminal and in a pipe, as a real process from a fresh bundle: help per command,
// our own message for an unknown option, colour switches, a reader that stops early.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { repoRoot } from '../helpers.js';

function cli(args: string[], env: Record<string, string> = {}) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'NO_COLOR' && name !== 'FORCE_COLOR'));
  const result = spawnSync(process.execPath, [join(inject('freshDist'), 'cli.js'), ...args], { cwd: repoRoot, encoding: 'utf8', env: { ...clean, ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
const escape = String.fromCharCode(27);

describe('the CLI in a terminal and a pipe', () => {
  it('check --help prints the check options, not the drill and smoke ones', () => {
    const { code, stdout } = cli(['check', '--help']);
    expect(code).toBe(0);
    expect(stdout.startsWith('Usage: termination-guard check [paths…] [options]')).toBe(true);
    expect(stdout).toContain('--fail-on <new-errors|error|warning|never>');
    expect(stdout).not.toContain('--drill-fail-on');
    expect(stdout).not.toContain('--kind-binary');
    expect(cli(['smoke', '--help']).stdout).toContain('--kind-binary');
  });

  it('an unknown option gets our message, with the option meant', () => {
    const { code, stderr } = cli(['check', 'examples', '--fial-on', 'never']);
    expect(code).toBe(2);
    expect(stderr).toBe('termination-guard: unknown option --fial-on (did you mean --fail-on?)\nRun `termination-guard --help` for usage.\n');
    expect(cli(['check', '--base']).stderr).toContain('termination-guard: --base needs a value');
  });

  it('colours: plain in a pipe; --color and FORCE_COLOR force them; --no-color wins', () => {
    expect(cli(['check', 'examples/payments-api']).stdout).not.toContain(escape);
    expect(cli(['check', 'examples/payments-api', '--color']).stdout).toContain(`${escape}[`);
    expect(cli(['check', 'examples/payments-api'], { FORCE_COLOR: '1' }).stdout).toContain(`${escape}[`);
    expect(cli(['check', 'examples/payments-api'], { FORCE_COLOR: '0' }).stdout).not.toContain(escape);
    expect(cli(['check', 'examples/payments-api', '--no-color'], { FORCE_COLOR: '1' }).stdout).not.toContain(escape);
  });

  it('`rules | head -1` ends quietly', () => {
    const result = spawnSync('sh', ['-c', `"${process.execPath}" "${join(inject('freshDist'), 'cli.js')}" rules | head -1`], { cwd: repoRoot, encoding: 'utf8' });
    expect(result.stdout.split('\n').filter(Boolean)).toHaveLength(1);
    expect(result.stderr).toBe('');
  });
});
