import { istioClassicSidecar } from '../../k8s/istio.js';
import { graceOf, preStopOf } from '../../k8s/pod.js';
import { isLongRunning, seconds } from '../helpers.js';
import { defineRule } from '../types.js';

export default defineRule({
  target: 'workload',
  meta: {
    id: 'pod/sidecar-drain',
    layer: 'pod',
    name: 'sidecar-drain',
    severity: 'warning',
    title: 'The Istio sidecar outlives the app’s drain',
    summary: 'An Istio classic sidecar drains for terminationDrainDuration (5 s by default) in parallel with the app and then exits, cutting the app off while it still drains.',
    docs: {
      why: 'The classic istio-proxy container gets SIGTERM at the same time as the app (it has no preStop of its own). istio-agent drains Envoy for terminationDrainDuration — 5 s unless configured — and exits. An app with a longer preStop delay or drain loses its inbound connections and every outbound call after those 5 s: the graceful shutdown you configured fails exactly during rollouts.',
      fact: 'Istio ProxyConfig.terminationDrainDuration (default 5s); `proxyMetadata.EXIT_ON_ZERO_ACTIVE_CONNECTIONS: "true"` makes the agent wait until connections end. Native sidecars (KEP-753, 1.29+) stop after the main containers. `holdApplicationUntilProxyStarts` only affects start-up.',
      references: ['https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/#ProxyConfig', 'https://github.com/kubernetes/enhancements/issues/753'],
      fixYaml: `metadata:
  annotations:
    proxy.istio.io/config: |
      terminationDrainDuration: 40s   # ≥ the app's preStop + drain`,
      verify: ["kubectl -n {namespace} get {kind} {name} -o jsonpath='{.spec.template.metadata.annotations.proxy\\.istio\\.io/config}'", 'kubectl -n {namespace} logs <pod> -c istio-proxy | grep -i drain'],
      exceptions: 'Proxyless gRPC (grpc-agent), native-sidecar mode, and EXIT_ON_ZERO_ACTIVE_CONNECTIONS.',
    },
  },
  check(workload) {
    if (!isLongRunning(workload)) return null;
    const sidecar = istioClassicSidecar(workload);
    if (!sidecar) return null;
    if (sidecar.exitOnZeroConnections) return [];
    const grace = graceOf(workload);
    let appNeeds = 0;
    let slowest: string | undefined;
    for (const container of workload.containers) {
      if (container.role !== 'main' || container.name === 'istio-proxy') continue;
      const delay = preStopOf(container)?.delaySeconds ?? 0;
      if (delay > appNeeds) {
        appNeeds = delay;
        slowest = container.name;
      }
    }
    // The app drains at least for its preStop delay; an explicitly raised grace period says it needs longer.
    const raisedGrace = grace.explicit && grace.seconds > 30 ? grace.seconds : 0;
    if (appNeeds < sidecar.drainSeconds && raisedGrace <= sidecar.drainSeconds) return [];
    // Long enough for the app, but no longer than the pod may live.
    const target = Math.min(Math.max(appNeeds + 30, raisedGrace), grace.seconds);
    const reason =
      appNeeds >= sidecar.drainSeconds
        ? `the preStop delay of "${slowest}" is ${seconds(appNeeds)}`
        : `the grace period is raised to ${seconds(grace.seconds)} for a long drain`;
    return [
      {
        path: sidecar.annotationPath,
        message: `the Istio sidecar (${sidecar.evidence}) drains for ${seconds(sidecar.drainSeconds)}${sidecar.drainExplicit ? '' : ' (default)'} and then exits, but ${reason}: inbound connections and outbound calls fail once the proxy is gone.`,
        remediation: `Set terminationDrainDuration to at least the app's preStop + drain time (${target}s) in the proxy.istio.io/config annotation, or proxyMetadata EXIT_ON_ZERO_ACTIVE_CONNECTIONS: "true", or run Istio in native-sidecar mode.`,
        fix: {
          summary: `set terminationDrainDuration: ${target}s`,
          edits: [
            {
              path: [...sidecar.annotationPath, 'proxy.istio.io/config'],
              value: JSON.stringify({ ...sidecar.proxyConfig, terminationDrainDuration: `${target}s` }),
            },
          ],
        },
        evidence: { sidecar: `drain ${seconds(sidecar.drainSeconds)}`, app: reason },
      },
    ];
  },
});
