import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
 * missing file) writes it instead. Review golden diffs like code. Under CI nothing is written:
 * a missing golden fails, and UPDATE_GOLDEN is ignored, so CI cannot bless its own output.
 */
export function expectGolden(name: string, actual: string, env: NodeJS.ProcessEnv = process.env): void {
  const path = join(repoRoot, 'test', 'golden', name);
  if (env.CI) {
    if (!existsSync(path)) expect.fail(`golden file test/golden/${name} is missing: run the test locally (it writes the file), review it and commit it`);
  } else if (env.UPDATE_GOLDEN || !existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
  }
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

/** Fixed commit dates, so SHAs (and the links in golden comments) are the same on every run. */
const gitDates = { GIT_AUTHOR_DATE: '2026-11-01T00:00:00Z', GIT_COMMITTER_DATE: '2026-11-01T00:00:00Z' };

/** git in `dir`, with the fixed dates. */
export const gitIn = (dir: string, ...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, ...gitDates } }).trim();

export function writeIn(dir: string, path: string, content: string | Buffer): void {
  mkdirSync(join(dir, path, '..'), { recursive: true });
  writeFileSync(join(dir, path), content);
}

/** A new temporary directory holding `files` (path → content). */
export function writeTree(files: Record<string, string | Buffer>, prefix = 'tg-tree-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const [path, content] of Object.entries(files)) writeIn(dir, path, content);
  return dir;
}

/**
 * A repository in a new temporary directory: `base` committed on main, then `head` applied on a
 * feature branch (null deletes a file) and committed unless `commitHead` is false.
 */
export function makeGitRepo(base: Record<string, string>, head: Record<string, string | null>, { commitHead = true } = {}): { dir: string; base: string; head?: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tg-repo-'));
  const git = (...args: string[]) => gitIn(dir, ...args);
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'dev@example.com');
  git('config', 'user.name', 'dev');
  for (const [path, content] of Object.entries(base)) writeIn(dir, path, content);
  git('add', '.');
  git('commit', '-q', '-m', 'base');
  const baseSha = git('rev-parse', 'HEAD');
  git('checkout', '-q', '-b', 'feature');
  for (const [path, content] of Object.entries(head)) {
    if (content === null) git('rm', '-q', path);
    else writeIn(dir, path, content);
  }
  if (!commitHead) return { dir, base: baseSha };
  git('add', '.');
  git('commit', '-q', '-m', 'head');
  return { dir, base: baseSha, head: git('rev-parse', 'HEAD') };
}
