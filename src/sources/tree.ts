// A tree of files to render from: the checkout on disk, a git commit, or the checkout with a
// change undone (base read over the REST API). Renders copy what they need out of a tree into a
// temporary directory, so base and head render the same way.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { isUnder, normalizeScope } from '../manifests/paths.js';
import { ConfinedFs } from './confined.js';
import type { ChangedFile, GitSource } from './git.js';

export interface TreeReader {
  /** For messages: "the checkout", "base 1a2b3c4d5e6f". */
  label: string;
  /** Repository-relative paths of every file under `dir` ('' or '.': all), sorted. */
  files(dir: string): Promise<string[]>;
  read(path: string): Promise<Buffer | undefined>;
  /** Paths the tree refused to read, and why (the file system's confined reader). */
  refused?: ReadonlyMap<string, string>;
}

const norm = normalizeScope;

/**
 * The file system under `root`, read only through the confined reader: nothing outside the root
 * (or a directory the user named outside it: `outside`), nothing under .git/, no symlink followed.
 * Paths are relative to the root; a file under an outside directory is named by its absolute path,
 * as the manifest reader names it. `refused` collects what was not read, and why.
 */
export function fsTree(root: string, label = 'the checkout', outside: readonly string[] = []): TreeReader & { refused: Map<string, string> } {
  const confined = new ConfinedFs(root, outside);
  const display = (absolute: string) => {
    const rel = relative(confined.root, absolute);
    return rel.startsWith('..') ? absolute : rel.split(sep).join('/');
  };
  const refused = new Map<string, string>();
  return {
    label,
    refused,
    async files(dir) {
      return confined.walk(norm(dir) || '.').map(display).sort();
    },
    async read(path) {
      const read = confined.read(path);
      if (read.ok) return read.content;
      if (read.reason !== 'not found') refused.set(path, read.reason);
      return undefined;
    },
  };
}

/** Files at a commit. */
export function gitTree(git: GitSource, commit: string, label = `commit ${commit.slice(0, 12)}`): TreeReader {
  return {
    label,
    async files(dir) {
      return git.listAt(commit, [dir]).sort();
    },
    async read(path) {
      return git.blobAt(commit, path);
    },
  };
}

/**
 * Base as the checkout with a change undone: files the change added are gone, and changed,
 * deleted or renamed files are read as they were (`readBase`, e.g. over the REST API).
 */
export function undoneTree(head: TreeReader, changes: readonly ChangedFile[], readBase: (path: string) => Promise<string | undefined>, label: string): TreeReader {
  const gone = new Set<string>();
  const restored = new Set<string>();
  for (const change of changes) {
    if (change.status === 'added') gone.add(change.path);
    else if (change.status === 'renamed') {
      gone.add(change.path);
      if (change.previousPath) restored.add(change.previousPath);
    } else restored.add(change.path);
  }
  return {
    label,
    async files(dir) {
      const files = new Set((await head.files(dir)).filter((p) => !gone.has(p)));
      for (const path of restored) if (isUnder(path, [dir])) files.add(path);
      return [...files].sort();
    },
    async read(path) {
      if (gone.has(path) && !restored.has(path)) return undefined;
      if (restored.has(path)) {
        const content = await readBase(path);
        return content === undefined ? undefined : Buffer.from(content, 'utf8');
      }
      return head.read(path);
    },
  };
}

/** Copies `paths` of a tree into `dest`, keeping their relative layout; returns what it copied. */
export async function materialize(tree: TreeReader, paths: Iterable<string>, dest: string): Promise<Map<string, Buffer>> {
  const copied = new Map<string, Buffer>();
  for (const path of paths) {
    const target = join(dest, path);
    // Never outside the copy, whatever a path says.
    if (!target.startsWith(`${dest}${sep}`)) continue;
    const content = await tree.read(path);
    if (content === undefined) continue;
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
    copied.set(path, content);
  }
  return copied;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
