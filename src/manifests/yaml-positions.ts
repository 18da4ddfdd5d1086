// Loads YAML documents with a position for every node, at js-yaml speed.
//
// js-yaml calls `listener('open'|'close', state)` around every node it composes (map keys
// included), with the byte offset in `state.position`. Those balanced events give a tree of
// offsets that mirrors the value tree; we keep it and resolve object paths to lines lazily.
// The `yaml` package keeps a full CST instead and was 6.5x slower on the 2 MB argo-cd
// install.yaml in our measurements (250 ms vs 38 ms), which the bench target cannot afford.
import yaml from 'js-yaml';

export type PathSegment = string | number;
export type ObjectPath = readonly PathSegment[];

/** A node in the offset tree: where it starts/ends in the text, and its children. */
export interface PosNode {
  start: number;
  end: number;
  /** Mapping entries by key: [keyStart, valueNode]. */
  entries?: Map<string, { keyStart: number; value: PosNode }>;
  /** Sequence items, in order. */
  items?: PosNode[];
}

export class YamlDocumentError extends Error {
  constructor(
    message: string,
    /** 0-based offset into the text that was loaded. */
    readonly offset: number,
  ) {
    super(message);
  }
}

interface RawNode {
  start: number;
  end: number;
  result: unknown;
  children: RawNode[];
}

// Kubernetes reads manifests with sigs.k8s.io/yaml: no Date objects (timestamps stay strings),
// merge keys allowed, duplicate keys rejected. The core schema plus `<<` matches that.
// (@types/js-yaml lacks the `types` export that js-yaml 4 has.)
const { merge } = (yaml as unknown as { types: { merge: yaml.Type } }).types;
const kubernetesSchema = yaml.CORE_SCHEMA.extend({ implicit: [merge] });

function toDocumentError(error: unknown): unknown {
  if (error instanceof yaml.YAMLException) {
    const mark = (error as yaml.YAMLException & { mark?: { position?: number } }).mark;
    return new YamlDocumentError(error.reason ?? error.message, mark?.position ?? 0);
  }
  return error;
}

/**
 * Loads one YAML document's value (the caller splits streams on `---`). Returns undefined for
 * a document that holds only comments. Throws YamlDocumentError with the offset of the problem.
 * Positions are not recorded here: `loadPositions` re-reads the same text with the listener,
 * only for documents that end up with findings, which keeps big trees fast and small.
 */
export function loadValue(text: string): { value: unknown; start: number } | undefined {
  let value: unknown;
  try {
    value = yaml.load(text, { schema: kubernetesSchema });
  } catch (error) {
    throw toDocumentError(error);
  }
  if (value === undefined || value === null) return undefined;
  return { value, start: firstContent(text) };
}

/** The position tree of a document that `loadValue` accepted. */
export function loadPositions(text: string): PosNode {
  const stack: RawNode[] = [{ start: 0, end: text.length, result: undefined, children: [] }];
  try {
    yaml.load(text, {
      schema: kubernetesSchema,
      listener(event, state) {
        if (event === 'open') {
          stack.push({ start: state.position, end: state.position, result: undefined, children: [] });
        } else {
          const node = stack.pop() as RawNode;
          node.end = state.position;
          node.result = state.result;
          stack[stack.length - 1].children.push(node);
        }
      },
    });
  } catch (error) {
    throw toDocumentError(error);
  }
  const top = stack[0].children;
  return shape(top.length > 0 ? top[top.length - 1] : stack[0], text);
}

/** Offset of the first line that is not blank, a comment or a document marker. */
function firstContent(text: string): number {
  const match = /^(?!\s*(#|$)|---\s*(#.*)?$)/m.exec(text);
  return match ? skipSpace(text, match.index) : 0;
}

/** Turns raw listener nodes into map/sequence-shaped position nodes. */
function shape(raw: RawNode, text: string): PosNode {
  // js-yaml sometimes composes a node inside a node of the same value (a would-be map key
  // that turned out to be a plain value); collapse those wrappers.
  let node = raw;
  while (node.children.length === 1 && node.children[0].result === node.result) node = node.children[0];
  const pos: PosNode = { start: skipSpace(text, node.start), end: trimEnd(text, node.end) };
  const { result, children } = node;
  if (Array.isArray(result)) {
    if (children.length === result.length) pos.items = children.map((child) => shape(child, text));
  } else if (result !== null && typeof result === 'object' && children.length % 2 === 0) {
    const entries = new Map<string, { keyStart: number; value: PosNode }>();
    for (let i = 0; i + 1 < children.length; i += 2) {
      const key = children[i].result;
      if (typeof key === 'string' || typeof key === 'number' || typeof key === 'boolean') {
        entries.set(String(key), { keyStart: skipSpace(text, children[i].start), value: shape(children[i + 1], text) });
      }
    }
    pos.entries = entries;
  }
  return pos;
}

function skipSpace(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  return i;
}

function trimEnd(text: string, offset: number): number {
  let i = Math.min(offset, text.length);
  while (i > 0 && (text[i - 1] === ' ' || text[i - 1] === '\t' || text[i - 1] === '\n' || text[i - 1] === '\r')) i--;
  return Math.max(i - 1, 0);
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
    if (typeof segment === 'number') {
      const item = node.items?.[segment];
      if (!item) return { start, end: node.end, exact: false, depth };
      node = item;
      start = item.start;
    } else {
      const entry = node.entries?.get(segment);
      if (!entry) return { start, end: node.end, exact: false, depth };
      node = entry.value;
      start = entry.keyStart;
    }
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
