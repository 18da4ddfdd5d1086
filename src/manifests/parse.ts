// Parses manifest files into Kubernetes objects that remember where every field is.
// Bad input never throws: it becomes an InputError naming the file and line, and the other
// documents of the same file are still read.
import type { Origin } from './origin.js';
import { contextFreeKinds } from './kinds.js';
import type { InputError, KubeObject, ObjectPath } from './objects.js';
import { asRecord, asString } from './objects.js';
import { lineOf, lineStarts, loadPositions, loadValue, type PosNode, YamlDocumentError } from './yaml-positions.js';

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
  const chunks = isJson ? [{ offset: 0, text: content }] : splitDocuments(content);
  for (const chunk of chunks) {
    let loaded: ReturnType<typeof loadValue>;
    try {
      loaded = loadValue(chunk.text);
    } catch (error) {
      if (error instanceof YamlDocumentError) {
        result.errors.push({
          file: path,
          line: lineOf(starts, chunk.offset + error.offset),
          message: `invalid YAML: ${error.message}`,
        });
        continue;
      }
      throw error;
    }
    if (!loaded) continue;
    const expanded = countExpandedNodes(loaded.value, limits.maxExpandedNodes);
    if (expanded > limits.maxExpandedNodes) {
      result.errors.push({
        file: path,
        line: lineOf(starts, chunk.offset + loaded.start),
        message: `YAML aliases expand to more than ${limits.maxExpandedNodes.toLocaleString('en-US')} nodes (an alias bomb?); the document was not analysed`,
      });
      continue;
    }
    let shaped: PosNode | undefined;
    const positions = () => {
      shaped ??= loadPositions(chunk.text);
      return shaped;
    };
    const release = () => {
      shaped = undefined;
    };
    collectObjects(loaded.value, { positions, release }, loaded.start, [], { path, offset: chunk.offset, starts, ...(file.origin ? { origin: file.origin } : {}) }, result);
  }
  return result;
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
