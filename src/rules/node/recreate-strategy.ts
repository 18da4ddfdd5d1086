import { asArray, asRecord } from '../../manifests/objects.js';
import { servingOf } from '../../k8s/pod.js';
import { strategyOf } from '../../k8s/strategy.js';
import { scrapeOnlyException } from '../../k8s/traffic.js';
import { isLongRunning } from '../helpers.js';
import { defineRule } from '../types.js';

export default defineRule({
  target: 'workload',
  meta: {
    id: 'node/recreate-strategy',
    layer: 'node',
    name: 'recreate-strategy',
    severity: 'warning',
    title: 'Serving Deployments roll without downtime',
    summary: 'strategy Recreate on a Deployment that serves client traffic: every rollout stops all pods before starting new ones.',
    equivalents: { kubeLinter: ['no-rolling-update-strategy'] },
    docs: {
      why: 'Recreate terminates every old pod and waits until they are gone before creating any new one. For a Deployment behind a Service, each rollout is an outage lasting the old pods\' termination plus the new pods\' start-up.',
      fact: 'Deployment strategies: "All existing Pods are killed before new ones are created when .spec.strategy.type==Recreate" (kubernetes.io/docs/concepts/workloads/controllers/deployment/#recreate-deployment).',
      references: ['https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#recreate-deployment'],
      fixYaml: `strategy:
  type: RollingUpdate
  rollingUpdate:
    maxSurge: 1
    maxUnavailable: 0`,
      verify: ['kubectl -n {namespace} rollout restart deployment/{name} && kubectl -n {namespace} get pods -l {selector} -w'],
      exceptions: `Deployments that serve no client traffic (controllers, workers, exporters), and Deployments that mount a ReadWriteOnce PersistentVolumeClaim, for which Recreate is the deliberate choice (reported as info). ${scrapeOnlyException}`,
    },
  },
  check(workload, context) {
    if (workload.kind !== 'Deployment' || !isLongRunning(workload)) return null;
    const strategy = strategyOf(workload);
    const serving = workload.containers.filter((c) => c.role === 'main' && servingOf(c, workload, context.index).serving);
    if (serving.length === 0) return null;
    if (strategy?.type !== 'Recreate') return [];
    const claim = asArray(workload.podSpec.volumes).some((v) => asRecord(v)?.persistentVolumeClaim !== undefined);
    return [
      {
        severity: claim ? 'info' : 'warning',
        path: [...strategy.path, 'type'],
        message: claim
          ? 'strategy is Recreate, so every rollout is an outage; with a ReadWriteOnce volume this is usually deliberate (a rolling update could not attach it twice).'
          : `strategy is Recreate on a Deployment that serves client traffic (${serving.map((c) => `"${c.name}"`).join(', ')}): every rollout stops all pods before new ones start.`,
        remediation: claim
          ? 'Accept the outage (suppress with a reason) or move the state to a StatefulSet / shared storage.'
          : 'Use RollingUpdate with maxSurge: 1, maxUnavailable: 0.',
        ...(claim
          ? {}
          : {
              fix: {
                summary: 'roll with surge',
                edits: [{ path: strategy.path, value: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } }],
              },
            }),
      },
    ];
  },
});
