import { createRequire as __tgCreateRequire } from 'node:module';
const require = __tgCreateRequire(import.meta.url);
import {
  aliasError,
  firstYamlError,
  require_dist,
  toJsOptions,
  yamlOptions
} from "./chunk-HUONOIR3.js";
import {
  __toESM
} from "./chunk-6CTQYBGU.js";

// src/manifests/yaml-positions.ts
var import_yaml = __toESM(require_dist(), 1);
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
function positionsOf(node, walk) {
  const [start, valueEnd] = node.range ?? [0, 0];
  const pos = { start, end: trimEnd(walk.text, valueEnd, start) };
  if ((0, import_yaml.isMap)(node)) {
    const keys = [];
    const children = [];
    for (const pair of node.items) {
      const key = pair.key;
      if (!(0, import_yaml.isScalar)(key)) continue;
      const name = key.value;
      if (typeof name !== "string" && typeof name !== "number" && typeof name !== "boolean") continue;
      const keyStart = key.range?.[0] ?? start;
      const value = pair.value;
      const child = value ? positionsOf(value, walk) : { start: keyStart, end: trimEnd(walk.text, key.range?.[1] ?? keyStart, keyStart) };
      child.keyStart = keyStart;
      keys.push(String(name));
      children.push(child);
    }
    pos.keys = keys;
    pos.children = children;
  } else if ((0, import_yaml.isSeq)(node)) {
    pos.children = node.items.map((item) => positionsOf(item, walk));
  } else if ((0, import_yaml.isAlias)(node)) {
    walk.hasAliases = true;
  }
  return pos;
}
function trimEnd(text, offset, floor) {
  let i = Math.min(offset, text.length);
  while (i > floor && (text[i - 1] === " " || text[i - 1] === "	" || text[i - 1] === "\n" || text[i - 1] === "\r")) i--;
  return Math.max(i - 1, floor);
}
function resolveOffsets(root, path) {
  let node = root;
  let start = root.start;
  let depth = 0;
  for (const segment of path) {
    const child = typeof segment === "number" ? node.keys ? void 0 : node.children?.[segment] : node.children?.[node.keys?.lastIndexOf(segment) ?? -1];
    if (!child) return { start, end: node.end, exact: false, depth };
    node = child;
    start = child.keyStart ?? child.start;
    depth++;
  }
  return { start, end: Math.max(node.end, start), exact: true, depth };
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
  loadDocuments,
  resolveOffsets,
  lineStarts,
  lineOf
};
