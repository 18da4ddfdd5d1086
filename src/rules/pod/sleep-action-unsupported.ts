import { graceOf, preStopOf } from '../../k8s/pod.js';
import { atLeast, features, formatKubeVersion } from '../../k8s/version.js';
import { checkContainers, longRunningContainers } from '../helpers.js';
import { defineRule } from '../types.js';

export default defineRule({
  target: 'workload',
  meta: {
    id: 'pod/sleep-action-unsupported',
    layer: 'pod',
    name: 'sleep-action-unsupported',
    severity: 'error',
    title: 'The sleep action is valid for the target Kubernetes version',
    summary: 'A preStop `sleep` action that the target version rejects or ignores (gate off before 1.30, 0 s before 1.33, longer than the grace period).',
    docs: {
      why: 'Before 1.30 the PodLifecycleSleepAction gate is off by default: the API server drops the field, and the hook either fails validation or silently does nothing — the delay you rely on is not there. `seconds: 0` is rejected before 1.33, and any value above terminationGracePeriodSeconds is rejected outright, so the apply fails.',
      fact: 'KEP-3960: alpha 1.29 (off), beta 1.30 (on), GA 1.34. KEP-4818 allows 0 from 1.33 (beta). Validation requires seconds ≤ terminationGracePeriodSeconds (equal is accepted and leaves the app the 2 s minimum).',
      references: ['https://github.com/kubernetes/enhancements/issues/3960', 'https://github.com/kubernetes/enhancements/issues/4818'],
      fixYaml: `# Kubernetes < 1.30: an exec sleep (the image needs a sleep binary)
lifecycle:
  preStop:
    exec:
      command: ["sleep", "10"]`,
      verify: ['kubectl version   # server version ≥ 1.30 for the sleep action', 'kubectl -n {namespace} apply --dry-run=server -f {file}'],
    },
  },
  check(workload, context) {
    const grace = graceOf(workload);
    const version = formatKubeVersion(context.version);
    return checkContainers(longRunningContainers(workload), (container, report) => {
      const hook = preStopOf(container);
      if (hook?.kind !== 'sleep') return false;
      const secondsPath = [...hook.path, 'sleep', 'seconds'];
      const value = hook.delaySeconds;
      const problem = !features.sleepAction(context.version)
        ? atLeast(context.version, 29)
          ? `the sleep action is alpha and off by default in Kubernetes ${version}; the hook does nothing`
          : `the sleep action does not exist in Kubernetes ${version}; the API server drops it and rejects the empty hook`
        : value === undefined || value < 0
          ? 'sleep.seconds must be a non-negative integer'
          : value === 0 && !features.sleepZero(context.version)
            ? `sleep.seconds: 0 is rejected before Kubernetes 1.33 (target ${version})`
            : value > grace.seconds
              ? `sleep.seconds (${value}) is greater than terminationGracePeriodSeconds (${grace.seconds}${grace.explicit ? '' : ', default'}); the API server rejects the pod`
              : undefined;
      if (!problem) return true;
      report({
        container: container.name,
        path: features.sleepAction(context.version) ? secondsPath : [...hook.path, 'sleep'],
        message: `container "${container.name}": ${problem}.`,
        remediation: features.sleepAction(context.version)
          ? 'Keep sleep.seconds between 1 and terminationGracePeriodSeconds (leave room for the app to drain).'
          : 'Use an exec hook with a sleep binary the image has, or raise the target version if every cluster runs ≥ 1.30.',
        ...(!features.sleepAction(context.version) && value
          ? { fix: { summary: 'use an exec sleep', edits: [{ path: hook.path, value: { exec: { command: ['sleep', String(value)] } } }] } }
          : {}),
      });
      return true;
    });
  },
});
