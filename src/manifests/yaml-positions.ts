// Reads YAML documents with the `yaml` package and keeps where every node is: the composer's node
// ranges (documented API) turned into a small offset tree that mirrors the value tree. Object
// paths resolve to offsets (and lines) through that tree.
import { isDeepStrictEqual } from 'node:util';
import { isAlias, isMap, isScalar, isSeq, type Node, parseAllDocuments } from 'yaml';
import { type PlainNode, readPlainDocument } from './yaml-plain.js';
import { aliasError, firstYamlError, toJsOptions, type YamlTextError, yamlOptions } from './yaml-text.js';

/** TG_YAML_CROSSCHECK=1: every document the plain reader accepts is read by `yaml` too, and any difference throws. */
const crossCheck = process.env.TG_YAML_CROSSCHECK === '1';

export type PathSegment = string | number;
export type ObjectPath = readonly PathSegment[];

/**
 * The offset tree of one document: where every node starts and ends in the text, with its
 * children, in flat typed arrays (about 24 bytes a node; a tree of objects took four times that,
 * and the trees of a large repository's workloads are alive together until their findings are
 * located). Node 0 is the root; a node's children occupy consecutive slots from `first`.
 */
export class PosNode {
  /** Offset of each node's first character. */
  readonly starts: Int32Array;
  /** Offset of each node's last character. */
  readonly ends: Int32Array;
  /** For a mapping value: where its key starts (a finding on `key: value` starts at the key); -1 otherwise. */
  readonly keyStarts: Int32Array;
  /** The slot of each node's first child, and how many it has (-1 for a scalar or an alias). */
  readonly first: Int32Array;
  readonly counts: Int32Array;
  /** Each mapping value's key (undefined for sequence items and the root). */
  readonly keys: (string | undefined)[];
  /** Whether each node is a mapping (children by key) rather than a sequence (by index). */
  readonly maps: Uint8Array;

  constructor(builder: TreeBuilder) {
    this.starts = Int32Array.from(builder.starts);
    this.ends = Int32Array.from(builder.ends);
    this.keyStarts = Int32Array.from(builder.keyStarts);
    this.first = Int32Array.from(builder.first);
    this.counts = Int32Array.from(builder.counts);
    this.maps = Uint8Array.from(builder.maps);
    this.keys = builder.keys;
  }

  get start(): number {
    return this.starts[0] as number;
  }

  /** A tree of one node: a document whose body could not be read points at its start. */
  static leaf(start: number, end: number): PosNode {
    return new PosNode({ starts: [start], ends: [end], keyStarts: [-1], first: [-1], counts: [0], maps: [0], keys: [undefined] });
  }
}

interface TreeBuilder {
  starts: number[];
  ends: number[];
  keyStarts: number[];
  first: number[];
  counts: number[];
  maps: number[];
  keys: (string | undefined)[];
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
  // Most manifests are in the plain subset (yaml-plain.ts): read them without the composer.
  const plain = readPlainDocument(text);
  if (plain === undefined) return composeDocuments(text, maxAliasCount);
  const loaded: LoadedDocument[] = [];
  if (plain !== null) {
    const positions = positionsOf(plain.root, text);
    loaded.push({ value: plain.value, start: positions.start, positions, hasAliases: false });
  }
  if (crossCheck) checkAgainstComposer(text, maxAliasCount, loaded);
  return loaded;
}

/** loadDocuments through the `yaml` composer: every document, every error. */
function composeDocuments(text: string, maxAliasCount: number): (LoadedDocument | YamlTextError)[] {
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
    const walk = { hasAliases: false };
    const positions = positionsOf(rangedNode(contents, walk), text);
    out.push({ value, start: positions.start, positions, hasAliases: walk.hasAliases });
  }
  return out;
}

function checkAgainstComposer(text: string, maxAliasCount: number, plain: LoadedDocument[]): void {
  const composed = composeDocuments(text, maxAliasCount);
  const same =
    composed.length === plain.length &&
    composed.every((document, i) => {
      const mine = plain[i] as LoadedDocument;
      return !(document instanceof Error) && isDeepStrictEqual(document.value, mine.value) && isDeepStrictEqual({ ...document.positions }, { ...mine.positions });
    });
  if (!same) throw new Error(`TG_YAML_CROSSCHECK: the plain reader and the yaml composer disagree on ${JSON.stringify(text.slice(0, 200))}`);
}

/** The errors loadDocuments would return for `text`, without building values' offset trees. */
export function documentErrors(text: string, maxAliasCount: number): YamlTextError[] {
  const out: YamlTextError[] = [];
  // A document the plain reader accepts has no errors (the reader accepts only valid YAML).
  if (readPlainDocument(text) !== undefined) return out;
  for (const document of parseAllDocuments(text, yamlOptions)) {
    const error = firstYamlError(document.errors, text);
    if (error) {
      out.push(error);
      continue;
    }
    const contents = document.contents as Node | null;
    // Only aliases (their expansion is counted while converting) and merge keys make converting fail.
    if (!contents || (!text.includes('*') && !text.includes('<<'))) continue;
    try {
      document.toJS(toJsOptions(maxAliasCount));
    } catch (cause) {
      out.push(aliasError(cause, contents.range?.[0] ?? 0));
    }
  }
  return out;
}

/** A slot in the builder's arrays, filled in later. */
function allocate(tree: TreeBuilder): number {
  tree.starts.push(0);
  tree.ends.push(0);
  tree.keyStarts.push(-1);
  tree.first.push(-1);
  tree.counts.push(0);
  tree.maps.push(0);
  tree.keys.push(undefined);
  return tree.starts.length - 1;
}

/**
 * A composed node as the plain reader ranges its nodes (yaml-plain.ts), so one walk builds the
 * offset tree of both: map entries with string, number or boolean scalar keys (others are
 * skipped), sequence items; `{key}` in flow has no value node and ends at its key.
 */
function rangedNode(node: Node, walk: { hasAliases: boolean }): PlainNode {
  const [start, valueEnd] = node.range ?? [0, 0];
  const ranged: PlainNode = { start, valueEnd, nodeEnd: valueEnd };
  if (isMap(node)) {
    ranged.keys = [];
    ranged.keyStarts = [];
    ranged.items = [];
    for (const pair of node.items) {
      const key = pair.key as Node | null;
      if (!isScalar(key)) continue;
      const name = key.value;
      if (typeof name !== 'string' && typeof name !== 'number' && typeof name !== 'boolean') continue;
      const keyStart = key.range?.[0] ?? start;
      const value = pair.value as Node | null;
      ranged.keys.push(String(name));
      ranged.keyStarts.push(keyStart);
      ranged.items.push(value ? rangedNode(value, walk) : { start: keyStart, valueEnd: key.range?.[1] ?? keyStart, nodeEnd: 0 });
    }
  } else if (isSeq(node)) {
    ranged.items = (node.items as Node[]).map((item) => rangedNode(item, walk));
  } else if (isAlias(node)) {
    walk.hasAliases = true;
  }
  return ranged;
}

/** The offset tree of a ranged node (the root takes slot 0): starts, ends, map entries by key, sequence items. */
function positionsOf(root: PlainNode, text: string): PosNode {
  const tree: TreeBuilder = { starts: [], ends: [], keyStarts: [], first: [], counts: [], maps: [], keys: [] };
  fill(tree, allocate(tree), root, text);
  return new PosNode(tree);
}

function fill(tree: TreeBuilder, slot: number, node: PlainNode, text: string): void {
  tree.starts[slot] = node.start;
  tree.ends[slot] = trimEnd(text, node.valueEnd, node.start);
  const { items } = node;
  if (!items) return;
  const { keys, keyStarts } = node;
  tree.maps[slot] = keys ? 1 : 0;
  tree.counts[slot] = items.length;
  const first = tree.starts.length;
  tree.first[slot] = first;
  for (let i = 0; i < items.length; i++) allocate(tree);
  for (let i = 0; i < items.length; i++) {
    const child = first + i;
    if (keys) tree.keys[child] = keys[i];
    fill(tree, child, items[i] as PlainNode, text);
    if (keyStarts) tree.keyStarts[child] = keyStarts[i] as number;
  }
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
  let node = 0;
  let start = root.starts[0] as number;
  let depth = 0;
  for (const segment of path) {
    // A number indexes a sequence; a string is a mapping key (the last one wins, as in the value).
    const first = root.first[node] as number;
    const count = root.counts[node] as number;
    let child = -1;
    if (typeof segment === 'number') {
      if (!root.maps[node] && first >= 0 && segment >= 0 && segment < count) child = first + segment;
    } else if (root.maps[node]) {
      for (let i = first + count - 1; i >= first; i--) {
        if (root.keys[i] === segment) {
          child = i;
          break;
        }
      }
    }
    if (child === -1) return { start, end: root.ends[node] as number, exact: false, depth };
    node = child;
    const keyStart = root.keyStarts[child] as number;
    start = keyStart >= 0 ? keyStart : (root.starts[child] as number);
    depth++;
  }
  return { start, end: Math.max(root.ends[node] as number, start), exact: true, depth };
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
