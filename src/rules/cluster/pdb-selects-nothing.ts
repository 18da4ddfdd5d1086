import { namespaceOf } from '../../manifests/objects.js';
import { formatSelector, isEmptySelector } from '../../manifests/selectors.js';
import { podsOf } from '../../k8s/pdb.js';
import { defineRule } from '../types.js';

export default defineRule({
  target: 'pdb',
  meta: {
    id: 'cluster/pdb-selects-nothing',
    layer: 'cluster',
    name: 'pdb-selects-nothing',
    severity: 'warning',
    title: 'The PodDisruptionBudget selects the pods it is meant to protect',
    summary: 'The PDB selector matches no pod template (and no operator resource) in the analysed manifests, so it protects nothing.',
    docs: {
      why: 'A budget whose selector matches nothing is silently useless: drains and autoscalers evict the workload it was written for all at once. It usually comes from a label renamed on the Deployment but not on the PDB, or a namespace mismatch.',
      fact: 'PDBs select pods by label in their own namespace; policy/v1 treats an empty selector as "every pod in the namespace", a selector without matches protects nothing.',
      references: ['https://kubernetes.io/docs/tasks/run-application/configure-pdb/'],
      fixYaml: `spec:
  selector:
    matchLabels:
      app.kubernetes.io/name: web   # the same labels as the pod template`,
      verify: ['kubectl -n {namespace} get pods -l {selector}   # should list the protected pods', "kubectl -n {namespace} get pdb {name} -o jsonpath='{.status.expectedPods}'"],
      exceptions: 'Pods created by operators from custom resources count when those pods carry the selected labels: for prometheus-operator\'s Prometheus, PrometheusAgent, Alertmanager and ThanosRuler, `spec.podMetadata.labels` and the labels the operator adds (`prometheus: <name>`, `app.kubernetes.io/instance: <name>`…); for other custom resources, the labels of their pod template (`spec.template`) or `spec.podMetadata`. Objects that own no pods (IngressClass, ServiceMonitor, PodMonitor, ConfigMap, a resource\'s own metadata labels) never count. A namespace with no workloads in the analysed manifests gets an info note only.',
    },
  },
  check(pdb, context) {
    if (!pdb.selector) return null;
    if (isEmptySelector(pdb.selector)) return [];
    const pods = podsOf(pdb, context.index);
    if (pods.workloads.length > 0 || pods.customResources.length > 0) return [];
    const namespace = namespaceOf(pdb.object.ref);
    const others = context.index.workloads.filter((w) => namespaceOf(w.object.ref) === namespace);
    return [
      {
        severity: others.length === 0 ? 'info' : 'warning',
        path: ['spec', 'selector'],
        message: `selector ${formatSelector(pdb.selector)} matches no pod template in namespace ${namespace} of the analysed manifests${others.length === 0 ? ' (no workload of that namespace was analysed)' : ''}: it protects nothing.`,
        remediation: 'Use the pod template labels of the workload it should protect, in the same namespace.',
      },
    ];
  },
});
