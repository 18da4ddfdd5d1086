import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { SourceFile } from '../src/manifests/parse.js';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
export const fixturesDir = join(repoRoot, 'test', 'fixtures');
export const corpusDir = join(repoRoot, '..', 'shared', 'corpus');

/** Reads every YAML/JSON file under a directory, with paths relative to `base`. */
export function readTree(dir: string, base = dir): SourceFile[] {
  const out: SourceFile[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...readTree(path, base));
    else if (/\.(ya?ml|json)$|^Kustomization$/.test(entry)) out.push({ path: relative(base, path), content: readFileSync(path, 'utf8') });
  }
  return out;
}

export function listDirs(dir: string): string[] {
  try {
    return readdirSync(dir).filter((entry) => statSync(join(dir, entry)).isDirectory()).sort();
  } catch {
    return [];
  }
}

/**
 * Compares `actual` with the committed golden file test/golden/<name>; UPDATE_GOLDEN=1 (or a
 * missing file) writes it instead. Review golden diffs like code.
 */
export function expectGolden(name: string, actual: string): void {
  const path = join(repoRoot, 'test', 'golden', name);
  if (process.env.UPDATE_GOLDEN || !existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
  }
  expect(actual).toBe(readFileSync(path, 'utf8'));
}
