// How controllers replace pods: strategy types, defaults and the numbers they resolve to
// (pkg/apis/apps defaults and validation, pkg/controller/deployment/util ResolveFenceposts).
import type { ObjectIndex } from '../manifests/object-index.js';
import type { ObjectPath } from '../manifests/objects.js';
import { asRecord, asString, getPath } from '../manifests/objects.js';
import type { Workload } from '../manifests/workloads.js';
import { type IntOrString, isZero, type ParsedIntOrString, parseIntOrString, scaled } from './intstr.js';

export interface RollingParameter {
  /** As written, or the default when absent. */
  value: IntOrString;
  parsed?: ParsedIntOrString;
  explicit: boolean;
  path: ObjectPath;
}

export interface Strategy {
  type: string;
  typeExplicit: boolean;
  path: ObjectPath;
  rollingUpdatePresent: boolean;
  maxSurge?: RollingParameter;
  maxUnavailable?: RollingParameter;
}

function parameter(record: Record<string, unknown> | undefined, base: ObjectPath, field: string, fallback: IntOrString): RollingParameter {
  const raw = record?.[field];
  const explicit = typeof raw === 'number' || typeof raw === 'string';
  const value = explicit ? (raw as IntOrString) : fallback;
  const parsed = parseIntOrString(value);
  return { value, explicit, path: [...base, field], ...(parsed ? { parsed } : {}) };
}

export function strategyOf(workload: Workload): Strategy | undefined {
  const field = workload.kind === 'Deployment' ? 'strategy' : workload.kind === 'DaemonSet' || workload.kind === 'StatefulSet' ? 'updateStrategy' : undefined;
  if (!field) return undefined;
  const path: ObjectPath = ['spec', field];
  const record = asRecord(getPath(workload.object.raw, path));
  const typeText = asString(record?.type);
  const type = typeText ?? 'RollingUpdate';
  const rollingPath = [...path, 'rollingUpdate'];
  const rolling = asRecord(record?.rollingUpdate);
  const strategy: Strategy = { type, typeExplicit: typeText !== undefined, path, rollingUpdatePresent: rolling !== undefined };
  if (type !== 'RollingUpdate') return strategy;
  if (workload.kind === 'Deployment') {
    strategy.maxSurge = parameter(rolling, rollingPath, 'maxSurge', '25%');
    strategy.maxUnavailable = parameter(rolling, rollingPath, 'maxUnavailable', '25%');
  } else if (workload.kind === 'DaemonSet') {
    strategy.maxSurge = parameter(rolling, rollingPath, 'maxSurge', 0);
    strategy.maxUnavailable = parameter(rolling, rollingPath, 'maxUnavailable', 1);
  } else if (rolling && (typeof rolling.maxUnavailable === 'number' || typeof rolling.maxUnavailable === 'string')) {
    strategy.maxUnavailable = parameter(rolling, rollingPath, 'maxUnavailable', 1);
  }
  return strategy;
}

export interface ReplicaFacts {
  count: number;
  source: 'spec' | 'hpa' | 'default';
  path: ObjectPath;
  hpaName?: string;
}

/** Replicas a rollout or PDB works against: the HPA's minimum stands in when one manages it. */
export function replicasOf(workload: Workload, index: ObjectIndex): ReplicaFacts {
  const path: ObjectPath = ['spec', 'replicas'];
  const hpa = index.hpaFor(workload);
  if (hpa) return { count: hpa.minReplicas, source: 'hpa', path, hpaName: hpa.object.ref.name };
  if (workload.specReplicas !== undefined) return { count: workload.specReplicas, source: 'spec', path };
  return { count: 1, source: 'default', path };
}

export function describeReplicas(replicas: ReplicaFacts): string {
  if (replicas.source === 'hpa') return `${replicas.count} (HPA ${replicas.hpaName} minReplicas)`;
  if (replicas.source === 'default') return `${replicas.count} (default)`;
  return String(replicas.count);
}

/** Deployment fenceposts: surge rounds up, unavailable rounds down, both 0 ⇒ unavailable 1. */
export function resolveDeploymentRollout(strategy: Strategy, replicas: number): { surge: number; unavailable: number } | undefined {
  const surge = strategy.maxSurge?.parsed;
  const unavailable = strategy.maxUnavailable?.parsed;
  if (!surge || !unavailable) return undefined;
  const resolvedSurge = scaled(surge, replicas, true);
  let resolvedUnavailable = scaled(unavailable, replicas, false);
  if (resolvedSurge === 0 && resolvedUnavailable === 0) resolvedUnavailable = 1;
  return { surge: resolvedSurge, unavailable: resolvedUnavailable };
}

export function isNonZero(parameter: RollingParameter | undefined): boolean {
  return parameter?.parsed !== undefined && !isZero(parameter.parsed);
}
