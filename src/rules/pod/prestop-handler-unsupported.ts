import { preStopOf } from '../../k8s/pod.js';
import { checkContainers, longRunningContainers } from '../helpers.js';
import { defineRule } from '../types.js';

export default defineRule({
  target: 'workload',
  meta: {
    id: 'pod/prestop-handler-unsupported',
    layer: 'pod',
    name: 'prestop-handler-unsupported',
    severity: 'error',
    title: 'preStop hooks use a handler the kubelet runs',
    summary: 'A preStop hook with a tcpSocket handler (accepted by the API, never run) or no handler at all.',
    docs: {
      why: 'The API still accepts `tcpSocket` in lifecycle handlers for compatibility, but the kubelet does not implement it: the hook fails, FailedPreStopHook is recorded, and the stop signal follows at once — the delay you expect does not exist. A preStop with no handler is rejected.',
      fact: 'LifecycleHandler.tcpSocket: "Deprecated. TCPSocket is NOT supported as a LifecycleHandler and kept for backward compatibility. There is no validation of this field and lifecycle hooks will fail at runtime when it is specified." (core/v1 API reference).',
      references: ['https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#LifecycleHandler'],
      fixYaml: `lifecycle:
  preStop:
    sleep:
      seconds: 10`,
      verify: ['kubectl -n {namespace} get events --field-selector reason=FailedPreStopHook'],
    },
  },
  check(workload) {
    return checkContainers(longRunningContainers(workload), (container, report) => {
      const hook = preStopOf(container);
      if (!hook) return false;
      if (hook.kind !== 'tcpSocket' && hook.kind !== 'empty') return true;
      report({
        container: container.name,
        path: hook.path,
        message:
          hook.kind === 'tcpSocket'
            ? `container "${container.name}": the preStop hook uses tcpSocket, which the kubelet does not run; the hook fails and SIGTERM follows at once.`
            : `container "${container.name}": the preStop hook has no handler (exec, httpGet or sleep); the API server rejects it.`,
        remediation: 'Use a sleep action (or exec/httpGet) that does what the hook was meant to do.',
        fix: { summary: 'use a 10 s sleep action', edits: [{ path: hook.path, value: { sleep: { seconds: 10 } } }] },
      });
      return true;
    });
  },
});
