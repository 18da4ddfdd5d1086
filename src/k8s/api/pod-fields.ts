// The fields the Kubernetes API allows where termination is configured — a pod spec, its
// containers, lifecycle hooks and probes, the workloads' rollout strategies, a PDB's spec — from
// the OpenAPI schema of a real API server (scripts/gen-kube-api.ts, pod-fields-1.34.json).
// The API server does not reject an unknown field by default: it drops it (with a warning since
// 1.27, KEP-2885), so `terminationGracePeriodSecond: 30` leaves the 30 s default in place, and
// kubectl's strict validation rejects the whole object instead.
import type { ObjectPath } from '../../manifests/objects.js';
import table from './pod-fields-1.34.json' with { type: 'json' };

/** The minor the field table was generated for. */
export const podFieldsMinor = 34;

export type SchemaType = keyof typeof table.types;

const types = table.types as Record<SchemaType, Record<string, string>>;
/** The same as maps: the walk looks up every key of every pod template. */
const fieldMaps = new Map(Object.entries(types).map(([type, fields]) => [type as SchemaType, new Map(Object.entries(fields))]));

export function isSchemaType(name: string): name is SchemaType {
  return Object.hasOwn(types, name);
}

/** The fields of `type` (field → the checked type it leads to, "X[]" for a list of X, "" for none). */
export function fieldsOf(type: SchemaType): Readonly<Record<string, string>> {
  return types[type];
}

export interface UnknownField {
  /** Path of the unknown key inside the object. */
  path: ObjectPath;
  field: string;
  /** The schema type it is not a field of. */
  type: SchemaType;
  /** Dotted path of the mapping that holds it, from where the walk started. */
  parent: string;
  value: unknown;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Every key under `value` that its schema type does not have, walking into the checked types it
 * leads to (containers, lifecycle, probes, rollingUpdate, selector). Values of the wrong shape are
 * left to the API server's own validation.
 */
export function unknownFields(value: unknown, type: SchemaType, path: ObjectPath): UnknownField[] {
  const out: UnknownField[] = [];
  // One path, extended and shortened in place: objects are walked for every workload, and almost
  // every key is valid, so nothing is copied until an unknown one is found.
  const at: (string | number)[] = [];
  const walk = (node: unknown, nodeType: SchemaType) => {
    if (!isRecord(node)) return;
    const fields = fieldMaps.get(nodeType)!;
    for (const key in node) {
      if (!Object.hasOwn(node, key)) continue;
      const child = fields.get(key);
      if (child === undefined) {
        out.push({ path: [...path, ...at, key], field: key, type: nodeType, parent: dotted(at), value: node[key] });
        continue;
      }
      if (child === '') continue;
      const item = node[key];
      at.push(key);
      if (child.endsWith('[]')) {
        if (Array.isArray(item)) {
          const elementType = child.slice(0, -2) as SchemaType;
          for (let index = 0; index < item.length; index++) {
            at.push(index);
            walk(item[index], elementType);
            at.pop();
          }
        }
      } else walk(item, child as SchemaType);
      at.pop();
    }
  };
  walk(value, type);
  return out;
}

/** "containers[0].lifecycle" for ['containers', 0, 'lifecycle']. */
function dotted(path: readonly (string | number)[]): string {
  return path.map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : index === 0 ? segment : `.${segment}`)).join('');
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((d[i - 1] as number[])[j]! + 1, (d[i] as number[])[j - 1]! + 1, (d[i - 1] as number[])[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, (d[i - 2] as number[])[j - 2]! + 1);
      (d[i] as number[])[j] = best;
    }
  }
  return (d[a.length] as number[])[b.length]!;
}

/**
 * The valid field `field` most likely meant: the same name in another case, the nearest by
 * edit distance (at most a third of its length), or one that contains it or that it contains.
 */
export function closestField(field: string, candidates: readonly string[]): string | undefined {
  const lower = field.toLowerCase();
  const sameCase = candidates.find((c) => c.toLowerCase() === lower);
  if (sameCase) return sameCase;
  let best: { name: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance <= Math.max(1, Math.floor(Math.max(field.length, candidate.length) / 3)) && (!best || distance < best.distance)) best = { name: candidate, distance };
  }
  if (best) return best.name;
  const containing = candidates.filter((c) => c.length >= 4 && lower.length >= 4 && (c.toLowerCase().includes(lower) || lower.includes(c.toLowerCase())));
  return containing.sort((a, b) => Math.abs(a.length - field.length) - Math.abs(b.length - field.length) || a.localeCompare(b))[0];
}

/** Types whose fields are often written one level off, and where those fields belong. */
// `key`: the field of the same mapping that holds the right place (a fix can move it there).
const neighbours: Partial<Record<SchemaType, { type: SchemaType; where: string; key?: string }[]>> = {
  PodSpec: [{ type: 'Container', where: 'each container (containers[])' }],
  Container: [
    { type: 'Lifecycle', where: 'lifecycle', key: 'lifecycle' },
    { type: 'PodSpec', where: 'the pod spec, beside containers' },
  ],
  EphemeralContainer: [
    { type: 'Lifecycle', where: 'lifecycle', key: 'lifecycle' },
    { type: 'PodSpec', where: 'the pod spec, beside containers' },
  ],
  Lifecycle: [{ type: 'LifecycleHandler', where: 'preStop (or postStart)' }],
  DeploymentStrategy: [{ type: 'RollingUpdateDeployment', where: 'rollingUpdate', key: 'rollingUpdate' }],
  DaemonSetUpdateStrategy: [{ type: 'RollingUpdateDaemonSet', where: 'rollingUpdate', key: 'rollingUpdate' }],
  StatefulSetUpdateStrategy: [{ type: 'RollingUpdateStatefulSetStrategy', where: 'rollingUpdate', key: 'rollingUpdate' }],
  PodDisruptionBudgetSpec: [{ type: 'LabelSelector', where: 'selector', key: 'selector' }],
};

export interface FieldAdvice {
  /** The valid field of the same type it most likely meant. */
  suggestion?: string;
  /** Where a field of that exact name belongs instead ("lifecycle"). */
  belongsIn?: string;
  /** The type it belongs to, and the sibling field that holds it when there is one. */
  movesTo?: { type: SchemaType; key?: string };
}

/** What to tell about an unknown field: where it belongs when it is valid one level off, else the closest valid name. */
export function adviceFor(unknown: Pick<UnknownField, 'field' | 'type'>): FieldAdvice {
  const moved = neighbours[unknown.type]?.find((n) => Object.hasOwn(types[n.type], unknown.field));
  if (moved) return { belongsIn: moved.where, movesTo: { type: moved.type, ...(moved.key ? { key: moved.key } : {}) } };
  const suggestion = closestField(unknown.field, Object.keys(types[unknown.type]));
  return suggestion ? { suggestion } : {};
}
