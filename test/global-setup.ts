// Builds the bundles once for every test that runs them as real processes.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
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
  // Removed when the run ends (each run builds its own).
  return () => rmSync(out, { recursive: true, force: true });
}
