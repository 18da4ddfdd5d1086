// The Action's pull-request output: the sticky comment and the review with suggestions, stored as
// a publication file first (the two-workflow pattern posts it from a privileged run), then posted.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as core from '@actions/core';
import { fileAt } from './github/changes.js';
import { type GitHub, GitHubApiError, isWriteDenied, selfLogin } from './github/client.js';
import { type PullRef, upsertStickyComment } from './github/comments.js';
import type { ChangeContext } from './github/event.js';
import { parsePublication, postParts, postPublication, type Publication, PublicationError, publicationFileName, publicationFormat, type PublishOutcome } from './github/publication.js';
import { pullRequestPatches } from './github/reviews.js';
import { type ActionInputs, InputError } from './inputs.js';
import { log, outputDir, writeJobSummary, writePassOutput, writePublicationOutput } from './outputs.js';
import type { RunResult } from './pipeline/run.js';
import { commentMarker, renderComment } from './report/comment.js';
import { buildReviewComments, commentableLines, reviewMarker } from './report/suggestions.js';
import { GitSource } from './sources/git.js';

const readOnlyNotice =
  'termination-guard: the token cannot write to this pull request (fork pull requests get a read-only GITHUB_TOKEN). ' +
  'The results are in the job summary, the annotations and the SARIF file, and the exit code carries the verdict. ' +
  'To comment on fork PRs, upload the `publication` output as an artifact and post it from a workflow_run workflow (the two-workflow pattern in the README).';

/** No manifest changed: pass, and turn an earlier comment of ours into a note that says so. */
export async function passUnchanged(github: GitHub | undefined, change: ChangeContext, inputs: ActionInputs, message: string): Promise<void> {
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
async function prepare(github: GitHub | undefined, pull: PullRef, change: ChangeContext, inputs: ActionInputs, result: RunResult, git: GitSource, workspace: string): Promise<Publication> {
  let shown = result;
  const publication: Publication = { format: publicationFormat, repository: `${pull.owner}/${pull.repo}`, number: pull.number, headSha: change.headSha };
  if (inputs.reviewSuggestions && github) {
    try {
      const { patches, capped } = await pullRequestPatches(github, pull);
      if (capped) {
        log.warning(`this pull request changes ${capped.toLocaleString('en-US')} files or more; GitHub lists only the first ${capped.toLocaleString('en-US')}, so review comments cover those`);
        shown = { ...result, notices: [...result.notices, `This pull request changes more files than GitHub lists (${capped.toLocaleString('en-US')}); line suggestions cover those it lists, and the rest of the findings are below and in the annotations.`] };
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
    publication.comment = renderComment(shown, { linkBase: `${process.env.GITHUB_SERVER_URL ?? 'https://github.com'}/${pull.owner}/${pull.repo}/blob/${change.headSha}` });
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
export async function publish(github: GitHub | undefined, pull: PullRef, change: ChangeContext, inputs: ActionInputs, result: RunResult, workspace: string): Promise<void> {
  const publication = await prepare(github, pull, change, inputs, result, new GitSource(workspace), workspace);
  const path = join(outputDir(), publicationFileName);
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
export async function publishStored(inputs: ActionInputs & { publish: string }, github: GitHub | undefined, event: string, payload: Record<string, any>, workspace: string): Promise<void> {
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
