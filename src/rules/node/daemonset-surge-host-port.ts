import { asArray, asInteger, asRecord } from '../../manifests/objects.js';
import { isNonZero, strategyOf } from '../../k8s/strategy.js';
import { defineRule } from '../types.js';

export default defineRule({
  target: 'workload',
  meta: {
    id: 'node/daemonset-surge-host-port',
    layer: 'node',
    name: 'daemonset-surge-host-port',
    severity: 'error',
    title: 'A surging DaemonSet does not bind host ports',
    summary: 'maxSurge > 0 with a hostPort (or hostNetwork with declared ports) deadlocks the rollout: the surge pod cannot schedule while the old pod holds the port.',
    docs: {
      why: 'With maxSurge the controller creates the new pod on a node before deleting the old one. A hostPort can be bound only once per node, so the new pod stays Pending ("didn\'t have free ports for the requested pod ports"), the old pod is never removed, and the rollout stalls on the first node — with the old termination settings still live. Under hostNetwork without declared ports the pod schedules but the new process cannot bind and crash-loops.',
      fact: 'DaemonSet surge (KEP-1591) waits for the new pod to be available before deleting the old one. The scheduler\'s NodePorts filter rejects a second pod with the same hostPort; under hostNetwork containerPorts default to hostPorts. The API does not reject the combination (kubernetes/kubernetes#106417, closed unfixed).',
      references: ['https://github.com/kubernetes/kubernetes/issues/106417', 'https://github.com/kubernetes/enhancements/issues/1591'],
      fixYaml: `updateStrategy:
  type: RollingUpdate
  rollingUpdate:
    maxSurge: 0
    maxUnavailable: 1   # delete first: the only option while the pod binds a host port`,
      verify: ['kubectl -n {namespace} rollout status daemonset/{name} --timeout=5m', 'kubectl -n {namespace} get events --field-selector reason=FailedScheduling | grep "free ports"'],
    },
  },
  check(workload) {
    if (workload.kind !== 'DaemonSet') return null;
    const strategy = strategyOf(workload);
    if (!strategy?.maxSurge) return null;
    const hostNetwork = workload.podSpec.hostNetwork === true;
    const bound: { container: string; port: number; path: (string | number)[] }[] = [];
    for (const container of workload.containers) {
      if (container.role === 'init') continue;
      asArray(container.spec.ports).forEach((port, index) => {
        const record = asRecord(port);
        const hostPort = asInteger(record?.hostPort) ?? (hostNetwork ? asInteger(record?.containerPort) : undefined);
        if (hostPort) bound.push({ container: container.name, port: hostPort, path: [...container.path, 'ports', index] });
      });
    }
    if (bound.length === 0 && !hostNetwork) return null;
    if (!isNonZero(strategy.maxSurge)) return [];
    const fix = {
      summary: 'delete first (maxSurge: 0, maxUnavailable: 1)',
      edits: [
        { path: strategy.maxSurge.path, value: 0 },
        { path: strategy.maxUnavailable?.path ?? [...strategy.path, 'rollingUpdate', 'maxUnavailable'], value: 1 },
      ],
    };
    if (bound.length === 0) {
      return [
        {
          severity: 'warning' as const,
          path: strategy.maxSurge.path,
          message: 'maxSurge is set on a hostNetwork DaemonSet: the surge pod starts on the same node while the old one still holds its sockets, so the new process fails to bind and crash-loops until the old pod is gone.',
          remediation: 'Delete first (maxSurge: 0, maxUnavailable: 1), or make the app retry binding (SO_REUSEPORT).',
          fix,
        },
      ];
    }
    const ports = bound.map((b) => `${b.port} (container "${b.container}")`).join(', ');
    return [
      {
        path: strategy.maxSurge.path,
        message: `maxSurge is ${String(strategy.maxSurge.value)} but the pods bind host port ${ports}${hostNetwork ? ' through hostNetwork' : ''}: the surge pod stays Pending for free ports, the old pod is never deleted and the rollout deadlocks.`,
        remediation: 'Delete first (maxSurge: 0, maxUnavailable: 1); a surge rollout needs a pod that does not bind host ports.',
        fix,
        evidence: { hostPorts: ports },
      },
    ];
  },
});
