import { preStopOf, servingOf } from '../../k8s/pod.js';
import { scrapeOnlyException } from '../../k8s/traffic.js';
import { features } from '../../k8s/version.js';
import { checkContainers, isLongRunning, preStopDelayHook } from '../helpers.js';
import { defineRule } from '../types.js';

export default defineRule({
  target: 'workload',
  meta: {
    id: 'pod/prestop-missing',
    layer: 'pod',
    name: 'prestop-missing',
    severity: 'warning',
    title: 'Serving containers wait for endpoints to converge before the stop signal',
    summary: 'A container that receives client traffic has no preStop delay, so it gets SIGTERM while load balancers still route to it.',
    docs: {
      why: 'When a pod is deleted, the control plane removes it from EndpointSlices at the same moment the kubelet starts stopping it. kube-proxy on every node, ingress controllers and cloud load balancers converge seconds later. An app that stops accepting connections on SIGTERM refuses or resets the requests that arrive in that window: every rolling update, scale-down and drain drops a few requests.',
      fact: 'The kubelet does not wait for endpoint propagation (Pod termination flow, kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination). A preStop hook runs before the stop signal and counts against terminationGracePeriodSeconds. Since 1.30 (KEP-3960, GA 1.34) the `sleep` action needs no binary in the image.',
      references: [
        'https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination',
        'https://github.com/kubernetes/enhancements/issues/3960',
      ],
      fixYaml: `containers:
  - name: app
    lifecycle:
      preStop:
        sleep:
          seconds: 10   # ≈ time for kube-proxy/ingress to drop the endpoint
terminationGracePeriodSeconds: 45   # preStop + the app's own drain time`,
      verify: [
        "kubectl -n {namespace} get {kind} {name} -o jsonpath='{.spec.template.spec.containers[?(@.name==\"{container}\")].lifecycle.preStop}'",
        'kubectl -n {namespace} get endpointslices -l kubernetes.io/service-name=<service> -w   # watch the pod turn terminating while it still serves',
      ],
      exceptions: `Jobs, Helm hooks and init containers; DaemonSets reached only through host ports or headless Services (no endpoint load balancing to converge); apps that delay their own shutdown can suppress it with a reason. ${scrapeOnlyException}`,
    },
  },
  check(workload, context) {
    if (!isLongRunning(workload)) return null;
    return checkContainers(workload.containers, (container, report) => {
      if (container.role !== 'main') return false;
      const serving = servingOf(container, workload, context.index);
      if (!serving.loadBalanced) return false;
      if (preStopOf(container)) return true;
      const delay = 10;
      report({
        container: container.name,
        path: [...container.path, 'name'],
        message: `container "${container.name}" ${serving.summary} but has no preStop hook: it receives SIGTERM while endpoints still route new requests to it.`,
        remediation: `Add a preStop delay of about ${delay} s so kube-proxy and load balancers stop routing before the app shuts down${features.sleepAction(context.version) ? ' (the `sleep` action needs no binary in the image)' : ''}, and keep terminationGracePeriodSeconds above that delay plus the app's drain time.`,
        fix: {
          summary: `add a ${delay} s preStop delay`,
          edits: [{ path: [...container.path, 'lifecycle', 'preStop'], value: preStopDelayHook(context.version, container, delay) }],
        },
        evidence: { traffic: serving.reasons.join('; ') },
      });
      return true;
    });
  },
});
