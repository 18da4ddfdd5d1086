// One view over every kind that owns a pod template.
import type { KubeObject, ObjectPath } from './objects.js';
import { asArray, asInteger, asRecord, asString, asStringMap, getPath } from './objects.js';
import { type LabelSelector, parseLabelSelector } from './selectors.js';

export type WorkloadKind =
  | 'Pod'
  | 'Deployment'
  | 'ReplicaSet'
  | 'ReplicationController'
  | 'StatefulSet'
  | 'DaemonSet'
  | 'Job'
  | 'CronJob'
  | 'Rollout';

/** Where the pod spec lives inside each kind. */
const podSpecPaths: Record<WorkloadKind, ObjectPath> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  Rollout: ['spec', 'template', 'spec'],
};

export type ContainerRole = 'main' | 'init' | 'sidecar';

export interface ContainerView {
  name: string;
  role: ContainerRole;
  /** Path of the container inside the object. */
  path: ObjectPath;
  spec: Record<string, unknown>;
  image: string;
}

export interface Workload {
  object: KubeObject;
  kind: WorkloadKind;
  podSpecPath: ObjectPath;
  podSpec: Record<string, unknown>;
  /** Path of the pod template's metadata (the object's own metadata for a bare Pod). */
  podMetadataPath: ObjectPath;
  podLabels: Record<string, string>;
  podAnnotations: Record<string, string>;
  /** Main containers, native sidecars (init containers with restartPolicy Always), init containers. */
  containers: ContainerView[];
  selector?: LabelSelector;
  /** spec.replicas as written; undefined when absent or not applicable. */
  specReplicas?: number;
  /** Helm test/hook resources run once and are never rolled; rules skip them. */
  isHook: boolean;
  /** Runs to completion (Job, CronJob, or a Pod with restartPolicy Never/OnFailure). */
  runsToCompletion: boolean;
}

const kinds = new Set<string>(Object.keys(podSpecPaths));

export function isWorkloadKind(kind: string): kind is WorkloadKind {
  return kinds.has(kind);
}

export function buildWorkload(object: KubeObject): Workload | undefined {
  const { kind } = object.ref;
  if (!isWorkloadKind(kind)) return undefined;
  // Argo Rollouts share the Deployment shape; other CRDs named "Rollout" do not.
  if (kind === 'Rollout' && !object.ref.apiVersion.startsWith('argoproj.io/')) return undefined;
  const podSpecPath = podSpecPaths[kind];
  const podSpec = asRecord(getPath(object.raw, podSpecPath));
  if (!podSpec) return undefined;
  const podMetadataPath: ObjectPath = kind === 'Pod' ? ['metadata'] : [...podSpecPath.slice(0, -1), 'metadata'];
  const podMetadata = asRecord(getPath(object.raw, podMetadataPath));
  const objectAnnotations = asStringMap(asRecord(object.raw.metadata)?.annotations);
  const restartPolicy = asString(podSpec.restartPolicy);

  const containers: ContainerView[] = [];
  const addContainers = (field: 'containers' | 'initContainers') => {
    asArray(podSpec[field]).forEach((item, index) => {
      const spec = asRecord(item);
      if (!spec) return;
      const role: ContainerRole =
        field === 'containers' ? 'main' : asString(spec.restartPolicy) === 'Always' ? 'sidecar' : 'init';
      containers.push({
        name: asString(spec.name) ?? `#${index}`,
        role,
        path: [...podSpecPath, field, index],
        spec,
        image: asString(spec.image) ?? '',
      });
    });
  };
  addContainers('containers');
  addContainers('initContainers');

  const selector =
    kind === 'ReplicationController'
      ? parseLabelSelector({ matchLabels: getPath(object.raw, ['spec', 'selector']) })
      : parseLabelSelector(getPath(object.raw, ['spec', 'selector']));
  const hasReplicas = kind === 'Deployment' || kind === 'ReplicaSet' || kind === 'StatefulSet' || kind === 'Rollout' || kind === 'ReplicationController';
  return {
    object,
    kind,
    podSpecPath,
    podSpec,
    podMetadataPath,
    podLabels: asStringMap(podMetadata?.labels),
    podAnnotations: asStringMap(podMetadata?.annotations),
    containers,
    ...(selector ? { selector } : {}),
    ...(hasReplicas ? { specReplicas: asInteger(getPath(object.raw, ['spec', 'replicas'])) } : {}),
    isHook: Object.hasOwn(objectAnnotations, 'helm.sh/hook') || Object.hasOwn(objectAnnotations, 'argocd.argoproj.io/hook'),
    runsToCompletion:
      kind === 'Job' || kind === 'CronJob' || (kind === 'Pod' && (restartPolicy === 'Never' || restartPolicy === 'OnFailure')),
  };
}

/** Kinds whose pods a PDB's maxUnavailable / percentages can be computed for (scale subresource). */
export function hasScaleSubresource(kind: WorkloadKind): boolean {
  return kind === 'Deployment' || kind === 'ReplicaSet' || kind === 'StatefulSet' || kind === 'ReplicationController' || kind === 'Rollout';
}
