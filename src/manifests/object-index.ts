// The cross-object view: which Services, PDBs and HPAs concern a workload. Built once over the
// whole head tree, so a PR that changes only a Deployment is still judged with its PDB.
import { builtInKinds } from './kinds.js';
import type { KubeObject } from './objects.js';
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
  /** Every port is named like metrics/health (a scrape target, not client traffic). */
  metricsOnly: boolean;
}

const metricsName = /metric|prom|health|probe|pprof|debug|stats/i;

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
  /** Objects of kinds we do not model (operator custom resources) in a namespace. */
  otherObjects(namespace: string): KubeObject[];
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

export function buildIndex(objects: KubeObject[]): ObjectIndex {
  const workloads: Workload[] = [];
  const services: ServiceView[] = [];
  const pdbs: PdbView[] = [];
  const hpas: HpaView[] = [];
  const configMaps = new Map<string, Record<string, string>>();
  const others: KubeObject[] = [];

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
          metricsOnly:
            /-metrics$/.test(object.ref.name) ||
            (ports.length > 0 && ports.every((p) => metricsName.test(asString(p?.name) ?? '') || metricsName.test(String(p?.targetPort ?? '')))),
        });
        break;
      }
      case 'PodDisruptionBudget': {
        const spec = asRecord(raw.spec) ?? {};
        const intOrString = (value: unknown) =>
          typeof value === 'number' || typeof value === 'string' ? value : undefined;
        pdbs.push({
          object,
          selector: parseLabelSelector(spec.selector),
          minAvailable: intOrString(spec.minAvailable),
          maxUnavailable: intOrString(spec.maxUnavailable),
          unhealthyPodEvictionPolicy: asString(spec.unhealthyPodEvictionPolicy),
        });
        break;
      }
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
      default:
        if (!builtInKinds.has(object.ref.kind)) others.push(object);
    }
  }

  const servicesByNs = group(services, (s) => namespaceOf(s.object.ref));
  const pdbsByNs = group(pdbs, (p) => namespaceOf(p.object.ref));
  const workloadsByNs = group(workloads, (w) => namespaceOf(w.object.ref));
  const othersByNs = group(others, (o) => namespaceOf(o.ref));
  const hpaByTarget = group(hpas, (h) => `${namespaceOf(h.object.ref)}/${h.targetKind}/${h.targetName}`);

  // The same identity in several files means variants (environments, overlays, a broken and a
  // fixed copy). A Service/PDB/HPA belongs to the variant it sits closest to in the tree.
  const twins = new Map<string, KubeObject[]>();
  for (const object of objects) {
    const key = refKey(object.ref);
    twins.set(key, [...(twins.get(key) ?? []), object]);
  }
  const closeness = (a: KubeObject, b: KubeObject) => {
    const x = a.source.file.split('/');
    const y = b.source.file.split('/');
    let shared = 0;
    while (shared < x.length && shared < y.length && x[shared] === y[shared]) shared++;
    return shared;
  };
  const related = (a: KubeObject, b: KubeObject) => {
    const near = closeness(a, b);
    const farther = (object: KubeObject, other: KubeObject) =>
      (twins.get(refKey(object.ref)) ?? []).every((twin) => twin === object || closeness(twin, other) <= near);
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
      (servicesByNs.get(namespaceOf(workload.object.ref)) ?? []).filter(
        (s) => serviceSelectorMatches(s.selector, workload.podLabels) && related(s.object, workload.object),
      ),
    ),
    pdbsFor: memo((workload) => (pdbsByNs.get(namespaceOf(workload.object.ref)) ?? []).filter((pdb) => pdbMatches(pdb, workload))),
    hpaFor: memo((workload) =>
      (hpaByTarget.get(`${namespaceOf(workload.object.ref)}/${workload.kind}/${workload.object.ref.name}`) ?? []).find((h) =>
        related(h.object, workload.object),
      ),
    ),
    workloadsFor: (pdb) => (workloadsByNs.get(namespaceOf(pdb.object.ref)) ?? []).filter((w) => pdbMatches(pdb, w)),
    configMapData: (namespace, name) => configMaps.get(`${namespace}/${name}`),
    otherObjects: (namespace) => othersByNs.get(namespace) ?? [],
  };
}
