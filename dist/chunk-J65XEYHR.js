import { createRequire as __tgCreateRequire } from 'node:module';
const require = __tgCreateRequire(import.meta.url);
import {
  aliasError,
  firstYamlError,
  require_dist,
  toJsOptions,
  yamlOptions
} from "./chunk-FZMQJXAM.js";
import {
  __toESM
} from "./chunk-6CTQYBGU.js";

// src/manifests/yaml-positions.ts
var import_yaml = __toESM(require_dist(), 1);
var PosNode = class _PosNode {
  /** Offset of each node's first character. */
  starts;
  /** Offset of each node's last character. */
  ends;
  /** For a mapping value: where its key starts (a finding on `key: value` starts at the key); -1 otherwise. */
  keyStarts;
  /** The slot of each node's first child, and how many it has (-1 for a scalar or an alias). */
  first;
  counts;
  /** Each mapping value's key (undefined for sequence items and the root). */
  keys;
  /** Whether each node is a mapping (children by key) rather than a sequence (by index). */
  maps;
  constructor(builder) {
    this.starts = Int32Array.from(builder.starts);
    this.ends = Int32Array.from(builder.ends);
    this.keyStarts = Int32Array.from(builder.keyStarts);
    this.first = Int32Array.from(builder.first);
    this.counts = Int32Array.from(builder.counts);
    this.maps = Uint8Array.from(builder.maps);
    this.keys = builder.keys;
  }
  get start() {
    return this.starts[0];
  }
  /** A tree of one node: a document whose body could not be read points at its start. */
  static leaf(start, end) {
    return new _PosNode({ starts: [start], ends: [end], keyStarts: [-1], first: [-1], counts: [0], maps: [0], keys: [void 0] });
  }
};
function loadDocuments(text, maxAliasCount) {
  const out = [];
  for (const document of (0, import_yaml.parseAllDocuments)(text, yamlOptions)) {
    const error = firstYamlError(document.errors, text);
    if (error) {
      out.push(error);
      continue;
    }
    const contents = document.contents;
    if (!contents) continue;
    let value;
    try {
      value = document.toJS(toJsOptions(maxAliasCount));
    } catch (cause) {
      out.push(aliasError(cause, contents.range?.[0] ?? 0));
      continue;
    }
    if (value === void 0 || value === null) continue;
    const walk = { text, hasAliases: false };
    const positions = positionsOf(contents, walk);
    out.push({ value, start: positions.start, positions, hasAliases: walk.hasAliases });
  }
  return out;
}
function documentErrors(text, maxAliasCount) {
  const out = [];
  for (const document of (0, import_yaml.parseAllDocuments)(text, yamlOptions)) {
    const error = firstYamlError(document.errors, text);
    if (error) {
      out.push(error);
      continue;
    }
    const contents = document.contents;
    if (!contents || !text.includes("*") && !text.includes("<<")) continue;
    try {
      document.toJS(toJsOptions(maxAliasCount));
    } catch (cause) {
      out.push(aliasError(cause, contents.range?.[0] ?? 0));
    }
  }
  return out;
}
function allocate(tree) {
  tree.starts.push(0);
  tree.ends.push(0);
  tree.keyStarts.push(-1);
  tree.first.push(-1);
  tree.counts.push(0);
  tree.maps.push(0);
  tree.keys.push(void 0);
  return tree.starts.length - 1;
}
function positionsOf(root, walk) {
  const tree = { starts: [], ends: [], keyStarts: [], first: [], counts: [], maps: [], keys: [] };
  fill(tree, allocate(tree), root, walk);
  return new PosNode(tree);
}
function fill(tree, slot, node, walk) {
  const [start, valueEnd] = node.range ?? [0, 0];
  tree.starts[slot] = start;
  tree.ends[slot] = trimEnd(walk.text, valueEnd, start);
  if ((0, import_yaml.isMap)(node)) {
    const entries = [];
    for (const pair of node.items) {
      const key = pair.key;
      if (!(0, import_yaml.isScalar)(key)) continue;
      const name = key.value;
      if (typeof name !== "string" && typeof name !== "number" && typeof name !== "boolean") continue;
      const keyStart = key.range?.[0] ?? start;
      entries.push({ key: String(name), keyStart, keyEnd: key.range?.[1] ?? keyStart, value: pair.value });
    }
    tree.maps[slot] = 1;
    tree.counts[slot] = entries.length;
    const first = tree.starts.length;
    tree.first[slot] = first;
    for (let i = 0; i < entries.length; i++) allocate(tree);
    entries.forEach((entry, i) => {
      const child = first + i;
      tree.keys[child] = entry.key;
      if (entry.value) fill(tree, child, entry.value, walk);
      else {
        tree.starts[child] = entry.keyStart;
        tree.ends[child] = trimEnd(walk.text, entry.keyEnd, entry.keyStart);
      }
      tree.keyStarts[child] = entry.keyStart;
    });
  } else if ((0, import_yaml.isSeq)(node)) {
    const items = node.items;
    tree.counts[slot] = items.length;
    const first = tree.starts.length;
    tree.first[slot] = first;
    for (let i = 0; i < items.length; i++) allocate(tree);
    items.forEach((item, i) => fill(tree, first + i, item, walk));
  } else if ((0, import_yaml.isAlias)(node)) {
    walk.hasAliases = true;
  }
}
function trimEnd(text, offset, floor) {
  let i = Math.min(offset, text.length);
  while (i > floor && (text[i - 1] === " " || text[i - 1] === "	" || text[i - 1] === "\n" || text[i - 1] === "\r")) i--;
  return Math.max(i - 1, floor);
}
function resolveOffsets(root, path) {
  let node = 0;
  let start = root.starts[0];
  let depth = 0;
  for (const segment of path) {
    const first = root.first[node];
    const count = root.counts[node];
    let child = -1;
    if (typeof segment === "number") {
      if (!root.maps[node] && first >= 0 && segment >= 0 && segment < count) child = first + segment;
    } else if (root.maps[node]) {
      for (let i = first + count - 1; i >= first; i--) {
        if (root.keys[i] === segment) {
          child = i;
          break;
        }
      }
    }
    if (child === -1) return { start, end: root.ends[node], exact: false, depth };
    node = child;
    const keyStart = root.keyStarts[child];
    start = keyStart >= 0 ? keyStart : root.starts[child];
    depth++;
  }
  return { start, end: Math.max(root.ends[node], start), exact: true, depth };
}
function lineStarts(text) {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}
function lineOf(starts, offset) {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = low + high + 1 >> 1;
    if (starts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return low + 1;
}

export {
  PosNode,
  loadDocuments,
  documentErrors,
  resolveOffsets,
  lineStarts,
  lineOf
};
