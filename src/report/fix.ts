// Renders a finding's fix edits as YAML a reviewer can paste.
import { stringify } from 'yaml';
import type { Finding } from '../analysis/engine.js';

export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    // A key that is not a plain word is shown as a JSON string: quotes, line breaks and
    // control characters in it stay inside the brackets.
    else out += out ? (/^[\w-]+$/.test(segment) ? `.${segment}` : `[${JSON.stringify(segment)}]`) : /^[\w-]+$/.test(segment) ? segment : JSON.stringify(segment);
  }
  return out;
}

/** `key:\n  value…` for the last path segment, or a removal note. */
export function renderEdit(edit: { path: readonly (string | number)[]; value: unknown }): string {
  const key = edit.path[edit.path.length - 1];
  if (edit.value === undefined) return `# remove ${formatPath(edit.path)}`;
  const document = typeof key === 'number' ? [edit.value] : { [key]: edit.value };
  return stringify(document, { lineWidth: 120, aliasDuplicateObjects: false }).trimEnd();
}

/**
 * The fix as one YAML block with a path comment per edit. Plain text: the yaml package quotes whatever
 * the values hold, and the Markdown renderer puts it in a fence longer than any backtick run
 * (escape.ts: fencedBlock), the terminal renderer through terminalText.
 */
export function renderFixYaml(fix: NonNullable<Finding['fix']>): string {
  return fix.edits.map((edit) => `# ${formatPath(edit.path)} (line ${edit.location.line})\n${renderEdit(edit)}`).join('\n');
}
