import { formatIntOrString } from '../../k8s/intstr.js';
import { allowedDisruptions, podsOf } from '../../k8s/pdb.js';
import { defineRule } from '../types.js';

export default defineRule({
  target: 'pdb',
  meta: {
    id: 'cluster/pdb-blocks-drain',
    layer: 'cluster',
    name: 'pdb-blocks-drain',
    severity: 'error',
    title: 'The PodDisruptionBudget allows at least one eviction',
    summary: 'After the real rounding (percentages round up), the PDB allows zero disruptions, so node drains and autoscaler scale-downs never complete.',
    equivalents: { kubeLinter: ['pdb-max-unavailable', 'pdb-min-available'] },
    docs: {
      why: 'A budget that allows no evictions makes every `kubectl drain`, node upgrade and cluster-autoscaler/Karpenter scale-down on those nodes hang: the eviction API answers 429 and kubectl retries until its timeout. Percentages are the usual surprise: `minAvailable: 67%` of 3 replicas is ceil(2.01) = 3, i.e. none may go.',
      fact: 'Disruption controller: for percentages, both minAvailable and maxUnavailable are scaled against the expected pod count and rounded up; disruptionsAllowed = healthy − desiredHealthy. maxUnavailable: 0, minAvailable: 100% or minAvailable ≥ replicas give 0. HPA minReplicas stands in for replicas when an HPA manages the workload.',
      references: ['https://kubernetes.io/docs/tasks/run-application/configure-pdb/#rounding-logic-when-specifying-percentages', 'https://kubernetes.io/docs/concepts/workloads/pods/disruptions/'],
      fixYaml: `spec:
  maxUnavailable: 1   # scales with the workload; never blocks drains while pods are healthy`,
      verify: ["kubectl -n {namespace} get pdb {name} -o jsonpath='{.status.disruptionsAllowed}'   # 0 = drains block", 'kubectl drain <node> --dry-run=server --ignore-daemonsets'],
    },
  },
  check(pdb, context) {
    if (pdb.minAvailable === undefined && pdb.maxUnavailable === undefined) return null;
    const pods = podsOf(pdb, context.index);
    const allowed = allowedDisruptions(pdb, pods.expected);
    if (allowed === undefined) return null;
    if (allowed > 0) return [];
    const field = pdb.maxUnavailable !== undefined ? 'maxUnavailable' : 'minAvailable';
    const value = formatIntOrString((pdb.maxUnavailable ?? pdb.minAvailable) as number | string);
    const of = pods.expected !== undefined ? ` with ${pods.expected} expected pod${pods.expected === 1 ? '' : 's'}` : '';
    return [
      {
        path: ['spec', field],
        message: `${field}: ${value}${of} allows 0 disruptions: node drains and autoscaler scale-downs that reach these pods wait forever (HTTP 429).`,
        remediation: pods.expected !== undefined && pods.expected <= 1
          ? 'A single replica cannot survive an eviction anyway: run ≥ 2 replicas and use maxUnavailable: 1, or accept the disruption.'
          : 'Use maxUnavailable: 1 (or a minAvailable below the replica count after rounding up).',
        fix: {
          summary: 'maxUnavailable: 1',
          edits: [
            ...(pdb.minAvailable !== undefined ? [{ path: ['spec', 'minAvailable'], value: undefined }] : []),
            { path: ['spec', 'maxUnavailable'], value: 1 },
          ],
        },
        evidence: { allowed: '0', ...(pods.expected !== undefined ? { expected: String(pods.expected) } : {}) },
      },
    ];
  },
});
