// A fast reader for the plain layout most manifests are written in, beside the `yaml` package.
//
// `yaml` stays the parser of record: it reads every document this module does not accept, and
// every error is its error. This module accepts only a subset whose meaning is never in doubt —
// block mappings and sequences indented with spaces; plain and quoted scalars, over several lines
// too; single-line flow collections; literal and folded block scalars — and answers `undefined`
// for anything else (anchors, tags, aliases, merge keys, escapes, tabs, CRLF, odd indentation,
// duplicate keys, keys that are not strings, nesting deep enough to exhaust the stack…). Plain
// scalars are resolved by the `yaml` core schema's own tags, so `80`, `true`, `null` and `0x1F`
// mean what `yaml` makes of them. Node ranges follow the composer's, comments included, so
// positions are the same.
//
// Why: on the bench's 20,000-object tree the `yaml` lexer, parser and composer take about 1.5 s
// for what this reader does in about 0.2 s (docs/performance.md), and nearly every manifest,
// rendered or hand-written, is in the subset. test/manifests/yaml-plain.test.ts holds the reader
// to `yaml`'s answer, value for value and range for range, on every YAML file the tests know
// (corpus, examples, fixtures) and on generated and mutated documents; TG_YAML_CROSSCHECK=1 (on
// in every test) makes every read check itself against `yaml` at run time.
import { Schema } from 'yaml';

/** A node as the composer ranges it: where it starts, where its value ends, where the node (with a trailing comment) ends. */
export interface PlainNode {
  start: number;
  valueEnd: number;
  nodeEnd: number;
  /** Mapping entries (keys in order) or sequence items; undefined for a scalar. */
  keys?: string[];
  keyStarts?: number[];
  keyEnds?: number[];
  items?: PlainNode[];
}

export interface PlainDocument {
  value: unknown;
  root: PlainNode;
}

/** Thrown inside the reader when the text leaves the subset; never escapes this module. */
class OutOfSubset extends Error {}
const out = (): never => {
  throw new OutOfSubset();
};

const coreSchema = new Schema({ schema: 'core', merge: true });
type ScalarTag = { default?: boolean | 'key'; test?: RegExp; resolve: (value: string, onError: (message: string) => void, options: object) => unknown };
const defaultTags = (coreSchema.tags as unknown as ScalarTag[]).filter((tag) => tag.default === true && tag.test);
const resolveOptions = { intAsBigInt: false };
const failResolve = () => out();

/** A plain scalar's value as the core schema resolves it (strings stay strings). */
function resolvePlain(text: string): unknown {
  for (const tag of defaultTags) {
    if (tag.test?.test(text)) {
      const resolved = tag.resolve(text, failResolve, resolveOptions);
      return resolved !== null && typeof resolved === 'object' && 'value' in resolved ? (resolved as { value: unknown }).value : resolved;
    }
  }
  return text;
}

const plainKey = /[A-Za-z0-9_./][A-Za-z0-9_./-]*/y;

/** The text a folded line break becomes: a space, or a line feed for each blank line it spans. */
const fold = (blank: number): string => (blank === 0 ? ' ' : '\n'.repeat(blank));

/** Adds `key: value` to a mapping's value and node; a key seen before (a yaml error) or `__proto__` leaves the subset. */
function addEntry(record: Record<string, unknown>, node: PlainNode, key: { name: string; end: number }, keyStart: number, value: unknown, child: PlainNode): void {
  if (key.name === '__proto__' || Object.prototype.hasOwnProperty.call(record, key.name)) out();
  record[key.name] = value;
  node.keys!.push(key.name);
  node.keyStarts!.push(keyStart);
  node.keyEnds!.push(key.end);
  node.items!.push(child);
}

/**
 * The document in `text` (one `---` chunk), or null for a document of comments only, or
 * undefined when the text is outside the subset (the caller reads it with `yaml`).
 */
export function readPlainDocument(text: string): PlainDocument | null | undefined {
  if (text.includes('\t') || text.includes('\r') || text.charCodeAt(0) === 0xfeff) return undefined;
  try {
    return new PlainReader(text).document();
  } catch (error) {
    // A stack overflow (thousands of nested levels) is left to `yaml` too.
    if (error instanceof OutOfSubset || error instanceof RangeError) return undefined;
    throw error;
  }
}

interface Line {
  /** Offset of the line's first character, of its first non-space character, and of its end (the newline or the text's end). */
  start: number;
  content: number;
  end: number;
  indent: number;
}

class PlainReader {
  /** Offset of the start of the next unread line. */
  private pos = 0;

  constructor(private readonly text: string) {}

  document(): PlainDocument | null {
    const { text } = this;
    let line = this.peek();
    if (line && text.startsWith('---', line.content) && line.indent === 0) {
      const rest = this.skipSpaces(line.content + 3, line.end);
      if (rest !== line.end && text[rest] !== '#') return out();
      if (rest === line.content + 3 && rest !== line.end) return out();
      this.pos = this.after(line);
      line = this.peek();
    }
    if (!line) return null;
    if (line.indent !== 0 || this.isItem(line) || text[line.content] === '%') return out();
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
  private gap: { at: number; comments: { indent: number; end: number }[]; end: number; rest: number; restMax?: number; taken: boolean } = { at: -1, comments: [], end: 0, rest: 0, taken: false };

  /** The next line with content (not blank, not a comment), without consuming it. */
  private peek(): Line | undefined {
    const { text } = this;
    const from = this.pos;
    let start = from;
    const comments: { indent: number; end: number }[] = [];
    while (start < text.length) {
      const line = this.lineFrom(start);
      if (line.content < line.end && text[line.content] !== '#') {
        this.pos = start;
        this.noteGap(from, start, comments, line.content);
        return line;
      }
      if (line.content < line.end) comments.push({ indent: line.indent, end: this.after(line) });
      start = line.end + 1;
    }
    this.pos = text.length;
    this.noteGap(from, text.length, comments, text.length);
    return undefined;
  }

  private noteGap(from: number, at: number, comments: { indent: number; end: number }[], end: number): void {
    if (this.gap.at === at && from === at) return; // peeked again: the same gap
    this.gap = { at, comments, end, rest: 0, taken: false };
  }

  /** A scalar (or flow collection) owned by a collection at column `indent`: it takes the comments indented past that column. */
  private absorbIntoValue(node: PlainNode, indent: number): void {
    const { comments } = this.gap;
    let k = 0;
    while (k < comments.length && comments[k].indent > indent) k++;
    if (k > 0) node.nodeEnd = comments[k - 1].end;
    this.gap.rest = k;
    this.gap.restMax = undefined;
  }

  /**
   * A collection at column `indent` that ends at the gap: it keeps the comments left if one
   * reaches its column, unless it sits at column 0 (those always move out to the document).
   */
  private absorbIntoCollection(node: PlainNode, indent: number): void {
    const { gap } = this;
    if (gap.taken || indent === 0) return;
    // The deepest column among the comments left, once per gap (collections end there one after another).
    gap.restMax ??= gap.comments.slice(gap.rest).reduce((max, comment) => Math.max(max, comment.indent), -1);
    if (gap.restMax >= indent) {
      node.nodeEnd = gap.end;
      gap.taken = true;
    }
  }

  /** Where the line after `line` starts (the text's end for the last line). */
  private after(line: Line): number {
    return Math.min(line.end + 1, this.text.length);
  }

  /** The line that starts at `start`. */
  private lineFrom(start: number): Line {
    const newline = this.text.indexOf('\n', start);
    const end = newline === -1 ? this.text.length : newline;
    const content = this.skipSpaces(start, end);
    return { start, content, end, indent: content - start };
  }

  /** The next line after `line` with more than spaces on it, and how many blank lines come before it. */
  private nextTextLine(line: Line): { line: Line; blank: number } | undefined {
    let blank = 0;
    for (let start = this.after(line); start < this.text.length; blank++) {
      const next = this.lineFrom(start);
      if (next.content < next.end) return { line: next, blank };
      start = next.end + 1;
    }
    return undefined;
  }

  private skipSpaces(from: number, end: number): number {
    while (from < end && this.text.charCodeAt(from) === 32) from++;
    return from;
  }

  private isItem(line: Line): boolean {
    const next = this.text[line.content + 1];
    return this.text[line.content] === '-' && (line.content + 1 === line.end || next === ' ');
  }

  /** The line holding `offset` (a compact mapping's first key sits after a `- `). */
  private lineAt(offset: number): Line {
    const { text } = this;
    const start = text.lastIndexOf('\n', offset - 1) + 1;
    const newline = text.indexOf('\n', offset);
    const end = newline === -1 ? text.length : newline;
    return { start, content: offset, end, indent: offset - start };
  }

  /** A block mapping whose keys sit at column `indent`; the first key starts at `first`. */
  private map(indent: number, first: number): PlainDocument {
    const { text } = this;
    const value: Record<string, unknown> = {};
    const node: PlainNode = { start: first, valueEnd: first, nodeEnd: first, keys: [], keyStarts: [], keyEnds: [], items: [] };
    let line: Line | undefined = this.lineAt(first);
    while (line) {
      const key = this.key(line.content, line.end);
      const colon = key.end;
      if (text[colon] !== ':' || (colon + 1 < line.end && text[colon + 1] !== ' ')) return out();
      // An implicit key's `:` must come within 1024 characters of its start (a yaml error past that).
      if (colon - line.content > 1000) return out();
      const entry = this.value(colon + 1, line, indent, true);
      addEntry(value, node, key, line.content, entry.value, entry.root);
      node.valueEnd = entry.root.nodeEnd;
      node.nodeEnd = entry.root.nodeEnd;
      line = this.peek();
      if (!line || line.indent < indent) break;
      if (line.indent > indent || this.isItem(line)) {
        // A sequence at the mapping's own column ends the mapping only where a compact sequence
        // (the value of the key above it) already ended; anything else is not in the subset.
        if (line.indent === indent && this.isItem(line)) break;
        return out();
      }
    }
    this.absorbIntoCollection(node, indent);
    return { value, root: node };
  }

  /** Where a key at `at` ends (after its closing quote, for a quoted one), or -1 when none starts there. */
  private keyEnd(at: number, end: number): number {
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
  private key(at: number, end: number): { name: string; end: number } {
    const { text } = this;
    const keyEnd = this.keyEnd(at, end);
    if (keyEnd === -1) return out();
    const quote = text[at];
    if (quote === '"' || quote === "'") {
      const name = text.slice(at + 1, keyEnd - 1);
      if (name.includes('\\') || text[keyEnd] === quote) return out();
      return { name, end: keyEnd };
    }
    const name = text.slice(at, keyEnd);
    // Keys the core schema reads as numbers, booleans or null are not strings: leave them to `yaml`.
    if (typeof resolvePlain(name) !== 'string') return out();
    return { name, end: keyEnd };
  }

  /**
   * The value after a `key:` or a `- ` at `from` on `line`; `indent` is the column of the key or
   * the dash that owns it. Consumes the lines the value spans.
   */
  private value(from: number, line: Line, indent: number, inMap: boolean): PlainDocument {
    const { text } = this;
    const at = this.skipSpaces(from, line.end);
    if (at === line.end || text[at] === '#') {
      this.pos = this.after(line);
      const next = this.peek();
      if (next && (next.indent > indent || (inMap && next.indent === indent && this.isItem(next)))) {
        if (this.isItem(next)) return this.sequence(next.indent);
        // A plain scalar that starts on the next line (a long description), when nothing makes it a key.
        if (next.indent > indent && !this.startsEntry(next.content, next.end) && !'[{|>'.includes(text[next.content] as string)) {
          if (this.gap.comments.length > 0) return out();
          const quoted = text[next.content] === '"' || text[next.content] === "'";
          const scalar = quoted ? this.quoted(next.content, next, indent) : this.plain(next.content, next, indent);
          return this.endScalar(next.content, scalar, scalar.last, indent);
        }
        return this.map(next.indent, next.content);
      }
      // A null value: only `key:` at the end of its line (an empty sequence item is left to `yaml`).
      if (!inMap || at !== from) return out();
      // Comments after an empty value become part of it in the composer; not in the subset.
      if (this.gap.comments.length > 0) return out();
      return { value: null, root: { start: from, valueEnd: from, nodeEnd: from } };
    }
    const c = text[at];
    if (c === '|' || c === '>') return this.blockScalar(at, line, indent);
    let scalar: { value: unknown; end: number; node?: PlainNode; last?: Line };
    if (c === '[' || c === '{') {
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
  private endScalar(at: number, scalar: { value: unknown; end: number; node?: PlainNode }, line: Line, indent: number): PlainDocument {
    const { text } = this;
    const rest = this.skipSpaces(scalar.end, line.end);
    if (rest !== line.end && !(text[rest] === '#' && rest > scalar.end)) return out();
    this.pos = this.after(line);
    const next = this.peek();
    // A more indented line after a scalar continues it (a multi-line scalar) or is an error.
    if (next && next.indent > indent) return out();
    const nodeEnd = this.after(line);
    const node = scalar.node ?? { start: at, valueEnd: scalar.end, nodeEnd };
    node.nodeEnd = nodeEnd;
    this.absorbIntoValue(node, indent);
    return { value: scalar.value, root: node };
  }

  /** Whether `at` starts `key: …` (a compact mapping in a sequence item). */
  private startsEntry(at: number, end: number): boolean {
    const { text } = this;
    const keyEnd = this.keyEnd(at, end);
    return keyEnd !== -1 && text[keyEnd] === ':' && (keyEnd + 1 === end || text[keyEnd + 1] === ' ');
  }

  /** A block sequence whose dashes sit at column `indent`. */
  private sequence(indent: number): PlainDocument {
    const value: unknown[] = [];
    let line = this.peek()!;
    const node: PlainNode = { start: line.content, valueEnd: line.content, nodeEnd: line.content, items: [] };
    for (;;) {
      const item = this.value(line.content + 1, line, indent, false);
      value.push(item.value);
      node.items!.push(item.root);
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
  private plain(at: number, line: Line, indent: number): { value: unknown; end: number; last: Line } {
    const { text } = this;
    const first = this.plainLine(at, line.end, true);
    let source = text.slice(at, first.end);
    let end = first.end;
    let last = line;
    // Continuation lines: blank lines count; a comment line or a line at the owner's column ends the scalar.
    for (let next = first.comment ? undefined : this.nextTextLine(line); next; next = this.nextTextLine(last)) {
      if (next.line.indent <= indent || text[next.line.content] === '#') break;
      const part = this.plainLine(next.line.content, next.line.end, false);
      if (part.comment) return out();
      source += fold(next.blank) + text.slice(next.line.content, part.end);
      end = part.end;
      last = next.line;
    }
    return { value: resolvePlain(source), end, last };
  }

  /** One line of a plain scalar from `at`: where its text ends (before trailing spaces), and whether a comment follows. */
  private plainLine(at: number, end: number, first: boolean): { end: number; comment: boolean } {
    const { text } = this;
    const c = text[at] as string;
    // A scalar cannot start with an indicator; a continuation line may, except with `#` or an indicator and a space.
    if ((first && '&*!%@`,]}#'.includes(c)) || c === '#' || ((c === '-' || c === '?' || c === ':') && (at + 1 === end || text[at + 1] === ' '))) return out();
    let stop = at;
    while (stop < end && !(text.charCodeAt(stop) === 35 && text.charCodeAt(stop - 1) === 32)) stop++;
    const comment = stop < end;
    while (stop > at && text.charCodeAt(stop - 1) === 32) stop--;
    const source = text.slice(at, stop);
    if (source.includes(': ') || source.endsWith(':')) return out();
    return { end: stop, comment };
  }

  /** The next `quote` from `from` on this line (before `end`), or -1. */
  private closing(quote: string, from: number, end: number): number {
    const code = quote.charCodeAt(0);
    for (let i = from; i < end; i++) if (this.text.charCodeAt(i) === code) return i;
    return -1;
  }

  /**
   * A quoted scalar without escapes (a single quote doubled is one). It closes on `line`, or, when
   * `indent` is given (a block value owned at that column), on a later line indented past it:
   * line breaks fold as in a plain scalar, and the spaces around them are dropped.
   */
  private quoted(at: number, line: Line, indent?: number): { value: string; end: number; last: Line } {
    const { text } = this;
    const quote = text[at] as string;
    let value = '';
    let i = at + 1;
    let last = line;
    for (;;) {
      const close = this.closing(quote, i, last.end);
      const segment = text.slice(i, close === -1 ? last.end : close);
      if (quote === '"' && segment.includes('\\')) return out();
      if (close !== -1 && quote === "'" && text[close + 1] === "'") {
        value += `${segment}'`;
        i = close + 2;
        continue;
      }
      if (close !== -1) return { value: value + segment, end: close + 1, last };
      // The scalar goes on: fold the line break (and any blank lines) into the value.
      // Only spaces before a line break fold away (tabs are declined): a no-break space is text.
      let cut = segment.length;
      while (cut > 0 && segment.charCodeAt(cut - 1) === 32) cut--;
      const kept = segment.slice(0, cut);
      if (indent === undefined || kept === '') return out();
      const next = this.nextTextLine(last);
      if (!next || next.line.indent <= indent) return out();
      value += kept + fold(next.blank);
      last = next.line;
      i = last.content;
    }
  }

  /** A flow collection that opens and closes on this line: `[a, "b"]`, `{cpu: 100m}`. */
  private flow(at: number, end: number): { value: unknown; end: number; node: PlainNode } {
    const { text } = this;
    const isMap = text[at] === '{';
    const close = isMap ? '}' : ']';
    const node: PlainNode = { start: at, valueEnd: at, nodeEnd: at, items: [] };
    const value: unknown = isMap ? {} : [];
    if (isMap) {
      node.keys = [];
      node.keyStarts = [];
      node.keyEnds = [];
    }
    let i = this.skipSpaces(at + 1, end);
    if (text[i] === close) {
      node.valueEnd = node.nodeEnd = i + 1;
      return { value, end: i + 1, node };
    }
    for (;;) {
      if (isMap) {
        const key = this.key(i, end);
        if (text[key.end] !== ':' || text[key.end + 1] !== ' ') return out();
        const item = this.flowItem(this.skipSpaces(key.end + 1, end), end);
        addEntry(value as Record<string, unknown>, node, key, i, item.value, item.node);
        i = item.end;
      } else {
        const item = this.flowItem(i, end);
        (value as unknown[]).push(item.value);
        node.items!.push(item.node);
        i = item.end;
      }
      i = this.skipSpaces(i, end);
      if (text[i] === close) {
        node.valueEnd = node.nodeEnd = i + 1;
        return { value, end: i + 1, node };
      }
      if (text[i] !== ',') return out();
      i = this.skipSpaces(i + 1, end);
      if (i >= end || text[i] === close || text[i] === ',') return out();
    }
  }

  private flowItem(at: number, end: number): { value: unknown; end: number; node: PlainNode } {
    const { text } = this;
    const c = text[at];
    if (c === '[' || c === '{') return this.flow(at, end);
    if (c === '"' || c === "'") {
      const scalar = this.quoted(at, { start: at, content: at, end, indent: 0 });
      return { ...scalar, node: { start: at, valueEnd: scalar.end, nodeEnd: scalar.end } };
    }
    if (at >= end || '&*!%@`,]}#|>-?:[{'.includes(c)) return out();
    let stop = at;
    while (stop < end && !',[]{}#:'.includes(text[stop])) stop++;
    if (text[stop] === ':' || text[stop] === '#') return out();
    let last = stop;
    while (last > at && text.charCodeAt(last - 1) === 32) last--;
    if (last === at) return out();
    return { value: resolvePlain(text.slice(at, last)), end: last, node: { start: at, valueEnd: last, nodeEnd: last } };
  }

  /** A literal (`|`, `|-`) or folded (`>`, `>-`) block scalar whose header is at `at`; `indent` is its owner's column. */
  private blockScalar(at: number, line: Line, indent: number): PlainDocument {
    const { text } = this;
    const folded = text[at] === '>';
    let i = at + 1;
    const strip = text[i] === '-';
    if (strip) i++;
    const rest = this.skipSpaces(i, line.end);
    if (rest !== line.end && !(text[rest] === '#' && rest > i)) return out();
    // The content: the lines after the header that are blank or indented past the owner.
    const lines: string[] = [];
    let contentIndent = -1;
    let lastContentEnd = -1;
    let lastContentLine = -1;
    let start = this.after(line);
    let leadingBlankWidth = 0;
    while (start < text.length) {
      const { content, end, indent: width } = this.lineFrom(start);
      if (content === end) {
        if (contentIndent === -1) leadingBlankWidth = Math.max(leadingBlankWidth, end - start);
        lines.push(contentIndent === -1 ? '' : text.slice(Math.min(start + contentIndent, end), end));
        // Spaces past the content's column are content (a line of spaces), even after the last text.
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
    let value: string;
    if (folded) {
      if (body.some((l) => l.startsWith(' '))) return out();
      value = '';
      let blank = 0;
      let seen = false;
      for (const l of body) {
        if (l === '') {
          blank++;
          continue;
        }
        value += seen ? fold(blank) : '\n'.repeat(blank);
        value += l;
        blank = 0;
        seen = true;
      }
    } else {
      value = body.join('\n');
    }
    if (!strip) value += '\n';
    const valueEnd = Math.min(lastContentEnd + 1, text.length);
    this.pos = valueEnd;
    // Blank lines after the content are skipped by the next peek; the owner decides what follows.
    const next = this.peek();
    if (next && next.indent > indent) return out();
    return { value, root: { start: at, valueEnd, nodeEnd: valueEnd } };
  }
}
