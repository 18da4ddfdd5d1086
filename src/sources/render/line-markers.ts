// Which template line produced each rendered line, told by Helm itself: the chart is rendered a
// second time from a copy whose template lines each end in a YAML comment naming their file and
// line. Conditionals, loops and includes then carry the marker of the branch that really ran, so
// a field behind `{{ if hasKey … }}` maps to the line that produced it, not to a look-alike line
// of another branch (which text alignment cannot tell apart).
import type { MappedLine } from '../../manifests/origin.js';

const markerPattern = / #tg@(\d+):(\d+)/g;
const actionOnly = /^(\{\{.*?\}\}\s*)+$/;

/**
 * A template with a marker at the end of every line that can carry one: not blank, not inside
 * a template action that spans lines (`{{` … `}}`, `{{/*` … `*\/}}`), not ending in a backslash or
 * a right-chomping action, and not an action-only line that renders as a line of its own. Blank
 * lines stay blank, so block scalars and documents keep their shape.
 */
export function markTemplate(text: string, fileIndex: number): string {
  let depth = 0;
  return text
    .split('\n')
    .map((line, index) => {
      const before = depth;
      depth += (line.match(/\{\{/g) ?? []).length - (line.match(/\}\}/g) ?? []).length;
      if (depth < 0) depth = 0;
      if (before > 0 || depth > 0 || line.trim() === '' || line.endsWith('\\')) return line;
      // An action-only line renders as a line of its own unless it chomps the newline before it;
      // a comment there could end a block scalar. A right chomp (`-}}`) would glue the marker on.
      const trimmed = line.trim();
      if (trimmed.endsWith('-}}') || (actionOnly.test(trimmed) && !trimmed.startsWith('{{-'))) return line;
      return `${line} #tg@${fileIndex}:${index + 1}`;
    })
    .join('\n');
}

/** A rendered line without its markers, and the source lines they name (in order). */
export function readMarkers(line: string): { text: string; marks: { file: number; line: number }[] } {
  const marks = [...line.matchAll(markerPattern)].map((m) => ({ file: Number(m[1]), line: Number(m[2]) }));
  return { text: marks.length === 0 ? line : line.replace(markerPattern, ''), marks };
}

const keyOf = (line: string) => /^\s*(?:-\s+)?([^\s:#{}[\],]+)\s*:(\s|$)/.exec(line)?.[1];

/**
 * The source line of each line of `rendered`, read from the same document rendered with markers
 * (`marked`). Undefined when the two do not line up (a different number of lines: the markers
 * changed the template's output); a single line whose text changed maps to undefined. The caller
 * falls back to text alignment there. Of several markers on a line (an include's
 * output, then the line that included it), the one whose source line holds the rendered line's
 * key wins; else the first, the innermost text that produced it.
 */
export function mapByMarkers(rendered: string, marked: string, files: readonly { file: string; content: string }[]): (MappedLine | undefined)[] | undefined {
  const lines = rendered.split('\n');
  const markedLines = marked.split('\n');
  if (lines.length !== markedLines.length) return undefined;
  const sources = files.map((f) => f.content.split('\n'));
  const mapped: (MappedLine | undefined)[] = [];
  for (let i = 0; i < lines.length; i++) {
    const here = lines[i] as string;
    const { text, marks } = readMarkers(markedLines[i] as string);
    // A line whose text the markers changed (an include piped into sha256sum, trunc…) has no
    // trustworthy marker: it falls back to text alignment on its own.
    if (text.trimEnd() !== here.trimEnd()) {
      mapped.push(undefined);
      continue;
    }
    const key = keyOf(here);
    const chosen = (key !== undefined ? marks.find((m) => keyOf(sources[m.file]?.[m.line - 1] ?? '') === key) : undefined) ?? marks[0];
    const file = chosen ? files[chosen.file] : undefined;
    if (!chosen || !file) {
      mapped.push(undefined);
      continue;
    }
    const source = sources[chosen.file]?.[chosen.line - 1] ?? '';
    mapped.push({ file: file.file, line: chosen.line, exact: source === here, sameText: source.trim() === here.trim() });
  }
  return mapped;
}
