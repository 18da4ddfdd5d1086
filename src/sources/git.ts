// Reads two trees from git: what changed between base and head, and the files at a commit.
// The only git user; the Action and the CLI's --base mode share it.
import { execFileSync, spawnSync } from 'node:child_process';
import { isManifestFile } from '../manifests/file-roles.js';
import type { SourceFile } from '../manifests/parse.js';

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
      throw new GitError(`git: ${ref} is not a commit in this repository (is the checkout shallow? use fetch-depth: 0 or fetch the base commit)`);
    }
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

  /** Every file under `paths` at a commit. */
  listAt(commit: string, paths: readonly string[]): string[] {
    const pathspecs = paths.map((p) => p.replace(/^\.\/?/, '').replace(/\/$/, '') || '.');
    return this.git(['ls-tree', '-r', '-z', '--name-only', commit, '--', ...pathspecs])
      .split('\0')
      .filter((p) => p !== '');
  }

  /** One file's bytes at a commit, or undefined when it is not there. */
  blobAt(commit: string, path: string): Buffer | undefined {
    const result = spawnSync('git', ['cat-file', 'blob', `${commit}:${path}`], { cwd: this.cwd, maxBuffer: 1024 * 1024 * 1024 });
    return result.status === 0 ? result.stdout : undefined;
  }

  /** Every manifest-like file under `paths` at a commit, read in one `git cat-file --batch`. */
  filesAt(commit: string, paths: readonly string[]): SourceFile[] {
    const listed = this.listAt(commit, paths).filter(isManifestFile);
    if (listed.length === 0) return [];
    const result = spawnSync('git', ['cat-file', '--batch'], {
      cwd: this.cwd,
      input: listed.map((p) => `${commit}:${p}`).join('\n') + '\n',
      maxBuffer: 1024 * 1024 * 1024,
    });
    if (result.status !== 0) throw new GitError(`git cat-file --batch failed: ${result.stderr.toString()}`);
    const output = result.stdout;
    const files: SourceFile[] = [];
    let offset = 0;
    for (const path of listed) {
      const newline = output.indexOf(10, offset);
      const header = output.subarray(offset, newline).toString();
      const size = Number(header.split(' ')[2]);
      const content = output.subarray(newline + 1, newline + 1 + size);
      offset = newline + 1 + size + 1;
      files.push({ path, content: content.toString('utf8') });
    }
    return files;
  }
}
