import { features, formatKubeVersion } from '../../k8s/version.js';
import { defineRule } from '../types.js';

export default defineRule({
  target: 'pdb',
  meta: {
    id: 'cluster/pdb-unhealthy-eviction-policy',
    layer: 'cluster',
    name: 'pdb-unhealthy-eviction-policy',
    severity: 'info',
    title: 'Crash-looping pods do not block drains',
    summary: 'Without `unhealthyPodEvictionPolicy: AlwaysAllow`, pods that are not Ready count against the budget and a single crash-looping pod can block every drain.',
    equivalents: { kubeLinter: ['pdb-unhealthy-pod-eviction-policy'] },
    docs: {
      why: 'With the default IfHealthyBudget policy, a running but unready pod may only be evicted when the budget is otherwise satisfied. A bad rollout that leaves pods crash-looping then blocks node drains exactly when you need to move them. AlwaysAllow lets drains evict unhealthy pods, which are not serving anyway.',
      fact: 'KEP-3017: spec.unhealthyPodEvictionPolicy (beta 1.27, GA 1.31); unset means IfHealthyBudget.',
      references: ['https://github.com/kubernetes/enhancements/issues/3017', 'https://kubernetes.io/docs/tasks/run-application/configure-pdb/#unhealthy-pod-eviction-policy'],
      fixYaml: `spec:
  unhealthyPodEvictionPolicy: AlwaysAllow`,
      verify: ["kubectl -n {namespace} get pdb {name} -o jsonpath='{.spec.unhealthyPodEvictionPolicy}'"],
    },
  },
  check(pdb, context) {
    const policy = pdb.unhealthyPodEvictionPolicy;
    if (!features.pdbUnhealthyPodEvictionPolicy(context.version)) {
      if (policy === undefined) return null;
      return [
        {
          path: ['spec', 'unhealthyPodEvictionPolicy'],
          message: `unhealthyPodEvictionPolicy is not enabled by default in Kubernetes ${formatKubeVersion(context.version)} (beta from 1.27); the field is ignored.`,
          remediation: 'Keep it for newer clusters, but do not rely on it here.',
        },
      ];
    }
    if (policy === 'AlwaysAllow') return [];
    return [
      {
        path: policy === undefined ? ['spec'] : ['spec', 'unhealthyPodEvictionPolicy'],
        message: `unhealthyPodEvictionPolicy is ${policy ?? 'unset (IfHealthyBudget)'}: crash-looping or unready pods count against the budget and can block node drains.`,
        remediation: 'Set unhealthyPodEvictionPolicy: AlwaysAllow.',
        fix: { summary: 'unhealthyPodEvictionPolicy: AlwaysAllow', edits: [{ path: ['spec', 'unhealthyPodEvictionPolicy'], value: 'AlwaysAllow' }] },
      },
    ];
  },
});
