import { isLongRunning } from '../helpers.js';
import { defineRule } from '../types.js';
import { asInteger } from '../../manifests/objects.js';

export default defineRule({
  target: 'workload',
  meta: {
    id: 'pod/active-deadline-seconds',
    layer: 'pod',
    name: 'active-deadline-seconds',
    severity: 'error',
    title: 'Long-running pods have no activeDeadlineSeconds',
    summary: 'activeDeadlineSeconds in the pod template of a Deployment, StatefulSet or DaemonSet makes the kubelet kill every pod when the deadline passes — periodic, unplanned terminations.',
    docs: {
      why: 'activeDeadlineSeconds is meant for Jobs. In a Deployment\'s template it gives every pod a lifetime: when it expires the pod fails with reason DeadlineExceeded and its containers are killed, not drained through a rolling update. The controller replaces it, so the service sees a wave of abrupt terminations every N seconds — usually copied from a Job template by mistake.',
      fact: 'PodSpec.activeDeadlineSeconds: "Duration in seconds the pod may be active on the node relative to StartTime before the system will actively try to mark it failed and kill associated containers" (core/v1 API reference). TERMINATION-FACTS §9.',
      references: ['https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#lifecycle'],
      fixYaml: '# remove spec.template.spec.activeDeadlineSeconds (keep it on Jobs)',
      verify: ["kubectl -n {namespace} get pods -l {selector} -o jsonpath='{range .items[*]}{.metadata.name}{\" \"}{.status.reason}{\"\\n\"}{end}'   # DeadlineExceeded"],
      exceptions: 'Jobs, CronJobs and bare Pods, where a deadline is the point.',
    },
  },
  check(workload) {
    if (!isLongRunning(workload) || workload.kind === 'Pod') return null;
    const deadline = asInteger(workload.podSpec.activeDeadlineSeconds);
    if (deadline === undefined) return [];
    return [
      {
        path: [...workload.podSpecPath, 'activeDeadlineSeconds'],
        message: `the pod template sets activeDeadlineSeconds: ${deadline}: every pod is killed ${deadline} s after it starts (reason DeadlineExceeded), without a rolling update.`,
        remediation: 'Remove activeDeadlineSeconds from the template; use a Job/CronJob for work with a deadline.',
        fix: { summary: 'remove activeDeadlineSeconds', edits: [{ path: [...workload.podSpecPath, 'activeDeadlineSeconds'], value: undefined }] },
      },
    ];
  },
});
