import { createRequire as __tgCreateRequire } from 'node:module';
const require = __tgCreateRequire(import.meta.url);

// src/sources/confined.ts
import { lstatSync, readdirSync, readFileSync, realpathSync } from "node:fs";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
var skippedDirs = /* @__PURE__ */ new Set([".git", "node_modules"]);
function realRoot(root) {
  try {
    return realpathSync.native(resolve(root));
  } catch {
    return resolve(root);
  }
}
var ConfinedFs = class {
  /** The repository root, and any directory the user named outside it (CLI arguments). */
  roots;
  constructor(root, extraRoots = []) {
    this.roots = [realRoot(root), ...extraRoots.map(realRoot)];
  }
  get root() {
    return this.roots[0];
  }
  /**
   * Where `path` (relative to the root, or absolute) really is, if it may be read: inside a root
   * lexically, with no `.git` segment, and with no symlink anywhere between the root and the
   * file (its real path is its lexical path).
   */
  locate(path) {
    const absolute = isAbsolute(path) ? resolve(path) : resolve(this.root, path);
    const inside = this.roots.find((root) => absolute === root || absolute.startsWith(`${root}${sep}`));
    if (!inside) return { ok: false, reason: "outside the repository" };
    if (relative(inside, absolute).split(sep).includes(".git")) return { ok: false, reason: "inside .git/" };
    let real;
    try {
      real = realpathSync.native(absolute);
    } catch {
      return { ok: false, reason: "not found" };
    }
    if (real !== absolute) return { ok: false, reason: "a symlink (not followed)" };
    return { ok: true, absolute };
  }
  /** A file's bytes, or why it was not read. */
  read(path) {
    const located = this.locate(path);
    if (!located.ok) return located;
    try {
      if (!lstatSync(located.absolute).isFile()) return { ok: false, reason: "not a regular file" };
      return { ok: true, content: readFileSync(located.absolute) };
    } catch (error) {
      return { ok: false, reason: error.message };
    }
  }
  /**
   * Every regular file under `dir` (absolute paths, sorted), never entering symlinked or
   * skipped directories; `dir` itself must pass `locate`. Symlinks met on the way are passed to
   * `onSymlink`, unreadable directories to `onError`.
   */
  walk(dir, onError = () => {
  }, onSymlink = () => {
  }) {
    const start = this.locate(dir);
    if (!start.ok) return [];
    const out = [];
    const visit = (absolute) => {
      let entries;
      try {
        entries = readdirSync(absolute, { withFileTypes: true });
      } catch (error) {
        onError(absolute, error.message);
        return;
      }
      for (const entry of entries) {
        const path = join(absolute, entry.name);
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
};
function decodeText(bytes) {
  if (bytes.length >= 2 && bytes[0] === 255 && bytes[1] === 254) return decodeWith("utf-16le", bytes.subarray(2));
  if (bytes.length >= 2 && bytes[0] === 254 && bytes[1] === 255) return decodeWith("utf-16be", bytes.subarray(2));
  const body = bytes.length >= 3 && bytes[0] === 239 && bytes[1] === 187 && bytes[2] === 191 ? bytes.subarray(3) : bytes;
  if (body.includes(0)) return { ok: false, reason: "it holds NUL bytes" };
  return decodeWith("utf-8", body);
}
function decodeWith(encoding, bytes) {
  try {
    return { ok: true, text: new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes) };
  } catch {
    return { ok: false, reason: `it is not valid ${encoding.toUpperCase()}` };
  }
}

export {
  ConfinedFs,
  decodeText
};
