import { formatIntOrString } from '../../k8s/intstr.js';
import { workloadTrafficOf } from '../../k8s/pod.js';
import { scrapeOnlyException } from '../../k8s/traffic.js';
import { describeReplicas, replicasOf, resolveDeploymentRollout, strategyOf } from '../../k8s/strategy.js';
import { isLongRunning } from '../helpers.js';
import { defineRule } from '../types.js';

export default defineRule({
  target: 'workload',
  meta: {
    id: 'node/rollout-full-outage',
    layer: 'node',
    name: 'rollout-full-outage',
    severity: 'error',
    title: 'Rolling updates keep at least one pod serving',
    summary: 'The resolved maxUnavailable is ≥ replicas, so a rolling update may remove every old pod before a new one is ready.',
    docs: {
      why: 'A Deployment may take down maxUnavailable pods at once. When that is all of them — typically `maxUnavailable: 1` on a single replica — the controller deletes the only pod as soon as the rollout starts, whether or not a surge pod has started. Each rollout becomes an outage for the new pod\'s start-up time; a new version that never gets Ready leaves nothing serving.',
      fact: 'Deployment controller (ResolveFenceposts): maxSurge rounds up, maxUnavailable rounds down, both 0 ⇒ unavailable 1; old pods may be scaled down to replicas − maxUnavailable without waiting for new ones. Defaults 25%/25%: with 1 replica that is surge 1, unavailable 0 (new pod first).',
      references: ['https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#max-unavailable'],
      fixYaml: `strategy:
  type: RollingUpdate
  rollingUpdate:
    maxSurge: 1
    maxUnavailable: 0   # new pod first; never below the desired count`,
      verify: ['kubectl -n {namespace} rollout restart deployment/{name} && kubectl -n {namespace} get pods -l {selector} -w   # watch the count reach 0 ready'],
      exceptions: `A warning instead of an error when no container serves client traffic (workers, controllers, exporters): the outage then delays work or loses scrapes, not requests. ${scrapeOnlyException}`,
    },
  },
  check(workload, context) {
    if ((workload.kind !== 'Deployment' && workload.kind !== 'Rollout') || !isLongRunning(workload)) return null;
    const strategy = strategyOf(workload);
    if (strategy?.type !== 'RollingUpdate') return null;
    const replicas = replicasOf(workload, context.index);
    if (replicas.count === 0) return null;
    const resolved = resolveDeploymentRollout(strategy, replicas.count);
    if (!resolved || !strategy.maxUnavailable) return null;
    if (resolved.unavailable < replicas.count) return [];
    const traffic = workloadTrafficOf(workload, context.index);
    const serving = traffic.traffic === 'client';
    const surgeText = resolved.surge > 0 ? `, even while the surge pod is still starting` : ' before any new pod exists';
    return [
      {
        path: strategy.maxUnavailable.explicit ? strategy.maxUnavailable.path : strategy.path,
        severity: serving ? 'error' : 'warning',
        message: `maxUnavailable ${formatIntOrString(strategy.maxUnavailable.value)} resolves to ${resolved.unavailable} with ${describeReplicas(replicas)} replica${replicas.count === 1 ? '' : 's'}: a rolling update may remove every old pod at once${surgeText}${traffic.traffic === 'scrape' ? `; the workload ${traffic.summary}, so the outage is a gap in metrics, not failed requests` : ''}.`,
        remediation: 'Set maxUnavailable: 0 with maxSurge: 1 (or run more replicas than maxUnavailable).',
        fix: {
          summary: 'maxSurge: 1, maxUnavailable: 0',
          edits: [
            { path: strategy.maxSurge?.path ?? [...strategy.path, 'rollingUpdate', 'maxSurge'], value: 1 },
            { path: strategy.maxUnavailable.path, value: 0 },
          ],
        },
        evidence: { replicas: describeReplicas(replicas), unavailable: String(resolved.unavailable), surge: String(resolved.surge) },
      },
    ];
  },
});
