// Applies a fix's edits to the YAML text of one object through the `yaml` package's CST: only
// the tokens of the edited fields change, so comments, quoting, flow or block style and the
// layout of everything else stay exactly as written. New values are rendered by the same
// package (stringify) at the indentation of the mapping they join.
//
// Every result is checked by parsing it again: the object must hold exactly the edited values.
// Anything the CST cannot express safely (an edit inside a sequence's structure, emptying a
// mapping, a broken document) gives no result rather than a wrong one.
import { isDeepStrictEqual } from 'node:util';
import { CST, Document, isMap, Parser, parseAllDocuments, stringify } from 'yaml';
import type { ObjectRef } from '../manifests/objects.js';
import { asArray, asRecord, getPath } from '../manifests/objects.js';
import { yamlOptions } from '../manifests/yaml-text.js';

export interface YamlEdit {
  path: readonly (string | number)[];
  /** The new value; undefined removes the field. */
  value: unknown;
}

type Collection = CST.BlockMap | CST.BlockSequence | CST.FlowCollection;
type Item = CST.BlockMap['items'][number] | CST.BlockSequence['items'][number] | CST.CollectionItem;

/** A placeholder first entry in rendered snippets, so the real entries carry their own indentation. */
const anchorKey = '__termination_guard_anchor';
const renderOptions = { lineWidth: 0, aliasDuplicateObjects: false } as const;

function isCollection(token: CST.Token | undefined | null): token is Collection {
  return token?.type === 'block-map' || token?.type === 'block-seq' || token?.type === 'flow-collection';
}

function isMapping(token: CST.Token | undefined | null): token is CST.BlockMap | CST.FlowCollection {
  return token?.type === 'block-map' || (token?.type === 'flow-collection' && token.start.source === '{');
}

function isSequence(token: CST.Token | undefined | null): token is CST.BlockSequence | CST.FlowCollection {
  return token?.type === 'block-seq' || (token?.type === 'flow-collection' && token.start.source === '[');
}

/** A scalar token's value as text (keys and the kind/name lookups compare strings). */
function scalarText(token: CST.Token | undefined | null): string | undefined {
  if (!token || (token.type !== 'scalar' && token.type !== 'single-quoted-scalar' && token.type !== 'double-quoted-scalar')) return undefined;
  return CST.resolveAsScalar(token)?.value;
}

function entry(map: CST.BlockMap | CST.FlowCollection, key: string): Item | undefined {
  return [...map.items].reverse().find((item) => scalarText(item.key) === key);
}

/** The item a path segment names in a collection, or undefined. */
function child(node: CST.Token | undefined, segment: string | number): Item | undefined {
  if (typeof segment === 'number') return isSequence(node) ? node.items[segment] : undefined;
  return isMapping(node) ? entry(node, segment) : undefined;
}

function matches(node: CST.Token | undefined, ref: ObjectRef): boolean {
  if (!isMapping(node)) return false;
  const metadata = entry(node, 'metadata')?.value;
  const field = (key: string) => scalarText(isMapping(metadata) ? entry(metadata, key)?.value : undefined);
  return scalarText(entry(node, 'kind')?.value) === ref.kind && (field('name') ?? field('generateName')) === ref.name && field('namespace') === ref.namespace;
}

/** The object's mapping in the stream: a document, or an item of a `kind: List`. */
function findObject(tokens: readonly CST.Token[], ref: ObjectRef, near: number): CST.BlockMap | CST.FlowCollection | undefined {
  const found: { node: CST.BlockMap | CST.FlowCollection; offset: number }[] = [];
  for (const token of tokens) {
    if (token.type !== 'document') continue;
    const root = token.value;
    if (matches(root, ref)) found.push({ node: root as CST.BlockMap, offset: token.offset });
    else if (isMapping(root)) {
      const items = entry(root, 'items')?.value;
      if (isSequence(items)) for (const item of items.items) if (matches(item.value, ref)) found.push({ node: item.value as CST.BlockMap, offset: item.value?.offset ?? 0 });
    }
  }
  // Two objects with one identity in a file: the one the finding points into.
  return found.filter((candidate) => candidate.offset <= near).at(-1)?.node ?? found[0]?.node;
}

/** Renders `key: value` (or `- value`) as it would sit at `indent` in a block collection. */
function blockSnippet(value: unknown, key: string | undefined, indent: number, newline: string): Item | undefined {
  const pad = ' '.repeat(indent);
  const body = key === undefined ? stringify([0, value], renderOptions) : stringify({ [anchorKey]: 0, [key]: value }, renderOptions);
  const text = body.trimEnd().split('\n').map((line) => `${pad}${line}`).join(newline) + newline;
  const [document] = [...new Parser().parse(text)];
  if (document?.type !== 'document' || !isCollection(document.value)) return undefined;
  return document.value.items[1] as Item | undefined;
}

/** Renders `, key: value` for a flow mapping. */
function flowSnippet(value: unknown, key: string): CST.CollectionItem | undefined {
  const document = new Document({ [anchorKey]: 0, [key]: value }, renderOptions);
  if (isMap(document.contents)) document.contents.flow = true;
  const [token] = [...new Parser().parse(document.toString({ ...renderOptions, flowCollectionPadding: false }))];
  const map = token?.type === 'document' ? token.value : undefined;
  return map?.type === 'flow-collection' ? map.items[1] : undefined;
}

/** Entries up to this index hold keys or values; after it come only comments (the CST keeps
 * comments below a mapping's last entry as an entry without key or value). */
function contentEnd(items: readonly Item[]): number {
  let end = items.length;
  while (end > 0 && !items[end - 1].key && !items[end - 1].sep && !items[end - 1].value) end--;
  return end;
}

/** Makes sure a token's text ends with a newline, so an entry can follow it. */
function endWithNewline(node: CST.Token, newline: string): boolean {
  if (CST.stringify(node).endsWith('\n')) return true; // block scalars keep their line break in their source
  if (isCollection(node) && node.type !== 'flow-collection') {
    const last = node.items[contentEnd(node.items) - 1]?.value;
    return last ? endWithNewline(last, newline) : false;
  }
  if (!('end' in node)) return false;
  node.end ??= [];
  if (!node.end.some((token) => token.type === 'newline')) node.end.push({ type: 'newline', offset: node.offset, indent: 0, source: newline });
  return true;
}

function render(value: unknown): { type: 'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE'; text: string } | undefined {
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return { type: 'PLAIN', text: String(value) };
  if (typeof value !== 'string' || value.includes('\n')) return undefined;
  // The package's own choice of style, so that "true" or "10" stay strings.
  const rendered = stringify(value, renderOptions).trimEnd();
  const type = rendered.startsWith('"') ? 'QUOTE_DOUBLE' : rendered.startsWith("'") ? 'QUOTE_SINGLE' : 'PLAIN';
  return { type, text: value };
}

function setValue(item: Item, parent: Collection, key: string | number, value: unknown, newline: string): boolean {
  const scalar = render(value);
  const inFlow = parent.type === 'flow-collection';
  if (scalar && item.value && !isCollection(item.value)) {
    CST.setScalarValue(item.value, scalar.text, { type: scalar.type, inFlow });
    return true;
  }
  const record = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  if (record && isMapping(item.value) && Object.keys(record).length > 0) return mergeInto(item.value, record, newline);
  if (typeof key === 'number') return false; // a whole sequence item: not expressible here
  const replacement = inFlow ? flowSnippet(value, key) : blockSnippet(value, key, (parent as CST.BlockMap).indent, newline);
  if (!replacement?.value || !('sep' in item) || !item.sep) return false;
  // The key keeps its own spelling (quotes); the separator and value are the rendered ones.
  item.sep = replacement.sep;
  item.value = replacement.value;
  return true;
}

/**
 * A mapping replaced by a mapping: entry by entry, so the entries that stay keep their comments
 * and spelling. New keys are added first, so the mapping is never empty on the way.
 */
function mergeInto(map: CST.BlockMap | CST.FlowCollection, value: Record<string, unknown>, newline: string): boolean {
  for (const [key, item] of Object.entries(value)) {
    const existing = entry(map, key);
    if (existing?.value ? !setValue(existing, map, key, item, newline) : !(existing === undefined && insert(map, key, item, newline))) return false;
  }
  for (const item of [...map.items]) {
    const key = scalarText(item.key);
    if (item.key && (key === undefined || !(key in value)) && !remove(map, item)) return false;
  }
  return true;
}

function remove(parent: Collection, item: Item): boolean {
  if (!isMapping(parent) || contentEnd(parent.items) < 2) return false; // emptying a mapping changes its type
  const index = parent.items.indexOf(item as CST.BlockMap['items'][number]);
  const next = parent.items[index + 1];
  // The first entry's indentation (or opening) sits before it; the next entry takes its place.
  if (index === 0 && next) {
    if (next.start[0]?.type === 'comma') next.start.shift();
    if (next.start[0]?.type === 'space') next.start.shift();
  }
  parent.items.splice(index, 1);
  return true;
}

function insert(map: CST.Token, key: string, value: unknown, newline: string): boolean {
  if (map.type === 'flow-collection' && map.start.source === '{') {
    const item = flowSnippet(value, key);
    if (!item) return false;
    if (map.items.length === 0) item.start = item.start.filter((token) => token.type !== 'comma');
    map.items.push(item);
    return true;
  }
  if (map.type !== 'block-map') return false;
  // After the last entry, before any comments that close the mapping.
  const at = contentEnd(map.items);
  const last = map.items[at - 1]?.value;
  const item = blockSnippet(value, key, map.indent, newline);
  if (!last || !endWithNewline(last, newline) || !item) return false;
  map.items.splice(at, 0, item as CST.BlockMap['items'][number]);
  return true;
}

function apply(object: CST.BlockMap | CST.FlowCollection, edit: YamlEdit, newline: string): boolean {
  let node: CST.Token = object;
  let parent: Collection = object;
  let item: Item | undefined;
  let depth = 0;
  for (const segment of edit.path) {
    const next = child(node, segment);
    if (!next?.value && !(next && edit.value === undefined && depth === edit.path.length - 1)) break;
    parent = node as Collection;
    item = next;
    node = next.value as CST.Token;
    depth++;
  }
  if (depth === edit.path.length && item) {
    return edit.value === undefined ? remove(parent, item) : setValue(item, parent, edit.path[depth - 1], edit.value, newline);
  }
  if (edit.value === undefined) return true; // removing something absent
  const missing = edit.path.slice(depth);
  if (missing.some((segment) => typeof segment === 'number')) return false;
  const nested = missing.slice(1).reduceRight<unknown>((value, segment) => ({ [segment]: value }), edit.value);
  return insert(node, missing[0] as string, nested, newline);
}

/** The object's plain value in a parsed stream, for checking an edited text. */
function objectValue(text: string, ref: ObjectRef): Record<string, unknown> | undefined {
  for (const document of parseAllDocuments(text, yamlOptions)) {
    if (document.errors.length > 0) continue;
    const value = asRecord(document.toJS());
    const candidates = value && typeof value.kind === 'string' && value.kind.endsWith('List') ? asArray(value.items).map(asRecord) : [value];
    for (const candidate of candidates) {
      const metadata = asRecord(candidate?.metadata);
      if (candidate?.kind === ref.kind && (metadata?.name ?? metadata?.generateName) === ref.name && metadata?.namespace === ref.namespace) return candidate;
    }
  }
  return undefined;
}

/**
 * The file's text with `edits` applied to the object `ref` (near offset `near` when the file
 * holds it twice), or undefined when they cannot be applied safely.
 */
export function editObject(content: string, ref: ObjectRef, edits: readonly YamlEdit[], near = 0): string | undefined {
  const newline = content.includes('\r\n') ? '\r\n' : '\n';
  const tokens = [...new Parser().parse(content)];
  const object = findObject(tokens, ref, near);
  if (!object) return undefined;
  for (const edit of edits) if (!apply(object, edit, newline)) return undefined;
  const edited = tokens.map((token) => CST.stringify(token)).join('');
  const after = objectValue(edited, ref);
  if (!after || !edits.every((edit) => isDeepStrictEqual(getPath(after, edit.path), edit.value))) return undefined;
  return edited;
}
