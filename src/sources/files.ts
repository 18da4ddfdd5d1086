// Reads manifest files from the local file system (the CLI's and the Action's source).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { isManifestFile } from '../manifests/file-roles.js';
import type { InputError } from '../manifests/objects.js';
import { defaultParseLimits, type SourceFile } from '../manifests/parse.js';

const skippedDirs = new Set(['.git', 'node_modules', '.terraform', 'vendor']);

export class PathNotFoundError extends Error {}

export interface ReadResult {
  files: SourceFile[];
  errors: InputError[];
}

/** Walks paths (files or directories, recursively) and reads every YAML/JSON file. */
export function readManifestFiles(paths: readonly string[], cwd: string, maxFileBytes = defaultParseLimits.maxFileBytes): ReadResult {
  const result: ReadResult = { files: [], errors: [] };
  const seen = new Set<string>();
  const display = (absolute: string) => {
    const rel = relative(cwd, absolute);
    return (rel === '' ? '.' : rel.startsWith('..') ? absolute : rel).split(sep).join('/');
  };
  const readFile = (absolute: string) => {
    if (seen.has(absolute)) return;
    seen.add(absolute);
    const path = display(absolute);
    try {
      const size = statSync(absolute).size;
      if (size > maxFileBytes) {
        result.errors.push({ file: path, line: 1, message: `file is ${(size / 1048576).toFixed(1)} MiB, over the ${(maxFileBytes / 1048576).toFixed(0)} MiB limit; it was not analysed` });
        return;
      }
      result.files.push({ path, content: readFileSync(absolute, 'utf8') });
    } catch (error) {
      result.errors.push({ file: path, line: 1, message: `cannot read: ${(error as Error).message}` });
    }
  };
  const walk = (directory: string) => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(directory, { withFileTypes: true });
    } catch (error) {
      result.errors.push({ file: display(directory), line: 1, message: `cannot read directory: ${(error as Error).message}` });
      return;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const absolute = join(directory, entry.name);
      if (entry.isDirectory()) {
        if (!skippedDirs.has(entry.name)) walk(absolute);
      } else if (entry.isFile() && isManifestFile(entry.name)) {
        readFile(absolute);
      }
    }
  };
  for (const path of paths) {
    const absolute = join(cwd, path).replace(/\/$/, '') || '/';
    const target = path.startsWith('/') ? path : absolute;
    let stats: import('node:fs').Stats;
    try {
      stats = statSync(target);
    } catch {
      throw new PathNotFoundError(`path not found: ${path}`);
    }
    if (stats.isDirectory()) walk(target);
    else readFile(target);
  }
  return result;
}
