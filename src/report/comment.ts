// The sticky PR comment: the Markdown checklist under a hidden marker, kept within GitHub's
// 65,536-character limit by leaving out detail in a fixed order.
import type { AnalysisResult } from '../analysis/engine.js';
import { type MarkdownOptions, renderMarkdown } from './markdown.js';

/** Finds our comment among the PR's comments (together with the author check). */
export const commentMarker = '<!-- termination-guard:sticky-comment -->';

/** GitHub rejects issue comments longer than 65,536 characters. */
export const maxCommentLength = 65_536;

export interface CommentOptions extends MarkdownOptions {
  maxLength?: number;
}

/** The order in which detail is dropped when the comment is too long. */
const cascade: NonNullable<MarkdownOptions['omit']>[] = [
  {},
  { passed: true },
  { passed: true, verify: true },
  { passed: true, verify: true, fixYaml: true },
  { passed: true, verify: true, fixYaml: true, existingDetail: true },
];

/** Cuts a string to at most `length` UTF-16 units without splitting a surrogate pair. */
export function truncateSafely(text: string, length: number): string {
  if (text.length <= length) return text;
  let end = length;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return text.slice(0, end);
}

export function renderComment(result: AnalysisResult, options: CommentOptions): string {
  const limit = (options.maxLength ?? maxCommentLength) - commentMarker.length - 2;
  const hint = options.fullReportHint ?? 'the full report is in the job summary';
  const render = (extra: Partial<MarkdownOptions>) => renderMarkdown(result, { ...options, fullReportHint: hint, ...extra });
  let body = '';
  for (const omit of cascade) {
    body = render({ omit });
    if (body.length <= limit) return `${commentMarker}\n${body}`;
  }
  // Still too long: as many objects as fit, found by bisection, then a note pointing onwards.
  const omit = cascade[cascade.length - 1];
  let low = 0;
  let high = result.subjects.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (render({ omit, maxSubjects: middle }).length <= limit) low = middle;
    else high = middle - 1;
  }
  body = render({ omit, maxSubjects: low });
  if (body.length > limit) {
    const note = `\n\n…truncated — ${hint}.\n`;
    body = truncateSafely(body, limit - note.length) + note;
  }
  return `${commentMarker}\n${body}`;
}
