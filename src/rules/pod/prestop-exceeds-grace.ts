import { graceOf, preStopOf } from '../../k8s/pod.js';
import { checkContainers, isLongRunning, longRunningContainers, seconds } from '../helpers.js';
import { defineRule } from '../types.js';

/** Seed rule of thumb: the preStop delay should use at most ~80% of the grace period. */
const maxShare = 0.8;

export default defineRule({
  target: 'workload',
  meta: {
    id: 'pod/prestop-exceeds-grace',
    layer: 'pod',
    name: 'prestop-exceeds-grace',
    severity: 'error',
    title: 'preStop delay leaves the app time to drain within the grace period',
    summary: 'The preStop delay uses up (≥ 100%: error) or nearly all (> 80%: warning) of terminationGracePeriodSeconds.',
    docs: {
      why: 'The grace period is one countdown for the hook and the app together. When the preStop delay reaches it, the app gets SIGTERM with only the 2 s minimum left and is SIGKILLed mid-drain (exit 137): in-flight requests fail and cleanup never runs. Above ~80% the app has too little time to finish long requests.',
      fact: 'The kubelet runs the preStop hook, then sends the stop signal and waits for the remaining grace period, floored at 2 s, before SIGKILL; a hook that overruns gets no extra time (pkg/kubelet/kuberuntime, Pod termination docs). The sleep action is rejected when seconds > terminationGracePeriodSeconds.',
      references: ['https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/#hook-handler-execution'],
      fixYaml: `terminationGracePeriodSeconds: 45   # preStop 10 s + app drain 30 s + buffer
containers:
  - name: app
    lifecycle:
      preStop:
        sleep:
          seconds: 10`,
      verify: [
        "kubectl -n {namespace} get pods -l {selector} -o jsonpath='{range .items[*]}{.metadata.name}{\" \"}{.status.containerStatuses[*].lastState.terminated.exitCode}{\"\\n\"}{end}'   # 137 = killed at the deadline",
        'kubectl -n {namespace} get events --field-selector reason=Killing',
      ],
    },
  },
  check(workload) {
    if (!isLongRunning(workload)) return null;
    const grace = graceOf(workload);
    if (grace.seconds === 0) return null; // pod/grace-period-zero owns that case
    return checkContainers(longRunningContainers(workload), (container, report) => {
      const hook = preStopOf(container);
      if (hook?.delaySeconds === undefined) return false;
      const delay = hook.delaySeconds;
      const share = delay / grace.seconds;
      if (share <= maxShare) return true;
      const suggested = Math.max(Math.ceil(delay + 15), Math.ceil(delay / maxShare));
      const graceText = `${seconds(grace.seconds)}${grace.explicit ? '' : ' (default)'}`;
      const overrun = delay >= grace.seconds;
      report({
        container: container.name,
        severity: overrun ? 'error' : 'warning',
        path: hook.kind === 'sleep' ? [...hook.path, 'sleep', 'seconds'] : hook.path,
        message: overrun
          ? `container "${container.name}": the preStop delay (${seconds(delay)}) is not shorter than the grace period (${graceText}); the app gets SIGTERM with only the 2 s minimum left and is SIGKILLed mid-drain.`
          : `container "${container.name}": the preStop delay (${seconds(delay)}) takes ${Math.round(share * 100)}% of the grace period (${graceText}), leaving the app ${seconds(grace.seconds - delay)} to drain.`,
        remediation: `Raise terminationGracePeriodSeconds to at least ${suggested} (preStop delay + the app's drain time), or shorten the preStop delay.`,
        fix: { summary: `set terminationGracePeriodSeconds: ${suggested}`, edits: [{ path: grace.path, value: suggested }] },
        evidence: { preStop: seconds(delay), grace: graceText },
      });
      return true;
    });
  },
});
