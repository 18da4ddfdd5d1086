// The Action's pull-request output: the sticky comment and the review with suggestions. A run
// also stores its result as a publication file (data, not Markdown): the two-workflow pattern's
// privileged half (publishStored) renders and posts it after checking it belongs to the run and
// the pull request, and re-derives every suggestion from the PR's head files itself.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Config, defaultConfig } from './analysis/config.js';
import { analyze, type AnalysisResult, type Finding } from './analysis/engine.js';
import { type GatePolicy, withGate } from './analysis/gate.js';
import { fileAt } from './github/changes.js';
import { type GitHub, GitHubApiError, isWriteDenied, selfLogin } from './github/client.js';
import { type PullRef, upsertStickyComment } from './github/comments.js';
import type { ChangeContext } from './github/event.js';
import {
  bindPublication,
  maxPublicationBytes,
  parsePublication,
  type Posting,
  postParts,
  type Publication,
  PublicationError,
  publicationFileName,
  publicationFormat,
  publishedResult,
  type PublishOutcome,
  pullRequestMatches,
  pullRequestNow,
  RefusedPublication,
  schemaProblem,
  type TrustedRun,
} from './github/publication.js';
import { pullRequestPatches } from './github/reviews.js';
import { type ActionInputs, InputError } from './inputs.js';
import { isManifestFile } from './manifests/file-roles.js';
import { refKey } from './manifests/objects.js';
import type { SourceFile } from './manifests/parse.js';
import { log, outputDir, writeJobSummary, writePassOutput, writePublicationOutput } from './outputs.js';
import type { RunResult } from './pipeline/run.js';
import { type ConfigOverrides, loadConfig, policyOf } from './pipeline/settings.js';
import { parseKubeVersion } from './k8s/version.js';
import { commentMarker, commentWanted, renderComment } from './report/comment.js';
import { buildReviewComments, commentableLines, type ReviewComment, reviewedKey, reviewMarker } from './report/suggestions.js';
import { GitSource } from './sources/git.js';

const readOnlyNotice =
  'termination-guard: the token cannot write to this pull request (fork pull requests get a read-only GITHUB_TOKEN). ' +
  'The results are in the job summary, the annotations and the SARIF file, and the exit code carries the verdict. ' +
  'To comment on fork PRs, upload the `publication` output as an artifact and post it from a workflow_run workflow (the two-workflow pattern in the README).';

/** The privileged half reads at most this many head files of a PR to re-derive suggestions… */
const maxReproducedFiles = 300;
/** …each at most this large. */
const maxReproducedFileBytes = 1024 * 1024;

/** No manifest changed: pass, and turn an earlier comment of ours into a note that says so. */
export async function passUnchanged(github: GitHub | undefined, change: ChangeContext, inputs: ActionInputs, message: string): Promise<void> {
  log.info(message);
  await writeJobSummary(`✅ **termination-guard**: ${message}\n`);
  writePassOutput();
  if (github && change.number && inputs.comment === 'sticky') {
    const pull = { owner: change.owner, repo: change.repo, number: change.number };
    try {
      await upsertStickyComment(github, pull, `${commentMarker}\n✅ **termination-guard**: ${message}\n`, commentMarker, await selfLogin(github, (m) => log.warning(m)), { onlyUpdate: true });
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

type ReviewFiles = Map<string, { content: string; commentable: Set<number> }>;

function reviewOf(findings: readonly Finding[], files: ReviewFiles, total: number): { body: string; comments: ReviewComment[] } {
  const { comments } = buildReviewComments(findings, files);
  return {
    comments,
    body: `termination-guard: ${comments.length} comment(s) on changed lines; ${total - comments.length} finding(s) outside the diff are in the sticky comment and the annotations. ${reviewMarker}`,
  };
}

/** The note for a PR whose file list GitHub cut short. */
function cappedNotice(capped: number): string {
  log.warning(`this pull request changes ${capped.toLocaleString('en-US')} files or more; GitHub lists only the first ${capped.toLocaleString('en-US')}, so review comments cover those`);
  return `This pull request changes more files than GitHub lists (${capped.toLocaleString('en-US')}); line suggestions cover those it lists, and the rest of the findings are below and in the annotations.`;
}

const linkBase = (pull: PullRef, headSha: string) => `${process.env.GITHUB_SERVER_URL ?? 'https://github.com'}/${pull.owner}/${pull.repo}/blob/${headSha}`;

/** This workflow run's page (its job summary holds the complete report), when the runner names the run. */
function runUrl(pull: PullRef): string | undefined {
  const runId = process.env.GITHUB_RUN_ID;
  if (!runId || !/^\d+$/.test(runId)) return undefined;
  return `${process.env.GITHUB_SERVER_URL ?? 'https://github.com'}/${pull.owner}/${pull.repo}/actions/runs/${runId}`;
}

/** The comment's options: links to the PR's head files, and to this run for what it leaves out. */
const commentOptions = (pull: PullRef, headSha: string) => {
  const run = runUrl(pull);
  return { linkBase: linkBase(pull, headSha), ...(run ? { runUrl: run } : {}) };
};

/** The comment and the review this run posts on its own pull request. */
async function prepare(github: GitHub, pull: PullRef, change: ChangeContext, inputs: ActionInputs, result: RunResult, git: GitSource, workspace: string): Promise<Posting> {
  let shown = result;
  const posting: Posting = { headSha: change.headSha };
  if (inputs.reviewSuggestions) {
    try {
      const { patches, capped } = await pullRequestPatches(github, pull);
      if (capped) shown = { ...result, notices: [...result.notices, cappedNotice(capped)] };
      // Suggestions are anchored on the head commit: only files checked out as they are there.
      const sameAsHead = await checkedOutAsHead(git, github, pull, change.headSha, [...patches.keys()], workspace);
      const files: ReviewFiles = new Map();
      for (const [path, patch] of patches) {
        const absolute = join(workspace, path);
        if (!existsSync(absolute)) continue;
        if (sameAsHead && !sameAsHead.has(path)) {
          log.info(`${path}: the checkout differs from the PR head ${change.headSha.slice(0, 12)}; its findings go to the comment, not to line suggestions`);
          continue;
        }
        files.set(path, { content: readFileSync(absolute, 'utf8'), commentable: commentableLines(patch) });
      }
      posting.review = reviewOf(result.findings, files, result.findings.length);
    } catch (error) {
      if (!(error instanceof GitHubApiError)) throw error;
      log.warning(`no review suggestions: ${error.message}`);
    }
  }
  if (inputs.comment === 'sticky') {
    posting.comment = renderComment(shown, commentOptions(pull, change.headSha));
    if (!commentWanted(result, inputs.commentOn)) posting.commentOnlyUpdate = true;
  }
  return posting;
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

/** The publication file for the two-workflow pattern: this run's result as data, bound to the run. */
function writePublication(pull: PullRef, change: ChangeContext, result: RunResult): void {
  const runId = Number(process.env.GITHUB_RUN_ID);
  if (!change.baseSha || !Number.isSafeInteger(runId) || runId < 1) {
    log.info(`no publication file: ${change.baseSha ? 'GITHUB_RUN_ID is not set' : 'the pull request has no base commit'}`);
    return;
  }
  const publication: Publication = {
    format: publicationFormat,
    repository: `${pull.owner}/${pull.repo}`,
    number: pull.number,
    baseSha: change.baseSha,
    headSha: change.headSha,
    runId,
    result: publishedResult(result),
  };
  // Our own result breaking the schema is a bug here; the privileged half would refuse the file.
  const problem = schemaProblem(publication);
  if (problem) log.warning(`the publication does not match its schema (${problem}): the privileged half of the two-workflow pattern will refuse it; please report this`);
  const path = join(outputDir(), publicationFileName);
  writeFileSync(path, `${JSON.stringify(publication)}\n`);
  writePublicationOutput(path);
}

/**
 * Writes the publication file (for the two-workflow pattern), then posts the comment and the
 * review. A read-only token degrades to the annotations, job summary and SARIF with one notice.
 */
export async function publish(github: GitHub | undefined, pull: PullRef, change: ChangeContext, inputs: ActionInputs, result: RunResult, workspace: string): Promise<Set<string>> {
  writePublication(pull, change, result);
  const reviewed = new Set<string>();
  if (!github || (inputs.comment !== 'sticky' && !inputs.reviewSuggestions)) return reviewed;
  const posting = await prepare(github, pull, change, inputs, result, new GitSource(workspace), workspace);
  if (!posting.comment && !posting.review) return reviewed;
  try {
    const outcome = await postParts(github, pull, posting, await selfLogin(github, (m) => log.warning(m)));
    logOutcome(outcome);
    // The findings the PR now shows as review comments (posted now, or the same ones as before).
    if (outcome.review && posting.review && (outcome.review.posted > 0 || outcome.review.skipped)) {
      const rejected = new Set(outcome.review.rejected.map((r) => r.comment));
      for (const comment of posting.review.comments) if (!rejected.has(comment) && comment.findingLine !== undefined) reviewed.add(reviewedKey(comment, comment.findingLine));
    }
  } catch (error) {
    if (!isWriteDenied(error)) throw error;
    log.notice(readOnlyNotice);
  }
  return reviewed;
}

/** The event's own account of the workflow run that wrote the publication. */
function trustedRun(payload: Record<string, any>): TrustedRun {
  const run = payload.workflow_run ?? {};
  const repository = payload.repository?.full_name;
  const headRepository = run.head_repository?.full_name;
  if (typeof repository !== 'string' || !Number.isSafeInteger(run.id) || typeof run.head_sha !== 'string' || typeof headRepository !== 'string') {
    throw new PublicationError('the workflow_run event does not name the repository, the run id, its head commit and head repository: nothing to check the publication against');
  }
  return { repository, runId: run.id, headSha: run.head_sha, headRepository };
}

const identity = (finding: Finding) => JSON.stringify([finding.ruleId, refKey(finding.object), finding.container ?? null, finding.file, finding.render ?? null]);
/** A fix as what it changes: the edits' paths and values, or a text replacement. */
const fixKey = (finding: Finding) =>
  JSON.stringify([finding.fix?.edits.map((edit) => [edit.path, edit.value]) ?? null, finding.replacement ? [finding.replacement.from, finding.replacement.to, finding.replacement.text] : null]);

/**
 * The published findings this run reproduces from the PR's head files (read over the API,
 * bounded): same rule, object, container and file, and the same fix. The map gives each one this
 * run's own finding, whose text and fix the review may use; a published fix is never used.
 */
async function reproduce(github: GitHub, pull: PullRef, headSha: string, findings: readonly Finding[], patches: ReadonlyMap<string, string>, config: Config): Promise<{ reproduced: Map<Finding, Finding>; files: ReviewFiles }> {
  const named = new Set(findings.map((f) => f.file));
  // Files the findings name first, then the rest of the changed manifests (context for the analysis).
  const paths = [...patches.keys()].filter(isManifestFile).sort((a, b) => Number(named.has(b)) - Number(named.has(a)) || a.localeCompare(b));
  if (paths.length > maxReproducedFiles) log.info(`${paths.length} changed manifest files: suggestions are re-derived from the first ${maxReproducedFiles}`);
  const heads: SourceFile[] = [];
  const wanted = paths.slice(0, maxReproducedFiles);
  for (let i = 0; i < wanted.length; i += 8) {
    const batch = wanted.slice(i, i + 8);
    const contents = await Promise.all(batch.map((path) => fileAt(github, pull, path, headSha)));
    batch.forEach((path, j) => {
      const content = contents[j];
      if (content === undefined) return;
      if (Buffer.byteLength(content) > maxReproducedFileBytes) log.info(`${path}: larger than 1 MiB at the head commit; its findings get no suggestion`);
      else heads.push({ path, content });
    });
  }
  let analysed: Finding[] = [];
  try {
    analysed = analyze(heads, { config }).findings;
  } catch (error) {
    // The analysing run met the same files; here a failure only costs the suggestions.
    log.warning(`no review suggestions: the head files could not be analysed here (${(error as Error).message})`);
  }
  const ours = new Map<string, Finding[]>();
  for (const finding of analysed) {
    const key = identity(finding);
    ours.set(key, [...(ours.get(key) ?? []), finding]);
  }
  const reproduced = new Map<Finding, Finding>();
  const used = new Set<Finding>();
  for (const finding of findings) {
    const own = ours.get(identity(finding))?.find((candidate) => !used.has(candidate) && fixKey(candidate) === fixKey(finding));
    if (!own) continue;
    used.add(own);
    reproduced.set(finding, { ...own, ...(finding.status ? { status: finding.status } : {}) });
  }
  const files: ReviewFiles = new Map(heads.map((file) => [file.path, { content: file.content, commentable: commentableLines(patches.get(file.path) ?? '') }]));
  return { reproduced, files };
}

/**
 * The comment and the review from a checked publication, rendered here: the comment from the
 * result under this run's own gate policy, through the renderers' escaping; the review only from
 * findings this run reproduced. A fix it could not reproduce is left out of the comment too.
 */
async function render(github: GitHub, pull: PullRef, publication: Publication, inputs: ActionInputs, config: Config, policy: GatePolicy): Promise<Posting> {
  let result: AnalysisResult = publication.result;
  const posting: Posting = { headSha: publication.headSha };
  let reproduced = new Map<Finding, Finding>();
  const notices: string[] = [];
  try {
    const { patches, capped } = await pullRequestPatches(github, pull);
    if (capped) notices.push(cappedNotice(capped));
    // The analysed Kubernetes version, unless this run's input names one: it only picks among
    // what the analysis itself derives from the head files.
    const kubernetesVersion = inputs.kubernetesVersion ?? (parseKubeVersion(result.kubernetesVersion) ? result.kubernetesVersion : config.kubernetesVersion);
    const found = await reproduce(github, pull, publication.headSha, result.findings, patches, { ...config, kubernetesVersion });
    reproduced = found.reproduced;
    if (inputs.reviewSuggestions) posting.review = reviewOf([...reproduced.values()], found.files, result.findings.length);
  } catch (error) {
    if (!(error instanceof GitHubApiError)) throw error;
    log.warning(`no review suggestions: ${error.message}`);
  }
  let withheld = 0;
  // The fixes shown are this run's own; one it could not reproduce is left out.
  const checked = (finding: Finding): Finding => {
    const own = reproduced.get(finding);
    if (own) return { ...finding, ...(own.fix ? { fix: own.fix } : {}), ...(own.replacement ? { replacement: own.replacement } : {}) };
    if (!finding.fix && !finding.replacement) return finding;
    withheld++;
    const rest = { ...finding };
    delete rest.fix;
    delete rest.replacement;
    return rest;
  };
  result = { ...result, findings: result.findings.map(checked) };
  if (withheld > 0) {
    notices.push(`${withheld} fix(es) are not shown: this run could not reproduce them from the pull request's head files (a chart, an overlay, a Dockerfile, or a file it did not read); the analysing run's job summary has them.`);
  }
  result = { ...result, notices: [...result.notices, ...notices] };
  const gated = withGate(result, policy);
  log.info(`gate ${gated.gate.verdict}: ${gated.gate.headline}`);
  // The complete report is in the job summary of the analysing run the publication is bound to.
  if (inputs.comment === 'sticky') {
    posting.comment = renderComment(gated, { linkBase: linkBase(pull, publication.headSha), runUrl: `${process.env.GITHUB_SERVER_URL ?? 'https://github.com'}/${pull.owner}/${pull.repo}/actions/runs/${publication.runId}` });
    if (!commentWanted(gated, inputs.commentOn)) posting.commentOnlyUpdate = true;
  }
  return posting;
}

/**
 * The gate policy and analysis settings of the privileged run: its own inputs, and a config file
 * only when its `config` input names one. The default path is not read: the workspace may hold
 * what the downloaded artifact put there.
 */
function privilegedConfig(inputs: ActionInputs, workspace: string): Config {
  const overrides: ConfigOverrides = {
    failOn: inputs.failOn,
    ...(inputs.kubernetesVersion ? { kubernetesVersion: inputs.kubernetesVersion } : {}),
    drill: inputs.drillFailOn ? { failOn: inputs.drillFailOn } : {},
    smoke: inputs.smokeFailOn ? { failOn: inputs.smokeFailOn } : {},
  };
  if (inputs.config) return loadConfig(workspace, inputs.config, overrides).config;
  return {
    ...defaultConfig,
    ...(overrides.kubernetesVersion ? { kubernetesVersion: overrides.kubernetesVersion } : {}),
    failOn: inputs.failOn,
    drill: { ...defaultConfig.drill, ...overrides.drill },
    smoke: { ...defaultConfig.smoke, ...overrides.smoke },
  };
}

/**
 * The privileged half of the two-workflow pattern. The publication is untrusted: too large, not
 * the schema, not from the run that triggered this one, or not for the PR as it is now — a
 * notice and nothing posted. Otherwise this run renders the comment and the review itself.
 */
export async function publishStored(inputs: ActionInputs & { publish: string }, github: GitHub | undefined, event: string, payload: Record<string, any>, workspace: string): Promise<void> {
  if (event !== 'workflow_run' || !payload.workflow_run) throw new PublicationError(`publish is for the workflow_run half of the two-workflow pattern; this run was triggered by ${event || 'no event'}`);
  if (!github) throw new InputError('publish needs github-token');
  const trusted = trustedRun(payload);
  const file = resolve(workspace, inputs.publish);
  const path = existsSync(file) && statSync(file).isDirectory() ? join(file, publicationFileName) : file;
  if (!existsSync(path)) throw new PublicationError(`${inputs.publish}: no publication file there (did the analysing workflow upload the publication output as an artifact?)`);
  const config = privilegedConfig(inputs, workspace);
  const policy = policyOf(config);
  try {
    const size = statSync(path).size;
    if (size > maxPublicationBytes) throw new RefusedPublication(`${inputs.publish}: ${size.toLocaleString('en-US')} bytes, more than a publication may be (${maxPublicationBytes.toLocaleString('en-US')})`);
    const publication = parsePublication(readFileSync(path, 'utf8'), inputs.publish);
    bindPublication(publication, trusted);
    const [owner, repo] = trusted.repository.split('/') as [string, string];
    const pull: PullRef = { owner, repo, number: publication.number };
    const { skip } = pullRequestMatches(publication, trusted, await pullRequestNow(github, pull));
    if (skip) return logOutcome({ skipped: skip });
    const posting = await render(github, pull, publication, inputs, config, policy);
    if (posting.comment === undefined && !posting.review) return;
    logOutcome(await postParts(github, pull, posting, await selfLogin(github, (m) => log.warning(m))));
  } catch (error) {
    // RangeError: a structure nested deeper than the stack (a 32 MiB file can nest millions deep).
    if (!(error instanceof RefusedPublication) && !(error instanceof RangeError)) throw error;
    const reason = error instanceof RefusedPublication ? error.message : `${inputs.publish}: nested too deeply to process (${error.message})`;
    log.notice(`termination-guard: nothing posted: the publication is refused: ${reason}`);
  }
}
