// Reads YAML documents with the `yaml` package and keeps where every node is: the composer's node
// ranges (documented API) turned into a small offset tree that mirrors the value tree. Object
// paths resolve to offsets (and lines) through that tree.
import { isAlias, isMap, isScalar, isSeq, type Node, parseAllDocuments } from 'yaml';
import { aliasError, firstYamlError, toJsOptions, type YamlTextError, yamlOptions } from './yaml-text.js';

export type PathSegment = string | number;
export type ObjectPath = readonly PathSegment[];

/**
 * A node in the offset tree: where it starts/ends in the text, and its children. Kept small (one
 * object per YAML node, plain arrays): a big tree holds the trees of all its documents at once.
 */
export interface PosNode {
  start: number;
  /** Offset of the node's last character. */
  end: number;
  /** For a mapping value: where its key starts (a finding on `key: value` starts at the key). */
  keyStart?: number;
  /** Mapping keys, in order, and their value nodes (same index). */
  keys?: string[];
  /** Mapping values or sequence items, in order. */
  children?: PosNode[];
}

export interface LoadedDocument {
  value: unknown;
  /** Offset of the document's first content (its first key, for a mapping). */
  start: number;
  positions: PosNode;
  /** Whether the document uses aliases (only then can its value be larger than its text). */
  hasAliases: boolean;
}

/**
 * Reads the documents of `text` (the caller normally passes one `---` chunk). Each is its value
 * with its offset tree, or the first error in it: a bad document never hides the next one.
 * Documents that hold only comments, or only null, are left out. Aliases that would expand past
 * `maxAliasCount` references are an error (the `yaml` package counts them while it converts).
 */
export function loadDocuments(text: string, maxAliasCount: number): (LoadedDocument | YamlTextError)[] {
  const out: (LoadedDocument | YamlTextError)[] = [];
  for (const document of parseAllDocuments(text, yamlOptions)) {
    const error = firstYamlError(document.errors, text);
    if (error) {
      out.push(error);
      continue;
    }
    const contents = document.contents as Node | null;
    if (!contents) continue;
    let value: unknown;
    try {
      value = document.toJS(toJsOptions(maxAliasCount));
    } catch (cause) {
      out.push(aliasError(cause, contents.range?.[0] ?? 0));
      continue;
    }
    if (value === undefined || value === null) continue;
    const walk = { text, hasAliases: false };
    const positions = positionsOf(contents, walk);
    out.push({ value, start: positions.start, positions, hasAliases: walk.hasAliases });
  }
  return out;
}

/** The offset tree of a composed node: starts, ends, map entries by key, sequence items. */
function positionsOf(node: Node, walk: { text: string; hasAliases: boolean }): PosNode {
  const [start, valueEnd] = node.range ?? [0, 0];
  const pos: PosNode = { start, end: trimEnd(walk.text, valueEnd, start) };
  if (isMap(node)) {
    const keys: string[] = [];
    const children: PosNode[] = [];
    for (const pair of node.items) {
      const key = pair.key as Node | null;
      if (!isScalar(key)) continue;
      const name = key.value;
      if (typeof name !== 'string' && typeof name !== 'number' && typeof name !== 'boolean') continue;
      const keyStart = key.range?.[0] ?? start;
      const value = pair.value as Node | null;
      // `key:` with nothing after it still has an (empty) value node; `{key}` in flow has none.
      const child = value ? positionsOf(value, walk) : { start: keyStart, end: trimEnd(walk.text, key.range?.[1] ?? keyStart, keyStart) };
      child.keyStart = keyStart;
      keys.push(String(name));
      children.push(child);
    }
    pos.keys = keys;
    pos.children = children;
  } else if (isSeq(node)) {
    pos.children = node.items.map((item) => positionsOf(item as Node, walk));
  } else if (isAlias(node)) {
    walk.hasAliases = true;
  }
  return pos;
}

/** The offset of the last non-blank character before `offset` (not before `floor`). */
function trimEnd(text: string, offset: number, floor: number): number {
  let i = Math.min(offset, text.length);
  while (i > floor && (text[i - 1] === ' ' || text[i - 1] === '\t' || text[i - 1] === '\n' || text[i - 1] === '\r')) i--;
  return Math.max(i - 1, floor);
}

/**
 * The offsets of the deepest existing node along `path`: [start, end]. A path that does not
 * exist (a field the finding says is missing) resolves to its nearest existing ancestor, so
 * every finding still points at a real line.
 */
export function resolveOffsets(root: PosNode, path: ObjectPath): { start: number; end: number; exact: boolean; depth: number } {
  let node = root;
  let start = root.start;
  let depth = 0;
  for (const segment of path) {
    // A number indexes a sequence; a string is a mapping key (the last one wins, as in the value).
    const child = typeof segment === 'number' ? (node.keys ? undefined : node.children?.[segment]) : node.children?.[node.keys?.lastIndexOf(segment) ?? -1];
    if (!child) return { start, end: node.end, exact: false, depth };
    node = child;
    start = child.keyStart ?? child.start;
    depth++;
  }
  return { start, end: Math.max(node.end, start), exact: true, depth };
}

/** Line starts of a text, for offset → 1-based line conversion by binary search. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

export function lineOf(starts: readonly number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return low + 1;
}
