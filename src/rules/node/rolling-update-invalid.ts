import { formatIntOrString } from '../../k8s/intstr.js';
import { isNonZero, strategyOf } from '../../k8s/strategy.js';
import { features, formatKubeVersion } from '../../k8s/version.js';
import { defineRule, type Hit } from '../types.js';

export default defineRule({
  target: 'workload',
  meta: {
    id: 'node/rolling-update-invalid',
    layer: 'node',
    name: 'rolling-update-invalid',
    severity: 'error',
    title: 'The rollout strategy is one the API server accepts',
    summary: 'maxSurge/maxUnavailable combinations the API rejects (DaemonSet: exactly one must be non-zero; both 0; rollingUpdate with Recreate) or silently ignores.',
    docs: {
      why: 'An invalid strategy fails the apply: the PR merges, the pipeline breaks, and the old pods keep running with their old termination settings. The DaemonSet rule is the classic trap: writing only `maxSurge: 1` is rejected, because maxUnavailable defaults to 1 and the two may not both be non-zero.',
      fact: 'apps validation: a DaemonSet rollingUpdate needs exactly one of maxSurge/maxUnavailable non-zero ("may not be set when maxUnavailable is non-zero"); DaemonSet defaults are maxUnavailable 1, maxSurge 0 (KEP-1591). A Deployment rejects maxSurge and maxUnavailable both 0, percentages over 100%, and rollingUpdate with type Recreate. StatefulSet maxUnavailable (KEP-961) is ignored where its gate is off.',
      references: ['https://github.com/kubernetes/enhancements/issues/1591', 'https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#strategy'],
      fixYaml: `updateStrategy:
  type: RollingUpdate
  rollingUpdate:
    maxSurge: 1
    maxUnavailable: 0   # must be written out: the default (1) is rejected together with maxSurge`,
      verify: ['kubectl apply --dry-run=server -f {file}'],
    },
  },
  check(workload, context) {
    const strategy = strategyOf(workload);
    if (!strategy) return null;
    const hits: Hit[] = [];
    const reject = (path: Hit['path'], message: string, remediation: string, fix?: Hit['fix']) =>
      hits.push({ path, message, remediation, ...(fix ? { fix } : {}) });
    const surge = strategy.maxSurge;
    const unavailable = strategy.maxUnavailable;
    for (const parameter of [surge, unavailable]) {
      if (!parameter?.explicit) continue;
      if (!parameter.parsed) reject(parameter.path, `${String(parameter.path.at(-1))}: "${formatIntOrString(parameter.value)}" is neither an integer nor a percentage; the API server rejects it.`, 'Use an integer or a percentage such as "25%".');
      else if (parameter.parsed.value < 0) reject(parameter.path, `${String(parameter.path.at(-1))} is negative; the API server rejects it.`, 'Use a non-negative value.');
      else if (parameter === unavailable && parameter.parsed.kind === 'percent' && parameter.parsed.value > 100) reject(parameter.path, 'maxUnavailable is over 100%; the API server rejects it.', 'Use at most 100%.');
    }
    if (workload.kind === 'Deployment' && strategy.type === 'Recreate' && strategy.rollingUpdatePresent) {
      reject([...strategy.path, 'rollingUpdate'], 'strategy.rollingUpdate is set while type is Recreate; the API server rejects it.', 'Remove rollingUpdate, or use type RollingUpdate.');
    }
    if (surge?.parsed && unavailable?.parsed && hits.length === 0) {
      if (workload.kind === 'DaemonSet') {
        if (isNonZero(surge) && isNonZero(unavailable)) {
          const implicit = !unavailable.explicit;
          reject(
            surge.path,
            implicit
              ? `maxSurge is ${formatIntOrString(surge.value)} while maxUnavailable is left at its default of 1; a DaemonSet may not have both non-zero, so the API server rejects it.`
              : `maxSurge (${formatIntOrString(surge.value)}) and maxUnavailable (${formatIntOrString(unavailable.value)}) are both non-zero; a DaemonSet allows only one, so the API server rejects it.`,
            'Set maxUnavailable: 0 explicitly to surge (create the new pod first), or drop maxSurge to delete first.',
            { summary: 'set maxUnavailable: 0', edits: [{ path: unavailable.path, value: 0 }] },
          );
        } else if (!isNonZero(surge) && !isNonZero(unavailable)) {
          reject(unavailable.path, 'maxUnavailable and maxSurge are both 0; a DaemonSet rollout could never make progress, so the API server rejects it.', 'Set maxSurge: 1 (create first) or maxUnavailable: 1 (delete first).', { summary: 'set maxSurge: 1', edits: [{ path: surge.path, value: 1 }] });
        }
      } else if (workload.kind === 'Deployment' && !isNonZero(surge) && !isNonZero(unavailable)) {
        reject(unavailable.path, 'maxSurge and maxUnavailable are both 0; the API server rejects a rollout that could never make progress.', 'Set maxSurge: 1 (new pod first, no capacity loss).', { summary: 'set maxSurge: 1', edits: [{ path: surge.path, value: 1 }] });
      }
    }
    if (workload.kind === 'StatefulSet' && unavailable?.explicit && !features.statefulSetMaxUnavailable(context.version)) {
      hits.push({
        severity: 'warning',
        path: unavailable.path,
        message: `StatefulSet maxUnavailable is behind the MaxUnavailableStatefulSet gate, off in Kubernetes ${formatKubeVersion(context.version)}; the field is ignored and pods roll one at a time.`,
        remediation: 'Do not rely on it for rollout speed; remove it or plan for one-at-a-time updates.',
      });
    }
    return hits;
  },
});
