// What the unprivileged half of the two-workflow pattern (fork PRs) hands to the privileged half:
// the analysis result as data, never Markdown. The privileged half treats the file as hostile: it
// caps its size, validates it against a JSON Schema generated from the type below
// (publication.schema.json, additionalProperties false everywhere), binds it to the workflow run
// and the pull request it claims to be for, and renders the comment and the review itself — so
// nothing in the file is ever posted as markup, and no fix in it becomes a suggestion.
import { Ajv } from 'ajv';
import type { AnalysisResult, Finding } from '../analysis/engine.js';
import { docsUrl, findRule } from '../rules/index.js';
import { commentMarker } from '../report/comment.js';
import { type ReviewComment, reviewMarker } from '../report/suggestions.js';
import type { GitHub } from './client.js';
import { type PullRef, upsertStickyComment } from './comments.js';
import { explain } from './errors.js';
import { postReview, type ReviewOutcome } from './reviews.js';
import schema from './publication.schema.json' with { type: 'json' };

export const publicationFormat = 'termination-guard/publication@2';

/** The publication's file name (what the privileged half looks for in a downloaded artifact). */
export const publicationFileName = 'termination-guard-publication.json';

/** A larger file is refused before it is read. */
export const maxPublicationBytes = 32 * 1024 * 1024;

/**
 * What the comment renderer reads of a run's result: the analysis without its gate (the
 * privileged run decides the gate from its own inputs), the object digests or the measurement plans.
 */
export type PublishedResult = Omit<AnalysisResult, 'objects' | 'drillPlans' | 'smokePlans'>;

export interface Publication {
  format: typeof publicationFormat;
  /**
   * owner/name
   * @pattern ^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$
   */
  repository: string;
  /**
   * @asType integer
   * @minimum 1
   */
  number: number;
  /** @pattern ^[0-9a-f]{40}$ */
  baseSha: string;
  /** @pattern ^[0-9a-f]{40}$ */
  headSha: string;
  /**
   * GITHUB_RUN_ID of the run that wrote the file.
   * @asType integer
   * @minimum 1
   */
  runId: number;
  result: PublishedResult;
}

/**
 * A removal edit's value is undefined, which JSON drops: it travels as null. (The privileged run
 * never renders a published fix; it only compares it with the one it derives itself.)
 */
function wireFinding<F extends Finding>(finding: F): F {
  if (!finding.fix?.edits.some((edit) => edit.value === undefined)) return finding;
  return { ...finding, fix: { ...finding.fix, edits: finding.fix.edits.map((edit) => (edit.value === undefined ? { ...edit, value: null } : edit)) } };
}

/** The result's fields a publication carries, and nothing the runtime object has besides. */
export function publishedResult(result: AnalysisResult): PublishedResult {
  const { kubernetesVersion, findings, suppressed, errors, notices, comparison, subjects, stats, drill, smoke } = result;
  const published: PublishedResult = {
    kubernetesVersion,
    findings: findings.map(wireFinding),
    suppressed: suppressed.map(wireFinding),
    errors,
    notices,
    ...(comparison ? { comparison: { ...comparison, fixed: comparison.fixed.map(wireFinding) } } : {}),
    subjects,
    stats,
    ...(drill ? { drill } : {}),
    ...(smoke ? { smoke } : {}),
  };
  // Through JSON: undefined members go, as they would in the file.
  return JSON.parse(JSON.stringify(published));
}

export class PublicationError extends Error {}

/** The file is not a publication we accept: the reason says why (for a notice). */
export class RefusedPublication extends Error {}

let validator: ReturnType<Ajv['compile']> | undefined;

/** Where `data` breaks the publication schema, or undefined when it does not. */
export function schemaProblem(data: unknown): string | undefined {
  // strict: the generated schema uses only standard draft-07 keywords (and `type` lists).
  validator ??= new Ajv({ allErrors: false, strict: true, allowUnionTypes: true }).compile(schema);
  if (validator(data)) return undefined;
  const error = validator.errors?.[0];
  return error ? `${error.instancePath || '/'} ${error.message ?? 'is invalid'}` : 'invalid';
}

/** A value from the file, shown in a notice: quoted, short, one line. */
export function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/** Relative, no `..` segment, no backslash: what our file links may point at. */
const plainPath = (path: string) => path !== '' && !path.startsWith('/') && !path.includes('\\') && !path.split('/').some((segment) => segment === '..' || segment === '.');

/**
 * Parses and validates a stored publication; `file` names it in the reasons. Beyond the schema,
 * every finding must name a rule of this version (its docs link is ours, not the file's) and
 * every file it names must be a plain path inside the repository.
 */
export function parsePublication(text: string, file: string): Publication {
  const refuse = (what: string): never => {
    throw new RefusedPublication(`${file}: ${what}`);
  };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    refuse(`not JSON (${(error as Error).message})`);
  }
  const format = (data as { format?: unknown } | null)?.format;
  if (format !== publicationFormat) {
    refuse(`format is ${shown(format)}, not ${publicationFormat}: the analysing workflow must run the same version of termination-guard as this one`);
  }
  const invalid = schemaProblem(data);
  if (invalid) refuse(`does not match the publication schema (${invalid}); it was not written by this version of termination-guard`);
  const publication = data as Publication;
  const { result } = publication;
  const findings: Finding[] = [...result.findings, ...result.suppressed, ...(result.comparison?.fixed ?? [])];
  for (const finding of findings) {
    const meta = findRule(finding.ruleId);
    if (!meta) refuse(`a finding names rule ${shown(finding.ruleId)}, which this version of termination-guard does not have`);
    finding.docsUrl = docsUrl(meta!);
    finding.layer = meta!.layer;
  }
  for (const path of [...findings.map((f) => f.file), ...result.subjects.map((s) => s.file)]) {
    if (!plainPath(path)) refuse(`names the file ${shown(path)}, which is not a path inside the repository`);
  }
  return publication;
}

/** What the privileged run knows from its own event: the workflow run that wrote the file. */
export interface TrustedRun {
  /** owner/name of the repository this workflow runs in. */
  repository: string;
  /** workflow_run.id */
  runId: number;
  /** workflow_run.head_sha */
  headSha: string;
  /** workflow_run.head_repository.full_name: where the PR's head commit lives (a fork). */
  headRepository: string;
}

/** The publication must be for this repository and come from the run that triggered this one. */
export function bindPublication(publication: Publication, trusted: TrustedRun): void {
  if (publication.repository.toLowerCase() !== trusted.repository.toLowerCase()) {
    throw new RefusedPublication(`the publication is for repository ${shown(publication.repository)}, but this workflow runs in ${trusted.repository}`);
  }
  if (publication.runId !== trusted.runId) {
    throw new RefusedPublication(`the publication says workflow run ${publication.runId} wrote it, but it comes from run ${trusted.runId}`);
  }
  if (publication.headSha !== trusted.headSha) {
    throw new RefusedPublication(`the publication is for commit ${publication.headSha.slice(0, 12)}, but the workflow run that produced it ran on ${trusted.headSha.slice(0, 12)}`);
  }
}

export interface PullRequestNow {
  baseSha: string;
  headSha: string;
  /** owner/name of the head repository; undefined when GitHub no longer has it (a deleted fork). */
  headRepository?: string;
}

/** The PR as GitHub has it now, or undefined when there is no such PR. */
export async function pullRequestNow(github: GitHub, pull: PullRef): Promise<PullRequestNow | undefined> {
  try {
    const { data } = await github.rest.pulls.get({ owner: pull.owner, repo: pull.repo, pull_number: pull.number });
    return { baseSha: data.base.sha, headSha: data.head.sha, ...(data.head.repo ? { headRepository: data.head.repo.full_name } : {}) };
  } catch (error) {
    if ((error as { status?: number }).status === 404) return undefined;
    throw explain(error, `read pull request #${pull.number}`, 'pull-requests: read');
  }
}

/**
 * Whether the PR is still what the publication was made for: refused when it is not the PR of the
 * run's head repository; a reason to skip (no post, no error) when its head or base moved on.
 */
export function pullRequestMatches(publication: Publication, trusted: TrustedRun, now: PullRequestNow | undefined): { skip?: string } {
  const number = publication.number;
  if (!now) throw new RefusedPublication(`${trusted.repository} has no pull request #${number}`);
  if (now.headSha !== publication.headSha) return { skip: `pull request #${number} has moved on to ${now.headSha.slice(0, 12)}; the run for that commit will post its own results` };
  if ((now.headRepository ?? '').toLowerCase() !== trusted.headRepository.toLowerCase()) {
    throw new RefusedPublication(`pull request #${number} comes from ${now.headRepository ?? 'a deleted repository'}, but the workflow run that produced the publication ran for ${trusted.headRepository}`);
  }
  if (now.baseSha !== publication.baseSha) {
    return { skip: `the base of pull request #${number} has moved on to ${now.baseSha.slice(0, 12)} since the analysis (${publication.baseSha.slice(0, 12)}); the next run on the pull request will post its results` };
  }
  return {};
}

/** The sticky comment and the review, as one run posts them. */
export interface Posting {
  headSha: string;
  comment?: string;
  /** Update our existing comment only, never create one (comment-on: the result is quiet). */
  commentOnlyUpdate?: boolean;
  review?: { body: string; comments: ReviewComment[] };
}

export interface PublishOutcome {
  comment?: string;
  review?: ReviewOutcome;
  /** Why nothing was posted, when nothing was. */
  skipped?: string;
}

/** Posts the sticky comment and the review. */
export async function postParts(github: GitHub, pull: PullRef, posting: Posting, login: string): Promise<PublishOutcome> {
  const outcome: PublishOutcome = {};
  if (posting.comment !== undefined) {
    const { outcome: done, url } = await upsertStickyComment(github, pull, posting.comment, commentMarker, login, { onlyUpdate: posting.commentOnlyUpdate === true });
    outcome.comment = posting.commentOnlyUpdate && !url ? 'not posted: comment-on says this result needs none, and there is no earlier comment to update' : `${done}${url ? `: ${url}` : ''}`;
  }
  if (posting.review) {
    outcome.review = await postReview(github, pull, posting.headSha, posting.review.comments, reviewMarker, login, posting.review.body);
  }
  return outcome;
}
