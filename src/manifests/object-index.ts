// The cross-object view: which Services, PDBs and HPAs concern a workload. Built once over the
// whole head tree, so a PR that changes only a Deployment is still judged with its PDB.
import { ImageCatalog } from '../images/evidence.js';
import { builtInKinds } from './kinds.js';
import type { KubeObject } from './objects.js';
import { podOwningResource, type PodOwningResource } from './operator-pods.js';
import { refKey } from './objects.js';
import { asArray, asInteger, asRecord, asString, asStringMap, getPath, namespaceOf } from './objects.js';
import { type LabelSelector, parseLabelSelector, selectorMatches, serviceSelectorMatches } from './selectors.js';
import { buildWorkload, type Workload } from './workloads.js';

export interface ServiceView {
  object: KubeObject;
  selector: Record<string, string>;
  headless: boolean;
  type: string;
  /** targetPort of each port (number or name; defaults to port). */
  targetPorts: (number | string)[];
}

export interface PdbView {
  object: KubeObject;
  selector?: LabelSelector;
  minAvailable?: number | string;
  maxUnavailable?: number | string;
  unhealthyPodEvictionPolicy?: string;
}

export interface HpaView {
  object: KubeObject;
  targetKind: string;
  targetName: string;
  minReplicas: number;
  maxReplicas?: number;
}

export interface ObjectIndex {
  objects: KubeObject[];
  workloads: Workload[];
  pdbs: PdbView[];
  services: ServiceView[];
  servicesFor(workload: Workload): ServiceView[];
  pdbsFor(workload: Workload): PdbView[];
  hpaFor(workload: Workload): HpaView | undefined;
  workloadsFor(pdb: PdbView): Workload[];
  configMapData(namespace: string, name: string): Record<string, string> | undefined;
  /**
   * Custom resources whose operator creates pods the PDB selects (Prometheus, Alertmanager…):
   * only resources that own pods count, matched on the labels their pods carry.
   */
  podOwningResourcesFor(pdb: PdbView): PodOwningResource[];
  /** What is known about the image a container runs (Dockerfile, registry config, name). */
  images: ImageCatalog;
}


function group<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

/** Key of one exact label in one namespace. */
const labelKey = (namespace: string, key: string, value: string) => `${namespace}\0${key}\0${value}`;

/**
 * Selectors found by one label they require, so matching thousands of workloads against
 * thousands of selectors stays near-linear. `requiredLabel` gives one label the selector needs
 * ([key, value]), `'any'` when it needs none (expressions only, or empty), `'none'` when it
 * selects nothing. Candidates come back in input order; callers still apply the full match.
 */
function candidatesByLabel<T>(
  items: readonly T[],
  namespaceOfItem: (item: T) => string,
  requiredLabel: (item: T) => [string, string] | 'any' | 'none',
): (namespace: string, labels: Record<string, string>) => T[] {
  const buckets = new Map<string, T[]>();
  const unkeyed = new Map<string, T[]>();
  const order = new Map<T, number>();
  items.forEach((item, i) => {
    order.set(item, i);
    const required = requiredLabel(item);
    if (required === 'none') return;
    const key = required === 'any' ? namespaceOfItem(item) : labelKey(namespaceOfItem(item), ...required);
    const map = required === 'any' ? unkeyed : buckets;
    const list = map.get(key);
    if (list) list.push(item);
    else map.set(key, [item]);
  });
  return (namespace, labels) => {
    const found = [...(unkeyed.get(namespace) ?? [])];
    for (const [key, value] of Object.entries(labels)) found.push(...(buckets.get(labelKey(namespace, key, value)) ?? []));
    return found.length > 1 ? found.sort((a, b) => (order.get(a) as number) - (order.get(b) as number)) : found;
  };
}

/** A PodDisruptionBudget's fields as the rules read them. */
export function pdbViewOf(object: KubeObject): PdbView {
  const spec = asRecord(object.raw.spec) ?? {};
  const intOrString = (value: unknown) => (typeof value === 'number' || typeof value === 'string' ? value : undefined);
  return {
    object,
    selector: parseLabelSelector(spec.selector),
    minAvailable: intOrString(spec.minAvailable),
    maxUnavailable: intOrString(spec.maxUnavailable),
    unhealthyPodEvictionPolicy: asString(spec.unhealthyPodEvictionPolicy),
  };
}

export function buildIndex(objects: KubeObject[], images: ImageCatalog = new ImageCatalog(undefined)): ObjectIndex {
  const workloads: Workload[] = [];
  const services: ServiceView[] = [];
  const pdbs: PdbView[] = [];
  const hpas: HpaView[] = [];
  const configMaps = new Map<string, Record<string, string>>();
  const podOwningResources: PodOwningResource[] = [];

  for (const object of objects) {
    const workload = buildWorkload(object);
    if (workload) {
      workloads.push(workload);
      continue;
    }
    const { raw } = object;
    switch (object.ref.kind) {
      case 'Service': {
        const spec = asRecord(raw.spec) ?? {};
        const ports = asArray(spec.ports).map(asRecord);
        services.push({
          object,
          selector: asStringMap(spec.selector),
          headless: spec.clusterIP === 'None',
          type: asString(spec.type) ?? 'ClusterIP',
          targetPorts: ports.flatMap((p) => {
            const target = p?.targetPort ?? p?.port;
            return typeof target === 'number' || typeof target === 'string' ? [target] : [];
          }),
        });
        break;
      }
      case 'PodDisruptionBudget':
        pdbs.push(pdbViewOf(object));
        break;
      case 'HorizontalPodAutoscaler': {
        const target = asRecord(getPath(raw, ['spec', 'scaleTargetRef']));
        const targetKind = asString(target?.kind);
        const targetName = asString(target?.name);
        if (targetKind && targetName) {
          const maxReplicas = asInteger(getPath(raw, ['spec', 'maxReplicas']));
          hpas.push({
            object,
            targetKind,
            targetName,
            // minReplicas defaults to 1 (autoscaling/v2).
            minReplicas: asInteger(getPath(raw, ['spec', 'minReplicas'])) ?? 1,
            ...(maxReplicas !== undefined ? { maxReplicas } : {}),
          });
        }
        break;
      }
      case 'ConfigMap':
        configMaps.set(`${namespaceOf(object.ref)}/${object.ref.name}`, asStringMap(raw.data));
        break;
      default: {
        const owner = builtInKinds.has(object.ref.kind) ? undefined : podOwningResource(object);
        if (owner) podOwningResources.push(owner);
      }
    }
  }

  const serviceCandidates = candidatesByLabel(
    services,
    (s) => namespaceOf(s.object.ref),
    (s) => (Object.entries(s.selector)[0] as [string, string] | undefined) ?? 'none',
  );
  const pdbCandidates = candidatesByLabel(
    pdbs,
    (p) => namespaceOf(p.object.ref),
    (p) => (p.selector === undefined ? 'none' : ((Object.entries(p.selector.matchLabels)[0] as [string, string] | undefined) ?? 'any')),
  );
  const workloadsByNs = group(workloads, (w) => namespaceOf(w.object.ref));
  const workloadsByLabel = new Map<string, Workload[]>();
  for (const workload of workloads) {
    for (const [key, value] of Object.entries(workload.podLabels)) {
      const k = labelKey(namespaceOf(workload.object.ref), key, value);
      const list = workloadsByLabel.get(k);
      if (list) list.push(workload);
      else workloadsByLabel.set(k, [workload]);
    }
  }
  const podOwningResourcesByNs = group(podOwningResources, (r) => namespaceOf(r.object.ref));
  const hpaByTarget = group(hpas, (h) => `${namespaceOf(h.object.ref)}/${h.targetKind}/${h.targetName}`);

  // The same identity in several files means variants (environments, overlays, a broken and a
  // fixed copy). A Service/PDB/HPA belongs to the variant it sits closest to in the tree.
  const twins = new Map<string, KubeObject[]>();
  for (const object of objects) {
    const key = refKey(object.ref);
    twins.set(key, [...(twins.get(key) ?? []), object]);
  }
  const segments = new Map<KubeObject, string[]>();
  const segmentsOf = (object: KubeObject) => {
    let parts = segments.get(object);
    if (!parts) segments.set(object, (parts = object.source.file.split('/')));
    return parts;
  };
  const closeness = (a: KubeObject, b: KubeObject) => {
    const x = segmentsOf(a);
    const y = segmentsOf(b);
    let shared = 0;
    while (shared < x.length && shared < y.length && x[shared] === y[shared]) shared++;
    return shared;
  };
  const twinsOf = (object: KubeObject) => twins.get(refKey(object.ref)) ?? [];
  const hasTwins = new Set([...twins.values()].filter((list) => list.length > 1).flat());
  const related = (a: KubeObject, b: KubeObject) => {
    // Two renders (values sets, overlays) are separate installations: they never meet.
    const renderA = a.source.origin?.render;
    const renderB = b.source.origin?.render;
    if (renderA !== undefined && renderB !== undefined && renderA !== renderB) return false;
    // The common case: neither object has a variant elsewhere, so nothing can be closer.
    if (!hasTwins.has(a) && !hasTwins.has(b)) return true;
    const near = closeness(a, b);
    const farther = (object: KubeObject, other: KubeObject) => twinsOf(object).every((twin) => twin === object || closeness(twin, other) <= near);
    return farther(b, a) && farther(a, b);
  };

  const pdbMatches = (pdb: PdbView, workload: Workload) =>
    pdb.selector !== undefined &&
    !workload.isHook &&
    selectorMatches(pdb.selector, workload.podLabels) &&
    related(pdb.object, workload.object);

  // Rules ask the same questions about a workload many times; answer each once.
  const memo = <T>(compute: (workload: Workload) => T) => {
    const cache = new WeakMap<Workload, T>();
    return (workload: Workload): T => {
      if (!cache.has(workload)) cache.set(workload, compute(workload));
      return cache.get(workload) as T;
    };
  };

  return {
    objects,
    workloads,
    pdbs,
    services,
    servicesFor: memo((workload) =>
      serviceCandidates(namespaceOf(workload.object.ref), workload.podLabels).filter(
        (s) => serviceSelectorMatches(s.selector, workload.podLabels) && related(s.object, workload.object),
      ),
    ),
    pdbsFor: memo((workload) => pdbCandidates(namespaceOf(workload.object.ref), workload.podLabels).filter((pdb) => pdbMatches(pdb, workload))),
    hpaFor: memo((workload) =>
      (hpaByTarget.get(`${namespaceOf(workload.object.ref)}/${workload.kind}/${workload.object.ref.name}`) ?? []).find((h) =>
        related(h.object, workload.object),
      ),
    ),
    workloadsFor: (pdb) => {
      const required = pdb.selector && (Object.entries(pdb.selector.matchLabels)[0] as [string, string] | undefined);
      const namespace = namespaceOf(pdb.object.ref);
      const candidates = required ? (workloadsByLabel.get(labelKey(namespace, ...required)) ?? []) : (workloadsByNs.get(namespace) ?? []);
      return candidates.filter((w) => pdbMatches(pdb, w));
    },
    configMapData: (namespace, name) => configMaps.get(`${namespace}/${name}`),
    images,
    podOwningResourcesFor: (pdb) => {
      const selector = pdb.selector;
      if (!selector) return [];
      return (podOwningResourcesByNs.get(namespaceOf(pdb.object.ref)) ?? []).filter(
        (resource) => selectorMatches(selector, resource.podLabels) && related(pdb.object, resource.object),
      );
    },
  };
}
