// The sticky PR comment: the Markdown checklist under a hidden marker, kept within GitHub's
// 65,536-character limit by leaving out detail in a fixed order.
import type { GatedResult } from '../analysis/gate.js';
import { linkDestination } from './escape.js';
import { type MarkdownOptions, renderMarkdown } from './markdown.js';

/** Finds our comment among the PR's comments (together with the author check). */
export const commentMarker = '<!-- termination-guard:sticky-comment -->';

/** GitHub rejects issue comments longer than 65,536 characters. */
export const maxCommentLength = 65_536;

export interface CommentOptions extends MarkdownOptions {
  maxLength?: number;
  /** The workflow run's page: what the comment leaves out is in its job summary. */
  runUrl?: string;
}

/** Where the rest of a shortened comment is: the run's job summary, linked when the run is known. */
export function jobSummaryHint(runUrl: string | undefined): string {
  return runUrl ? `the full report is in the [job summary of this run](${linkDestination(runUrl)})` : 'the full report is in the job summary';
}

/** The order in which detail is dropped when the comment is too long. */
const cascade: NonNullable<MarkdownOptions['omit']>[] = [
  {},
  { passed: true },
  { passed: true, verify: true },
  { passed: true, verify: true, fixYaml: true },
  { passed: true, verify: true, fixYaml: true, existingDetail: true },
  { passed: true, verify: true, fixYaml: true, existingDetail: true, drillDetail: true },
  { passed: true, verify: true, fixYaml: true, existingDetail: true, drillDetail: true, smokeTimeline: true },
];

/** Cuts a string to at most `length` UTF-16 units without splitting a surrogate pair. */
export function truncateSafely(text: string, length: number): string {
  if (text.length <= length) return text;
  let end = length;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return text.slice(0, end);
}

/**
 * The Markdown report cut down until `fits` accepts it: detail is left out in the cascade's
 * order, then objects are dropped (as many kept as fit, found by bisection), then the text is cut.
 * `limit` is the UTF-16 length the final cut keeps to.
 */
export function renderBounded(result: GatedResult, options: MarkdownOptions, fits: (body: string) => boolean, limit: number): string {
  const hint = options.fullReportHint ?? 'the full report is in the job summary';
  const render = (extra: Partial<MarkdownOptions>) => renderMarkdown(result, { ...options, fullReportHint: hint, ...extra });
  let body = '';
  for (const omit of cascade) {
    body = render({ omit });
    if (fits(body)) return body;
  }
  const omit = cascade[cascade.length - 1];
  let low = 0;
  let high = result.subjects.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(render({ omit, maxSubjects: middle }))) low = middle;
    else high = middle - 1;
  }
  body = render({ omit, maxSubjects: low });
  if (!fits(body)) {
    const note = `\n\n…truncated — ${hint}.\n`;
    body = truncateSafely(body, limit - note.length) + note;
  }
  return body;
}

export function renderComment(result: GatedResult, options: CommentOptions): string {
  const { maxLength, runUrl, ...markdown } = options;
  const limit = (maxLength ?? maxCommentLength) - commentMarker.length - 2;
  return `${commentMarker}\n${renderBounded(result, { fullReportHint: jobSummaryHint(runUrl), ...markdown }, (body) => body.length <= limit, limit)}`;
}

/** GitHub refuses a step summary over 1 MiB. */
export const maxSummaryBytes = 1024 * 1024;

/**
 * The job summary: the complete grouped report (every object of a group of identical ones with
 * its location, every object that passes) when it fits in 1 MiB, else cut down like the comment.
 */
export function renderSummary(result: GatedResult, options: MarkdownOptions): string {
  const budget = maxSummaryBytes - 4096; // room for the other lines a step may add
  const encoder = new TextEncoder();
  // Worst case 3 bytes per UTF-16 unit, so this many units always fit.
  return renderBounded(result, { ...options, smokeDetail: true, allLocations: true, showPassing: true, fullReportHint: 'every finding is in the JSON report (the `report-json` output: upload it with actions/upload-artifact) and in the SARIF file (the `sarif-file` input)' }, (body) => encoder.encode(body).length <= budget, Math.floor(budget / 3));
}

/** When a new sticky comment is posted (an existing one is always kept current). */
export type CommentOn = 'always' | 'changes' | 'failures';
export const commentOnValues: readonly CommentOn[] = ['always', 'changes', 'failures'];

/**
 * Whether this result earns a new comment under `commentOn` (after Infracost's "only comment
 * when it gets worse"): `always`; `failures` when the gate fails; `changes` when the gate fails
 * or the PR adds or fixes a warning or error. A quiet PR gets none, but a comment posted earlier
 * is still updated, so it never shows a verdict that no longer holds.
 */
export function commentWanted(result: GatedResult, commentOn: CommentOn): boolean {
  if (commentOn === 'always' || result.gate.verdict === 'fail') return true;
  if (commentOn === 'failures') return false;
  const noteworthy = (f: { severity: string }) => f.severity !== 'info';
  return result.findings.some((f) => f.status !== 'existing' && noteworthy(f)) || (result.comparison?.fixed ?? []).some(noteworthy);
}

/** Where the README shows an example comment (npm run docs writes it from a golden). */
export const exampleCommentMarkers = ['<!-- example-comment:start (generated by npm run docs from test/golden/comments/new-error.md) -->', '<!-- example-comment:end -->'] as const;

/** A posted comment as the README shows it: without the hidden marker. */
export function exampleComment(posted: string): string {
  return posted.replace(`${commentMarker}\n`, '').trimEnd();
}
