// The PR view's sources: which files changed, both trees, and both trees' analysis input.
// Git answers first (the CLI's refs; the Action's checkout plus one fetch of the base commit); the
// Action falls back to the REST API when git cannot (no repository, a shallow clone).
import { defaultConfigPath } from '../analysis/config-path.js';
import { isManifestFile } from '../manifests/file-roles.js';
import type { InputError } from '../manifests/objects.js';
import { isUnder as inScope } from '../manifests/paths.js';
import type { SourceFile } from '../manifests/parse.js';
import { baseTreeFromApi, changeFromApi, fileAt } from '../github/changes.js';
import type { GitHub } from '../github/client.js';
import { outsideRoots, readManifestFiles, type ReadResult } from '../sources/files.js';
import { type ChangedFile, GitError, GitSource } from '../sources/git.js';
import { readImageFiles, type ImageFiles } from '../sources/images.js';
import { changeSources, type TreeSources } from '../sources/render/index.js';
import { fsTree, gitTree, type TreeReader, undoneTree } from '../sources/tree.js';
import { type Adapters, type ChangeRequest, type RunSettings, withProgress } from './settings.js';

export interface ChangedTrees {
  /** Changed files under the analysed paths (any kind: templates and values count). */
  changed: ChangedFile[];
  /** Every changed file (a Dockerfile outside the paths can change what a workload runs). */
  all: ChangedFile[];
  head: TreeReader;
  base: TreeReader;
  /** Plain manifests of head, and of base given head's. */
  headPlain: () => ReadResult;
  basePlain: (headFiles: SourceFile[]) => Promise<SourceFile[]>;
  baseLabel: string;
  /** An input problem to report (a capped file list). */
  problem?: InputError;
}

export interface ChangeInputs {
  head: TreeSources;
  base: TreeSources;
  images: { head: ImageFiles; base: ImageFiles };
  /** Whether a head input error is about the change: a changed file, or a chart or overlay it re-rendered. */
  aboutChange: (error: InputError) => boolean;
}

/** Dockerfiles, build descriptors and entrypoint scripts of a tree. */
export function imagesOf(tree: TreeReader, settings: RunSettings): Promise<ImageFiles> {
  return readImageFiles(tree, settings.paths, settings.config.images, settings.config.file ?? defaultConfigPath, settings.repository);
}

export async function changedTrees(settings: RunSettings, change: ChangeRequest, adapters: Adapters): Promise<ChangedTrees> {
  const git = new GitSource(settings.root);
  const trees = change.source === 'git' ? fromGitRefs(git, settings, change) : await fromPullRequest(git, settings, change, adapters);
  for (const file of trees.changed) adapters.log.debug(`${file.status.padEnd(8)} ${file.previousPath ? `${file.previousPath} → ` : ''}${file.path}`);
  return trees;
}

function inPaths(settings: RunSettings) {
  return (f: ChangedFile) => inScope(f.path, settings.paths) || (f.previousPath !== undefined && inScope(f.previousPath, settings.paths));
}

function fromGitRefs(git: GitSource, settings: RunSettings, change: { base: string; head?: string }): ChangedTrees {
  const baseCommit = git.resolve(change.base);
  const headCommit = change.head ? git.resolve(change.head) : undefined;
  const from = headCommit ? git.mergeBase(baseCommit, headCommit) : git.forkPoint(baseCommit);
  const all = git.changedFiles(from, headCommit);
  return {
    changed: all.filter(inPaths(settings)),
    all,
    head: headCommit ? gitTree(git, headCommit) : fsTree(settings.root, 'the checkout', outsideRoots(settings.paths)),
    base: gitTree(git, from, `base ${from.slice(0, 12)}`),
    headPlain: () => (headCommit ? git.filesAt(headCommit, settings.paths) : readManifestFiles(settings.paths, settings.root)),
    basePlain: async () => git.filesAt(from, settings.paths).files,
    baseLabel: `${change.base} (${from.slice(0, 12)})`,
  };
}

async function fromPullRequest(git: GitSource, settings: RunSettings, change: Extract<ChangeRequest, { source: 'pull-request' }>, adapters: Adapters): Promise<ChangedTrees> {
  const headPlain = () => readManifestFiles(settings.paths, settings.root);
  const head = fsTree(settings.root);
  try {
    git.ensureCommit(change.baseSha);
    const forkPoint = git.forkPoint(change.baseSha);
    const all = git.changedFiles(forkPoint);
    return {
      changed: all.filter(inPaths(settings)),
      all,
      head,
      base: gitTree(git, forkPoint, `base ${forkPoint.slice(0, 12)}`),
      headPlain,
      basePlain: async () => git.filesAt(forkPoint, settings.paths).files,
      baseLabel: forkPoint.slice(0, 12),
    };
  } catch (error) {
    if (!(error instanceof GitError) || !adapters.github) throw error;
    adapters.log.warning(`git cannot tell what changed (${error.message}); reading the change over the REST API instead`);
  }
  const github: GitHub = adapters.github;
  const api = await changeFromApi(github, change, change.baseSha, change.headSha, change.number);
  const changed = api.files.filter(inPaths(settings));
  return {
    changed,
    all: api.files,
    head,
    base: undoneTree(head, api.files, (path) => fileAt(github, change, path, api.mergeBase), `base ${api.mergeBase.slice(0, 12)}`),
    headPlain,
    basePlain: (headFiles) => baseTreeFromApi(github, change, headFiles, { ...api, files: changed.filter((f) => isManifestFile(f.path)) }, (p) => isManifestFile(p) && inScope(p, settings.paths)),
    baseLabel: api.mergeBase.slice(0, 12),
    ...(api.capped
      ? {
          problem: {
            file: '.',
            line: 1,
            message: `GitHub lists only the first ${api.capped.toLocaleString('en-US')} changed files over the API; manifests past them were not compared. Check out with fetch-depth: 0 so git can list them all.`,
          },
        }
      : {}),
  };
}

/**
 * Both trees' analysis input, or undefined when the change touches no manifest, chart, overlay
 * or image input (only docs, say).
 */
export async function changeInputs(trees: ChangedTrees, settings: RunSettings, adapters: Adapters): Promise<ChangeInputs | undefined> {
  const headPlain = trees.headPlain();
  const changedPaths = new Set(trees.changed.flatMap((c) => [c.path, ...(c.previousPath ? [c.previousPath] : [])]));
  const sources = await changeSources({ head: trees.head, base: trees.base }, changedPaths, settings.paths, withProgress(settings.render, adapters), { head: headPlain, base: () => trees.basePlain(headPlain.files) });
  for (const timing of [...sources.head.timings, ...sources.base.timings]) adapters.log.debug(`rendered ${timing}`);
  const changedPlain = (path: string | undefined) => path !== undefined && isManifestFile(path) && !sources.consumed.has(path);
  const plainChanged = trees.changed.some((f) => changedPlain(f.path) || changedPlain(f.previousPath));
  const images = { head: await imagesOf(trees.head, settings), base: await imagesOf(trees.base, settings) };
  // A Dockerfile, build descriptor or entrypoint script changed: what images run may have changed.
  const imageInputs = new Set([...images.head.files, ...images.base.files].map((f) => f.path));
  const imagesChanged = trees.all.some((f) => imageInputs.has(f.path) || (f.previousPath !== undefined && imageInputs.has(f.previousPath)));
  if (!plainChanged && !imagesChanged && sources.rendered.length === 0) return undefined;
  const changedFiles = new Set(trees.all.flatMap((c) => [c.path, ...(c.previousPath ? [c.previousPath] : [])]));
  const aboutChange = (error: InputError) => changedFiles.has(error.file) || sources.renderedDirs.some((dir) => inScope(error.file, [dir]));
  return { head: sources.head, base: sources.base, images, aboutChange };
}
