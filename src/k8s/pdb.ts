// What a PodDisruptionBudget really allows (pkg/controller/disruption, eviction.go).
import type { ObjectIndex, PdbView } from '../manifests/object-index.js';
import type { KubeObject } from '../manifests/objects.js';
import { hasScaleSubresource, type Workload } from '../manifests/workloads.js';
import { parseIntOrString, scaled } from './intstr.js';
import { replicasOf } from './strategy.js';

export interface PdbPods {
  workloads: Workload[];
  /** Operator custom resources whose pod labels the selector matches (Prometheus, Alertmanager…). */
  customResources: { object: KubeObject; replicas?: number }[];
  /** Expected pods, when every matched owner tells its replica count. */
  expected?: number;
  /** Owners without a scale subresource (DaemonSet, bare Pod, Job…). */
  unscalable: Workload[];
}

export function podsOf(pdb: PdbView, index: ObjectIndex): PdbPods {
  const workloads = index.workloadsFor(pdb);
  const customResources = index.podOwningResourcesFor(pdb).map(({ object, replicas }) => ({ object, ...(replicas !== undefined ? { replicas } : {}) }));
  const unscalable = workloads.filter((w) => !hasScaleSubresource(w.kind));
  let expected: number | undefined;
  if (unscalable.length === 0 && workloads.length + customResources.length > 0 && customResources.every((c) => c.replicas !== undefined)) {
    expected =
      workloads.reduce((sum, w) => sum + replicasOf(w, index).count, 0) + customResources.reduce((sum, c) => sum + (c.replicas ?? 0), 0);
  }
  return { workloads, customResources, unscalable, ...(expected !== undefined ? { expected } : {}) };
}

/** Disruptions the PDB allows with all expected pods healthy; undefined when not computable. */
export function allowedDisruptions(pdb: PdbView, expected: number | undefined): number | undefined {
  const maxUnavailable = parseIntOrString(pdb.maxUnavailable);
  const minAvailable = parseIntOrString(pdb.minAvailable);
  if (maxUnavailable) {
    if (maxUnavailable.value === 0) return 0;
    if (expected === undefined) return undefined;
    // Percentages are rounded up for both fields (GetScaledValueFromIntOrPercent(…, true)).
    return Math.max(0, Math.min(expected, scaled(maxUnavailable, expected, true)));
  }
  if (minAvailable) {
    if (minAvailable.kind === 'percent' && minAvailable.value >= 100) return 0;
    if (expected === undefined) return undefined;
    return Math.max(0, expected - scaled(minAvailable, expected, true));
  }
  return undefined;
}
