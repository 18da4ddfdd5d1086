import { graceOf, preStopOf } from '../../k8s/pod.js';
import { isLongRunning } from '../helpers.js';
import { defineRule } from '../types.js';

export default defineRule({
  target: 'workload',
  meta: {
    id: 'pod/grace-period-zero',
    layer: 'pod',
    name: 'grace-period-zero',
    severity: 'error',
    title: 'Pods get a non-zero grace period',
    summary: 'terminationGracePeriodSeconds: 0 kills the process at once, skips preStop hooks and, for StatefulSets, lets a replacement with the same identity start while the old one still runs.',
    docs: {
      why: 'With a zero grace period the pod object disappears from the API immediately: preStop hooks are skipped, the process is killed without a chance to flush or close connections, and a controller may start a replacement while the old container is still running on the node. For a StatefulSet that means two pods with the same identity and storage at once.',
      fact: 'Pod termination docs: a grace period of 0 deletes the pod from the API at once ("force deletion"); the StatefulSet docs warn that force deletion can violate at-most-one semantics. The kubelet only runs preStop hooks when the grace period is > 0.',
      references: [
        'https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination-forced',
        'https://kubernetes.io/docs/tasks/run-application/force-delete-stateful-set-pod/',
      ],
      fixYaml: 'terminationGracePeriodSeconds: 30   # or remove the field to get the 30 s default',
      verify: ["kubectl -n {namespace} get {kind} {name} -o jsonpath='{.spec.template.spec.terminationGracePeriodSeconds}'"],
    },
  },
  check(workload) {
    if (!isLongRunning(workload)) return null;
    const grace = graceOf(workload);
    if (!grace.explicit || grace.seconds !== 0) return [];
    const hooks = workload.containers.filter((c) => preStopOf(c)).map((c) => `"${c.name}"`);
    const consequences = [
      'processes are killed without a chance to drain',
      ...(hooks.length > 0 ? [`the preStop hook of ${hooks.join(', ')} never runs`] : []),
      ...(workload.kind === 'StatefulSet' ? ['a replacement with the same identity can start while the old pod still runs'] : []),
    ];
    return [
      {
        path: grace.path,
        message: `terminationGracePeriodSeconds is 0: ${consequences.join('; ')}.`,
        remediation: 'Remove the field (30 s default) or set the time the app really needs to stop; force deletion belongs on the command line (`kubectl delete --grace-period=0 --force`), not in the template.',
        fix: { summary: 'set terminationGracePeriodSeconds: 30', edits: [{ path: grace.path, value: 30 }] },
        evidence: { grace: '0 s', ...(hooks.length > 0 ? { preStop: `skipped (${hooks.join(', ')})` } : {}) },
      },
    ];
  },
});
