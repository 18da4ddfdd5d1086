// mvdan/sh's syntax tree, parsed within limits and read without recursion.
//
// Scripts come from the pull request: a `sh -c` with 600 pipeline stages, 600 nested
// subshells or a 240 KB entrypoint must not take the run down (issue 15). So a script is
// bounded before it is parsed (its length), while it is parsed (the parser's own stack: a
// RangeError is a refusal, not a crash), and while it is read (a node budget and a nesting limit,
// checked by one iterative walk before anything else looks at the tree).
//
// The tree is read as GopherJS lays it out — struct fields as properties, slices as
// {$array, $offset, $length}, the Go type on constructor.string — not through mvdan-sh's
// wrapper objects: every wrapper field access builds a new wrapper with a getter per field
// and method (about 15 µs, so 1 ms per command), and the wrapper's syntax.Walk recurses once per
// nesting level, in Go frames we cannot bound. mvdan-sh is frozen at 0.10.1 (deprecated upstream,
// docs/shell-parser.md); test/shell/syntax-tree.test.ts fails if this layout ever changes.
import { createRequire } from 'node:module';

/**
 * Longest script analysed, in characters. Real entrypoint scripts are a few hundred lines (the
 * longest in ../shared/corpus, argo-cd's redis-ha script, has 335 lines, about 12 KB); 64 KiB
 * parses in about 0.1 s. Longer scripts are refused before parsing, which bounds the parser's
 * time and memory too.
 */
export const maxScriptLength = 64 * 1024;

/**
 * Syntax nodes read per script. Typical shell is 0.3–0.5 nodes a character, so 64 KiB of it stays
 * well inside; only dense scripts like `a;a;a;…` (2 nodes a character) reach it. Reading the
 * whole budget takes a few tens of milliseconds.
 */
export const maxScriptNodes = 100_000;

/**
 * Deepest nesting read: subshells, blocks, compound commands, substitutions, expansions and
 * right-nested operators each add a level; the stages of a pipeline or an `&&` chain are a list
 * and add none. Hand-written scripts nest a handful of levels. The limit keeps what recursion is
 * left below us (mvdan/sh's own Pos/End methods) far from the stack's end, and makes the outcome
 * not depend on how much stack the caller happened to leave: mvdan/sh's recursive-descent parser
 * overflows somewhere between 150 and 300 levels, depending on the syntax and the caller.
 */
export const maxScriptNesting = 100;

type MvdanSh = (typeof import('mvdan-sh'))['default'];

let loadedSyntax: MvdanSh['syntax'] | undefined;

/**
 * mvdan-sh's syntax package, loaded when the first script is parsed: starting its GopherJS
 * runtime costs about 150 ms, which a run without shell scripts never pays.
 */
function syntax(): MvdanSh['syntax'] {
  if (!loadedSyntax) {
    let module: MvdanSh;
    try {
      // The bundle: esbuild turns this literal require into a call of the bundled copy (a lazy
      // wrapper), so nothing is resolved at run time. Vitest provides require too.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      module = require('mvdan-sh');
    } catch (error) {
      // Unbundled ES modules (tsx) have no require: resolve the package from here.
      if (!(error instanceof ReferenceError) || typeof require !== 'undefined') throw error;
      module = createRequire(import.meta.url)('mvdan-sh');
    }
    loadedSyntax = module.syntax;
  }
  return loadedSyntax;
}

/** A node of the Go syntax tree as GopherJS stores it. */
export type RawNode = any;

/** The node's Go type without the package ("Stmt", "CallExpr"), or undefined for nil and non-nodes. */
export function kindOf(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const type = (value as { constructor?: { string?: unknown; nil?: unknown } }).constructor;
  if (!type || typeof type.string !== 'string' || type.nil === value) return undefined;
  return type.string.startsWith('*syntax.') ? type.string.slice('*syntax.'.length) : undefined;
}

/** The elements of a Go slice. */
export function listOf(slice: unknown): RawNode[] {
  const go = slice as { $array?: unknown[]; $offset?: number; $length?: number } | null | undefined;
  if (!go || !Array.isArray(go.$array) && !ArrayBuffer.isView(go.$array)) return [];
  const { $array: array, $offset: offset = 0, $length: length = 0 } = go as { $array: unknown[]; $offset: number; $length: number };
  const out: RawNode[] = [];
  for (let i = 0; i < length; i++) out.push(array[offset + i]);
  return out;
}

export function lastOf(slice: unknown): RawNode | undefined {
  const list = listOf(slice);
  return list[list.length - 1];
}

const utf8 = new TextDecoder();

/**
 * A Go string field (Lit.Value, SglQuoted.Value) as a JavaScript string: GopherJS keeps Go strings
 * as one character per UTF-8 byte.
 */
export function goString(value: unknown): string {
  const bytes = String(value ?? '');
  if (/^[\x00-\x7f]*$/.test(bytes)) return bytes;
  const array = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) array[i] = bytes.charCodeAt(i);
  return utf8.decode(array);
}

/** The byte offset of a syntax.Pos. */
export function offsetOf(pos: RawNode): number {
  return Number(pos.Offset());
}

/**
 * The script's text by the parser's offsets: mvdan/sh counts UTF-8 bytes, JavaScript strings
 * count UTF-16 code units. Identical for ASCII; otherwise a byte → index table, built once.
 */
export class ScriptText {
  readonly source: string;
  private readonly ascii: boolean;
  private byteToIndex?: Uint32Array;

  constructor(source: string) {
    this.source = source;
    this.ascii = /^[\x00-\x7f]*$/.test(source);
  }

  /** The string index of a byte offset. */
  index(byteOffset: number): number {
    const table = this.table();
    if (!table) return byteOffset;
    return table[Math.max(0, Math.min(byteOffset, table.length - 1))];
  }

  slice(startByte: number, endByte: number): string {
    return this.source.slice(this.index(startByte), this.index(endByte));
  }

  private table(): Uint32Array | undefined {
    if (this.ascii || this.byteToIndex) return this.byteToIndex;
    const source = this.source;
    // A code unit costs at most 3 bytes (a surrogate pair: 4 bytes for 2 units).
    const table = new Uint32Array(source.length * 3 + 1);
    let byte = 0;
    for (let index = 0; index < source.length; index++) {
      const code = source.charCodeAt(index);
      const pair = code >= 0xd800 && code <= 0xdbff && index + 1 < source.length && (source.charCodeAt(index + 1) & 0xfc00) === 0xdc00;
      // Lone surrogates become U+FFFD on the way into Go: 3 bytes, like any other BMP character.
      const width = code < 0x80 ? 1 : code < 0x800 ? 2 : pair ? 4 : 3;
      for (let k = 0; k < width; k++) table[byte + k] = index;
      byte += width;
      if (pair) index++;
    }
    table[byte] = source.length;
    this.byteToIndex = table.subarray(0, byte + 1);
    return this.byteToIndex;
  }
}

export type ParsedScript = { ok: true; file: RawNode; text: ScriptText } | { ok: false; reason: string; limited: boolean };

const tooDeep = `the script nests deeper than ${maxScriptNesting} levels (subshells, blocks, substitutions); such a script is not analysed`;

/** Parses a script as bash (a superset of what sh, dash and ash accept), within the limits above. */
export function parseScript(source: string): ParsedScript {
  if (source.length > maxScriptLength) {
    return {
      ok: false,
      limited: true,
      reason: `the script is ${source.length.toLocaleString('en-US')} characters long; scripts over ${maxScriptLength.toLocaleString('en-US')} characters are not analysed`,
    };
  }
  let file: RawNode;
  try {
    const parser = syntax();
    file = parser.NewParser(parser.Variant(parser.LangBash)).Parse(source, '');
  } catch (error) {
    // The recursive-descent parser ran out of stack: nesting, whatever its exact depth.
    if (error instanceof RangeError) return { ok: false, limited: true, reason: tooDeep };
    const message = (error as { Error?: () => string }).Error?.() ?? String(error);
    return { ok: false, limited: false, reason: message };
  }
  const raw = (file as { __internal_object__?: RawNode }).__internal_object__;
  if (kindOf(raw) !== 'File') {
    // Not the user's input: a different mvdan-sh than the one this code reads.
    throw new Error('mvdan-sh returned a syntax tree in an unknown layout; termination-guard reads the layout of mvdan-sh 0.10.1');
  }
  return { ok: true, file: raw, text: new ScriptText(source) };
}

/** Kinds that open a nesting level (see maxScriptNesting). */
const nestingKinds = new Set([
  'Subshell',
  'Block',
  'IfClause',
  'WhileClause',
  'ForClause',
  'CaseClause',
  'FuncDecl',
  'CmdSubst',
  'ProcSubst',
  'ArithmExp',
  'ArithmCmd',
  'ParamExp',
  'ParenArithm',
  'ParenTest',
  'TestClause',
  'TimeClause',
  'CoprocClause',
  'ArrayExpr',
  'DblQuoted',
  'ExtGlob',
]);

/** Fields that hold no syntax node below them. */
const leafKinds = new Set(['Pos', 'Comment', 'Lit', 'SglQuoted']);

/** Binary nodes: their left side is where a left-associative chain grows, so it adds no level. */
const binaryKinds = new Set(['BinaryCmd', 'BinaryArithm', 'BinaryTest']);

export type WalkOutcome = { complete: true; nodes: number } | { complete: false; reason: string };

/**
 * Visits `root` and every syntax node below it, parents before children and in source order
 * (syntax.Walk's order), with an explicit stack. `visit` returns false to skip a node's children.
 * Stops at the node budget or the nesting limit and says which.
 */
export function walkTree(root: RawNode, visit: (node: RawNode, kind: string) => boolean | void, budget: number = maxScriptNodes): WalkOutcome {
  const stack: { node: RawNode; kind: string; nesting: number }[] = [];
  const rootKind = kindOf(root);
  if (rootKind) stack.push({ node: root, kind: rootKind, nesting: 0 });
  let nodes = 0;
  while (stack.length > 0) {
    const { node, kind, nesting } = stack.pop()!;
    if (++nodes > budget) {
      return { complete: false, reason: `the script has more than ${budget.toLocaleString('en-US')} syntax nodes; such a script is not analysed` };
    }
    if (nesting > maxScriptNesting) return { complete: false, reason: tooDeep };
    if (visit(node, kind) === false || leafKinds.has(kind)) continue;
    const children: { node: RawNode; kind: string; nesting: number }[] = [];
    for (const field of Object.keys(node)) {
      if (field === '$val') continue;
      const value = node[field];
      if (value === null || typeof value !== 'object') continue;
      const deeper = binaryKinds.has(kind) && field !== 'X' ? nesting + 1 : nesting;
      const add = (child: RawNode) => {
        const childKind = kindOf(child);
        if (childKind && childKind !== 'Pos' && childKind !== 'Comment') children.push({ node: child, kind: childKind, nesting: nestingKinds.has(childKind) ? deeper + 1 : deeper });
      };
      if ('$array' in value) for (const item of listOf(value)) add(item);
      else add(value);
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return { complete: true, nodes };
}
