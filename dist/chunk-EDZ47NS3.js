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
var import_yaml2 = __toESM(require_dist(), 1);
import { isDeepStrictEqual } from "node:util";

// src/manifests/yaml-plain.ts
var import_yaml = __toESM(require_dist(), 1);
var OutOfSubset = class extends Error {
};
var out = () => {
  throw new OutOfSubset();
};
var coreSchema = new import_yaml.Schema({ schema: "core", merge: true });
var defaultTags = coreSchema.tags.filter((tag) => tag.default === true && tag.test);
var resolveOptions = { intAsBigInt: false };
var failResolve = () => out();
function resolvePlain(text) {
  for (const tag of defaultTags) {
    if (tag.test?.test(text)) {
      const resolved = tag.resolve(text, failResolve, resolveOptions);
      return resolved !== null && typeof resolved === "object" && "value" in resolved ? resolved.value : resolved;
    }
  }
  return text;
}
var plainKey = /[A-Za-z0-9_./][A-Za-z0-9_./-]*/y;
var fold = (blank) => blank === 0 ? " " : "\n".repeat(blank);
function addEntry(record, node, key, keyStart, value, child) {
  if (key.name === "__proto__" || Object.prototype.hasOwnProperty.call(record, key.name)) out();
  record[key.name] = value;
  node.keys.push(key.name);
  node.keyStarts.push(keyStart);
  node.keyEnds.push(key.end);
  node.items.push(child);
}
function readPlainDocument(text) {
  if (text.includes("	") || text.includes("\r") || text.charCodeAt(0) === 65279) return void 0;
  try {
    return new PlainReader(text).document();
  } catch (error) {
    if (error instanceof OutOfSubset || error instanceof RangeError) return void 0;
    throw error;
  }
}
var PlainReader = class {
  constructor(text) {
    this.text = text;
  }
  text;
  /** Offset of the start of the next unread line. */
  pos = 0;
  document() {
    const { text } = this;
    let line = this.peek();
    if (line && text.startsWith("---", line.content) && line.indent === 0) {
      const rest = this.skipSpaces(line.content + 3, line.end);
      if (rest !== line.end && text[rest] !== "#") return out();
      if (rest === line.content + 3 && rest !== line.end) return out();
      this.pos = this.after(line);
      line = this.peek();
    }
    if (!line) return null;
    if (line.indent !== 0 || this.isItem(line) || text[line.content] === "%") return out();
    const root = this.map(line.indent, line.content);
    if (this.peek()) return out();
    return root;
  }
  /**
   * The comment lines between the last value read and the next line with content (each with its
   * column and the offset after it), and where the gap ends (that line's first character). The
   * composer gives them out as its parser does: comments indented past the innermost collection
   * extend the value before them, until the first one that is not; the rest stays with the
   * innermost collection that ends there if one of them reaches its column, else moves out to the
   * collection around it. A node that takes comments has its range grow over them.
   */
  gap = { at: -1, comments: [], end: 0, rest: 0, taken: false };
  /** The next line with content (not blank, not a comment), without consuming it. */
  peek() {
    const { text } = this;
    const from = this.pos;
    let start = from;
    const comments = [];
    while (start < text.length) {
      const line = this.lineFrom(start);
      if (line.content < line.end && text[line.content] !== "#") {
        this.pos = start;
        this.noteGap(from, start, comments, line.content);
        return line;
      }
      if (line.content < line.end) comments.push({ indent: line.indent, end: this.after(line) });
      start = line.end + 1;
    }
    this.pos = text.length;
    this.noteGap(from, text.length, comments, text.length);
    return void 0;
  }
  noteGap(from, at, comments, end) {
    if (this.gap.at === at && from === at) return;
    this.gap = { at, comments, end, rest: 0, taken: false };
  }
  /** A scalar (or flow collection) owned by a collection at column `indent`: it takes the comments indented past that column. */
  absorbIntoValue(node, indent) {
    const { comments } = this.gap;
    let k = 0;
    while (k < comments.length && comments[k].indent > indent) k++;
    if (k > 0) node.nodeEnd = comments[k - 1].end;
    this.gap.rest = k;
    this.gap.restMax = void 0;
  }
  /**
   * A collection at column `indent` that ends at the gap: it keeps the comments left if one
   * reaches its column, unless it sits at column 0 (those always move out to the document).
   */
  absorbIntoCollection(node, indent) {
    const { gap } = this;
    if (gap.taken || indent === 0) return;
    gap.restMax ??= gap.comments.slice(gap.rest).reduce((max, comment) => Math.max(max, comment.indent), -1);
    if (gap.restMax >= indent) {
      node.nodeEnd = gap.end;
      gap.taken = true;
    }
  }
  /** Where the line after `line` starts (the text's end for the last line). */
  after(line) {
    return Math.min(line.end + 1, this.text.length);
  }
  /** The line that starts at `start`. */
  lineFrom(start) {
    const newline = this.text.indexOf("\n", start);
    const end = newline === -1 ? this.text.length : newline;
    const content = this.skipSpaces(start, end);
    return { start, content, end, indent: content - start };
  }
  /** The next line after `line` with more than spaces on it, and how many blank lines come before it. */
  nextTextLine(line) {
    let blank = 0;
    for (let start = this.after(line); start < this.text.length; blank++) {
      const next = this.lineFrom(start);
      if (next.content < next.end) return { line: next, blank };
      start = next.end + 1;
    }
    return void 0;
  }
  skipSpaces(from, end) {
    while (from < end && this.text.charCodeAt(from) === 32) from++;
    return from;
  }
  isItem(line) {
    const next = this.text[line.content + 1];
    return this.text[line.content] === "-" && (line.content + 1 === line.end || next === " ");
  }
  /** The line holding `offset` (a compact mapping's first key sits after a `- `). */
  lineAt(offset) {
    const { text } = this;
    const start = text.lastIndexOf("\n", offset - 1) + 1;
    const newline = text.indexOf("\n", offset);
    const end = newline === -1 ? text.length : newline;
    return { start, content: offset, end, indent: offset - start };
  }
  /** A block mapping whose keys sit at column `indent`; the first key starts at `first`. */
  map(indent, first) {
    const { text } = this;
    const value = {};
    const node = { start: first, valueEnd: first, nodeEnd: first, keys: [], keyStarts: [], keyEnds: [], items: [] };
    let line = this.lineAt(first);
    while (line) {
      const key = this.key(line.content, line.end);
      const colon = key.end;
      if (text[colon] !== ":" || colon + 1 < line.end && text[colon + 1] !== " ") return out();
      if (colon - line.content > 1e3) return out();
      const entry = this.value(colon + 1, line, indent, true);
      addEntry(value, node, key, line.content, entry.value, entry.root);
      node.valueEnd = entry.root.nodeEnd;
      node.nodeEnd = entry.root.nodeEnd;
      line = this.peek();
      if (!line || line.indent < indent) break;
      if (line.indent > indent || this.isItem(line)) {
        if (line.indent === indent && this.isItem(line)) break;
        return out();
      }
    }
    this.absorbIntoCollection(node, indent);
    return { value, root: node };
  }
  /** Where a key at `at` ends (after its closing quote, for a quoted one), or -1 when none starts there. */
  keyEnd(at, end) {
    const quote = this.text[at];
    if (quote === '"' || quote === "'") {
      const close = this.closing(quote, at + 1, end);
      return close === -1 ? -1 : close + 1;
    }
    plainKey.lastIndex = at;
    const match = plainKey.exec(this.text);
    return match ? at + match[0].length : -1;
  }
  /** A mapping key at `at`: a plain name, or a quoted one without escapes. */
  key(at, end) {
    const { text } = this;
    const keyEnd = this.keyEnd(at, end);
    if (keyEnd === -1) return out();
    const quote = text[at];
    if (quote === '"' || quote === "'") {
      const name2 = text.slice(at + 1, keyEnd - 1);
      if (name2.includes("\\") || text[keyEnd] === quote) return out();
      return { name: name2, end: keyEnd };
    }
    const name = text.slice(at, keyEnd);
    if (typeof resolvePlain(name) !== "string") return out();
    return { name, end: keyEnd };
  }
  /**
   * The value after a `key:` or a `- ` at `from` on `line`; `indent` is the column of the key or
   * the dash that owns it. Consumes the lines the value spans.
   */
  value(from, line, indent, inMap) {
    const { text } = this;
    const at = this.skipSpaces(from, line.end);
    if (at === line.end || text[at] === "#") {
      this.pos = this.after(line);
      const next = this.peek();
      if (next && (next.indent > indent || inMap && next.indent === indent && this.isItem(next))) {
        if (this.isItem(next)) return this.sequence(next.indent);
        if (next.indent > indent && !this.startsEntry(next.content, next.end) && !"[{|>".includes(text[next.content])) {
          if (this.gap.comments.length > 0) return out();
          const quoted = text[next.content] === '"' || text[next.content] === "'";
          const scalar2 = quoted ? this.quoted(next.content, next, indent) : this.plain(next.content, next, indent);
          return this.endScalar(next.content, scalar2, scalar2.last, indent);
        }
        return this.map(next.indent, next.content);
      }
      if (!inMap || at !== from) return out();
      if (this.gap.comments.length > 0) return out();
      return { value: null, root: { start: from, valueEnd: from, nodeEnd: from } };
    }
    const c = text[at];
    if (c === "|" || c === ">") return this.blockScalar(at, line, indent);
    let scalar;
    if (c === "[" || c === "{") {
      scalar = this.flow(at, line.end);
    } else if (c === '"' || c === "'") {
      scalar = this.quoted(at, line, indent);
    } else {
      if (!inMap && this.startsEntry(at, line.end)) return this.map(at - line.start, at);
      scalar = this.plain(at, line, indent);
    }
    return this.endScalar(at, scalar, scalar.last ?? line, indent);
  }
  /** After a scalar that ends on `line`: only a comment may follow it there, and nothing indented past its owner after it. */
  endScalar(at, scalar, line, indent) {
    const { text } = this;
    const rest = this.skipSpaces(scalar.end, line.end);
    if (rest !== line.end && !(text[rest] === "#" && rest > scalar.end)) return out();
    this.pos = this.after(line);
    const next = this.peek();
    if (next && next.indent > indent) return out();
    const nodeEnd = this.after(line);
    const node = scalar.node ?? { start: at, valueEnd: scalar.end, nodeEnd };
    node.nodeEnd = nodeEnd;
    this.absorbIntoValue(node, indent);
    return { value: scalar.value, root: node };
  }
  /** Whether `at` starts `key: …` (a compact mapping in a sequence item). */
  startsEntry(at, end) {
    const { text } = this;
    const keyEnd = this.keyEnd(at, end);
    return keyEnd !== -1 && text[keyEnd] === ":" && (keyEnd + 1 === end || text[keyEnd + 1] === " ");
  }
  /** A block sequence whose dashes sit at column `indent`. */
  sequence(indent) {
    const value = [];
    let line = this.peek();
    const node = { start: line.content, valueEnd: line.content, nodeEnd: line.content, items: [] };
    for (; ; ) {
      const item = this.value(line.content + 1, line, indent, false);
      value.push(item.value);
      node.items.push(item.root);
      node.valueEnd = item.root.nodeEnd;
      node.nodeEnd = item.root.nodeEnd;
      const next = this.peek();
      if (!next || next.indent < indent) break;
      if (next.indent > indent) return out();
      if (!this.isItem(next)) break;
      line = next;
    }
    this.absorbIntoCollection(node, indent);
    return { value, root: node };
  }
  /**
   * A plain scalar at `at` on `line`, up to a comment or the line's end, and, when no comment ends
   * it, over the lines after it that are indented past `indent` (the scalar's owner): those fold
   * into it, one space a line break, a line feed for each blank line between.
   */
  plain(at, line, indent) {
    const { text } = this;
    const first = this.plainLine(at, line.end, true);
    let source = text.slice(at, first.end);
    let end = first.end;
    let last = line;
    for (let next = first.comment ? void 0 : this.nextTextLine(line); next; next = this.nextTextLine(last)) {
      if (next.line.indent <= indent || text[next.line.content] === "#") break;
      const part = this.plainLine(next.line.content, next.line.end, false);
      if (part.comment) return out();
      source += fold(next.blank) + text.slice(next.line.content, part.end);
      end = part.end;
      last = next.line;
    }
    return { value: resolvePlain(source), end, last };
  }
  /** One line of a plain scalar from `at`: where its text ends (before trailing spaces), and whether a comment follows. */
  plainLine(at, end, first) {
    const { text } = this;
    const c = text[at];
    if (first && "&*!%@`,]}#".includes(c) || c === "#" || (c === "-" || c === "?" || c === ":") && (at + 1 === end || text[at + 1] === " ")) return out();
    let stop = at;
    while (stop < end && !(text.charCodeAt(stop) === 35 && text.charCodeAt(stop - 1) === 32)) stop++;
    const comment = stop < end;
    while (stop > at && text.charCodeAt(stop - 1) === 32) stop--;
    const source = text.slice(at, stop);
    if (source.includes(": ") || source.endsWith(":")) return out();
    return { end: stop, comment };
  }
  /** The next `quote` from `from` on this line (before `end`), or -1. */
  closing(quote, from, end) {
    const code = quote.charCodeAt(0);
    for (let i = from; i < end; i++) if (this.text.charCodeAt(i) === code) return i;
    return -1;
  }
  /**
   * A quoted scalar without escapes (a single quote doubled is one). It closes on `line`, or, when
   * `indent` is given (a block value owned at that column), on a later line indented past it:
   * line breaks fold as in a plain scalar, and the spaces around them are dropped.
   */
  quoted(at, line, indent) {
    const { text } = this;
    const quote = text[at];
    let value = "";
    let i = at + 1;
    let last = line;
    for (; ; ) {
      const close = this.closing(quote, i, last.end);
      const segment = text.slice(i, close === -1 ? last.end : close);
      if (quote === '"' && segment.includes("\\")) return out();
      if (close !== -1 && quote === "'" && text[close + 1] === "'") {
        value += `${segment}'`;
        i = close + 2;
        continue;
      }
      if (close !== -1) return { value: value + segment, end: close + 1, last };
      let cut = segment.length;
      while (cut > 0 && segment.charCodeAt(cut - 1) === 32) cut--;
      const kept = segment.slice(0, cut);
      if (indent === void 0 || kept === "") return out();
      const next = this.nextTextLine(last);
      if (!next || next.line.indent <= indent) return out();
      value += kept + fold(next.blank);
      last = next.line;
      i = last.content;
    }
  }
  /** A flow collection that opens and closes on this line: `[a, "b"]`, `{cpu: 100m}`. */
  flow(at, end) {
    const { text } = this;
    const isMap2 = text[at] === "{";
    const close = isMap2 ? "}" : "]";
    const node = { start: at, valueEnd: at, nodeEnd: at, items: [] };
    const value = isMap2 ? {} : [];
    if (isMap2) {
      node.keys = [];
      node.keyStarts = [];
      node.keyEnds = [];
    }
    let i = this.skipSpaces(at + 1, end);
    if (text[i] === close) {
      node.valueEnd = node.nodeEnd = i + 1;
      return { value, end: i + 1, node };
    }
    for (; ; ) {
      if (isMap2) {
        const key = this.key(i, end);
        if (text[key.end] !== ":" || text[key.end + 1] !== " ") return out();
        const item = this.flowItem(this.skipSpaces(key.end + 1, end), end);
        addEntry(value, node, key, i, item.value, item.node);
        i = item.end;
      } else {
        const item = this.flowItem(i, end);
        value.push(item.value);
        node.items.push(item.node);
        i = item.end;
      }
      i = this.skipSpaces(i, end);
      if (text[i] === close) {
        node.valueEnd = node.nodeEnd = i + 1;
        return { value, end: i + 1, node };
      }
      if (text[i] !== ",") return out();
      i = this.skipSpaces(i + 1, end);
      if (i >= end || text[i] === close || text[i] === ",") return out();
    }
  }
  flowItem(at, end) {
    const { text } = this;
    const c = text[at];
    if (c === "[" || c === "{") return this.flow(at, end);
    if (c === '"' || c === "'") {
      const scalar = this.quoted(at, { start: at, content: at, end, indent: 0 });
      return { ...scalar, node: { start: at, valueEnd: scalar.end, nodeEnd: scalar.end } };
    }
    if (at >= end || "&*!%@`,]}#|>-?:[{".includes(c)) return out();
    let stop = at;
    while (stop < end && !",[]{}#:".includes(text[stop])) stop++;
    if (text[stop] === ":" || text[stop] === "#") return out();
    let last = stop;
    while (last > at && text.charCodeAt(last - 1) === 32) last--;
    if (last === at) return out();
    return { value: resolvePlain(text.slice(at, last)), end: last, node: { start: at, valueEnd: last, nodeEnd: last } };
  }
  /** A literal (`|`, `|-`) or folded (`>`, `>-`) block scalar whose header is at `at`; `indent` is its owner's column. */
  blockScalar(at, line, indent) {
    const { text } = this;
    const folded = text[at] === ">";
    let i = at + 1;
    const strip = text[i] === "-";
    if (strip) i++;
    const rest = this.skipSpaces(i, line.end);
    if (rest !== line.end && !(text[rest] === "#" && rest > i)) return out();
    const lines = [];
    let contentIndent = -1;
    let lastContentEnd = -1;
    let lastContentLine = -1;
    let start = this.after(line);
    let leadingBlankWidth = 0;
    while (start < text.length) {
      const { content, end, indent: width } = this.lineFrom(start);
      if (content === end) {
        if (contentIndent === -1) leadingBlankWidth = Math.max(leadingBlankWidth, end - start);
        lines.push(contentIndent === -1 ? "" : text.slice(Math.min(start + contentIndent, end), end));
        if (contentIndent !== -1 && end - start > contentIndent) {
          lastContentLine = lines.length;
          lastContentEnd = end;
        }
        start = end + 1;
        continue;
      }
      if (width <= indent) break;
      if (contentIndent === -1) {
        contentIndent = width;
        if (leadingBlankWidth > contentIndent) return out();
      } else if (width < contentIndent) return out();
      lines.push(text.slice(start + contentIndent, end));
      lastContentLine = lines.length;
      lastContentEnd = end;
      start = end + 1;
    }
    if (contentIndent === -1) return out();
    const body = lines.slice(0, lastContentLine);
    let value;
    if (folded) {
      if (body.some((l) => l.startsWith(" "))) return out();
      value = "";
      let blank = 0;
      let seen = false;
      for (const l of body) {
        if (l === "") {
          blank++;
          continue;
        }
        value += seen ? fold(blank) : "\n".repeat(blank);
        value += l;
        blank = 0;
        seen = true;
      }
    } else {
      value = body.join("\n");
    }
    if (!strip) value += "\n";
    const valueEnd = Math.min(lastContentEnd + 1, text.length);
    this.pos = valueEnd;
    const next = this.peek();
    if (next && next.indent > indent) return out();
    return { value, root: { start: at, valueEnd, nodeEnd: valueEnd } };
  }
};

// src/manifests/yaml-positions.ts
var crossCheck = process.env.TG_YAML_CROSSCHECK === "1";
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
  const plain = readPlainDocument(text);
  if (plain === void 0) return composeDocuments(text, maxAliasCount);
  const loaded = [];
  if (plain !== null) {
    const positions = positionsOf(plain.root, text);
    loaded.push({ value: plain.value, start: positions.start, positions, hasAliases: false });
  }
  if (crossCheck) checkAgainstComposer(text, maxAliasCount, loaded);
  return loaded;
}
function composeDocuments(text, maxAliasCount) {
  const out2 = [];
  for (const document of (0, import_yaml2.parseAllDocuments)(text, yamlOptions)) {
    const error = firstYamlError(document.errors, text);
    if (error) {
      out2.push(error);
      continue;
    }
    const contents = document.contents;
    if (!contents) continue;
    let value;
    try {
      value = document.toJS(toJsOptions(maxAliasCount));
    } catch (cause) {
      out2.push(aliasError(cause, contents.range?.[0] ?? 0));
      continue;
    }
    if (value === void 0 || value === null) continue;
    const walk = { hasAliases: false };
    const positions = positionsOf(rangedNode(contents, walk), text);
    out2.push({ value, start: positions.start, positions, hasAliases: walk.hasAliases });
  }
  return out2;
}
function checkAgainstComposer(text, maxAliasCount, plain) {
  const composed = composeDocuments(text, maxAliasCount);
  const same = composed.length === plain.length && composed.every((document, i) => {
    const mine = plain[i];
    return !(document instanceof Error) && isDeepStrictEqual(document.value, mine.value) && isDeepStrictEqual({ ...document.positions }, { ...mine.positions });
  });
  if (!same) throw new Error(`TG_YAML_CROSSCHECK: the plain reader and the yaml composer disagree on ${JSON.stringify(text.slice(0, 200))}`);
}
function documentErrors(text, maxAliasCount) {
  const out2 = [];
  if (readPlainDocument(text) !== void 0) return out2;
  for (const document of (0, import_yaml2.parseAllDocuments)(text, yamlOptions)) {
    const error = firstYamlError(document.errors, text);
    if (error) {
      out2.push(error);
      continue;
    }
    const contents = document.contents;
    if (!contents || !text.includes("*") && !text.includes("<<")) continue;
    try {
      document.toJS(toJsOptions(maxAliasCount));
    } catch (cause) {
      out2.push(aliasError(cause, contents.range?.[0] ?? 0));
    }
  }
  return out2;
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
function rangedNode(node, walk) {
  const [start, valueEnd] = node.range ?? [0, 0];
  const ranged = { start, valueEnd, nodeEnd: valueEnd };
  if ((0, import_yaml2.isMap)(node)) {
    ranged.keys = [];
    ranged.keyStarts = [];
    ranged.items = [];
    for (const pair of node.items) {
      const key = pair.key;
      if (!(0, import_yaml2.isScalar)(key)) continue;
      const name = key.value;
      if (typeof name !== "string" && typeof name !== "number" && typeof name !== "boolean") continue;
      const keyStart = key.range?.[0] ?? start;
      const value = pair.value;
      ranged.keys.push(String(name));
      ranged.keyStarts.push(keyStart);
      ranged.items.push(value ? rangedNode(value, walk) : { start: keyStart, valueEnd: key.range?.[1] ?? keyStart, nodeEnd: 0 });
    }
  } else if ((0, import_yaml2.isSeq)(node)) {
    ranged.items = node.items.map((item) => rangedNode(item, walk));
  } else if ((0, import_yaml2.isAlias)(node)) {
    walk.hasAliases = true;
  }
  return ranged;
}
function positionsOf(root, text) {
  const tree = { starts: [], ends: [], keyStarts: [], first: [], counts: [], maps: [], keys: [] };
  fill(tree, allocate(tree), root, text);
  return new PosNode(tree);
}
function fill(tree, slot, node, text) {
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
    fill(tree, child, items[i], text);
    if (keyStarts) tree.keyStarts[child] = keyStarts[i];
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
