import { features, formatKubeVersion } from '../../k8s/version.js';
import { defineRule } from '../types.js';

export default defineRule({
  target: 'pdb',
  meta: {
    id: 'cluster/pdb-api-removed',
    layer: 'cluster',
    name: 'pdb-api-removed',
    severity: 'error',
    title: 'The PodDisruptionBudget uses an API version the cluster serves',
    summary: 'policy/v1beta1 PodDisruptionBudget was removed in Kubernetes 1.25: the apply fails and the workload has no budget at all.',
    docs: {
      why: 'On 1.25+ the API server does not know policy/v1beta1 PodDisruptionBudget: `kubectl apply` fails for that document (or a GitOps tool reports it out of sync forever), and the pods it was meant to protect can all be evicted together.',
      fact: 'Deprecated API migration guide: policy/v1beta1 PodDisruptionBudget is no longer served as of v1.25; use policy/v1 (where an empty selector matches every pod in the namespace).',
      references: ['https://kubernetes.io/docs/reference/using-api/deprecation-guide/#poddisruptionbudget-v125'],
      fixYaml: 'apiVersion: policy/v1',
      verify: ['kubectl api-resources --api-group=policy', 'kubectl apply --dry-run=server -f {file}'],
    },
  },
  check(pdb, context) {
    if (pdb.object.ref.apiVersion !== 'policy/v1beta1') return [];
    if (features.pdbV1beta1Served(context.version)) return [];
    return [
      {
        path: ['apiVersion'],
        message: `apiVersion policy/v1beta1 is not served by Kubernetes ${formatKubeVersion(context.version)} (removed in 1.25): the PDB cannot be applied and protects nothing.`,
        remediation: 'Use apiVersion policy/v1 (check the selector: in v1 an empty selector matches every pod in the namespace).',
        fix: { summary: 'apiVersion: policy/v1', edits: [{ path: ['apiVersion'], value: 'policy/v1' }] },
      },
    ];
  },
});
