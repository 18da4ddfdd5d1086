import { isLongRunning, nameList } from '../helpers.js';
import { defineRule } from '../types.js';

export default defineRule({
  target: 'workload',
  meta: {
    id: 'cluster/pdb-overlap',
    layer: 'cluster',
    name: 'pdb-overlap',
    severity: 'error',
    title: 'At most one PodDisruptionBudget selects the pods',
    summary: 'Two or more PDBs select the same pods: every eviction of them fails with HTTP 500 and drains stop.',
    docs: {
      why: 'The eviction API refuses to evict a pod covered by more than one budget ("This pod has more than one PodDisruptionBudget, which the eviction subresource does not support") with HTTP 500. kubectl drain does not retry that error, so the node cannot be drained at all.',
      fact: 'pkg/registry/core/pod/storage/eviction.go: more than one matching PDB ⇒ 500 InternalError.',
      references: ['https://kubernetes.io/docs/concepts/workloads/pods/disruptions/'],
      fixYaml: '# keep one PDB per set of pods; make selectors disjoint (add a distinguishing label)',
      verify: ['kubectl -n {namespace} get pdb -o wide', 'kubectl drain <node> --dry-run=server --ignore-daemonsets'],
    },
  },
  check(workload, context) {
    if (!isLongRunning(workload)) return null;
    const pdbs = context.index.pdbsFor(workload);
    if (pdbs.length === 0) return null;
    if (pdbs.length === 1) return [];
    return [
      {
        path: [...workload.podMetadataPath, 'labels'],
        message: `its pods are selected by ${pdbs.length} PodDisruptionBudgets (${nameList(pdbs.map((p) => p.object.ref.name))}): every eviction fails with HTTP 500 and node drains stop.`,
        remediation: 'Keep exactly one PDB for these pods: delete one, or make the selectors disjoint.',
      },
    ];
  },
});
