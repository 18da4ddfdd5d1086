import { preStopOf } from '../../k8s/pod.js';
import { features } from '../../k8s/version.js';
import { checkContainers, isLongRunning, longRunningContainers } from '../helpers.js';
import { defineRule } from '../types.js';

export default defineRule({
  target: 'workload',
  meta: {
    id: 'pod/prestop-sleep-action',
    layer: 'pod',
    name: 'prestop-sleep-action',
    severity: 'info',
    title: 'preStop delays use the sleep action where the cluster has it',
    summary: 'An exec hook that only sleeps can be the built-in sleep action (Kubernetes ≥ 1.30): no shell or sleep binary, no process in the container.',
    docs: {
      why: '`exec: [sh, -c, "sleep 10"]` depends on a shell and a sleep binary in the image, forks a process in the container (counted against its memory and pids limits) and fails silently on minimal images. The sleep action does the same in the kubelet.',
      fact: 'KEP-3960 added `lifecycle.preStop.sleep.seconds` (alpha 1.29, beta and on by default 1.30, GA 1.34). Its value must not exceed terminationGracePeriodSeconds.',
      references: ['https://github.com/kubernetes/enhancements/issues/3960', 'https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/#hook-handler-implementations'],
      fixYaml: `lifecycle:
  preStop:
    sleep:
      seconds: 10`,
      verify: ["kubectl -n {namespace} get {kind} {name} -o jsonpath='{.spec.template.spec.containers[?(@.name==\"{container}\")].lifecycle.preStop}'"],
      exceptions: 'Only when the target version has the sleep action on by default (≥ 1.30) and the hook does nothing but sleep.',
    },
  },
  check(workload, context) {
    if (!isLongRunning(workload) || !features.sleepAction(context.version)) return null;
    return checkContainers(longRunningContainers(workload), (container, report) => {
      const hook = preStopOf(container);
      if (hook?.kind !== 'exec') return false;
      if (hook.delaySeconds === undefined || !Number.isInteger(hook.delaySeconds)) return true;
      // Only hooks that do nothing else: every command is a sleep.
      const commands = hook.script?.commands ?? [{ argv: hook.argv ?? [] }];
      if (!commands.every((c) => /(^|\/)sleep$/.test(c.argv[0] ?? ''))) return true;
      const shellLess = context.index.images.evidence(container.image).shell === 'none';
      report({
        container: container.name,
        path: [...hook.path, 'exec'],
        message: `container "${container.name}": the preStop hook only sleeps ${hook.delaySeconds} s through exec${shellLess ? ' in an image without a shell' : ''}; the sleep action does this in the kubelet without a binary.`,
        remediation: `Replace the exec hook with \`sleep: {seconds: ${hook.delaySeconds}}\` (Kubernetes ≥ 1.30).`,
        fix: { summary: `use the sleep action (${hook.delaySeconds} s)`, edits: [{ path: hook.path, value: { sleep: { seconds: hook.delaySeconds } } }] },
      });
      return true;
    });
  },
});
