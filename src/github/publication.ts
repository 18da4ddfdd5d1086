// What the Action would write to a pull request, as a file: the unprivileged half of the
// two-workflow pattern (fork PRs) stores it as an artifact, and the privileged half posts it.
// The privileged half treats the file as untrusted input: it checks that the file belongs to
// the pull request whose run produced it, and that every part is what we would have written.
import { commentMarker, maxCommentLength } from '../report/comment.js';
import { commentableLines, type ReviewComment, reviewMarker } from '../report/suggestions.js';
import type { GitHub } from './client.js';
import { type PullRef, upsertStickyComment } from './comments.js';
import { pullRequestShas } from './pulls.js';
import { postReview, pullRequestPatches, type ReviewOutcome } from './reviews.js';

export const publicationFormat = 'termination-guard/publication@1';

/** The publication's file name (what the privileged half looks for in a downloaded artifact). */
export const publicationFileName = 'termination-guard-publication.json';

export interface Publication {
  format: typeof publicationFormat;
  /** owner/repo */
  repository: string;
  number: number;
  headSha: string;
  comment?: string;
  review?: { body: string; comments: ReviewComment[] };
}

export class PublicationError extends Error {}

const maxReviewComments = 200;

/** Parses and checks the shape of a stored publication; `file` names it in errors. */
export function parsePublication(text: string, file: string): Publication {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new PublicationError(`${file}: not JSON (${(error as Error).message})`);
  }
  const fail = (what: string): never => {
    throw new PublicationError(`${file}: ${what}; it was not written by termination-guard, or by another version of it`);
  };
  const p = data as Record<string, unknown>;
  if (!p || typeof p !== 'object' || p.format !== publicationFormat) fail(`format is not ${publicationFormat}`);
  if (typeof p.repository !== 'string' || !/^[\w.-]+\/[\w.-]+$/.test(p.repository)) fail('repository is not owner/name');
  if (!Number.isInteger(p.number) || (p.number as number) <= 0) fail('number is not a pull request number');
  if (typeof p.headSha !== 'string' || !/^[0-9a-f]{40}$/.test(p.headSha)) fail('headSha is not a commit SHA');
  if (p.comment !== undefined) {
    if (typeof p.comment !== 'string' || !p.comment.startsWith(commentMarker)) fail('comment does not start with our marker');
    if ((p.comment as string).length > maxCommentLength) fail(`comment is longer than ${maxCommentLength} characters`);
  }
  if (p.review !== undefined) {
    const review = p.review as Record<string, unknown>;
    if (typeof review.body !== 'string' || !review.body.includes(reviewMarker) || review.body.length > 4000) fail('review body is not ours');
    if (!Array.isArray(review.comments) || review.comments.length > maxReviewComments) fail(`review comments are not a list of at most ${maxReviewComments}`);
    for (const c of review.comments as Record<string, unknown>[]) {
      const ok =
        typeof c.path === 'string' &&
        Number.isInteger(c.line) &&
        (c.startLine === undefined || (Number.isInteger(c.startLine) && (c.startLine as number) <= (c.line as number))) &&
        typeof c.body === 'string' &&
        c.body.includes(reviewMarker) &&
        c.body.length <= maxCommentLength &&
        typeof c.ruleId === 'string';
      if (!ok) fail('a review comment is not one of ours');
    }
  }
  return p as unknown as Publication;
}

/**
 * Text from an untrusted file must not ping people: an `@name` gets a zero-width joiner so it
 * renders the same but mentions no one. (Our own text never mentions anyone.)
 */
export function defuseMentions(text: string): string {
  return text.replace(/(^|[^\w`/.@-])@(?=[A-Za-z0-9])/g, '$1@\u2060');
}

export interface PublishOutcome {
  comment?: string;
  review?: ReviewOutcome;
  /** Why nothing was posted, when nothing was. */
  skipped?: string;
}

/**
 * Posts a stored publication for `trusted` (from the privileged event: the repository and the
 * head SHA of the run that produced the file). A PR that moved on since is left alone.
 */
export async function postPublication(
  github: GitHub,
  publication: Publication,
  trusted: { repository: string; headSha: string },
  login: string,
): Promise<PublishOutcome> {
  if (publication.repository.toLowerCase() !== trusted.repository.toLowerCase()) {
    throw new PublicationError(`the publication is for ${publication.repository}, but this workflow runs in ${trusted.repository}`);
  }
  if (publication.headSha !== trusted.headSha) {
    throw new PublicationError(`the publication is for commit ${publication.headSha.slice(0, 12)}, but the workflow run that produced it ran on ${trusted.headSha.slice(0, 12)}`);
  }
  const [owner, repo] = trusted.repository.split('/') as [string, string];
  const pull: PullRef = { owner, repo, number: publication.number };
  const current = await pullRequestShas(github, owner, repo, publication.number);
  if (current.headSha !== publication.headSha) {
    return { skipped: `pull request #${publication.number} has moved on to ${current.headSha.slice(0, 12)}; the run for that commit will post its own results` };
  }
  const { patches } = publication.review ? await pullRequestPatches(github, pull) : { patches: new Map<string, string>() };
  // Anchors are checked against the diff as GitHub shows it now, not as the file claims.
  const anchored = (c: ReviewComment) => {
    const lines = patches.has(c.path) ? commentableLines(patches.get(c.path) as string) : undefined;
    if (!lines) return false;
    for (let line = c.startLine ?? c.line; line <= c.line; line++) if (!lines.has(line)) return false;
    return true;
  };
  return postParts(github, pull, {
    ...publication,
    ...(publication.comment ? { comment: defuseMentions(publication.comment) } : {}),
    ...(publication.review
      ? { review: { body: defuseMentions(publication.review.body), comments: publication.review.comments.filter(anchored).map((c) => ({ ...c, body: defuseMentions(c.body) })) } }
      : {}),
  }, login);
}

/** Posts the sticky comment and the review of a publication. */
export async function postParts(github: GitHub, pull: PullRef, publication: Publication, login: string): Promise<PublishOutcome> {
  const outcome: PublishOutcome = {};
  if (publication.comment !== undefined) {
    const { outcome: done, url } = await upsertStickyComment(github, pull, publication.comment, commentMarker, login);
    outcome.comment = `${done}${url ? `: ${url}` : ''}`;
  }
  if (publication.review) {
    outcome.review = await postReview(github, pull, publication.headSha, publication.review.comments, reviewMarker, login, publication.review.body);
  }
  return outcome;
}
