import { preStopOf } from '../../k8s/pod.js';
import { checkContainers, longRunningContainers } from '../helpers.js';
import { defineRule } from '../types.js';

export default defineRule({
  target: 'workload',
  meta: {
    id: 'pod/prestop-kills-pid1',
    layer: 'pod',
    name: 'prestop-kills-pid1',
    severity: 'warning',
    title: 'preStop hooks leave signalling to the kubelet',
    summary: 'A preStop hook that runs `kill … 1` is redundant and harmful: the kubelet signals PID 1 right after the hook anyway.',
    docs: {
      why: 'The popular `sleep 10 && kill -TERM 1` pattern sends a signal the kubelet is about to send anyway, and it goes wrong in several ways: a PID 1 without a TERM handler ignores signals sent from inside its namespace; it bypasses the image STOPSIGNAL (nginx drains gracefully on SIGQUIT, not SIGTERM); with shareProcessNamespace PID 1 is /pause, whose exit takes down every container in the pod; and distroless images have no kill binary. When the hook makes the app exit, the hook itself fails and the kubelet logs FailedPreStopHook.',
      fact: 'After the preStop hook the runtime sends the image STOPSIGNAL (else SIGTERM) to PID 1 (kubelet kuberuntime). pid_namespaces(7): init only receives signals it installed a handler for, even SIGKILL from inside the namespace. With shareProcessNamespace: true the pause container is PID 1.',
      references: ['https://man7.org/linux/man-pages/man7/pid_namespaces.7.html', 'https://kubernetes.io/docs/tasks/configure-pod-container/share-process-namespace/'],
      fixYaml: `lifecycle:
  preStop:
    sleep:
      seconds: 10   # only the delay; the kubelet sends the stop signal afterwards`,
      verify: ['kubectl -n {namespace} get events --field-selector reason=FailedPreStopHook'],
      exceptions: '`kill -QUIT 1` and other non-TERM signals chosen on purpose are left alone unless shareProcessNamespace makes PID 1 the pause container.',
    },
  },
  check(workload, context) {
    const shared = workload.podSpec.shareProcessNamespace === true;
    return checkContainers(longRunningContainers(workload), (container, report) => {
      const hook = preStopOf(container);
      if (hook?.kind !== 'exec') return false;
      const kill = hook.script?.killsPid1;
      if (!kill) return true;
      if (!shared && !['TERM', 'INT', 'KILL'].includes(kill.signal)) return true;
      // A server whose graceful signal is another: runtime/stop-signal-bypassed says it better.
      const stop = context.index.images.evidence(container.image).stopSignal;
      if (!shared && kill.signal !== 'KILL' && stop && !/^(SIG)?TERM$/.test(stop.signal)) return true;
      const reasons = shared
        ? ['with shareProcessNamespace PID 1 is the pause container, so this stops every container in the pod at once']
        : [
            'the kubelet sends the stop signal right after the hook anyway',
            'a PID 1 without a handler ignores it',
            ...(kill.signal === 'KILL' ? ['SIGKILL from inside the namespace cannot kill PID 1 either'] : ['it bypasses the image STOPSIGNAL']),
          ];
      report({
        container: container.name,
        severity: shared ? 'error' : 'warning',
        path: [...hook.path, 'exec', 'command'],
        message: `container "${container.name}": the preStop hook sends SIG${kill.signal} to PID 1; ${reasons.join('; ')}.`,
        remediation: 'Keep only the delay in the hook (the sleep action) and let the kubelet send the stop signal; set the image STOPSIGNAL (or lifecycle.stopSignal) if the app needs another signal.',
        ...(hook.delaySeconds
          ? { fix: { summary: `keep only the ${hook.delaySeconds} s delay`, edits: [{ path: hook.path, value: { sleep: { seconds: hook.delaySeconds } } }] } }
          : {}),
      });
      return true;
    });
  },
});
