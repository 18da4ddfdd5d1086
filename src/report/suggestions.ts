// Review comments with ```suggestion blocks: a finding's fix edits applied to the head file (through
// the YAML CST, see yaml-edit.ts), placed only on lines inside the PR's diff hunks.
import { isNote } from './blocking.js';
import { type Finding, severityRank } from '../analysis/engine.js';
import { lineStarts } from '../manifests/yaml-positions.js';
import { stringify } from 'yaml';
import { fencedBlock, markdownLink, markdownMessage } from './escape.js';
import { editObject } from './yaml-edit.js';

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
  /** The finding's own line (the comment may sit on its fix's line): its annotation is left out when this comment is posted. */
  findingLine?: number;
}

/** The finding a review comment stands for, as annotations name it. */
export const reviewedKey = (item: { path?: string; file?: string; ruleId: string }, line: number) => `${item.path ?? item.file}#${line}#${item.ruleId}`;

/** The smallest line range of `before` that turns it into `after`, as a suggestion replaces it. */
function changedLines(before: string, after: string): { from: number; to: number; text: string } | undefined {
  const old = before.split('\n');
  const edited = after.split('\n');
  let prefix = 0;
  while (prefix < old.length && prefix < edited.length && old[prefix] === edited[prefix]) prefix++;
  if (prefix === old.length && prefix === edited.length) return undefined;
  let suffix = 0;
  while (suffix < old.length - prefix && suffix < edited.length - prefix && old[old.length - 1 - suffix] === edited[edited.length - 1 - suffix]) suffix++;
  const lines = edited.slice(prefix, edited.length - suffix);
  const from = prefix + 1;
  const to = old.length - suffix;
  if (to >= from) return { from, to, text: lines.join('\n') };
  // Only new lines: a suggestion replaces at least one line, so it repeats the one above them.
  return prefix > 0 ? { from: prefix, to: prefix, text: [old[prefix - 1], ...lines].join('\n') } : { from: 1, to: 1, text: [...lines, old[0]].join('\n') };
}

/**
 * The fix as one replacement of a contiguous line range: its edits applied to the object in the
 * file through the YAML CST (comments and layout kept), or undefined when they cannot be.
 */
export function suggestionFor(finding: Finding, content: string): { from: number; to: number; text: string } | undefined {
  if (finding.replacement) {
    const { from, to, text } = finding.replacement;
    return to <= content.split('\n').length ? { from, to, text } : undefined;
  }
  if (!finding.fix) return undefined;
  // A rendered object's field that is not literally on a source line cannot be edited there.
  if (finding.fix.edits.some((edit) => edit.location.anchored === false || edit.location.file !== finding.file)) return undefined;
  const near = lineStarts(content)[finding.line - 1] ?? 0;
  const edited = editObject(content, finding.object, finding.fix.edits, near);
  if (edited !== undefined) return changedLines(content, edited);
  // A chart template is not YAML until rendered: only a literal scalar on its own line can be
  // replaced there (the origin map says the edit's line is exactly that field's).
  return finding.render !== undefined ? templateLineEdit(finding.fix.edits, content) : undefined;
}

/** `key: value` on one line, value plain and without template syntax. */
const keyValueLine = /^(\s*(?:- )?)([A-Za-z0-9_.\/-]+)(\s*:\s+)([^#{}"'\s][^#{}]*?|"[^"{}]*"|'[^'{}]*')(\s+#.*)?$/;

/**
 * Every edit on its own literal line of the template (an object's combined fix may have several):
 * one replacement from the first edited line to the last, the lines between unchanged.
 */
function templateLineEdit(edits: NonNullable<Finding['fix']>['edits'], content: string): { from: number; to: number; text: string } | undefined {
  if (edits.length === 0) return undefined;
  const lines = content.split('\n');
  const replaced = new Map<number, string>();
  for (const edit of edits) {
    if (!edit.location.exact || (typeof edit.value === 'object' && edit.value !== null) || edit.value === undefined || replaced.has(edit.location.line)) return undefined;
    const line = lines[edit.location.line - 1];
    const match = line === undefined ? null : keyValueLine.exec(line);
    if (!match || match[2] !== String(edit.path[edit.path.length - 1])) return undefined;
    const value = stringify(edit.value).trimEnd();
    if (value.includes('\n')) return undefined;
    replaced.set(edit.location.line, `${match[1]}${match[2]}${match[3]}${value}${match[5] ?? ''}`);
  }
  const from = Math.min(...replaced.keys());
  const to = Math.max(...replaced.keys());
  const text = lines.slice(from - 1, to).map((line, i) => replaced.get(from + i) ?? line);
  return { from, to, text: text.join('\n') };
}

function commentBody(finding: Finding, suggestion: string | undefined): string {
  const severity = { error: '❌ error', warning: '⚠️ warning', info: 'ℹ️ info' }[finding.severity];
  // A suggestion replaces lines verbatim: one whose text the fence would have to escape is left out.
  const fenced = suggestion === undefined ? undefined : fencedBlock(suggestion, 'suggestion');
  const verbatim = fenced !== undefined && fenced.slice(1, -1).join('\n') === suggestion ? fenced : undefined;
  // Names in the messages are untrusted: escaped like every other Markdown we write.
  const parts = [`**${markdownLink(finding.ruleId, finding.docsUrl)}** · ${severity}${finding.status === 'new' ? ' · new' : ''}`, '', markdownMessage(finding.detail), ''];
  if (verbatim) parts.push(`**Fix:** ${markdownMessage(finding.fix?.summary ?? finding.replacement?.summary ?? finding.remediation)}`, '', ...verbatim, '');
  else parts.push(`**Fix:** ${markdownMessage(finding.remediation)}`, '');
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
    // A note (a PDB does not guard rollouts) is context on the comment's PDB row, not a line to review.
    if (isNote(finding)) {
      outside.push(finding);
      continue;
    }
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
        findingLine: finding.line,
      };
      comments.push(comment);
      origin.set(comment, position.get(finding) as number);
    } else if (file.commentable.has(finding.line)) {
      const comment: ReviewComment = { path: finding.file, line: finding.line, body: commentBody(finding, undefined), ruleId: finding.ruleId, findingLine: finding.line };
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
