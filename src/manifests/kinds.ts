// Which kinds the analysis reads, in one place.

/**
 * Kinds no rule reads beyond their metadata: the parser trims their values to apiVersion/kind/
 * metadata right after loading, which keeps large GitOps trees within memory.
 */
export const contextFreeKinds: ReadonlySet<string> = new Set([
  'Secret',
  'ServiceAccount',
  'Role',
  'RoleBinding',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'Ingress',
  'NetworkPolicy',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'APIService',
  'Namespace',
  'StorageClass',
  'PriorityClass',
  'LimitRange',
  'ResourceQuota',
]);

/** Built-in kinds the object index knows; any other kind may be an operator's custom resource. */
export const builtInKinds: ReadonlySet<string> = new Set([
  ...contextFreeKinds,
  'Service',
  'PodDisruptionBudget',
  'HorizontalPodAutoscaler',
  'ConfigMap',
  'PersistentVolumeClaim',
  'PersistentVolume',
  'Endpoints',
  'EndpointSlice',
]);
