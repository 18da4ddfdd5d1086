// The Action runs on GitHub as node24: the bundles must work there, not only on the local Node.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { repoRoot } from './helpers.js';

const node24 = process.env.TG_NODE24;
const available = node24 !== undefined && existsSync(node24);

describe.skipIf(!available)('bundles under Node 24 (TG_NODE24, installed by scripts/setup-tools.mjs)', () => {
  it('runs the CLI', () => {
    const version = spawnSync(node24 as string, ['--version'], { encoding: 'utf8' }).stdout;
    expect(version).toMatch(/^v24\./);
    const result = spawnSync(node24 as string, [join(inject('freshDist'), 'cli.js'), 'check', 'examples/', '--format', 'json'], { cwd: repoRoot, encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout).summary.gate).toBe('fail');
  });

  it('runs the Action', () => {
    const result = spawnSync(node24 as string, [join(inject('freshDist'), 'index.js')], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', GITHUB_WORKSPACE: repoRoot, INPUT_PATHS: 'examples/payments-api' },
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
