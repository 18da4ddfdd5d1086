// Rendered documents (Helm, Kustomize) and the files they came from: which line of a template
// or of a Kustomize resource/patch produced each rendered line. Findings on rendered objects
// point there; a review suggestion is placed only where the mapping is exact (the source line
// is literally the rendered line, so editing it edits the output).

/** Where a rendered document came from. */
export interface Origin {
  /** The render, for people: "chart charts/podinfo · values ci/hpa-values.yaml". */
  render: string;
  /** The source line of a rendered line (1-based), when one can be matched. */
  map: (line: number) => MappedLine | undefined;
  /** The file the object is defined in (findings without a matched line point at its top). */
  file: string;
}

export interface MappedLine {
  file: string;
  line: number;
  /** The source line is the rendered line, text and indentation. */
  exact: boolean;
  /** The source line holds the same text (perhaps indented differently). */
  sameText?: boolean;
}

interface Token {
  /** Trimmed text. */
  text: string;
  /** The mapping key, or the list-item marker, of a YAML line; '' for other lines. */
  key: string;
  indent: number;
}

const keyPattern = /^(-\s+)?("[^"]*"|'[^']*'|[^\s:#{}[\],&*!|>'"%@`][^:#]*?)\s*:(\s|$)/;

function tokenize(text: string): Token[] {
  return text.split('\n').map((line) => {
    const trimmed = line.trim();
    const match = keyPattern.exec(trimmed);
    return { text: trimmed, key: match ? `${match[1] ? '- ' : ''}${match[2]}` : trimmed.startsWith('- ') ? '- ' : '', indent: line.length - line.trimStart().length };
  });
}

/** A template line that only holds template actions ({{- if }}, {{ end }}): never a match. */
const actionOnly = /^(\{\{-?.*?-?\}\}\s*)+$/;

/**
 * A weighted longest common subsequence of two line sequences: equal lines score 3 (and are
 * exact when indented alike), lines with the same key score 1. Alignment is monotonic, like a
 * diff, so repeated keys (name:, image:) match in document order.
 */
export function alignLines(rendered: string, source: string): (MappedLine | undefined)[] {
  const a = tokenize(rendered);
  const b = tokenize(source);
  const score = (x: Token, y: Token) => {
    if (x.text === '' || y.text === '' || x.text.startsWith('#') || actionOnly.test(y.text)) return 0;
    if (x.text === y.text) return 3;
    return x.key !== '' && x.key === y.key ? 1 : 0;
  };
  const n = a.length;
  const m = b.length;
  // Rolling rows would save memory, but the traceback needs the table; documents are small.
  const table = new Uint32Array((n + 1) * (m + 1));
  const at = (i: number, j: number) => i * (m + 1) + j;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const s = score(a[i] as Token, b[j] as Token);
      table[at(i, j)] = Math.max(s > 0 ? s + (table[at(i + 1, j + 1)] as number) : 0, table[at(i + 1, j)] as number, table[at(i, j + 1)] as number);
    }
  }
  const mapped: (MappedLine | undefined)[] = new Array(n).fill(undefined);
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    const s = score(a[i] as Token, b[j] as Token);
    if (s > 0 && table[at(i, j)] === s + (table[at(i + 1, j + 1)] as number)) {
      mapped[i] = { file: '', line: j + 1, exact: s === 3 && (a[i] as Token).indent === (b[j] as Token).indent, sameText: s === 3 };
      i++;
      j++;
    } else if (table[at(i + 1, j)] as number >= (table[at(i, j + 1)] as number)) {
      i++;
    } else {
      j++;
    }
  }
  return mapped;
}

export interface OriginSource {
  file: string;
  content: string;
}

/**
 * The origin of a rendered file from its candidate sources, best first (the template or the
 * resource file, then patches). A line takes an exact match from any candidate before a
 * same-key match, and the first candidate's match before the others'.
 */
export function buildOrigin(render: string, rendered: string, candidates: readonly OriginSource[], fallbackFile: string): Origin {
  // Aligned on the first lookup, not here: only a finding (or a review suggestion) asks where a
  // rendered line came from, so a render whose objects raise none (CRDs, RBAC, most ConfigMaps)
  // never pays for the alignment, whose cost is the product of the two files' lengths.
  let best: (MappedLine | undefined)[] | undefined;
  return { render, file: candidates[0]?.file ?? fallbackFile, map: (line) => (best ??= alignAll(rendered, candidates))[line - 1] };
}

function alignAll(rendered: string, candidates: readonly OriginSource[]): (MappedLine | undefined)[] {
  const alignments = candidates.map((candidate) => alignLines(rendered, candidate.content).map((m) => (m ? { ...m, file: candidate.file } : undefined)));
  const indexes = candidates.map((c) => ({ file: c.file, byPath: pathIndex(c.content), lines: c.content.split('\n') }));
  const renderedLines = rendered.split('\n');
  const renderedPaths = keyPaths(renderedLines);
  const best: (MappedLine | undefined)[] = [];
  for (let line = 0; line < renderedLines.length; line++) {
    // The defining file's own exact line first, then a patch that holds the line itself.
    const options = alignments.map((alignment) => alignment[line]);
    const exact = options[0]?.exact ? options[0] : options.find((m) => m?.exact);
    // Later candidates (patches) only count when they hold the line's text.
    let mapped: MappedLine | undefined = exact ?? options.find((m) => m?.sameText) ?? options[0];
    const { path, item } = renderedPaths[line] ?? { path: '' };
    if (!mapped && (path || item)) {
      // Kustomize sorts keys, so order-preserving alignment misses moved lines: the same key
      // path (the defining file first), or for a list item's first line, the item's first line.
      const here = renderedLines[line] as string;
      for (const index of indexes) {
        const target = (path ? index.byPath.get(path)?.[0] : undefined) ?? (item && index === indexes[0] ? index.byPath.get(item)?.[0] : undefined);
        if (target === undefined) continue;
        const source = index.lines[target] as string;
        mapped = { file: index.file, line: target + 1, exact: source === here, sameText: source.trim() === here.trim() };
        break;
      }
    }
    best.push(mapped);
  }
  return best;
}

/**
 * Each line's key path by indentation ("spec/template/spec/containers/-/name"; '' for non-key
 * lines) and, for a list item's first line, the item's own path ("…/containers/-").
 */
function keyPaths(lines: readonly string[]): { path: string; item?: string }[] {
  const stack: { indent: number; key: string }[] = [];
  return lines.map((line) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return { path: '' };
    let indent = line.length - line.trimStart().length;
    const match = keyPattern.exec(trimmed);
    const dash = trimmed.startsWith('- ');
    // A list may sit at its key's own indentation (`containers:` then `- name:`), as Kustomize writes it.
    const closes = (top: { indent: number; key: string }) => top.indent > indent || (top.indent === indent && (!dash || top.key === '-'));
    while (stack.length > 0 && closes(stack[stack.length - 1] as { indent: number; key: string })) stack.pop();
    let item: string | undefined;
    if (dash) {
      stack.push({ indent, key: '-' });
      item = stack.map((s) => s.key).join('/');
      indent += 2;
    }
    if (!match) return { path: '', ...(item ? { item } : {}) };
    const key = match[2] as string;
    const path = [...stack.map((s) => s.key), key].join('/');
    stack.push({ indent, key });
    return { path, ...(item ? { item } : {}) };
  });
}

function pathIndex(content: string): Map<string, number[]> {
  const index = new Map<string, number[]>();
  keyPaths(content.split('\n')).forEach(({ path, item }, i) => {
    for (const key of [path, item]) if (key && !(key === item && index.has(key))) index.set(key, [...(index.get(key) ?? []), i]);
  });
  return index;
}

/**
 * The source range of a rendered range: exact when every rendered line maps exactly onto
 * consecutive lines of one file; otherwise the first mapped line (or the object's file top).
 */
export function mapRange(origin: Origin, from: number, to: number): { file: string; line: number; endLine: number; anchored: boolean } {
  const first = origin.map(from);
  let anchored = first?.exact === true;
  for (let line = from + 1; anchored && line <= to; line++) {
    const mapped = origin.map(line);
    anchored = mapped !== undefined && mapped.exact && mapped.file === first?.file && mapped.line === (first?.line ?? 0) + (line - from);
  }
  if (first) return { file: first.file, line: first.line, endLine: anchored ? first.line + (to - from) : first.line, anchored };
  // Nothing matched on the first line: the nearest mapped line before it.
  for (let line = from - 1; line >= 1; line--) {
    const mapped = origin.map(line);
    if (mapped) return { file: mapped.file, line: mapped.line, endLine: mapped.line, anchored: false };
  }
  return { file: origin.file, line: 1, endLine: 1, anchored: false };
}
