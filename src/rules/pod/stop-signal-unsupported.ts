import { asString, getPath } from '../../manifests/objects.js';
import { features, formatKubeVersion } from '../../k8s/version.js';
import { checkContainers, longRunningContainers } from '../helpers.js';
import { defineRule } from '../types.js';

export default defineRule({
  target: 'workload',
  meta: {
    id: 'pod/stop-signal-unsupported',
    layer: 'pod',
    name: 'stop-signal-unsupported',
    severity: 'warning',
    title: 'lifecycle.stopSignal takes effect on the target version',
    summary: '`lifecycle.stopSignal` is alpha (off by default) before 1.37 and needs `spec.os.name`; where the gate is off the field is silently dropped and the app gets SIGTERM.',
    docs: {
      why: 'A container that needs another stop signal (nginx and php-fpm drain on SIGQUIT) can declare it with lifecycle.stopSignal — but only where the ContainerStopSignals gate is on. Elsewhere the API server drops the field without an error, the runtime sends the image STOPSIGNAL or SIGTERM, and the graceful path you configured never runs. The API also rejects the field when spec.os.name is not set.',
      fact: 'KEP-4960 (ContainerStopSignals): alpha in 1.33 (off by default), beta planned for 1.37; validation requires spec.os.name. Without it, the image STOPSIGNAL applies.',
      references: ['https://github.com/kubernetes/enhancements/issues/4960'],
      fixYaml: `# Until the gate is on by default: bake the signal into the image
# Dockerfile:  STOPSIGNAL SIGQUIT
# or send it from a preStop hook that the app expects (nginx):
lifecycle:
  preStop:
    exec:
      command: ["/usr/sbin/nginx", "-s", "quit"]`,
      verify: ["kubectl -n {namespace} get {kind} {name} -o jsonpath='{.spec.template.spec.containers[?(@.name==\"{container}\")].lifecycle.stopSignal}'   # empty = dropped by the API server"],
    },
  },
  check(workload, context) {
    const os = asString(getPath(workload.podSpec, ['os', 'name']));
    return checkContainers(longRunningContainers(workload), (container, report) => {
      const signal = asString(getPath(container.spec, ['lifecycle', 'stopSignal']));
      if (!signal) return false;
      const path = [...container.path, 'lifecycle', 'stopSignal'];
      const version = formatKubeVersion(context.version);
      if (!features.stopSignal(context.version)) {
        report({
          container: container.name,
          path,
          message: `container "${container.name}": lifecycle.stopSignal ${signal} is ${features.stopSignalField(context.version) ? 'alpha and off by default' : 'unknown'} in Kubernetes ${version}; the field is dropped and the container gets the image STOPSIGNAL or SIGTERM.`,
          remediation: 'Set STOPSIGNAL in the image (or use a preStop hook the app understands) until every target cluster enables ContainerStopSignals.',
        });
      } else if (!os) {
        report({
          container: container.name,
          severity: 'error',
          path,
          message: `container "${container.name}": lifecycle.stopSignal requires spec.os.name; the API server rejects the pod without it.`,
          remediation: 'Set spec.os.name: linux in the pod template.',
          fix: { summary: 'set spec.os.name: linux', edits: [{ path: [...workload.podSpecPath, 'os'], value: { name: 'linux' } }] },
        });
      }
      return true;
    });
  },
});
