// The built-in APIs a cluster of a Kubernetes minor serves, as Helm sees them (`.Capabilities.
// APIVersions`): each group/version and each group/version/Kind. `helm template` gets them as
// --api-versions, so a chart that picks its apiVersion with `.Capabilities.APIVersions.Has`
// renders what it would install on that cluster, not its offline fallback.
//
// The 1.34 table is read from a real API server (scripts/gen-kube-api.ts, api-versions-1.34.json).
// Other minors are derived from it with the upstream Deprecated API Migration Guide
// (https://kubernetes.io/docs/reference/using-api/deprecation-guide/): an API removed before 1.34
// is added back for the minors that still served it, and an API 1.34 serves is taken out for the
// minors before it was served by default. 1.35 and 1.36 get the 1.34 table: the guide removes
// nothing in them, and what they add is not in it.
import type { KubeVersion } from '../version.js';
import table from './api-versions-1.34.json' with { type: 'json' };

/** The minor the table was generated for. */
export const apiTableMinor = 34;

interface Served {
  apiVersion: string;
  kinds: string[];
  /** First minor that serves it by default (undefined: 1.20 or earlier). */
  since?: number;
  /** First minor that no longer serves it (undefined: still served in 1.34). */
  removedIn?: number;
}

/** APIs that differ between 1.20 and 1.34 (deprecation guide; "available since" for the additions). */
const changes: Served[] = [
  // Removed in 1.22.
  { apiVersion: 'admissionregistration.k8s.io/v1beta1', kinds: ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'], removedIn: 22 },
  { apiVersion: 'apiextensions.k8s.io/v1beta1', kinds: ['CustomResourceDefinition'], removedIn: 22 },
  { apiVersion: 'apiregistration.k8s.io/v1beta1', kinds: ['APIService'], removedIn: 22 },
  { apiVersion: 'authentication.k8s.io/v1beta1', kinds: ['TokenReview'], removedIn: 22 },
  { apiVersion: 'authorization.k8s.io/v1beta1', kinds: ['LocalSubjectAccessReview', 'SelfSubjectAccessReview', 'SelfSubjectRulesReview', 'SubjectAccessReview'], removedIn: 22 },
  { apiVersion: 'certificates.k8s.io/v1beta1', kinds: ['CertificateSigningRequest'], removedIn: 22 },
  { apiVersion: 'coordination.k8s.io/v1beta1', kinds: ['Lease'], removedIn: 22 },
  { apiVersion: 'extensions/v1beta1', kinds: ['Ingress'], removedIn: 22 },
  { apiVersion: 'networking.k8s.io/v1beta1', kinds: ['Ingress', 'IngressClass'], removedIn: 22 },
  { apiVersion: 'rbac.authorization.k8s.io/v1beta1', kinds: ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'], removedIn: 22 },
  { apiVersion: 'scheduling.k8s.io/v1beta1', kinds: ['PriorityClass'], removedIn: 22 },
  { apiVersion: 'storage.k8s.io/v1beta1', kinds: ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'], removedIn: 22 },
  // Removed in 1.25.
  { apiVersion: 'autoscaling/v2beta1', kinds: ['HorizontalPodAutoscaler'], removedIn: 25 },
  { apiVersion: 'batch/v1beta1', kinds: ['CronJob'], removedIn: 25 },
  { apiVersion: 'discovery.k8s.io/v1beta1', kinds: ['EndpointSlice'], removedIn: 25 },
  { apiVersion: 'events.k8s.io/v1beta1', kinds: ['Event'], removedIn: 25 },
  { apiVersion: 'node.k8s.io/v1beta1', kinds: ['RuntimeClass'], removedIn: 25 },
  { apiVersion: 'policy/v1beta1', kinds: ['PodDisruptionBudget', 'PodSecurityPolicy'], removedIn: 25 },
  // Removed in 1.26, 1.27, 1.29, 1.32.
  { apiVersion: 'autoscaling/v2beta2', kinds: ['HorizontalPodAutoscaler'], removedIn: 26 },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta1', kinds: ['FlowSchema', 'PriorityLevelConfiguration'], removedIn: 26 },
  { apiVersion: 'storage.k8s.io/v1beta1', kinds: ['CSIStorageCapacity'], since: 21, removedIn: 27 },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta2', kinds: ['FlowSchema', 'PriorityLevelConfiguration'], since: 23, removedIn: 29 },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', kinds: ['FlowSchema', 'PriorityLevelConfiguration'], since: 26, removedIn: 32 },
  // Served by 1.34, but not by default from 1.20 on.
  { apiVersion: 'batch/v1', kinds: ['CronJob'], since: 21 },
  { apiVersion: 'discovery.k8s.io/v1', kinds: ['EndpointSlice'], since: 21 },
  { apiVersion: 'policy/v1', kinds: ['PodDisruptionBudget'], since: 21 },
  { apiVersion: 'autoscaling/v2', kinds: ['HorizontalPodAutoscaler'], since: 23 },
  { apiVersion: 'storage.k8s.io/v1', kinds: ['CSIStorageCapacity'], since: 24 },
  { apiVersion: 'authentication.k8s.io/v1', kinds: ['SelfSubjectReview'], since: 28 },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1', kinds: ['FlowSchema', 'PriorityLevelConfiguration'], since: 29 },
  { apiVersion: 'admissionregistration.k8s.io/v1', kinds: ['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding'], since: 30 },
  { apiVersion: 'networking.k8s.io/v1', kinds: ['IPAddress', 'ServiceCIDR'], since: 33 },
  { apiVersion: 'resource.k8s.io/v1', kinds: ['DeviceClass', 'ResourceClaim', 'ResourceClaimTemplate', 'ResourceSlice'], since: 34 },
  { apiVersion: 'storage.k8s.io/v1', kinds: ['VolumeAttributesClass'], since: 34 },
];

const servedAt = (served: Served, minor: number) => (served.since === undefined || served.since <= minor) && (served.removedIn === undefined || minor < served.removedIn);

/**
 * group/version → kinds served by default at `version` (Kubernetes 1.x only): the generated table
 * with the deprecation guide's changes for the other minors.
 */
export function builtInKinds(version: KubeVersion): Map<string, Set<string>> {
  const minor = version.major === 1 ? Math.min(version.minor, apiTableMinor) : apiTableMinor;
  const kinds = new Map(Object.entries(table.kinds as Record<string, string[]>).map(([gv, list]) => [gv, new Set(list)]));
  for (const change of changes) {
    const served = servedAt(change, minor);
    const set = kinds.get(change.apiVersion) ?? new Set<string>();
    for (const kind of change.kinds) {
      if (served) set.add(kind);
      else set.delete(kind);
    }
    if (set.size > 0) kinds.set(change.apiVersion, set);
    else kinds.delete(change.apiVersion);
  }
  return kinds;
}

/** What `--api-versions` gets for the built-in APIs: each group/version, then each group/version/Kind, sorted. */
export function builtInApiVersions(version: KubeVersion): string[] {
  const out: string[] = [];
  for (const [gv, set] of [...builtInKinds(version)].sort(([a], [b]) => a.localeCompare(b))) {
    out.push(gv, ...[...set].sort().map((kind) => `${gv}/${kind}`));
  }
  return out;
}
