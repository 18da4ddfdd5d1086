// Custom resources whose operator creates pods, and the labels those pods carry. Besides the
// workload kinds, only these can stand behind a PodDisruptionBudget: an IngressClass, a
// ServiceMonitor or a ConfigMap that shares the pods' labels owns no pod, and counting it as an
// owner of unknown size made the expected pod count unknown (so a drain-blocking PDB passed).
import type { KubeObject } from './objects.js';
import { asInteger, asRecord, asStringMap, getPath } from './objects.js';

export interface PodOwningResource {
  object: KubeObject;
  /** Labels every pod of the resource carries. */
  podLabels: Record<string, string>;
  /** Pods the operator keeps running, when the resource says (or its operator's default is known). */
  replicas?: number;
}

interface KnownOperatorKind {
  /** Labels the operator adds to every pod, beside `spec.podMetadata.labels`. */
  labels: (name: string) => Record<string, string>;
  /** Whether `spec.shards` multiplies the pods (one StatefulSet per shard). */
  sharded: boolean;
}

// prometheus-operator (pkg/prometheus/server, pkg/alertmanager, pkg/thanos): the pod template
// gets spec.podMetadata.labels plus these selector labels, never the resource's own
// metadata.labels (those go to the StatefulSet). spec.replicas defaults to 1, spec.shards to 1.
const managedBy = { 'app.kubernetes.io/managed-by': 'prometheus-operator' };
const knownKinds: Record<string, KnownOperatorKind> = {
  'monitoring.coreos.com/Prometheus': {
    labels: (name) => ({ 'app.kubernetes.io/name': 'prometheus', ...managedBy, 'app.kubernetes.io/instance': name, prometheus: name, 'operator.prometheus.io/name': name }),
    sharded: true,
  },
  'monitoring.coreos.com/PrometheusAgent': {
    labels: (name) => ({ 'app.kubernetes.io/name': 'prometheus-agent', ...managedBy, 'app.kubernetes.io/instance': name, 'operator.prometheus.io/name': name }),
    sharded: true,
  },
  'monitoring.coreos.com/Alertmanager': {
    labels: (name) => ({ 'app.kubernetes.io/name': 'alertmanager', ...managedBy, 'app.kubernetes.io/instance': name, alertmanager: name }),
    sharded: false,
  },
  'monitoring.coreos.com/ThanosRuler': {
    labels: (name) => ({ 'app.kubernetes.io/name': 'thanos-ruler', ...managedBy, 'app.kubernetes.io/instance': name, 'thanos-ruler': name }),
    sharded: false,
  },
};

const groupOf = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '');

/**
 * The pods an object of a kind the index does not model would own, or undefined when it owns
 * none. Known operator kinds (prometheus-operator's) get their operator's labels and defaults;
 * any other custom resource counts only when it carries a pod template (`spec.template` with
 * containers) or pod metadata (`spec.podMetadata.labels`), and then with the labels written
 * there — its own metadata.labels say nothing about its pods.
 */
export function podOwningResource(object: KubeObject): PodOwningResource | undefined {
  const { raw, ref } = object;
  const known = knownKinds[`${groupOf(ref.apiVersion)}/${ref.kind}`];
  const podMetadataLabels = asStringMap(getPath(raw, ['spec', 'podMetadata', 'labels']));
  const replicas = asInteger(getPath(raw, ['spec', 'replicas']));
  if (known) {
    const shards = known.sharded ? (asInteger(getPath(raw, ['spec', 'shards'])) ?? 1) : 1;
    // Negative replicas run none (the operator clamps them to 0).
    return { object, podLabels: { ...podMetadataLabels, ...known.labels(ref.name) }, replicas: Math.max(0, replicas ?? 1) * Math.max(1, shards) };
  }
  const template = asRecord(getPath(raw, ['spec', 'template']));
  const hasPodTemplate = Array.isArray(getPath(template, ['spec', 'containers']));
  const templateLabels = hasPodTemplate ? asStringMap(getPath(template, ['metadata', 'labels'])) : {};
  const podLabels = { ...podMetadataLabels, ...templateLabels };
  if (Object.keys(podLabels).length === 0) return undefined;
  return { object, podLabels, ...(replicas !== undefined ? { replicas } : {}) };
}
