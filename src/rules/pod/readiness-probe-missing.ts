import { servingOf } from '../../k8s/pod.js';
import { scrapeOnlyException } from '../../k8s/traffic.js';
import { checkContainers, isLongRunning } from '../helpers.js';
import { defineRule } from '../types.js';

export default defineRule({
  target: 'workload',
  meta: {
    id: 'pod/readiness-probe-missing',
    layer: 'pod',
    name: 'readiness-probe-missing',
    severity: 'warning',
    title: 'Serving containers have a readiness probe',
    summary: 'Without a readiness probe a new pod receives traffic the moment its container starts, and a rolling update removes old pods before the new ones can serve.',
    equivalents: { kubeLinter: ['no-readiness-probe'], kubeScore: ['pod-probes'] },
    docs: {
      why: 'A rolling update counts a pod as available as soon as its containers are running when there is no readiness probe. The controller then deletes old pods while the new app is still starting: requests fail in every rollout, and a crashing new version still takes the old one down.',
      fact: 'Deployment controller: availability = Ready for minReadySeconds; without a readiness probe a container is Ready when it starts. EndpointSlice `serving` follows readiness, and kube-proxy (≥ 1.28, KEP-1669) uses terminating-but-serving endpoints only as a last resort.',
      references: ['https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#container-probes', 'https://github.com/kubernetes/enhancements/issues/1669'],
      fixYaml: `readinessProbe:
  httpGet:
    path: /ready
    port: http
  periodSeconds: 5
  failureThreshold: 2`,
      verify: ["kubectl -n {namespace} get {kind} {name} -o jsonpath='{.spec.template.spec.containers[?(@.name==\"{container}\")].readinessProbe}'", 'kubectl -n {namespace} rollout status {kind}/{name}'],
      exceptions: `Containers that serve no client traffic, Jobs and hooks; DaemonSets reached only through host ports or headless Services. ${scrapeOnlyException}`,
    },
  },
  check(workload, context) {
    if (!isLongRunning(workload)) return null;
    return checkContainers(workload.containers, (container, report) => {
      if (container.role !== 'main') return false;
      const serving = servingOf(container, workload, context.index);
      if (!serving.loadBalanced) return false;
      if (container.spec.readinessProbe) return true;
      const port = serving.appPorts[0];
      report({
        container: container.name,
        path: [...container.path, 'name'],
        message: `container "${container.name}" ${serving.summary} but has no readinessProbe: it gets requests before it can answer them, and rollouts do not wait for it.`,
        remediation: 'Add a readinessProbe on an endpoint that answers only when the app can serve (and fails while it shuts down).',
        ...(port !== undefined
          ? {
              fix: {
                summary: 'add a readiness probe',
                edits: [{ path: [...container.path, 'readinessProbe'], value: { tcpSocket: { port }, periodSeconds: 5, failureThreshold: 2 } }],
              },
            }
          : {}),
      });
      return true;
    });
  },
});
