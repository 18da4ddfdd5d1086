// The shapes every later stage shares: a Kubernetes object with its origin, and locations.
import type { Origin } from './origin.js';
import type { ObjectPath, PosNode } from './yaml-positions.js';

export type { ObjectPath, PathSegment } from './yaml-positions.js';

export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

export interface Location {
  file: string;
  /** 1-based, inclusive. */
  line: number;
  endLine: number;
  /** False for a rendered object whose lines do not map exactly onto its source: no suggestions. */
  anchored?: boolean;
}

/** A problem with the input itself (not a finding about a workload). */
export interface InputError {
  file: string;
  line: number;
  message: string;
  /**
   * The input the change is about could not be analysed: a changed file in the PR view (or a
   * chart or overlay it re-rendered), any file outside it. Such an error fails the gate unless
   * the policy says otherwise; errors of unchanged context and of base only inform.
   */
  gating?: boolean;
}

/** Where an object came from, and how to turn a path inside it into file lines. */
export interface ObjectSource {
  file: string;
  /** Position tree of the document (built on first use); paths are relative to `basePath`. */
  positions: () => PosNode;
  /** Drops the position tree once an object's findings are located (it is rebuilt on demand). */
  release: () => void;
  basePath: ObjectPath;
  /** Byte offset of the document inside the file. */
  offset: number;
  lineStarts: readonly number[];
  /** For rendered objects: the render and the map to the template or resource lines. */
  origin?: Origin;
}

export interface KubeObject {
  ref: ObjectRef;
  /** The plain JSON-like value of the object. */
  raw: Record<string, unknown>;
  source: ObjectSource;
  /** Index of the object in its file, for stable ordering. */
  ordinal: number;
}

export function refKey(ref: ObjectRef): string {
  return `${ref.kind}/${ref.namespace ?? ''}/${ref.name}`;
}

/** An object's identity across two trees: its key, within its render when it has one. */
export function identityKey(ref: ObjectRef, render?: string): string {
  return render ? `${render}|${refKey(ref)}` : refKey(ref);
}

/** Objects without a namespace are applied to the current one; we treat that as "default". */
export function namespaceOf(ref: ObjectRef): string {
  return ref.namespace ?? 'default';
}

/** Safe deep read of a plain value. */
export function getPath(value: unknown, path: ObjectPath): unknown {
  let current: unknown = value;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function asStringMap(value: unknown): Record<string, string> {
  const record = asRecord(value);
  const out: Record<string, string> = {};
  if (!record) return out;
  for (const [key, item] of Object.entries(record)) {
    if (item !== null && item !== undefined) out[key] = String(item);
  }
  return out;
}

/** Integer-valued fields written as numbers (or, loosely, numeric strings). */
export function asInteger(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return Math.trunc(value);
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number.parseInt(value, 10);
  return undefined;
}
