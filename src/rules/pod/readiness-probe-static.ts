import { asRecord, asString, getPath } from '../../manifests/objects.js';
import { servingOf } from '../../k8s/pod.js';
import { scrapeOnlyException } from '../../k8s/traffic.js';
import { checkContainers, isLongRunning } from '../helpers.js';
import { defineRule } from '../types.js';

/** Endpoints that answer 200 whenever the process is up, whatever its state. */
const staticPaths: { pattern: RegExp; better: string }[] = [
  { pattern: /^\/actuator\/info\/?$/, better: '/actuator/health/readiness' },
  { pattern: /^\/(version|info|metrics|favicon\.ico)\/?$/, better: 'a readiness endpoint' },
];

export default defineRule({
  target: 'workload',
  meta: {
    id: 'pod/readiness-probe-static',
    layer: 'pod',
    name: 'readiness-probe-static',
    severity: 'warning',
    title: 'Readiness probes check readiness, not a static endpoint',
    summary: 'The readiness probe hits an endpoint that is always 200 while the process runs (/actuator/info, /version, /metrics), so it never reports starting up or shutting down.',
    docs: {
      why: 'A readiness probe on a static endpoint turns Ready as soon as the web server binds, before the app has warmed up, and stays Ready while it shuts down. Rollouts then shift traffic too early, and during termination kube-proxy may keep using the pod as a "serving" endpoint when no other is left. Spring Boot publishes real readiness at /actuator/health/readiness, which goes OUT_OF_SERVICE on shutdown.',
      fact: 'Readiness probes keep running during termination; EndpointSlice `serving` reflects them and kube-proxy ≥ 1.28 routes to terminating-but-serving endpoints when no ready one remains (KEP-1672, KEP-1669). Spring Boot availability states: ReadinessState.REFUSING_TRAFFIC on shutdown.',
      references: ['https://github.com/kubernetes/enhancements/issues/1672', 'https://docs.spring.io/spring-boot/reference/actuator/endpoints.html#actuator.endpoints.kubernetes-probes'],
      fixYaml: `readinessProbe:
  httpGet:
    path: /actuator/health/readiness
    port: 8080`,
      verify: ['kubectl -n {namespace} get endpointslices -o wide   # the pod should turn not-serving while it shuts down'],
      exceptions: `Containers that serve no client traffic, Jobs and hooks. ${scrapeOnlyException}`,
    },
  },
  check(workload, context) {
    if (!isLongRunning(workload)) return null;
    return checkContainers(workload.containers, (container, report) => {
      if (container.role !== 'main' || !servingOf(container, workload, context.index).serving) return false;
      const probePath = asString(getPath(container.spec, ['readinessProbe', 'httpGet', 'path']));
      if (probePath === undefined) return false;
      const match = staticPaths.find((s) => s.pattern.test(probePath));
      if (!match) return true;
      const httpGet = asRecord(getPath(container.spec, ['readinessProbe', 'httpGet'])) ?? {};
      report({
        container: container.name,
        path: [...container.path, 'readinessProbe', 'httpGet', 'path'],
        message: `container "${container.name}": the readiness probe checks ${probePath}, which answers whenever the process is up; the pod is Ready before it can serve and stays Ready while it shuts down.`,
        remediation: `Probe ${match.better} instead.`,
        ...(match.better.startsWith('/')
          ? {
              fix: {
                summary: `probe ${match.better}`,
                edits: [{ path: [...container.path, 'readinessProbe', 'httpGet'], value: { ...httpGet, path: match.better } }],
              },
            }
          : {}),
      });
      return true;
    });
  },
});
