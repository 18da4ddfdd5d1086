// Parses manifest files into Kubernetes objects that remember where every field is.
// Bad input never throws: it becomes an InputError naming the file and line, and the other
// documents of the same file are still read.
import type { Origin } from './origin.js';
import { builtInKinds, contextFreeKinds } from './kinds.js';
import type { InputError, KubeObject, ObjectPath } from './objects.js';
import { asRecord, asString } from './objects.js';
import { documentHead, topLevelKind } from './document-head.js';
import { documentErrors, lineOf, lineStarts, loadDocuments, PosNode } from './yaml-positions.js';
import { YamlTextError } from './yaml-text.js';

export interface SourceFile {
  path: string;
  content: string;
  /** Rendered output (Helm, Kustomize): the render and the map back to its sources. */
  origin?: Origin;
}

export interface ParseLimits {
  /** Files larger than this are reported and skipped. */
  maxFileBytes: number;
  /** Alias expansion beyond this many nodes is treated as a YAML bomb. */
  maxExpandedNodes: number;
}

export const defaultParseLimits: ParseLimits = {
  maxFileBytes: 16 * 1024 * 1024,
  maxExpandedNodes: 1_000_000,
};

export interface ParsedFile {
  objects: KubeObject[];
  errors: InputError[];
  /** Documents that were valid YAML but not Kubernetes objects (values files, workflows…). */
  skippedDocuments: number;
}

const documentMarker = /^(---|\.\.\.)(?=[ \t\r\n]|$)/gm;

/** Splits a YAML stream at document markers; each chunk keeps its own `---` line. */
export function splitDocuments(text: string): { offset: number; text: string }[] {
  const cuts = [0];
  for (const match of text.matchAll(documentMarker)) {
    if (match[1] === '---' && match.index > 0) cuts.push(match.index);
  }
  const chunks: { offset: number; text: string }[] = [];
  for (let i = 0; i < cuts.length; i++) {
    const end = i + 1 < cuts.length ? cuts[i + 1] : text.length;
    chunks.push({ offset: cuts[i], text: text.slice(cuts[i], end) });
  }
  return chunks;
}

export function parseManifestFile(file: SourceFile, limits: ParseLimits = defaultParseLimits): ParsedFile {
  const result: ParsedFile = { objects: [], errors: [], skippedDocuments: 0 };
  const { path, content } = file;
  const bytes = Buffer.byteLength(content, 'utf8');
  if (bytes > limits.maxFileBytes) {
    result.errors.push({
      file: path,
      line: 1,
      message: `file is ${(bytes / 1048576).toFixed(1)} MiB, over the ${(limits.maxFileBytes / 1048576).toFixed(0)} MiB limit; it was not analysed`,
    });
    return result;
  }
  const nul = content.indexOf('\u0000');
  if (nul !== -1 || content.includes('\uFFFD\uFFFD\uFFFD')) {
    const starts = lineStarts(content);
    result.errors.push({
      file: path,
      line: nul === -1 ? 1 : lineOf(starts, nul),
      message: 'file looks binary (NUL bytes or invalid UTF-8); it was not analysed',
    });
    return result;
  }

  const starts = lineStarts(content);
  const isJson = /\.json$/i.test(path);
  // A JSON file counts only when it holds a Kubernetes object or list: editor settings, package
  // manifests and JSON-with-comments (.vscode/launch.json) are not ours to report on.
  if (isJson && !(/"apiVersion"\s*:/.test(content) && /"kind"\s*:/.test(content))) {
    result.skippedDocuments++;
    return result;
  }
  const chunks = isJson ? [{ offset: 0, text: content }] : splitDocuments(content);
  const where = { path, starts, ...(file.origin ? { origin: file.origin } : {}) };
  for (const chunk of chunks) {
    const origin: DocumentOrigin = { ...where, offset: chunk.offset };
    // Kinds no rule reads beyond their metadata: read only their head (see document-head.ts).
    if (!isJson && headOnly(chunk.text) && readHead(chunk.text, origin, limits, result)) continue;
    readChunk(chunk.text, origin, limits, result);
  }
  return result;
}

/** A chunk of a kind no rule reads beyond its metadata: parseManifestFile reads only its head. */
function headOnly(text: string): boolean {
  const kind = topLevelKind(text);
  return kind !== undefined && contextFreeKinds.has(kind);
}

/**
 * The YAML errors in the bodies parseManifestFile does not read (the chunks it reads head-only):
 * the same errors, at the same lines, that reading the whole chunk reports. The pipeline runs this
 * beside the analysis (src/sources/body-check.ts), so a broken Secret or CRD body is still an
 * input error without the analysis paying for the parse. A chunk whose head could not stand on
 * its own was read whole, and its errors are reported twice: callers drop the repeats.
 */
export function unreadBodyErrors(file: Pick<SourceFile, 'path' | 'content'>, limits: ParseLimits = defaultParseLimits): InputError[] {
  const { path, content } = file;
  if (/\.json$/i.test(path) || Buffer.byteLength(content, 'utf8') > limits.maxFileBytes || content.includes('\u0000') || content.includes('\uFFFD\uFFFD\uFFFD')) return [];
  const errors: InputError[] = [];
  let starts: number[] | undefined;
  for (const chunk of splitDocuments(content)) {
    if (!headOnly(chunk.text)) continue;
    for (const loaded of documentErrors(chunk.text, limits.maxExpandedNodes)) {
      starts ??= lineStarts(content);
      errors.push({ file: path, line: lineOf(starts, chunk.offset + loaded.offset), message: documentErrorMessage(loaded, limits) });
    }
  }
  return errors;
}

/** Parses a whole chunk: each document's value and offset tree, or its error. */
function readChunk(text: string, origin: DocumentOrigin, limits: ParseLimits, result: ParsedFile): void {
  const documents = loadDocuments(text, limits.maxExpandedNodes);
  documents.forEach((loaded, index) => {
    if (loaded instanceof YamlTextError) {
      result.errors.push({ file: origin.path, line: lineOf(origin.starts, origin.offset + loaded.offset), message: documentErrorMessage(loaded, limits) });
      return;
    }
    if (loaded.hasAliases && countExpandedNodes(loaded.value, limits.maxExpandedNodes) > limits.maxExpandedNodes) {
      result.errors.push({ file: origin.path, line: lineOf(origin.starts, origin.offset + loaded.start), message: aliasBombMessage(limits) });
      return;
    }
    // The tree is kept until the engine has located the object's findings, then released;
    // a later lookup parses the chunk again. (The closures hold the start, not `loaded`: that
    // would keep the tree, and the whole value, alive after release.)
    // Built-in kinds other than PDBs (Services, HPAs, ConfigMaps…) are not where findings land:
    // their trees are dropped now and parsed again in the rare case one is asked for.
    const kind = asString(asRecord(loaded.value)?.kind);
    let positions: PosNode | undefined = kind !== undefined && builtInKinds.has(kind) && kind !== 'PodDisruptionBudget' ? undefined : loaded.positions;
    const { start } = loaded;
    const tree = {
      positions: () => {
        positions ??= reloadPositions(text, index, start, limits);
        return positions;
      },
      release: () => {
        positions = undefined;
      },
    };
    collectObjects(loaded.value, tree, loaded.start, [], origin, result);
  });
}

/**
 * Reads only apiVersion, kind and metadata of a chunk. False when the head cannot stand on its
 * own (an alias into the body, odd layout): the caller then parses the whole chunk.
 */
function readHead(text: string, origin: DocumentOrigin, limits: ParseLimits, result: ParsedFile): boolean {
  const head = documentHead(text);
  if (!head) return false;
  const [loaded, ...more] = loadDocuments(head.text, limits.maxExpandedNodes);
  if (!loaded || more.length > 0 || loaded instanceof YamlTextError || loaded.hasAliases) return false;
  const start = firstContent(text);
  let positions: PosNode | undefined;
  const tree = {
    // Only a finding on the object (rare for these kinds) needs the whole chunk's positions.
    positions: () => {
      positions ??= reloadPositions(text, 0, start, limits);
      return positions;
    },
    release: () => {
      positions = undefined;
    },
  };
  collectObjects(loaded.value, tree, start, [], origin, result);
  return true;
}

/** The offset tree of the `index`-th document of a chunk, parsed again. */
function reloadPositions(text: string, index: number, start: number, limits: ParseLimits): PosNode {
  const loaded = loadDocuments(text, limits.maxExpandedNodes)[index];
  // A head-only read of a chunk whose body is broken: point at the document's start.
  return loaded && !(loaded instanceof YamlTextError) ? loaded.positions : PosNode.leaf(start, start);
}

function aliasBombMessage(limits: ParseLimits): string {
  return `YAML aliases expand to more than ${limits.maxExpandedNodes.toLocaleString('en-US')} nodes (an alias bomb?); the document was not analysed`;
}

function documentErrorMessage(error: YamlTextError, limits: ParseLimits): string {
  return error.code === 'ALIAS_LIMIT' ? aliasBombMessage(limits) : `invalid YAML: ${error.message}`;
}

/** Offset of the first line that is not blank, a comment or a document marker. */
function firstContent(text: string): number {
  const match = /^(?!\s*(#|$)|---\s*(#.*)?$)/m.exec(text);
  if (!match) return 0;
  let i = match.index;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return i;
}

interface DocumentOrigin {
  path: string;
  offset: number;
  starts: readonly number[];
  origin?: Origin;
}

function collectObjects(
  value: unknown,
  tree: { positions: () => PosNode; release: () => void },
  start: number,
  basePath: ObjectPath,
  origin: DocumentOrigin,
  out: ParsedFile,
): void {
  const record = asRecord(value);
  const apiVersion = asString(record?.apiVersion);
  const kind = asString(record?.kind);
  if (!record || !apiVersion || !kind) {
    out.skippedDocuments++;
    return;
  }
  // `kind: List` (kubectl get -o yaml) and the typed lists (DeploymentList…) wrap items.
  if ((kind === 'List' || kind.endsWith('List')) && Array.isArray(record.items)) {
    record.items.forEach((item, index) => {
      collectObjects(item, tree, start, [...basePath, 'items', index], origin, out);
    });
    return;
  }
  const metadata = asRecord(record.metadata);
  const name = asString(metadata?.name) ?? asString(metadata?.generateName);
  if (!name) {
    const line = lineOf(origin.starts, origin.offset + start);
    const mapped = origin.origin?.map(line);
    out.errors.push({ file: mapped?.file ?? origin.path, line: mapped?.line ?? line, message: `${kind} has no metadata.name; it was not analysed${origin.origin ? ` (${origin.origin.render})` : ''}` });
    return;
  }
  const namespace = asString(metadata?.namespace);
  out.objects.push({
    ref: { apiVersion, kind, name, ...(namespace ? { namespace } : {}) },
    raw: contextFreeKinds.has(kind) ? { apiVersion, kind, metadata } : record,
    source: { file: origin.path, ...tree, basePath, offset: origin.offset, lineStarts: origin.starts, ...(origin.origin ? { origin: origin.origin } : {}) },
    ordinal: out.objects.length,
  });
}

/**
 * Counts nodes as a consumer that follows aliases would see them, memoising shared
 * subtrees so the count itself stays linear; stops early past `limit`.
 */
function countExpandedNodes(value: unknown, limit: number): number {
  const memo = new Map<object, number>();
  const visit = (node: unknown): number => {
    if (node === null || typeof node !== 'object') return 1;
    const known = memo.get(node);
    if (known !== undefined) return known;
    memo.set(node, limit + 1); // a cycle counts as unbounded
    let total = 1;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      total += visit(child);
      if (total > limit) break;
    }
    memo.set(node, total);
    return total;
  };
  return visit(value);
}
