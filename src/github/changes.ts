// The change read over the REST API, for checkouts git cannot answer from (no .git, a shallow
// clone whose base cannot be fetched). Same shape as GitSource's answers: the changed files,
// and the base version of each changed file read at the merge base.
import type { SourceFile } from '../manifests/parse.js';
import type { ChangedFile } from '../sources/git.js';
import type { GitHub } from './client.js';
import { explain } from './errors.js';

/** GitHub lists at most this many files of a pull request… */
export const pullFilesCap = 3000;
/** …and at most this many files of a comparison. */
export const compareFilesCap = 300;

export interface ApiChange {
  files: ChangedFile[];
  /** The commit base versions are read at. */
  mergeBase: string;
  /** GitHub cut the list short; files past the cap were not seen. */
  capped?: number;
}

interface ApiFile {
  filename: string;
  status: string;
  previous_filename?: string;
  patch?: string;
}

function toChanged(file: ApiFile): ChangedFile | undefined {
  switch (file.status) {
    case 'added':
    case 'copied':
      return { status: 'added', path: file.filename };
    case 'removed':
      return { status: 'deleted', path: file.filename };
    case 'renamed':
      return { status: 'renamed', path: file.filename, ...(file.previous_filename ? { previousPath: file.previous_filename } : {}) };
    case 'unchanged':
      return undefined;
    default: // modified, changed (mode only)
      return { status: 'modified', path: file.filename };
  }
}

interface Repo {
  owner: string;
  repo: string;
}

/** Every file of a PR with its patch (paginated; GitHub stops listing at 3,000). */
export async function listPullFiles(github: GitHub, where: Repo, number: number): Promise<{ files: ApiFile[]; capped?: number }> {
  try {
    const files: ApiFile[] = await github.paginate(github.rest.pulls.listFiles, { owner: where.owner, repo: where.repo, pull_number: number, per_page: 100 });
    return { files, ...(files.length >= pullFilesCap ? { capped: pullFilesCap } : {}) };
  } catch (error) {
    throw explain(error, `list the files of pull request #${number}`, 'pull-requests: read');
  }
}

/** What a PR (by number) or a comparison of two commits (push, merge group) changed. */
export async function changeFromApi(github: GitHub, where: Repo, base: string, head: string, number?: number): Promise<ApiChange> {
  let comparison;
  try {
    // The merge base comes from the comparison; for a PR one commit page is enough.
    comparison = (await github.rest.repos.compareCommitsWithBasehead({ owner: where.owner, repo: where.repo, basehead: `${base}...${head}`, per_page: number ? 1 : 100 })).data;
  } catch (error) {
    throw explain(error, `compare ${base.slice(0, 12)}...${head.slice(0, 12)}`, 'contents: read');
  }
  const mergeBase = comparison.merge_base_commit.sha;
  if (number === undefined) {
    const listed = (comparison.files ?? []) as ApiFile[];
    const files = listed.map(toChanged).filter((f): f is ChangedFile => f !== undefined);
    return { files, mergeBase, ...(listed.length >= compareFilesCap ? { capped: compareFilesCap } : {}) };
  }
  const listed = await listPullFiles(github, where, number);
  const files = listed.files.map(toChanged).filter((f): f is ChangedFile => f !== undefined);
  return { files, mergeBase, ...(listed.capped ? { capped: listed.capped } : {}) };
}

/** A file's content at a commit, or undefined when it is not there. */
export async function fileAt(github: GitHub, where: Repo, path: string, ref: string): Promise<string | undefined> {
  try {
    const response = await github.rest.repos.getContent({ owner: where.owner, repo: where.repo, path, ref, mediaType: { format: 'raw' } });
    return typeof response.data === 'string' ? response.data : Buffer.from(response.data as unknown as ArrayBuffer).toString('utf8');
  } catch (error) {
    if ((error as { status?: number }).status === 404) return undefined;
    throw explain(error, `read ${path} at ${ref.slice(0, 12)}`, 'contents: read');
  }
}

/**
 * The base tree: every head file the change did not touch is the same in base, so base is
 * head minus the changed files' head versions, plus their base versions read over the API.
 */
export async function baseTreeFromApi(
  github: GitHub,
  where: Repo,
  headFiles: readonly SourceFile[],
  change: ApiChange,
  wanted: (path: string) => boolean,
): Promise<SourceFile[]> {
  const touched = new Set<string>();
  const basePaths: string[] = [];
  for (const file of change.files) {
    touched.add(file.path);
    if (file.previousPath) touched.add(file.previousPath);
    const basePath = file.status === 'renamed' ? file.previousPath : file.status === 'added' ? undefined : file.path;
    if (basePath && wanted(basePath)) basePaths.push(basePath);
  }
  const tree = headFiles.filter((f) => !touched.has(f.path));
  // A few at a time: the API is the bottleneck and the throttling plugin paces us.
  for (let i = 0; i < basePaths.length; i += 8) {
    const batch = basePaths.slice(i, i + 8);
    const contents = await Promise.all(batch.map((path) => fileAt(github, where, path, change.mergeBase)));
    batch.forEach((path, j) => {
      const content = contents[j];
      if (content !== undefined) tree.push({ path, content });
    });
  }
  return tree;
}
