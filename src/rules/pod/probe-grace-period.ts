import { asInteger, getPath } from '../../manifests/objects.js';
import { preStopOf } from '../../k8s/pod.js';
import { checkContainers, longRunningContainers, seconds } from '../helpers.js';
import { defineRule } from '../types.js';

export default defineRule({
  target: 'workload',
  meta: {
    id: 'pod/probe-grace-period',
    layer: 'pod',
    name: 'probe-grace-period',
    severity: 'error',
    title: 'Probe-level grace periods are valid and leave room for preStop',
    summary: 'terminationGracePeriodSeconds on a readiness probe (rejected), or a liveness/startup probe grace period shorter than the preStop delay.',
    docs: {
      why: 'A probe-level terminationGracePeriodSeconds replaces the pod\'s grace period when that probe kills the container. On a readiness probe the API rejects it (readiness never kills). On a liveness or startup probe, a value no longer than the preStop delay means a liveness restart runs the hook and then kills the app with only the 2 s minimum.',
      fact: 'Probe-level terminationGracePeriodSeconds (GA 1.28, KEP-2238) is allowed on liveness and startup probes only and overrides the pod value for probe-triggered kills; the preStop hook still runs and counts against it.',
      references: ['https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#probe-level-terminationgraceperiodseconds', 'https://github.com/kubernetes/enhancements/issues/2238'],
      fixYaml: `livenessProbe:
  httpGet: {path: /live, port: http}
  terminationGracePeriodSeconds: 20   # > the preStop delay, or omit to use the pod's`,
      verify: ['kubectl -n {namespace} apply --dry-run=server -f {file}', 'kubectl -n {namespace} get events --field-selector reason=Unhealthy'],
    },
  },
  check(workload) {
    return checkContainers(longRunningContainers(workload), (container, report) => {
      let applies = false;
      for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe'] as const) {
        const value = asInteger(getPath(container.spec, [probe, 'terminationGracePeriodSeconds']));
        if (container.spec[probe] === undefined) continue;
        applies = true;
        if (value === undefined) continue;
        const path = [...container.path, probe, 'terminationGracePeriodSeconds'];
        if (probe === 'readinessProbe') {
          report({
            container: container.name,
            path,
            message: `container "${container.name}": readinessProbe.terminationGracePeriodSeconds is rejected by the API server (only liveness and startup probes kill containers).`,
            remediation: 'Remove it from the readiness probe.',
            fix: { summary: 'remove it', edits: [{ path, value: undefined }] },
          });
          continue;
        }
        const delay = preStopOf(container)?.delaySeconds;
        if (delay !== undefined && value <= delay) {
          report({
            container: container.name,
            severity: 'warning',
            path,
            message: `container "${container.name}": ${probe}.terminationGracePeriodSeconds (${seconds(value)}) is not longer than the preStop delay (${seconds(delay)}); after a failed ${probe === 'livenessProbe' ? 'liveness' : 'startup'} check the app gets only the 2 s minimum to stop.`,
            remediation: `Raise it above the preStop delay plus the app's shutdown time, or remove it to use the pod's grace period.`,
          });
        }
      }
      return applies;
    });
  },
});
