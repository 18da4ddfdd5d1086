// Reads two trees from git: what changed between base and head, and the files at a commit.
// The only git user; the Action and the CLI's --base mode share it.
import { execFileSync, spawnSync } from 'node:child_process';
import { isManifestFile } from '../manifests/file-roles.js';
import { decodeText } from './confined.js';
import type { ReadResult } from './files.js';

export class GitError extends Error {}

export interface ChangedFile {
  status: 'added' | 'modified' | 'deleted' | 'renamed';
  path: string;
  /** For renames: the path in base. */
  previousPath?: string;
}


export class GitSource {
  constructor(private readonly cwd: string) {}

  private git(args: string[], input?: string): string {
    try {
      return execFileSync('git', args, { cwd: this.cwd, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, ...(input !== undefined ? { input } : {}), stdio: ['pipe', 'pipe', 'pipe'] });
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr?.trim();
      throw new GitError(`git ${args.join(' ')} failed${stderr ? `: ${stderr}` : ''}`);
    }
  }

  /** The commit a ref names, or a GitError saying it is not there (fetch it, or unshallow). */
  resolve(ref: string): string {
    try {
      return this.git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).trim();
    } catch {
      throw new GitError(this.missingRef(ref));
    }
  }

  /** Why `ref` names nothing: a shallow checkout lacks history; a full one just has no such ref (its branches are named). */
  private missingRef(ref: string): string {
    let shallow = false;
    let branches: string[] = [];
    try {
      shallow = this.git(['rev-parse', '--is-shallow-repository']).trim() === 'true';
      branches = this.git(['for-each-ref', '--format=%(refname:short)', '--count=8', 'refs/heads', 'refs/remotes']).split('\n').filter((b) => b && !b.endsWith('/HEAD'));
    } catch {
      // not a repository at all: the plain message below
    }
    if (shallow) return `git: ${ref} is not a commit in this shallow checkout (fetch it, or use fetch-depth: 0)`;
    const named = branches.length > 0 ? ` (its branches: ${branches.slice(0, 6).join(', ')}${branches.length > 6 ? ', …' : ''})` : '';
    return `git: ${ref} is not a branch, tag or commit in this repository${named}`;
  }

  /** Makes a commit available in a shallow checkout (one extra fetch of just that commit). */
  ensureCommit(sha: string): void {
    try {
      this.git(['cat-file', '-e', `${sha}^{commit}`]);
      return;
    } catch {
      // not present: fetch it below
    }
    try {
      this.git(['fetch', '--no-tags', '--depth=1', 'origin', sha]);
    } catch (error) {
      throw new GitError(`the base commit ${sha} is not in the checkout and could not be fetched (${(error as Error).message}); use actions/checkout with fetch-depth: 0`);
    }
  }

  mergeBase(a: string, b: string): string {
    return this.git(['merge-base', a, b]).trim();
  }

  /**
   * Where the checked-out HEAD branched from `base`: their merge base. A shallow checkout of
   * GitHub's merge commit (actions/checkout's default on pull_request) has no history to search,
   * but the merge commit names base as a parent, which is then the answer.
   */
  forkPoint(base: string): string {
    try {
      return this.mergeBase(base, 'HEAD');
    } catch (error) {
      const parents = this.git(['cat-file', '-p', 'HEAD'])
        .split('\n')
        .filter((line) => line.startsWith('parent '))
        .map((line) => line.slice(7).trim());
      if (parents.includes(this.resolve(base))) return this.resolve(base);
      throw new GitError(`cannot find where HEAD branched from ${base.slice(0, 12)}: the checkout is too shallow (${(error as Error).message}); use actions/checkout with fetch-depth: 0`);
    }
  }

  /** Files changed from the merge base of base and head to head (head undefined: the working tree). */
  changedFiles(base: string, head?: string): ChangedFile[] {
    const from = head ? this.mergeBase(base, head) : base;
    const args = ['diff', '--name-status', '-z', '-M', '--no-color', from, ...(head ? [head] : [])];
    const fields = this.git(args).split('\0').filter((f) => f !== '');
    const changes: ChangedFile[] = [];
    for (let i = 0; i < fields.length; ) {
      const code = fields[i++];
      if (code.startsWith('R')) {
        const previousPath = fields[i++];
        changes.push({ status: 'renamed', path: fields[i++], previousPath });
      } else {
        const status = code === 'A' ? 'added' : code === 'D' ? 'deleted' : 'modified';
        changes.push({ status, path: fields[i++] });
      }
    }
    if (!head) {
      for (const path of this.git(['ls-files', '--others', '--exclude-standard', '-z']).split('\0').filter(Boolean)) {
        changes.push({ status: 'added', path });
      }
    }
    return changes;
  }

  /** The checked-out commit, or undefined outside a repository. */
  head(): string | undefined {
    try {
      return this.git(['rev-parse', '--verify', '--quiet', 'HEAD']).trim();
    } catch {
      return undefined;
    }
  }

  /**
   * Which of `paths` have the same content in the working tree as at `commit`. Review comments
   * are anchored on the PR's head commit, so a file whose checked-out content differs (GitHub's
   * merge commit, when base changed the same file) must not get line-anchored suggestions.
   */
  sameAsCommit(commit: string, paths: readonly string[]): Set<string> {
    const same = new Set<string>();
    if (paths.length === 0) return same;
    let listed: string;
    try {
      listed = this.git(['ls-tree', '-z', commit, '--', ...paths]);
    } catch {
      return same;
    }
    const blobs = new Map<string, string>();
    for (const entry of listed.split('\0').filter(Boolean)) {
      const [meta, path] = entry.split('\t') as [string, string];
      blobs.set(path, meta.split(' ')[2] as string);
    }
    const present = paths.filter((p) => blobs.has(p));
    if (present.length === 0) return same;
    let hashes: string[];
    try {
      hashes = this.git(['hash-object', '--', ...present]).trim().split('\n');
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
  private entriesAt(commit: string, paths: readonly string[]): { blobs: Map<string, string>; links: string[] } {
    const pathspecs = paths.map((p) => p.replace(/^\.\/?/, '').replace(/\/$/, '') || '.');
    const blobs = new Map<string, string>();
    const links: string[] = [];
    for (const entry of this.git(['ls-tree', '-r', '-z', '--full-tree', commit, '--', ...pathspecs]).split('\0')) {
      const tab = entry.indexOf('\t');
      if (tab < 0) continue;
      const [mode, type, sha] = entry.slice(0, tab).split(' ') as [string, string, string];
      const path = entry.slice(tab + 1);
      if (mode === '120000') links.push(path);
      else if (type === 'blob') blobs.set(path, sha);
    }
    return { blobs, links };
  }

  /** Every regular file under `paths` at a commit. */
  listAt(commit: string, paths: readonly string[]): string[] {
    return [...this.entriesAt(commit, paths).blobs.keys()];
  }

  /** One regular file's bytes at a commit, or undefined when it is not there (or is a symlink). */
  blobAt(commit: string, path: string): Buffer | undefined {
    const sha = this.entriesAt(commit, [path]).blobs.get(path);
    if (sha === undefined) return undefined;
    return this.readBlobs([sha])[0];
  }

  /** Blobs by object id, in one `git cat-file --batch` (ids, never names, on its input). */
  private readBlobs(shas: readonly string[]): Buffer[] {
    if (shas.length === 0) return [];
    const result = spawnSync('git', ['cat-file', '--batch'], { cwd: this.cwd, input: `${shas.join('\n')}\n`, maxBuffer: 1024 * 1024 * 1024 });
    if (result.status !== 0) throw new GitError(`git cat-file --batch failed: ${result.stderr.toString()}`);
    const output = result.stdout;
    const blobs: Buffer[] = [];
    let offset = 0;
    for (let i = 0; i < shas.length; i++) {
      const newline = output.indexOf(10, offset);
      const size = Number(output.subarray(offset, newline).toString().split(' ')[2]);
      blobs.push(output.subarray(newline + 1, newline + 1 + size));
      offset = newline + 1 + size + 1;
    }
    return blobs;
  }

  /** Every manifest-like file under `paths` at a commit; the ones that are not text are errors. */
  filesAt(commit: string, paths: readonly string[]): ReadResult {
    const { blobs } = this.entriesAt(commit, paths);
    const listed = [...blobs.keys()].filter(isManifestFile);
    const contents = this.readBlobs(listed.map((p) => blobs.get(p) as string));
    const result: ReadResult = { files: [], errors: [] };
    listed.forEach((path, i) => {
      const decoded = decodeText(contents[i] as Buffer);
      if (decoded.ok) result.files.push({ path, content: decoded.text });
      else result.errors.push({ file: path, line: 1, message: `file is not text (${decoded.reason}); it was not analysed` });
    });
    return result;
  }
}
