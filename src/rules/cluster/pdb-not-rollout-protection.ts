import { isLongRunning, nameList } from '../helpers.js';
import { defineRule } from '../types.js';

/** Layers whose problems hit every rollout, which a PDB never sees. */
const rolloutLayers = /^(pod|runtime|node)\//;

export default defineRule({
  target: 'followup',
  meta: {
    id: 'cluster/pdb-not-rollout-protection',
    layer: 'cluster',
    name: 'pdb-not-rollout-protection',
    severity: 'info',
    title: 'Nobody relies on the PDB to protect rollouts',
    summary: 'The workload has a PDB and termination problems: the PDB does not help, because rolling updates and scale-downs delete pods without the Eviction API.',
    docs: {
      why: 'A PodDisruptionBudget is often added "so rollouts are safe". It is not consulted by rolling updates, HPA scale-downs, `kubectl rollout restart` or manual deletes — they all use a plain DELETE. The termination problems listed for this workload hit every rollout regardless of the budget; and pods a rollout made unavailable still count against the budget, so a slow rollout can block drains.',
      fact: 'Only the Eviction API consults PDBs (kubectl drain, cluster-autoscaler, Karpenter, kubectl evict); controllers delete pods directly (disruptions docs: "voluntary disruptions … not … deleting a deployment or updating a deployment\'s pod template").',
      references: ['https://kubernetes.io/docs/concepts/workloads/pods/disruptions/#pod-disruption-budgets'],
      fixYaml: '# fix the Pod/Runtime/Node findings of this workload; the PDB stays for drains',
      verify: ['kubectl -n {namespace} rollout restart {kind}/{name} && kubectl -n {namespace} get pdb -w   # the budget does not gate the rollout'],
    },
  },
  check(workload, context, prior) {
    if (!isLongRunning(workload)) return null;
    const pdbs = context.index.pdbsFor(workload);
    if (pdbs.length === 0) return null;
    const problems = prior.filter((f) => rolloutLayers.test(f.ruleId) && f.severity !== 'info');
    if (problems.length === 0) return [];
    const ids = [...new Set(problems.map((p) => p.ruleId))].sort();
    return [
      {
        path: ['metadata', 'name'],
        message: `PodDisruptionBudget ${nameList(pdbs.map((p) => p.object.ref.name))} does not protect rolling updates or scale-downs (plain DELETE, no eviction): ${ids.join(', ')} still hit${ids.length === 1 ? 's' : ''} every rollout.`,
        remediation: 'Fix the termination problems themselves; the PDB only guards drains and autoscaler evictions.',
      },
    ];
  },
});
