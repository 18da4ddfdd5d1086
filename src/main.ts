// Composition root of the Action: inputs → event → files (git) → analysis → reports → gate.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as core from '@actions/core';
import { type Config, defaultConfigPath, parseConfig } from './analysis/config.js';
import { analyzeChange } from './analysis/diff.js';
import { type AnalysisResult, analyze } from './analysis/engine.js';
import { baseTreeFromApi, changeFromApi, fileAt } from './github/changes.js';
import { type GitHub, GitHubApiError, createGitHub, isWriteDenied, selfLogin } from './github/client.js';
import { type PullRef, upsertStickyComment } from './github/comments.js';
import { type ChangeContext, EventError, changeContext } from './github/event.js';
import { pullRequestShas } from './github/pulls.js';
import { parsePublication, postParts, postPublication, type Publication, PublicationError, publicationFileName, publicationFormat, type PublishOutcome } from './github/publication.js';
import { pullRequestPatches } from './github/reviews.js';
import { type ActionInputs, InputError, readInputs } from './inputs.js';
import { analyzeWithImages } from './sources/inspect-images.js';
import { RegistryClient } from './sources/registry.js';
import { DockerRuntime } from './drill/docker.js';
import { runDrill } from './drill/run.js';
import { RuntimeUnavailable } from './drill/runtime.js';
import { proberCommand } from './smoke/prober.js';
import { runSmokeSession, type SmokeMode, SmokeUnavailable } from './smoke/session.js';
import { isManifestFile } from './manifests/file-roles.js';
import { isUnder as inScope } from './manifests/paths.js';
import type { InputError as ManifestInputError } from './manifests/objects.js';
import type { SourceFile } from './manifests/parse.js';
import { log, writeAnnotations, writeJobSummary, writeOutputs, writePassOutput, writePublicationOutput } from './outputs.js';
import { commentMarker, renderComment, renderSummary } from './report/comment.js';
import { renderJson } from './report/json.js';
import { renderSarif } from './report/sarif.js';
import { buildReviewComments, commentableLines, reviewMarker } from './report/suggestions.js';
import { summarize } from './report/summary.js';
import { PathNotFoundError, readManifestFiles } from './sources/files.js';
import { imageInputs, readImageFiles } from './sources/images.js';
import { type ChangedFile, GitError, GitSource } from './sources/git.js';
import { changeSources, treeSources } from './sources/render/index.js';
import { fsTree, gitTree, type TreeReader, undoneTree } from './sources/tree.js';

const readOnlyNotice =
  'termination-guard: the token cannot write to this pull request (fork pull requests get a read-only GITHUB_TOKEN). ' +
  'The results are in the job summary, the annotations and the SARIF file, and the exit code carries the verdict. ' +
  'To comment on fork PRs, upload the `publication` output as an artifact and post it from a workflow_run workflow (the two-workflow pattern in the README).';


function loadConfig(inputs: ActionInputs, workspace: string): { config: Config; errors: ManifestInputError[] } {
  const file = inputs.config ?? (existsSync(join(workspace, defaultConfigPath)) ? defaultConfigPath : undefined);
  const parsed = file ? parseConfig(readFileSync(resolve(workspace, file), 'utf8'), file) : parseConfig('', defaultConfigPath);
  return {
    config: {
      ...parsed.config,
      failOn: inputs.failOn,
      ...(inputs.kubernetesVersion ? { kubernetesVersion: inputs.kubernetesVersion } : {}),
      inspectImages: inputs.inspectImages || parsed.config.inspectImages,
      drill: { ...parsed.config.drill, ...(inputs.drillFailOn ? { failOn: inputs.drillFailOn } : {}) },
      smoke: { ...parsed.config.smoke, ...(inputs.smokeFailOn ? { failOn: inputs.smokeFailOn } : {}) },
    },
    errors: parsed.errors,
  };
}

/** Dockerfiles, build descriptors and entrypoint scripts of a tree. */
function imagesOf(tree: TreeReader, inputs: ActionInputs, config: Config) {
  return readImageFiles(tree, inputs.paths, config.images, config.file ?? defaultConfigPath, process.env.GITHUB_REPOSITORY);
}

function registryClient(config: Config): RegistryClient | undefined {
  return config.inspectImages ? new RegistryClient({ log: (m) => core.info(m) }) : undefined;
}

export async function run(): Promise<void> {
  try {
    const inputs = readInputs();
    const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
    const { config, errors: configErrors } = loadConfig(inputs, workspace);
    const event = process.env.GITHUB_EVENT_NAME ?? '';
    const payload = process.env.GITHUB_EVENT_PATH && existsSync(process.env.GITHUB_EVENT_PATH) ? JSON.parse(readFileSync(process.env.GITHUB_EVENT_PATH, 'utf8')) : {};
    const github = inputs.githubToken ? createGitHub({ token: inputs.githubToken, apiUrl: process.env.GITHUB_API_URL ?? 'https://api.github.com', log: (m) => core.debug(m) }) : undefined;
    if (inputs.publish) {
      await publishStored({ ...inputs, publish: inputs.publish }, github, event, payload, workspace);
      return;
    }

    let change: ChangeContext | undefined;
    if (event) {
      change = changeContext(event, payload, process.env.GITHUB_REPOSITORY, process.env.GITHUB_SHA);
      const number = inputs.pullRequest ?? (event === 'workflow_dispatch' ? Number(payload.inputs?.['pull-request'] ?? payload.inputs?.pr) || undefined : undefined);
      if (!change.number && number && github) change = { ...change, number, ...(await pullRequestShas(github, change.owner, change.repo, number)) };
    }

    const git = new GitSource(workspace);
    const drilling = inputs.drill && measureAllowed('drill', event);
    const smoking = inputs.smokeTest !== 'off' && measureAllowed('smoke-test', event);
    let result: AnalysisResult;
    if (change?.baseSha) {
      const trees = await core.group('Changed files', () => changedTrees(git, github, change as ChangeWithBase, inputs, workspace));
      const relevant = trees.all.length > 0 ? await core.group('Render charts and overlays', () => changeInputs(trees, inputs, config, workspace)) : undefined;
      if (!relevant) {
        await passUnchanged(github, change, inputs);
        return;
      }
      result = await core.group('Analyse base and head', async () => {
        const { head, base } = relevant.images;
        const view = await analyzeWithImages(
          (registry) =>
            analyzeChange(relevant.head.files, relevant.base.files, config, trees.baseLabel, { head: imageInputs(head, registry), base: imageInputs(base, registry) }, { drillPlans: drilling, smokePlans: smoking }),
          registryClient(config),
          (m) => core.info(m),
        );
        view.errors.unshift(...configErrors, ...(trees.problem ? [trees.problem] : []), ...head.errors, ...relevant.head.errors, ...relevant.base.errors.map((e) => ({ ...e, message: `in base: ${e.message}` })));
        core.info(`${view.comparison?.changedObjects ?? 0} changed objects, ${view.findings.length} findings, ${view.comparison?.fixed.length ?? 0} fixed`);
        return view;
      });
    } else {
      result = await core.group('Analyse manifests', async () => {
        const read = await treeSources(fsTree(workspace), inputs.paths, renderSettings(config), readManifestFiles(inputs.paths, workspace));
        for (const timing of read.timings) core.info(`rendered ${timing}`);
        const images = await imagesOf(fsTree(workspace), inputs, config);
        const analysis = await analyzeWithImages(
          (registry) => analyze(read.files, { config, images: imageInputs(images, registry) }),
          registryClient(config),
          (m) => core.info(m),
        );
        analysis.errors.unshift(...configErrors, ...images.errors, ...read.errors);
        core.info(`${analysis.stats.files} files, ${analysis.stats.objects} objects, ${analysis.stats.workloads} workloads`);
        return analysis;
      });
    }

    if (drilling) await core.group('SIGTERM drill', () => drillChanged(result, config));
    if (smoking) await core.group('Rollout smoke test', () => smokeChanged(result, config, inputs, workspace));
    const summary = summarize(result, config.failOn);
    const markdown = renderSummary(result, { failOn: config.failOn });
    await core.group('Reports', async () => {
      if (inputs.annotations) writeAnnotations(result);
      await writeJobSummary(markdown);
      const reportPath = join(process.env.RUNNER_TEMP ?? workspace, 'termination-guard.json');
      writeFileSync(reportPath, renderJson(result, config.failOn));
      if (inputs.sarifFile) writeFileSync(resolve(workspace, inputs.sarifFile), renderSarif(result));
      writeOutputs(summary, result, reportPath);
    });

    if (change?.number) {
      const pull: PullRef = { owner: change.owner, repo: change.repo, number: change.number };
      await core.group('Pull request', () => publish(github, pull, change as ChangeContext, inputs, result, git, workspace));
    }

    if (summary.gate === 'fail') {
      core.setFailed(`termination-guard: ${summary.errors} error(s), ${summary.warnings} warning(s) — the gate fails on ${config.failOn}`);
    }
  } catch (error) {
    if (error instanceof InputError || error instanceof PathNotFoundError || error instanceof GitError || error instanceof EventError || error instanceof GitHubApiError || error instanceof PublicationError) {
      core.setFailed(error.message);
    } else {
      core.setFailed(`termination-guard failed: ${(error as Error).stack ?? String(error)}`);
    }
  }
}

/**
 * The drill and the smoke test run the PR's images: only on `pull_request`, whose token is
 * read-only for forks and whose runner holds no secrets of the base repository — never on
 * pull_request_target, workflow_run or push, where they would run untrusted code with privileges.
 */
function measureAllowed(what: 'drill' | 'smoke-test', event: string): boolean {
  if (event === 'pull_request') return true;
  log.warning(`${what}: runs only on pull_request events (this run is ${event || 'not from an event'}); skipped`);
  return false;
}

async function smokeChanged(result: AnalysisResult, config: Config, inputs: ActionInputs, workspace: string): Promise<void> {
  const plans = result.smokePlans ?? [];
  result.smokeFailOn = config.smoke.failOn;
  if (plans.length === 0) {
    core.info('smoke-test: no changed Deployment, DaemonSet or StatefulSet to roll out');
    return;
  }
  try {
    result.smoke = await runSmokeSession(plans, {
      mode: inputs.smokeTest as SmokeMode,
      ...(inputs.kubeconfig ? { kubeconfig: resolve(workspace, inputs.kubeconfig) } : {}),
      kubernetesVersion: config.kubernetesVersion,
      settings: config.smoke,
      proberCommand: proberCommand(import.meta.url),
      log: (message) => core.info(message),
    });
  } catch (error) {
    if (!(error instanceof SmokeUnavailable)) throw error;
    log.warning(`smoke-test: not run — ${error.message}`);
    result.notices.push(`Rollout smoke test not run: ${error.message}.`);
  }
}

async function drillChanged(result: AnalysisResult, config: Config): Promise<void> {
  const plans = result.drillPlans ?? [];
  result.drillFailOn = config.drill.failOn;
  if (plans.length === 0) {
    core.info('drill: no changed long-running workload container to drill');
    result.drill = [];
    return;
  }
  const runtime = new DockerRuntime();
  try {
    core.info(`drill: ${await runtime.version()}`);
  } catch (error) {
    if (!(error instanceof RuntimeUnavailable)) throw error;
    log.warning(`drill: skipped — ${error.message}`);
    result.notices.push(`SIGTERM drill not run: ${error.message}.`);
    return;
  }
  result.drill = await runDrill(plans, runtime, { ...config.drill, pull: true, log: (message) => core.info(message) });
}

type ChangeWithBase = ChangeContext & { baseSha: string };

interface ChangedTrees {
  /** Changed files under `paths` (any kind: templates and values count). */
  changed: ChangedFile[];
  /** Every changed file (a Dockerfile outside `paths` can change what a workload runs). */
  all: ChangedFile[];
  head: TreeReader;
  base: TreeReader;
  /** Plain manifests of base, given head's. */
  basePlain: (headFiles: SourceFile[]) => Promise<SourceFile[]>;
  baseLabel: string;
  /** An input problem to report (a capped file list). */
  problem?: ManifestInputError;
}

/**
 * The changed files and both trees. Git first (the checkout plus one fetch of the base commit);
 * when git cannot answer (no repository, a shallow clone it cannot deepen) the REST API.
 */
async function changedTrees(git: GitSource, github: GitHub | undefined, change: ChangeWithBase, inputs: ActionInputs, workspace: string): Promise<ChangedTrees> {
  const wanted = (f: ChangedFile) => inScope(f.path, inputs.paths) || (f.previousPath !== undefined && inScope(f.previousPath, inputs.paths));
  const show = (files: ChangedFile[]) => {
    for (const file of files) core.info(`${file.status.padEnd(8)} ${file.previousPath ? `${file.previousPath} → ` : ''}${file.path}`);
    return files;
  };
  let fromGit: { forkPoint: string; changed: ChangedFile[] } | undefined;
  try {
    git.ensureCommit(change.baseSha);
    const forkPoint = git.forkPoint(change.baseSha);
    fromGit = { forkPoint, changed: git.changedFiles(forkPoint) };
  } catch (error) {
    if (!(error instanceof GitError) || !github) throw error;
    log.warning(`git cannot tell what changed (${error.message}); reading the change over the REST API instead`);
  }
  const head = fsTree(workspace);
  if (fromGit) {
    const { forkPoint } = fromGit;
    return {
      changed: show(fromGit.changed.filter(wanted)),
      all: fromGit.changed,
      head,
      base: gitTree(git, forkPoint, `base ${forkPoint.slice(0, 12)}`),
      basePlain: async () => git.filesAt(forkPoint, inputs.paths),
      baseLabel: forkPoint.slice(0, 12),
    };
  }
  const api = await changeFromApi(github as GitHub, change, change.baseSha, change.headSha, change.number);
  const changed = show(api.files.filter(wanted));
  const all = api.files;
  const readBase = (path: string) => fileAt(github as GitHub, change, path, api.mergeBase);
  return {
    changed,
    head,
    all,
    base: undoneTree(head, all, readBase, `base ${api.mergeBase.slice(0, 12)}`),
    basePlain: (headFiles) => baseTreeFromApi(github as GitHub, change, headFiles, { ...api, files: changed.filter((f) => isManifestFile(f.path)) }, (p) => isManifestFile(p) && inScope(p, inputs.paths)),
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

function renderSettings(config: Config) {
  return { ...config.render, kubernetesVersion: config.kubernetesVersion };
}

/**
 * Both trees' analysis input, or undefined when the change touches no manifest, chart or
 * overlay (only docs, say).
 */
async function changeInputs(trees: ChangedTrees, inputs: ActionInputs, config: Config, workspace: string) {
  const headPlain = readManifestFiles(inputs.paths, workspace);
  const changedPaths = new Set(trees.changed.flatMap((c) => [c.path, ...(c.previousPath ? [c.previousPath] : [])]));
  const sources = await changeSources({ head: trees.head, base: trees.base }, changedPaths, inputs.paths, renderSettings(config), { head: headPlain, base: () => trees.basePlain(headPlain.files) });
  for (const timing of [...sources.head.timings, ...sources.base.timings]) core.info(`rendered ${timing}`);
  const plainChanged = trees.changed.some((f) => (isManifestFile(f.path) && !sources.consumed.has(f.path)) || (f.previousPath !== undefined && isManifestFile(f.previousPath) && !sources.consumed.has(f.previousPath)));
  const images = { head: await imagesOf(trees.head, inputs, config), base: await imagesOf(trees.base, inputs, config) };
  // A Dockerfile, build descriptor or entrypoint script changed: what images run may have changed.
  const imageInputs = new Set([...images.head.files, ...images.base.files].map((f) => f.path));
  const imagesChanged = trees.all.some((f) => imageInputs.has(f.path) || (f.previousPath !== undefined && imageInputs.has(f.previousPath)));
  return plainChanged || imagesChanged || sources.rendered.length > 0 ? { ...sources, images } : undefined;
}

/** No manifest changed: pass, and turn an earlier comment of ours into a note that says so. */
async function passUnchanged(github: GitHub | undefined, change: ChangeContext, inputs: ActionInputs): Promise<void> {
  const message = `No Kubernetes manifests changed under ${inputs.paths.join(', ')}: nothing to check.`;
  core.info(message);
  await writeJobSummary(`✅ **termination-guard**: ${message}\n`);
  writePassOutput();
  if (github && change.number && inputs.comment === 'sticky') {
    const pull = { owner: change.owner, repo: change.repo, number: change.number };
    try {
      await upsertStickyComment(github, pull, `${commentMarker}\n✅ **termination-guard**: ${message}\n`, commentMarker, await selfLogin(github), { onlyUpdate: true });
    } catch (error) {
      if (!isWriteDenied(error)) throw error;
    }
  }
}

/**
 * Which changed files are checked out exactly as they are in the PR's head commit (undefined:
 * all of them). Review comments are anchored on the head commit's lines, and actions/checkout
 * checks out GitHub's merge commit by default, where base's own changes can shift lines.
 */
async function checkedOutAsHead(git: GitSource, github: GitHub, pull: PullRef, headSha: string, paths: string[], workspace: string): Promise<Set<string> | undefined> {
  const checkedOut = git.head();
  if (checkedOut === headSha) return undefined;
  if (checkedOut !== undefined) {
    try {
      git.ensureCommit(headSha);
    } catch {
      // then no file can be shown to match it: all findings go to the comment
    }
    return git.sameAsCommit(headSha, paths);
  }
  // No repository at all: compare with the head versions over the API (bounded).
  const same = new Set<string>();
  for (const path of paths.slice(0, 300)) {
    const absolute = join(workspace, path);
    if (existsSync(absolute) && (await fileAt(github, pull, path, headSha)) === readFileSync(absolute, 'utf8')) same.add(path);
  }
  return same;
}

/** The comment and the review this run would post, as a publication (also stored as a file). */
async function prepare(github: GitHub | undefined, pull: PullRef, change: ChangeContext, inputs: ActionInputs, result: AnalysisResult, git: GitSource, workspace: string): Promise<Publication> {
  const publication: Publication = { format: publicationFormat, repository: `${pull.owner}/${pull.repo}`, number: pull.number, headSha: change.headSha };
  if (inputs.reviewSuggestions && github) {
    try {
      const { patches, capped } = await pullRequestPatches(github, pull);
      if (capped) {
        log.warning(`this pull request changes ${capped.toLocaleString('en-US')} files or more; GitHub lists only the first ${capped.toLocaleString('en-US')}, so review comments cover those`);
        result.notices.push(`This pull request changes more files than GitHub lists (${capped.toLocaleString('en-US')}); line suggestions cover those it lists, and the rest of the findings are below and in the annotations.`);
      }
      // Suggestions are anchored on the head commit: only files checked out as they are there.
      const sameAsHead = await checkedOutAsHead(git, github, pull, change.headSha, [...patches.keys()], workspace);
      const files = new Map<string, { content: string; commentable: Set<number> }>();
      for (const [path, patch] of patches) {
        const absolute = join(workspace, path);
        if (!existsSync(absolute)) continue;
        if (sameAsHead && !sameAsHead.has(path)) {
          core.info(`${path}: the checkout differs from the PR head ${change.headSha.slice(0, 12)}; its findings go to the comment, not to line suggestions`);
          continue;
        }
        files.set(path, { content: readFileSync(absolute, 'utf8'), commentable: commentableLines(patch) });
      }
      const { comments, outside } = buildReviewComments(result.findings, files);
      publication.review = {
        comments,
        body: `termination-guard: ${comments.length} comment(s) on changed lines; ${outside.length} finding(s) outside the diff are in the sticky comment and the annotations. ${reviewMarker}`,
      };
    } catch (error) {
      if (!(error instanceof GitHubApiError)) throw error;
      log.warning(`no review suggestions: ${error.message}`);
    }
  }
  if (inputs.comment === 'sticky') {
    publication.comment = renderComment(result, { failOn: inputs.failOn, linkBase: `${process.env.GITHUB_SERVER_URL ?? 'https://github.com'}/${pull.owner}/${pull.repo}/blob/${change.headSha}` });
  }
  return publication;
}

function logOutcome(outcome: PublishOutcome): void {
  if (outcome.skipped) log.notice(`termination-guard: nothing posted: ${outcome.skipped}`);
  if (outcome.comment) log.info(`comment ${outcome.comment}`);
  const review = outcome.review;
  if (review) {
    log.info(review.skipped ? 'review unchanged' : `review: ${review.posted} comment(s) posted, ${review.deleted} earlier removed, ${review.rejected.length} rejected by GitHub`);
    for (const { comment, reason } of review.rejected) log.warning(`review comment on ${comment.path}:${comment.line} rejected: ${reason}`);
  }
}

/**
 * Writes the publication file (for the two-workflow pattern), then posts it. A read-only token
 * degrades to the annotations, job summary and SARIF with one notice.
 */
async function publish(github: GitHub | undefined, pull: PullRef, change: ChangeContext, inputs: ActionInputs, result: AnalysisResult, git: GitSource, workspace: string): Promise<void> {
  const publication = await prepare(github, pull, change, inputs, result, git, workspace);
  const path = join(process.env.RUNNER_TEMP ?? workspace, publicationFileName);
  writeFileSync(path, `${JSON.stringify(publication, null, 1)}\n`);
  writePublicationOutput(path);
  if (!github || (!publication.comment && !publication.review)) return;
  try {
    logOutcome(await postParts(github, pull, publication, await selfLogin(github)));
  } catch (error) {
    if (!isWriteDenied(error)) throw error;
    log.notice(readOnlyNotice);
  }
}

/** The privileged half of the two-workflow pattern: post what the unprivileged half stored. */
async function publishStored(inputs: ActionInputs & { publish: string }, github: GitHub | undefined, event: string, payload: Record<string, any>, workspace: string): Promise<void> {
  if (event !== 'workflow_run' || !payload.workflow_run) throw new PublicationError(`publish is for the workflow_run half of the two-workflow pattern; this run was triggered by ${event || 'no event'}`);
  if (!github) throw new InputError('publish needs github-token');
  const file = resolve(workspace, inputs.publish);
  const path = existsSync(file) && statSync(file).isDirectory() ? join(file, publicationFileName) : file;
  if (!existsSync(path)) throw new PublicationError(`${inputs.publish}: no publication file there (did the analysing workflow upload the publication output as an artifact?)`);
  const publication = parsePublication(readFileSync(path, 'utf8'), inputs.publish);
  const repository = payload.repository?.full_name ?? process.env.GITHUB_REPOSITORY ?? '';
  const outcome = await postPublication(github, publication, { repository, headSha: payload.workflow_run.head_sha }, await selfLogin(github));
  logOutcome(outcome);
}
