import { workloadTrafficOf } from '../../k8s/pod.js';
import { describeReplicas, replicasOf } from '../../k8s/strategy.js';
import { hasScaleSubresource } from '../../manifests/workloads.js';
import { isLongRunning } from '../helpers.js';
import { defineRule } from '../types.js';

export default defineRule({
  target: 'workload',
  meta: {
    id: 'cluster/pdb-missing',
    layer: 'cluster',
    name: 'pdb-missing',
    severity: 'warning',
    title: 'Multi-replica workloads have a PodDisruptionBudget',
    summary: 'A workload with two or more replicas has no PDB, so a drain or autoscaler scale-down may evict all replicas at once.',
    equivalents: { kubeScore: ['deployment-has-poddisruptionbudget', 'statefulset-has-poddisruptionbudget'] },
    docs: {
      why: 'You run several replicas so that one can go while the others serve. Without a budget, `kubectl drain`, node upgrades and cluster-autoscaler/Karpenter consolidation may evict every replica in the same minute — they all land on the nodes being drained more often than you think.',
      fact: 'Only the Eviction API consults PDBs (kubectl drain, cluster-autoscaler, Karpenter, kubectl evict); without a PDB every eviction is allowed (disruptions docs).',
      references: ['https://kubernetes.io/docs/concepts/workloads/pods/disruptions/'],
      fixYaml: `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
spec:
  maxUnavailable: 1
  unhealthyPodEvictionPolicy: AlwaysAllow
  selector:
    matchLabels:
      app.kubernetes.io/name: web`,
      verify: ['kubectl -n {namespace} get pdb', 'kubectl -n {namespace} get pods -l {selector} -o wide   # are replicas spread over nodes?'],
      exceptions: 'Single-replica workloads (a PDB cannot keep one pod up through an eviction without blocking the drain; cluster/single-replica covers them), DaemonSets, Jobs and hooks. Workloads that serve scrapes only (ports named metrics, http-metrics, telemetry or *-metrics, exporter sidecars, Services only a ServiceMonitor reads) are still reported, since losing every replica at once is a gap in metrics, and the message says so instead of "taking the service down".',
    },
  },
  check(workload, context) {
    if (!isLongRunning(workload) || !hasScaleSubresource(workload.kind)) return null;
    const replicas = replicasOf(workload, context.index);
    if (replicas.count < 2) return null;
    if (context.index.pdbsFor(workload).length > 0) return [];
    const traffic = workloadTrafficOf(workload, context.index);
    return [
      {
        path: replicas.source === 'spec' ? replicas.path : ['metadata', 'name'],
        message: `${describeReplicas(replicas)} replicas and no PodDisruptionBudget: a node drain or autoscaler scale-down may evict all of them at once${traffic.traffic === 'client' ? ', taking the service down' : traffic.traffic === 'scrape' ? `; the workload ${traffic.summary}, so that is a gap in metrics rather than an outage for clients` : ''}.`,
        remediation: `Add a PodDisruptionBudget with maxUnavailable: 1 selecting ${Object.entries(workload.podLabels).map(([k, v]) => `${k}=${v}`).join(',') || 'the pod labels'}.`,
        evidence: { replicas: describeReplicas(replicas), pdb: 'none' },
      },
    ];
  },
});
