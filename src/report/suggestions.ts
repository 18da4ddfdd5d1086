// Review comments with ```suggestion blocks: a finding's fix edits applied to the real lines of
// the head file, placed only on lines inside the PR's diff hunks.
import yaml from 'js-yaml';
import { type Finding, type FixEditLocated, severityRank } from '../analysis/engine.js';

/** Marks our review comments (to find and clean up earlier ones). */
export const reviewMarker = '<!-- termination-guard:review -->';

/** Lines of the new file a review comment may sit on (context and added lines of each hunk). */
export function commentableLines(patch: string): Set<number> {
  const lines = new Set<number>();
  let next = 0;
  let inHunk = false;
  const patchLines = patch.split('\n');
  if (patchLines[patchLines.length - 1] === '') patchLines.pop(); // the final newline
  for (const text of patchLines) {
    const header = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(text);
    if (header) {
      next = Number(header[1]);
      inHunk = true;
    } else if (inHunk && (text.startsWith('+') || text.startsWith(' '))) {
      lines.add(next++);
    } else if (inHunk && text === '') {
      // An empty context line whose leading space was trimmed.
      lines.add(next++);
    }
  }
  return lines;
}

export interface ReviewComment {
  path: string;
  /** Last line the comment covers (RIGHT side). */
  line: number;
  /** First line, for multi-line comments. */
  startLine?: number;
  body: string;
  ruleId: string;
}

interface Operation {
  from: number;
  to: number;
  /** Replacement for lines from..to (inclusive). */
  lines: string[];
  /** For inserts after line `to`: keys to add at an indentation (merged before rendering). */
  insert?: { indent: number; values: Record<string, unknown> };
}

function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const existing = out[key];
    out[key] =
      existing && value && typeof existing === 'object' && typeof value === 'object' && !Array.isArray(existing) && !Array.isArray(value)
        ? deepMerge(existing as Record<string, unknown>, value as Record<string, unknown>)
        : value;
  }
  return out;
}

const indentOf = (line: string) => /^\s*(?:- )?/.exec(line)?.[0].length ?? 0;

function render(key: string | number, value: unknown, indent: number): string[] {
  const document = typeof key === 'number' ? [value] : { [key]: value };
  return yaml
    .dump(document, { lineWidth: 120, noRefs: true, flowLevel: -1 })
    .trimEnd()
    .split('\n')
    .map((line) => `${' '.repeat(indent)}${line}`);
}

function nest(path: readonly (string | number)[], value: unknown): { key: string; value: unknown } | undefined {
  if (path.length === 0 || path.some((segment) => typeof segment === 'number')) return undefined;
  let current = value;
  for (const segment of [...path.slice(1)].reverse()) current = { [segment]: current };
  return { key: path[0] as string, value: current };
}

/** One edit as a line operation on the file, or undefined when it cannot be expressed safely. */
function operationFor(edit: FixEditLocated, lines: readonly string[]): Operation | undefined {
  const { line, endLine, exact, resolvedDepth } = edit.location;
  const text = lines[line - 1];
  if (text === undefined) return undefined;
  const key = edit.path[edit.path.length - 1];
  if (exact) {
    const match = /^(\s*(?:- )?)("?)([^"':]+)\2:(\s*)(.*?)(\s+#.*)?$/.exec(text);
    if (!match || match[3] !== String(key)) return undefined; // flow style or a list item: leave it
    const prefix = match[1];
    if (edit.value === undefined) {
      // Removing a key that starts a list item would change the item's shape.
      return prefix.includes('-') ? undefined : { from: line, to: endLine, lines: [] };
    }
    if (edit.value === null || typeof edit.value !== 'object') {
      if (line !== endLine) return undefined;
      const scalar = yaml.dump(edit.value, { lineWidth: -1 }).trimEnd();
      return { from: line, to: line, lines: [`${prefix}${match[3]}: ${scalar}${match[6] ?? ''}`] };
    }
    const rendered = render(String(key), edit.value, 0);
    const continuation = ' '.repeat(prefix.length);
    return { from: line, to: endLine, lines: rendered.map((l, i) => (i === 0 ? `${prefix}${l}` : `${continuation}${l}`)) };
  }
  if (edit.value === undefined) return undefined; // removing something absent: nothing to do
  const missing = nest(edit.path.slice(resolvedDepth), edit.value);
  if (!missing || endLine <= line) return undefined;
  // Children of the ancestor: the first content line after it tells their indentation.
  let childIndent: number | undefined;
  for (let i = line; i < endLine; i++) {
    const candidate = lines[i];
    if (candidate.trim() === '' || candidate.trim().startsWith('#')) continue;
    childIndent = /^\s*/.exec(candidate)?.[0].length;
    break;
  }
  if (childIndent === undefined || childIndent <= indentOf(text) - 2) return undefined;
  return { from: endLine, to: endLine, lines: [lines[endLine - 1]], insert: { indent: childIndent, values: { [missing.key]: missing.value } } };
}

/** The fix as one replacement of a contiguous line range, when its edits allow it. */
export function suggestionFor(finding: Finding, content: string): { from: number; to: number; text: string } | undefined {
  if (finding.replacement) {
    const { from, to, text } = finding.replacement;
    return to <= content.split('\n').length ? { from, to, text } : undefined;
  }
  if (!finding.fix) return undefined;
  const lines = content.split('\n');
  const operations: Operation[] = [];
  for (const edit of finding.fix.edits) {
    // A rendered object's field that is not literally on a source line cannot be edited there.
    if (edit.location.anchored === false || edit.location.file !== finding.file) return undefined;
    const operation = operationFor(edit, lines);
    if (!operation) return undefined;
    operations.push(operation);
  }
  operations.sort((a, b) => a.from - b.from);
  // Inserts after the same anchor line merge (deeply: two edits may add under one new key);
  // other overlaps are not expressible.
  const merged: Operation[] = [];
  for (const operation of operations) {
    const last = merged[merged.length - 1];
    if (last?.insert && operation.insert && last.to === operation.to && last.insert.indent === operation.insert.indent) {
      last.insert.values = deepMerge(last.insert.values, operation.insert.values);
    } else if (last && operation.from <= last.to) {
      return undefined;
    } else {
      merged.push({ ...operation, lines: [...operation.lines], ...(operation.insert ? { insert: { ...operation.insert } } : {}) });
    }
  }
  for (const operation of merged) {
    if (!operation.insert) continue;
    const { indent, values } = operation.insert;
    operation.lines.push(...Object.entries(values).flatMap(([key, value]) => render(key, value, indent)));
  }
  const from = merged[0].from;
  const to = merged[merged.length - 1].to;
  const out: string[] = [];
  let cursor = from;
  for (const operation of merged) {
    while (cursor < operation.from) out.push(lines[cursor++ - 1]);
    out.push(...operation.lines);
    cursor = operation.to + 1;
  }
  return { from, to, text: out.join('\n') };
}

function commentBody(finding: Finding, suggestion: string | undefined): string {
  const severity = { error: '❌ error', warning: '⚠️ warning', info: 'ℹ️ info' }[finding.severity];
  const parts = [`**[${finding.ruleId}](${finding.docsUrl})** · ${severity}${finding.status === 'new' ? ' · new' : ''}`, '', finding.detail, ''];
  if (suggestion !== undefined) parts.push(`**Fix:** ${finding.fix?.summary ?? finding.replacement?.summary ?? finding.remediation}`, '', '```suggestion', suggestion, '```', '');
  else parts.push(`**Fix:** ${finding.remediation}`, '');
  parts.push(reviewMarker);
  return parts.join('\n');
}

/**
 * Review comments for findings whose lines are inside the diff: with a suggestion when the fix
 * lands on changed lines, else a plain comment on the finding's line. The rest is `outside`.
 */
/** A review with more comments than this is noise; the rest are in the sticky comment. */
export const maxReviewComments = 50;

export function buildReviewComments(
  findings: readonly Finding[],
  files: ReadonlyMap<string, { content: string; commentable: ReadonlySet<number> }>,
  max = maxReviewComments,
): { comments: ReviewComment[]; outside: Finding[] } {
  const comments: ReviewComment[] = [];
  const outside: Finding[] = [];
  const taken = new Set<string>();
  // Most important first, so a cap drops infos and existing findings before new errors.
  const position = new Map(findings.map((f, i) => [f, i]));
  const ordered = [...findings].sort((a, b) => severityRank[a.severity] - severityRank[b.severity] || Number(a.status === 'existing') - Number(b.status === 'existing'));
  const origin = new Map<ReviewComment, number>();
  for (const finding of ordered) {
    if (comments.length >= max) {
      outside.push(finding);
      continue;
    }
    const file = files.get(finding.file);
    if (!file) {
      outside.push(finding);
      continue;
    }
    const suggestion = suggestionFor(finding, file.content);
    const inDiff = (from: number, to: number) => {
      for (let l = from; l <= to; l++) if (!file.commentable.has(l)) return false;
      return true;
    };
    if (suggestion && inDiff(suggestion.from, suggestion.to) && !taken.has(`${finding.file}:${suggestion.to}`)) {
      taken.add(`${finding.file}:${suggestion.to}`);
      const comment: ReviewComment = {
        path: finding.file,
        line: suggestion.to,
        ...(suggestion.from < suggestion.to ? { startLine: suggestion.from } : {}),
        body: commentBody(finding, suggestion.text),
        ruleId: finding.ruleId,
      };
      comments.push(comment);
      origin.set(comment, position.get(finding) as number);
    } else if (file.commentable.has(finding.line)) {
      const comment: ReviewComment = { path: finding.file, line: finding.line, body: commentBody(finding, undefined), ruleId: finding.ruleId };
      comments.push(comment);
      origin.set(comment, position.get(finding) as number);
    } else {
      outside.push(finding);
    }
  }
  const byPosition = (a: number, b: number) => a - b;
  comments.sort((a, b) => byPosition(origin.get(a) as number, origin.get(b) as number));
  outside.sort((a, b) => byPosition(position.get(a) as number, position.get(b) as number));
  return { comments, outside };
}
