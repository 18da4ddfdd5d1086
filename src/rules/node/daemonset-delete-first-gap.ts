import { asArray, asRecord } from '../../manifests/objects.js';
import { graceOf } from '../../k8s/pod.js';
import { isNonZero, strategyOf } from '../../k8s/strategy.js';
import { seconds } from '../helpers.js';
import { defineRule } from '../types.js';

export default defineRule({
  target: 'workload',
  meta: {
    id: 'node/daemonset-delete-first-gap',
    layer: 'node',
    name: 'daemonset-delete-first-gap',
    severity: 'info',
    title: 'DaemonSet rollouts do not leave nodes without the daemon',
    summary: 'With maxSurge 0 (the default) each node runs no daemon pod from the deletion of the old one until the new one has started.',
    docs: {
      why: 'A delete-first DaemonSet rollout removes the old pod, waits until the pod object is gone (its whole termination, up to the grace period), and only then creates the replacement, which still has to pull and start. During that gap node-local clients of the daemon fail, logs and metrics are read late or lost, and a CNI/CSI daemon cannot serve its node.',
      fact: 'DaemonSet controller (KEP-1591): maxSurge 0 deletes first and creates the new pod after the old pod object is gone; maxSurge > 0 creates first and deletes the old pod once the new one is available. Surge is impossible with host ports (see node/daemonset-surge-host-port).',
      references: ['https://kubernetes.io/docs/tasks/manage-daemon/update-daemon-set/', 'https://github.com/kubernetes/enhancements/issues/1591'],
      fixYaml: `updateStrategy:
  type: RollingUpdate
  rollingUpdate:
    maxSurge: 1
    maxUnavailable: 0   # create first, when the pod binds no host port`,
      verify: ['kubectl -n {namespace} rollout status daemonset/{name}', 'kubectl -n {namespace} get pods -l {selector} -o wide -w   # watch a node lose its pod'],
    },
  },
  check(workload) {
    if (workload.kind !== 'DaemonSet') return null;
    const strategy = strategyOf(workload);
    if (strategy?.type !== 'RollingUpdate' || !strategy.maxSurge) return null;
    if (isNonZero(strategy.maxSurge) || !isNonZero(strategy.maxUnavailable)) return [];
    const hostNetwork = workload.podSpec.hostNetwork === true;
    const bindsHostPorts = hostNetwork || workload.containers.some((c) => asArray(c.spec.ports).some((p) => asRecord(p)?.hostPort !== undefined));
    const grace = graceOf(workload);
    return [
      {
        path: strategy.maxSurge.explicit ? strategy.maxSurge.path : strategy.path,
        message: `rollouts delete first (maxSurge 0${strategy.maxSurge.explicit ? '' : ', the default'}): each node has no ${workload.object.ref.name} pod for the old pod's termination (up to ${seconds(grace.seconds)}) plus the new pod's start-up.`,
        remediation: bindsHostPorts
          ? `The pod ${hostNetwork ? 'uses the host network' : 'binds host ports'}, so a surge pod could not ${hostNetwork ? 'bind its ports while the old one runs' : 'schedule (deadlock)'}: keep delete-first, keep termination short, and make node-local clients retry.`
          : 'Create first: set maxSurge: 1 and maxUnavailable: 0.',
        ...(bindsHostPorts
          ? {}
          : {
              fix: {
                summary: 'create first (maxSurge: 1, maxUnavailable: 0)',
                edits: [
                  { path: strategy.maxSurge.path, value: 1 },
                  { path: strategy.maxUnavailable?.path ?? [...strategy.path, 'rollingUpdate', 'maxUnavailable'], value: 0 },
                ],
              },
            }),
        evidence: { gap: `termination (≤ ${seconds(grace.seconds)}) + start-up`, surge: bindsHostPorts ? 'not possible (host ports / host network)' : 'possible' },
      },
    ];
  },
});
