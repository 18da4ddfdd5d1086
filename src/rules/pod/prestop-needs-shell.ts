import { preStopOf } from '../../k8s/pod.js';
import { features } from '../../k8s/version.js';
import { checkContainers, isLongRunning, longRunningContainers } from '../helpers.js';
import { defineRule } from '../types.js';

/** Binaries a minimal image does not have. */
const missingInMinimalImages = /^(sh|bash|ash|dash|sleep|curl|wget|kill|pkill|nc|echo|test|timeout)$/;

export default defineRule({
  target: 'workload',
  meta: {
    id: 'pod/prestop-needs-shell',
    layer: 'pod',
    name: 'prestop-needs-shell',
    severity: 'error',
    title: 'exec hooks only call binaries the image has',
    summary: 'An exec preStop hook calls sh/sleep/curl in an image known to have no shell (distroless, scratch, Chainguard static…), so the hook fails and the delay vanishes.',
    docs: {
      why: 'An exec hook runs inside the container. In distroless or scratch-based images there is no /bin/sh, sleep or curl: the hook fails at once, the kubelet records FailedPreStopHook and sends the stop signal immediately — the delay you configured never happens and nothing tells you during review.',
      fact: 'Container lifecycle hooks docs: exec hooks execute a command inside the container; a failed hook is reported as a FailedPreStopHook event and termination continues. The sleep action (KEP-3960, beta 1.30, GA 1.34) runs in the kubelet and needs no binary.',
      references: ['https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/'],
      fixYaml: `lifecycle:
  preStop:
    sleep:
      seconds: 10   # runs in the kubelet, no binary needed (Kubernetes ≥ 1.30)`,
      verify: ['kubectl -n {namespace} get events --field-selector reason=FailedPreStopHook', 'kubectl -n {namespace} debug -it <pod> --image=busybox --target={container} -- ls /bin/sh'],
      exceptions: 'Images we cannot classify are not flagged: the rule knows well-known shell-less images by name, Dockerfiles built FROM scratch or distroless, and (with inspect-images) registry configs. `:debug`/`-dev` variants carry a BusyBox shell.',
    },
  },
  check(workload, context) {
    if (!isLongRunning(workload)) return null;
    return checkContainers(longRunningContainers(workload), (container, report) => {
      const hook = preStopOf(container);
      if (hook?.kind !== 'exec' || !hook.argv?.length) return false;
      const image = context.index.images.evidence(container.image);
      if (image.shell !== 'none') return false;
      const binary = hook.argv[0].replace(/^.*\//, '');
      if (!missingInMinimalImages.test(binary)) return true;
      const delay = hook.delaySeconds;
      report({
        container: container.name,
        path: [...hook.path, 'exec', 'command'],
        message: `container "${container.name}": the preStop hook runs \`${binary}\`, but ${container.image} has no shell (${image.shellBasis}${image.source === 'name' ? '' : `; per ${image.describe}`}); the hook fails and the stop signal follows at once.`,
        remediation: features.sleepAction(context.version)
          ? `Use the sleep action${delay ? ` (\`sleep: {seconds: ${delay}}\`)` : ''}, which runs in the kubelet.`
          : 'Use a binary that exists in the image, or make the app delay its own shutdown after SIGTERM (the sleep action needs Kubernetes ≥ 1.30).',
        ...(features.sleepAction(context.version) && delay
          ? { fix: { summary: `use the sleep action (${delay} s)`, edits: [{ path: hook.path, value: { sleep: { seconds: delay } } }] } }
          : {}),
        evidence: { image: `${container.image} — ${image.shellBasis}` },
      });
      return true;
    });
  },
});
