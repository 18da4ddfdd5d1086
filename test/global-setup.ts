// Builds the bundles once for every test that runs them as real processes, and gives the run a
// temporary directory of its own (TMPDIR, inherited by the test workers), removed at the end.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    freshDist: string;
  }
}

export default function setup(project: TestProject) {
  const root = join(import.meta.dirname, '..');
  const out = join(root, '.tmp', `dist-test-${process.pid}`);
  mkdirSync(out, { recursive: true });
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), out], { cwd: root, stdio: 'inherit' });
  project.provide('freshDist', out);
  // Short, for unix socket paths; the workers start after this and inherit it.
  const runTmp = mkdtempSync('/tmp/tg-run-');
  process.env.TMPDIR = runTmp;
  // Removed when the run ends (each run builds its own) — unless something is still mounted
  // inside (a Docker engine a crashed test left), which is then reported instead of descended into.
  return () => {
    rmSync(out, { recursive: true, force: true });
    const mounted = readFileSync('/proc/mounts', 'utf8').split('\n').some((line) => line.split(' ')[1]?.startsWith(`${runTmp}/`));
    if (mounted) process.stderr.write(`global-setup: ${runTmp} still has mounts; left in place\n`);
    else rmSync(runTmp, { recursive: true, force: true });
  };
}
