import { createRequire as __tgCreateRequire } from 'node:module';
const require = __tgCreateRequire(import.meta.url);
import {
  isManifestFile
} from "./chunk-QEM6FKPM.js";
import {
  ConfinedFs,
  decodeText
} from "./chunk-UPBOSQEA.js";
import {
  defaultParseLimits
} from "./chunk-ZYTHLJNO.js";

// src/sources/files.ts
import { statSync } from "node:fs";
import { isAbsolute, join, relative, sep } from "node:path";
var PathNotFoundError = class extends Error {
};
function outsideRoots(paths) {
  return paths.filter((p) => isAbsolute(p));
}
function readManifestFiles(paths, cwd, maxFileBytes = defaultParseLimits.maxFileBytes) {
  const result = { files: [], errors: [] };
  const confined = new ConfinedFs(cwd, outsideRoots(paths));
  const seen = /* @__PURE__ */ new Set();
  const display = (absolute) => {
    const rel = relative(confined.root, absolute);
    return (rel === "" ? "." : rel.startsWith("..") ? absolute : rel).split(sep).join("/");
  };
  const readFile = (absolute) => {
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
      if (located.reason === "not found") throw new PathNotFoundError(`path not found: ${path}`);
      result.errors.push({ file: path, line: 1, message: `not read: ${path} is ${located.reason === "a symlink (not followed)" ? "a symlink, which is not followed" : located.reason}` });
      continue;
    }
    if (statSync(located.absolute).isFile()) readFile(located.absolute);
    else {
      const files = confined.walk(
        located.absolute,
        (absolute, message) => result.errors.push({ file: display(absolute), line: 1, message: `cannot read directory: ${message}` }),
        (absolute) => {
          if (isManifestFile(absolute)) result.errors.push({ file: display(absolute), line: 1, message: "not read: a symlink (not followed)" });
        }
      );
      for (const absolute of files) if (isManifestFile(absolute) && !excludedDirs(relative(located.absolute, absolute))) readFile(absolute);
    }
  }
  return result;
}
function excludedDirs(rel) {
  return rel.split(sep).some((segment) => segment === ".terraform" || segment === "vendor");
}

// src/sources/git.ts
import { execFileSync, spawnSync } from "node:child_process";
var GitError = class extends Error {
};
var GitSource = class {
  constructor(cwd) {
    this.cwd = cwd;
  }
  cwd;
  git(args, input) {
    try {
      return execFileSync("git", args, { cwd: this.cwd, encoding: "utf8", maxBuffer: 512 * 1024 * 1024, ...input !== void 0 ? { input } : {}, stdio: ["pipe", "pipe", "pipe"] });
    } catch (error) {
      const stderr = error.stderr?.trim();
      throw new GitError(`git ${args.join(" ")} failed${stderr ? `: ${stderr}` : ""}`);
    }
  }
  /** The commit a ref names, or a GitError saying it is not there (fetch it, or unshallow). */
  resolve(ref) {
    try {
      return this.git(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]).trim();
    } catch {
      throw new GitError(this.missingRef(ref));
    }
  }
  /** Why `ref` names nothing: a shallow checkout lacks history; a full one just has no such ref (its branches are named). */
  missingRef(ref) {
    let shallow = false;
    let branches = [];
    try {
      shallow = this.git(["rev-parse", "--is-shallow-repository"]).trim() === "true";
      branches = this.git(["for-each-ref", "--format=%(refname:short)", "--count=8", "refs/heads", "refs/remotes"]).split("\n").filter((b) => b && !b.endsWith("/HEAD"));
    } catch {
    }
    if (shallow) return `git: ${ref} is not a commit in this shallow checkout (fetch it, or use fetch-depth: 0)`;
    const named = branches.length > 0 ? ` (its branches: ${branches.slice(0, 6).join(", ")}${branches.length > 6 ? ", \u2026" : ""})` : "";
    return `git: ${ref} is not a branch, tag or commit in this repository${named}`;
  }
  /** Makes a commit available in a shallow checkout (one extra fetch of just that commit). */
  ensureCommit(sha) {
    try {
      this.git(["cat-file", "-e", `${sha}^{commit}`]);
      return;
    } catch {
    }
    try {
      this.git(["fetch", "--no-tags", "--depth=1", "origin", sha]);
    } catch (error) {
      throw new GitError(`the base commit ${sha} is not in the checkout and could not be fetched (${error.message}); use actions/checkout with fetch-depth: 0`);
    }
  }
  mergeBase(a, b) {
    return this.git(["merge-base", a, b]).trim();
  }
  /**
   * Where the checked-out HEAD branched from `base`: their merge base. A shallow checkout of
   * GitHub's merge commit (actions/checkout's default on pull_request) has no history to search,
   * but the merge commit names base as a parent, which is then the answer.
   */
  forkPoint(base) {
    try {
      return this.mergeBase(base, "HEAD");
    } catch (error) {
      const parents = this.git(["cat-file", "-p", "HEAD"]).split("\n").filter((line) => line.startsWith("parent ")).map((line) => line.slice(7).trim());
      if (parents.includes(this.resolve(base))) return this.resolve(base);
      throw new GitError(`cannot find where HEAD branched from ${base.slice(0, 12)}: the checkout is too shallow (${error.message}); use actions/checkout with fetch-depth: 0`);
    }
  }
  /** Files changed from the merge base of base and head to head (head undefined: the working tree). */
  changedFiles(base, head) {
    const from = head ? this.mergeBase(base, head) : base;
    const args = ["diff", "--name-status", "-z", "-M", "--no-color", from, ...head ? [head] : []];
    const fields = this.git(args).split("\0").filter((f) => f !== "");
    const changes = [];
    for (let i = 0; i < fields.length; ) {
      const code = fields[i++];
      if (code.startsWith("R")) {
        const previousPath = fields[i++];
        changes.push({ status: "renamed", path: fields[i++], previousPath });
      } else {
        const status = code === "A" ? "added" : code === "D" ? "deleted" : "modified";
        changes.push({ status, path: fields[i++] });
      }
    }
    if (!head) {
      for (const path of this.git(["ls-files", "--others", "--exclude-standard", "-z"]).split("\0").filter(Boolean)) {
        changes.push({ status: "added", path });
      }
    }
    return changes;
  }
  /** The checked-out commit, or undefined outside a repository. */
  head() {
    try {
      return this.git(["rev-parse", "--verify", "--quiet", "HEAD"]).trim();
    } catch {
      return void 0;
    }
  }
  /**
   * Which of `paths` have the same content in the working tree as at `commit`. Review comments
   * are anchored on the PR's head commit, so a file whose checked-out content differs (GitHub's
   * merge commit, when base changed the same file) must not get line-anchored suggestions.
   */
  sameAsCommit(commit, paths) {
    const same = /* @__PURE__ */ new Set();
    if (paths.length === 0) return same;
    let listed;
    try {
      listed = this.git(["ls-tree", "-z", commit, "--", ...paths]);
    } catch {
      return same;
    }
    const blobs = /* @__PURE__ */ new Map();
    for (const entry of listed.split("\0").filter(Boolean)) {
      const [meta, path] = entry.split("	");
      blobs.set(path, meta.split(" ")[2]);
    }
    const present = paths.filter((p) => blobs.has(p));
    if (present.length === 0) return same;
    let hashes;
    try {
      hashes = this.git(["hash-object", "--", ...present]).trim().split("\n");
    } catch {
      return same;
    }
    present.forEach((path, i) => {
      if (hashes[i] === blobs.get(path)) same.add(path);
    });
    return same;
  }
  /**
   * Every entry under `paths` at a commit, NUL-separated (any byte may be in a name). Symlinks
   * (mode 120000) are links, not the files they name: they are listed apart and never read.
   */
  entriesAt(commit, paths) {
    const pathspecs = paths.map((p) => p.replace(/^\.\/?/, "").replace(/\/$/, "") || ".");
    const blobs = /* @__PURE__ */ new Map();
    const links = [];
    for (const entry of this.git(["ls-tree", "-r", "-z", "--full-tree", commit, "--", ...pathspecs]).split("\0")) {
      const tab = entry.indexOf("	");
      if (tab < 0) continue;
      const [mode, type, sha] = entry.slice(0, tab).split(" ");
      const path = entry.slice(tab + 1);
      if (mode === "120000") links.push(path);
      else if (type === "blob") blobs.set(path, sha);
    }
    return { blobs, links };
  }
  /** Every regular file under `paths` at a commit. */
  listAt(commit, paths) {
    return [...this.entriesAt(commit, paths).blobs.keys()];
  }
  /** One regular file's bytes at a commit, or undefined when it is not there (or is a symlink). */
  blobAt(commit, path) {
    const sha = this.entriesAt(commit, [path]).blobs.get(path);
    if (sha === void 0) return void 0;
    return this.readBlobs([sha])[0];
  }
  /** Blobs by object id, in one `git cat-file --batch` (ids, never names, on its input). */
  readBlobs(shas) {
    if (shas.length === 0) return [];
    const result = spawnSync("git", ["cat-file", "--batch"], { cwd: this.cwd, input: `${shas.join("\n")}
`, maxBuffer: 1024 * 1024 * 1024 });
    if (result.status !== 0) throw new GitError(`git cat-file --batch failed: ${result.stderr.toString()}`);
    const output = result.stdout;
    const blobs = [];
    let offset = 0;
    for (let i = 0; i < shas.length; i++) {
      const newline = output.indexOf(10, offset);
      const size = Number(output.subarray(offset, newline).toString().split(" ")[2]);
      blobs.push(output.subarray(newline + 1, newline + 1 + size));
      offset = newline + 1 + size + 1;
    }
    return blobs;
  }
  /** Every manifest-like file under `paths` at a commit; the ones that are not text are errors. */
  filesAt(commit, paths) {
    const { blobs } = this.entriesAt(commit, paths);
    const listed = [...blobs.keys()].filter(isManifestFile);
    const contents = this.readBlobs(listed.map((p) => blobs.get(p)));
    const result = { files: [], errors: [] };
    listed.forEach((path, i) => {
      const decoded = decodeText(contents[i]);
      if (decoded.ok) result.files.push({ path, content: decoded.text });
      else result.errors.push({ file: path, line: 1, message: `file is not text (${decoded.reason}); it was not analysed` });
    });
    return result;
  }
};

// src/pipeline/errors.ts
var NothingToAnalyse = class extends Error {
};

export {
  GitError,
  GitSource,
  PathNotFoundError,
  outsideRoots,
  readManifestFiles,
  NothingToAnalyse
};
