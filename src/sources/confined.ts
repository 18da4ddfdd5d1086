// The one confined reader: every file read on behalf of the analysed tree — manifests, charts,
// overlays, values, Dockerfiles and what they COPY, entrypoint scripts, build descriptors, the
// config — goes through here. A pull request controls these paths: nothing outside the
// repository, nothing under .git/, and no symlink is followed to content.
import { type Dirent, lstatSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';

/** Why a path was not read. */
export type Refusal = 'outside the repository' | 'inside .git/' | 'a symlink (not followed)' | 'not found';

export type ConfinedRead = { ok: true; absolute: string } | { ok: false; reason: Refusal };

/** Directories a walk never enters (never analysed, and .git/ never read). */
export const skippedDirs = new Set(['.git', 'node_modules']);

function realRoot(root: string): string {
  try {
    return realpathSync.native(resolve(root));
  } catch {
    return resolve(root);
  }
}

export class ConfinedFs {
  /** The repository root, and any directory the user named outside it (CLI arguments). */
  private readonly roots: string[];

  constructor(root: string, extraRoots: readonly string[] = []) {
    this.roots = [realRoot(root), ...extraRoots.map(realRoot)];
  }

  get root(): string {
    return this.roots[0] as string;
  }

  /**
   * Where `path` (relative to the root, or absolute) really is, if it may be read: inside a root
   * lexically, with no `.git` segment, and with no symlink anywhere between the root and the
   * file (its real path is its lexical path).
   */
  locate(path: string): ConfinedRead {
    const absolute = isAbsolute(path) ? resolve(path) : resolve(this.root, path);
    const inside = this.roots.find((root) => absolute === root || absolute.startsWith(`${root}${sep}`));
    if (!inside) return { ok: false, reason: 'outside the repository' };
    if (relative(inside, absolute).split(sep).includes('.git')) return { ok: false, reason: 'inside .git/' };
    let real: string;
    try {
      real = realpathSync.native(absolute);
    } catch {
      return { ok: false, reason: 'not found' };
    }
    if (real !== absolute) return { ok: false, reason: 'a symlink (not followed)' };
    return { ok: true, absolute };
  }

  /** A file's bytes, or why it was not read. */
  read(path: string): { ok: true; content: Buffer } | { ok: false; reason: Refusal | string } {
    const located = this.locate(path);
    if (!located.ok) return located;
    try {
      if (!lstatSync(located.absolute).isFile()) return { ok: false, reason: 'not a regular file' };
      return { ok: true, content: readFileSync(located.absolute) };
    } catch (error) {
      return { ok: false, reason: (error as Error).message };
    }
  }

  /**
   * Every regular file under `dir` (absolute paths, sorted), never entering symlinked or
   * skipped directories; `dir` itself must pass `locate`. Symlinks met on the way are passed to
   * `onSymlink`, unreadable directories to `onError`.
   */
  walk(dir: string, onError: (absolute: string, message: string) => void = () => {}, onSymlink: (absolute: string) => void = () => {}): string[] {
    const start = this.locate(dir);
    if (!start.ok) return [];
    const out: string[] = [];
    const visit = (absolute: string) => {
      let entries: Dirent[];
      try {
        entries = readdirSync(absolute, { withFileTypes: true });
      } catch (error) {
        onError(absolute, (error as Error).message);
        return;
      }
      for (const entry of entries) {
        const path = join(absolute, entry.name);
        // Dirent types come from lstat: a symlink is neither a file nor a directory here.
        if (entry.isDirectory()) {
          if (!skippedDirs.has(entry.name)) visit(path);
        } else if (entry.isFile()) out.push(path);
        else if (entry.isSymbolicLink()) onSymlink(path);
      }
    };
    if (lstatSync(start.absolute).isFile()) return [start.absolute];
    visit(start.absolute);
    return out.sort();
  }
}

/**
 * Text from a file's bytes: any valid UTF-8 (a U+FFFD in a comment is text), UTF-16 with a byte
 * order mark, and a UTF-8 BOM dropped. Anything else is binary, with the reason.
 */
export function decodeText(bytes: Uint8Array): { ok: true; text: string } | { ok: false; reason: string } {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return decodeWith('utf-16le', bytes.subarray(2));
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return decodeWith('utf-16be', bytes.subarray(2));
  const body = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  if (body.includes(0)) return { ok: false, reason: 'it holds NUL bytes' };
  return decodeWith('utf-8', body);
}

function decodeWith(encoding: 'utf-8' | 'utf-16le' | 'utf-16be', bytes: Uint8Array): { ok: true; text: string } | { ok: false; reason: string } {
  try {
    return { ok: true, text: new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes) };
  } catch {
    return { ok: false, reason: `it is not valid ${encoding.toUpperCase()}` };
  }
}
