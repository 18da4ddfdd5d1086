// Reads manifest files from the local file system (the CLI's and the Action's source).
import { statSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { isManifestFile } from '../manifests/file-roles.js';
import type { InputError } from '../manifests/objects.js';
import { defaultParseLimits, type SourceFile } from '../manifests/parse.js';
import { ConfinedFs, decodeText } from './confined.js';

export class PathNotFoundError extends Error {}

export interface ReadResult {
  files: SourceFile[];
  errors: InputError[];
}

/** A CLI argument outside the working directory is a root of its own (the user named it). */
export function outsideRoots(paths: readonly string[]): string[] {
  return paths.filter((p) => isAbsolute(p));
}

/**
 * Walks paths (files or directories, recursively) and reads every YAML/JSON file through the
 * confined reader: never outside `cwd` (or a path named outside it), never .git/, no symlink.
 */
export function readManifestFiles(paths: readonly string[], cwd: string, maxFileBytes = defaultParseLimits.maxFileBytes): ReadResult {
  const result: ReadResult = { files: [], errors: [] };
  const confined = new ConfinedFs(cwd, outsideRoots(paths));
  const seen = new Set<string>();
  const display = (absolute: string) => {
    const rel = relative(confined.root, absolute);
    return (rel === '' ? '.' : rel.startsWith('..') ? absolute : rel).split(sep).join('/');
  };
  const readFile = (absolute: string) => {
    if (seen.has(absolute)) return;
    seen.add(absolute);
    const path = display(absolute);
    const size = statSync(absolute).size;
    if (size > maxFileBytes) {
      result.errors.push({ file: path, line: 1, message: `file is ${(size / 1048576).toFixed(1)} MiB, over the ${(maxFileBytes / 1048576).toFixed(0)} MiB limit; it was not analysed` });
      return;
    }
    const read = confined.read(absolute);
    if (!read.ok) {
      result.errors.push({ file: path, line: 1, message: `not read: ${read.reason}` });
      return;
    }
    const text = decodeText(read.content);
    if (text.ok) result.files.push({ path, content: text.text });
    else result.errors.push({ file: path, line: 1, message: `file is not text (${text.reason}); it was not analysed` });
  };
  for (const path of paths) {
    const target = isAbsolute(path) ? path : join(cwd, path);
    const located = confined.locate(target);
    if (!located.ok) {
      if (located.reason === 'not found') throw new PathNotFoundError(`path not found: ${path}`);
      result.errors.push({ file: path, line: 1, message: `not read: ${path} is ${located.reason === 'a symlink (not followed)' ? 'a symlink, which is not followed' : located.reason}` });
      continue;
    }
    // A file named on its own is read whatever its extension; a directory's manifests by theirs.
    if (statSync(located.absolute).isFile()) readFile(located.absolute);
    else {
      const files = confined.walk(
        located.absolute,
        (absolute, message) => result.errors.push({ file: display(absolute), line: 1, message: `cannot read directory: ${message}` }),
        (absolute) => {
          if (isManifestFile(absolute)) result.errors.push({ file: display(absolute), line: 1, message: 'not read: a symlink (not followed)' });
        },
      );
      for (const absolute of files) if (isManifestFile(absolute) && !excludedDirs(relative(located.absolute, absolute))) readFile(absolute);
    }
  }
  return result;
}

/** Vendored trees are not the repository's manifests. */
function excludedDirs(rel: string): boolean {
  return rel.split(sep).some((segment) => segment === '.terraform' || segment === 'vendor');
}
