import { parseIntOrString } from '../../k8s/intstr.js';
import { podsOf } from '../../k8s/pdb.js';
import { nameList } from '../helpers.js';
import { defineRule } from '../types.js';

export default defineRule({
  target: 'pdb',
  meta: {
    id: 'cluster/pdb-unsupported-owner',
    layer: 'cluster',
    name: 'pdb-unsupported-owner',
    severity: 'warning',
    title: 'The PodDisruptionBudget can be evaluated for its pods',
    summary: 'maxUnavailable or a percentage over pods without a scale subresource (DaemonSet, bare Pod) cannot be computed; and drains never evict DaemonSet pods anyway.',
    docs: {
      why: 'To turn maxUnavailable or a percentage into a number the disruption controller needs the owner\'s scale (replicas). DaemonSets and bare pods have none, so the budget never computes and evictions of those pods are refused. And for DaemonSets the budget buys nothing: `kubectl drain` never evicts DaemonSet pods (`--ignore-daemonsets` skips them); they stop only at node shutdown.',
      fact: 'Disruptions docs: "maxUnavailable … can only be used with … Deployment, ReplicationController, ReplicaSet or StatefulSet"; for arbitrary controllers only an integer minAvailable works. kubectl drain skips DaemonSet-managed pods.',
      references: ['https://kubernetes.io/docs/tasks/run-application/configure-pdb/#arbitrary-controllers-and-selectors', 'https://kubernetes.io/docs/reference/kubectl/generated/kubectl_drain/'],
      fixYaml: `# For a DaemonSet: remove the PDB; make node shutdown graceful instead (kubelet config)
shutdownGracePeriod: 45s
shutdownGracePeriodCriticalPods: 15s`,
      verify: ["kubectl -n {namespace} get pdb {name} -o jsonpath='{.status.conditions}'", 'kubectl -n {namespace} get events --field-selector involvedObject.name={name}'],
    },
  },
  check(pdb, context) {
    const pods = podsOf(pdb, context.index);
    if (pods.unscalable.length === 0) return null;
    const owners = nameList(pods.unscalable.map((w) => `${w.kind} ${w.object.ref.name}`));
    const daemonSetsOnly = pods.unscalable.every((w) => w.kind === 'DaemonSet') && pods.workloads.length === pods.unscalable.length;
    const minAvailable = parseIntOrString(pdb.minAvailable);
    const computable = pdb.maxUnavailable === undefined && minAvailable?.kind === 'int';
    if (!computable) {
      return [
        {
          path: ['spec', pdb.maxUnavailable !== undefined ? 'maxUnavailable' : 'minAvailable'],
          message: `it selects pods of ${owners}, which have no scale subresource: ${pdb.maxUnavailable !== undefined ? 'maxUnavailable' : 'a percentage'} cannot be computed for them, so evictions of these pods are refused${daemonSetsOnly ? ' — and drains never evict DaemonSet pods anyway' : ''}.`,
          remediation: daemonSetsOnly
            ? 'Remove the PDB (drains skip DaemonSet pods); configure graceful node shutdown so the kubelet stops them gracefully.'
            : 'Use an integer minAvailable, or select only pods owned by a Deployment/StatefulSet.',
        },
      ];
    }
    if (!daemonSetsOnly) return [];
    return [
      {
        severity: 'info',
        path: ['spec', 'selector'],
        message: `it selects only DaemonSet pods (${owners}); kubectl drain and the cluster autoscaler never evict those, so this budget protects them from nothing but manual evictions.`,
        remediation: 'Rely on graceful node shutdown (kubelet shutdownGracePeriod) for DaemonSet pods instead.',
      },
    ];
  },
});
