// One review with suggestion comments on diff lines. Earlier comments of ours are deleted so
// reviews do not pile up; a comment GitHub rejects (422) never takes the others down with it.
import type { ReviewComment } from '../report/suggestions.js';
import { listPullFiles } from './changes.js';
import type { GitHub } from './client.js';
import { explain } from './errors.js';
import type { PullRef } from './comments.js';

/** The patch of every file the PR changes (GitHub lists at most 3,000 files). */
export async function pullRequestPatches(github: GitHub, pull: PullRef): Promise<{ patches: Map<string, string>; capped?: number }> {
  const { files, capped } = await listPullFiles(github, pull, pull.number);
  const patches = new Map<string, string>();
  for (const file of files) if (file.patch) patches.set(file.filename, file.patch);
  return { patches, ...(capped ? { capped } : {}) };
}

/** Marks a review of ours that a newer run replaced (its comments are deleted). */
export const supersededText = 'termination-guard: superseded by a newer run; see the latest review and the sticky comment.';

/**
 * Earlier reviews of ours cannot be deleted, and a COMMENT review cannot be dismissed: their
 * bodies are shortened to one line saying they were superseded, so they do not pile up.
 */
async function supersedeReviews(github: GitHub, pull: PullRef, marker: string, login: string): Promise<void> {
  try {
    const reviews = await github.paginate(github.rest.pulls.listReviews, { owner: pull.owner, repo: pull.repo, pull_number: pull.number, per_page: 100 });
    for (const review of reviews) {
      if (review.user?.login !== login || !review.body.includes(marker) || review.body.startsWith(supersededText)) continue;
      await github.rest.pulls.updateReview({ owner: pull.owner, repo: pull.repo, pull_number: pull.number, review_id: review.id, body: `${supersededText} ${marker}` });
    }
  } catch (error) {
    throw explain(error, 'mark earlier reviews as superseded', 'pull-requests: write');
  }
}

export interface ReviewOutcome {
  posted: number;
  rejected: { comment: ReviewComment; reason: string }[];
  deleted: number;
  skipped: boolean;
}

export async function postReview(
  github: GitHub,
  pull: PullRef,
  headSha: string,
  comments: readonly ReviewComment[],
  marker: string,
  login: string,
  summary: string,
): Promise<ReviewOutcome> {
  const outcome: ReviewOutcome = { posted: 0, rejected: [], deleted: 0, skipped: false };
  let previous: { id: number; body: string; path: string; line?: number | null }[];
  try {
    previous = (await github.paginate(github.rest.pulls.listReviewComments, { owner: pull.owner, repo: pull.repo, pull_number: pull.number, per_page: 100 })).filter(
      (c) => c.body.includes(marker) && c.user?.login === login,
    );
  } catch (error) {
    throw explain(error, 'list review comments', 'pull-requests: read');
  }
  // Same comments on the same lines as last time: nothing to say again.
  const signature = (c: { path: string; line?: number | null; body: string }) => `${c.path}:${c.line}:${c.body}`;
  const wanted = new Set(comments.map(signature));
  if (previous.length === comments.length && previous.every((c) => wanted.has(signature(c)))) {
    return { ...outcome, skipped: true };
  }
  for (const comment of previous) {
    try {
      await github.rest.pulls.deleteReviewComment({ owner: pull.owner, repo: pull.repo, comment_id: comment.id });
      outcome.deleted++;
    } catch (error) {
      throw explain(error, 'delete an earlier review comment', 'pull-requests: write');
    }
  }
  await supersedeReviews(github, pull, marker, login);
  if (comments.length === 0) return outcome;
  const toApi = (c: ReviewComment) => ({ path: c.path, line: c.line, side: 'RIGHT' as const, body: c.body, ...(c.startLine ? { start_line: c.startLine, start_side: 'RIGHT' as const } : {}) });
  try {
    await github.rest.pulls.createReview({ owner: pull.owner, repo: pull.repo, pull_number: pull.number, commit_id: headSha, event: 'COMMENT', body: summary, comments: comments.map(toApi) });
    outcome.posted = comments.length;
    return outcome;
  } catch (error) {
    if ((error as { status?: number }).status !== 422) throw explain(error, 'create the review', 'pull-requests: write');
  }
  // One anchor GitHub does not accept rejects the whole review: post the comments one by one.
  for (const comment of comments) {
    try {
      await github.rest.pulls.createReviewComment({ owner: pull.owner, repo: pull.repo, pull_number: pull.number, commit_id: headSha, ...toApi(comment) });
      outcome.posted++;
    } catch (error) {
      if ((error as { status?: number }).status !== 422) throw explain(error, 'create a review comment', 'pull-requests: write');
      outcome.rejected.push({ comment, reason: (error as Error).message });
    }
  }
  return outcome;
}
