// The one classification of a port's traffic (client, scrape, health) and how servingOf applies
// it to a container: names, exporter sidecars, Services, ServiceMonitors and PodMonitors.
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/engine.js';
import { servingOf, workloadTrafficOf } from '../../src/k8s/pod.js';
import { portTrafficOfName } from '../../src/k8s/traffic.js';
import { buildIndex } from '../../src/manifests/object-index.js';
import { parseManifestFile } from '../../src/manifests/parse.js';

function indexOf(yaml: string) {
  const parsed = parseManifestFile({ path: 'test.yaml', content: yaml });
  expect(parsed.errors).toEqual([]);
  return buildIndex(parsed.objects);
}

function servingIn(yaml: string, workloadName: string, containerName: string) {
  const index = indexOf(yaml);
  const workload = index.workloads.find((w) => w.object.ref.name === workloadName);
  const container = workload?.containers.find((c) => c.name === containerName);
  if (!workload || !container) throw new Error(`no ${workloadName}/${containerName}`);
  return servingOf(container, workload, index);
}

const deployment = (ports: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: app}
spec:
  selector: {matchLabels: {app: app}}
  template:
    metadata: {labels: {app: app}}
    spec:
      containers:
        - name: app
          image: example/app:1
          ports: ${ports}
${extra}`;

const service = (ports: string, extra = '') => `---
apiVersion: v1
kind: Service
metadata: {name: app, labels: {app: app}}
spec:
  selector: {app: app}
  ports: ${ports}
${extra}`;

const serviceMonitor = (port: string, extra = '') => `---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: app, namespace: monitoring}
spec:
  namespaceSelector: {matchNames: [default]}
  selector: {matchLabels: {app: app}}
  endpoints: [{port: ${port}}]
${extra}`;

describe('portTrafficOfName', () => {
  it.each([
    ['metrics', 'scrape'],
    ['http-metrics', 'scrape'],
    ['https-metrics', 'scrape'],
    ['telemetry', 'scrape'],
    ['envoy-metrics', 'scrape'],
    ['httpmetrics', 'scrape'],
    ['tcp-prometheus-servicemonitor', 'scrape'],
    ['prom', 'scrape'],
    ['exporter', 'scrape'],
    ['healthz', 'health'],
    ['health-check', 'health'],
    ['pprof', 'health'],
    ['http', 'client'],
    ['grpc', 'client'],
    ['https', 'client'],
    ['statsd', 'client'],
    ['memcached-client', 'client'],
    [undefined, 'client'],
  ] as const)('%s → %s', (name, expected) => {
    expect(portTrafficOfName(name)).toBe(expected);
  });
});

describe('servingOf', () => {
  it('a Service whose ports are all scrape ports serves scrapes only, whatever the Service is called', () => {
    const facts = servingIn(
      deployment('[{name: http-metrics, containerPort: 8080}, {name: telemetry, containerPort: 8081}]') +
        service('[{name: http-metrics, port: 8080, targetPort: http-metrics}, {name: telemetry, port: 8081, targetPort: telemetry}]'),
      'app',
      'app',
    );
    expect(facts).toMatchObject({ serving: false, traffic: 'scrape', loadBalanced: false, summary: 'serves scrapes only (Service app)' });
  });

  it('a Service port named "http" that targets a metrics port is a scrape port', () => {
    const facts = servingIn(deployment('[{name: metrics, containerPort: 9090}]') + service('[{name: http, port: 80, targetPort: metrics}]'), 'app', 'app');
    expect(facts.traffic).toBe('scrape');
  });

  it('a client port next to a scrape port keeps the container a client server, naming only the client reason', () => {
    const facts = servingIn(
      deployment('[{name: http, containerPort: 8080}, {name: metrics, containerPort: 9090}]') +
        service('[{name: http, port: 80, targetPort: http}, {name: metrics, port: 9090, targetPort: metrics}]'),
      'app',
      'app',
    );
    expect(facts).toMatchObject({ serving: true, traffic: 'client', appPorts: ['http'], summary: 'serves client traffic (selected by Service app)' });
  });

  it('an exporter sidecar whose only port is a scrape port serves scrapes only, and owns no undeclared numeric port', () => {
    const yaml = `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: cache}
spec:
  serviceName: cache
  selector: {matchLabels: {app: cache}}
  template:
    metadata: {labels: {app: cache}}
    spec:
      containers:
        - name: exporter
          image: prom/memcached-exporter:v0.13.0
          ports: [{name: http-metrics, containerPort: 9150}]
        - name: memcached
          image: memcached:1.6
---
apiVersion: v1
kind: Service
metadata: {name: cache}
spec:
  selector: {app: cache}
  ports:
    - {name: memcached-client, port: 11211, targetPort: 11211}
    - {name: http-metrics, port: 9150, targetPort: http-metrics}
`;
    expect(servingIn(yaml, 'cache', 'exporter')).toMatchObject({ serving: false, traffic: 'scrape', summary: 'serves scrapes only (Service cache)' });
    expect(servingIn(yaml, 'cache', 'memcached')).toMatchObject({ serving: true, traffic: 'client' });
  });

  it('a Service that only a ServiceMonitor reads serves scrapes only; the checklist names the monitor', () => {
    const facts = servingIn(deployment('[{name: http, containerPort: 8080}]') + service('[{name: http, port: 8080, targetPort: http}]') + serviceMonitor('http'), 'app', 'app');
    expect(facts).toMatchObject({ traffic: 'scrape', summary: 'serves scrapes only (Service app (read by ServiceMonitor app))' });
  });

  it.each([
    ['an Ingress routes to it', `---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: app}
spec:
  defaultBackend: {service: {name: app, port: {number: 8080}}}
`],
    ['an HTTPRoute routes to it', `---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: app}
spec:
  rules: [{backendRefs: [{name: app, port: 8080}]}]
`],
    ['an Ingress in its namespace may route to it (the parser keeps only its metadata)', `---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: other}
spec:
  defaultBackend: {service: {name: other, port: {number: 80}}}
`],
    ['a Traefik IngressRoute routes to it', `---
apiVersion: traefik.io/v1alpha1
kind: IngressRoute
metadata: {name: app}
spec:
  routes: [{match: Host(\`app.example.com\`), services: [{name: app, port: 8080}]}]
`],
  ])('a ServiceMonitor does not make a Service scrape-only when %s', (_name, extra) => {
    const facts = servingIn(deployment('[{name: http, containerPort: 8080}]') + service('[{name: http, port: 8080, targetPort: http}]') + serviceMonitor('http') + extra, 'app', 'app');
    expect(facts.traffic).toBe('client');
  });

  it('an Ingress in another namespace does not make a scrape-only Service a client one', () => {
    const ingress = `---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: web}
spec:
  defaultBackend: {service: {name: web, port: {number: 80}}}
`;
    const facts = servingIn(deployment('[{name: http, containerPort: 8080}]') + service('[{name: http, port: 8080, targetPort: http}]') + serviceMonitor('http') + ingress, 'app', 'app');
    expect(facts.traffic).toBe('scrape');
  });

  it('a LoadBalancer Service carries clients even when a ServiceMonitor scrapes every port', () => {
    const facts = servingIn(deployment('[{name: http, containerPort: 8080}]') + service('[{name: http, port: 8080, targetPort: http}]', '  type: LoadBalancer\n') + serviceMonitor('http'), 'app', 'app');
    expect(facts.traffic).toBe('client');
  });

  it('a ServiceMonitor that does not look in the Service namespace selects nothing', () => {
    const monitor = `---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: app, namespace: monitoring}
spec:
  selector: {matchLabels: {app: app}}
  endpoints: [{port: http}]
`;
    expect(servingIn(deployment('[{name: http, containerPort: 8080}]') + service('[{name: http, port: 8080, targetPort: http}]') + monitor, 'app', 'app').traffic).toBe('client');
  });

  it('a port only a PodMonitor scrapes is a scrape port', () => {
    const monitor = `---
apiVersion: monitoring.coreos.com/v1
kind: PodMonitor
metadata: {name: app}
spec:
  selector: {matchLabels: {app: app}}
  podMetricsEndpoints: [{port: web}]
`;
    expect(servingIn(deployment('[{name: web, containerPort: 9400}]') + monitor, 'app', 'app')).toMatchObject({ traffic: 'scrape', summary: 'serves scrapes only (port web)' });
  });

  it('a host-network scrape port is not client traffic (node-exporter)', () => {
    const yaml = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: node-exporter}
spec:
  selector: {matchLabels: {app: node-exporter}}
  template:
    metadata: {labels: {app: node-exporter}}
    spec:
      hostNetwork: true
      containers:
        - name: node-exporter
          image: quay.io/prometheus/node-exporter:v1.8.0
          ports: [{name: metrics, containerPort: 9100}]
`;
    expect(servingIn(yaml, 'node-exporter', 'node-exporter')).toMatchObject({ hostPorts: [], traffic: 'scrape', summary: 'serves scrapes only (port metrics)' });
  });

  it('health ports alone serve health checks only', () => {
    const facts = servingIn(deployment('[{name: healthz, containerPort: 10254}]'), 'app', 'app');
    expect(facts).toMatchObject({ serving: false, traffic: 'health', summary: 'serves health checks only (port healthz)' });
  });

  it('the workload class prefers client over scrape over health', () => {
    const index = indexOf(deployment('[{name: metrics, containerPort: 9090}]'));
    expect(workloadTrafficOf(index.workloads[0]!, index)).toEqual({ traffic: 'scrape', summary: 'serves scrapes only (port metrics)' });
  });
});

describe('rules that read the classification', () => {
  it('name scrape-only traffic in their messages and in the checklist', () => {
    const yaml = `apiVersion: apps/v1
kind: Deployment
metadata: {name: exporter}
spec:
  replicas: 1
  strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 0, maxUnavailable: 1}}
  selector: {matchLabels: {app: exporter}}
  template:
    metadata: {labels: {app: exporter}}
    spec:
      containers:
        - name: exporter
          image: example/exporter:1
          ports: [{name: http-metrics, containerPort: 9100}]
---
apiVersion: v1
kind: Service
metadata: {name: exporter}
spec:
  selector: {app: exporter}
  ports: [{name: http-metrics, port: 9100, targetPort: http-metrics}]
`;
    const result = analyze([{ path: 'exporter.yaml', content: yaml }]);
    const outage = result.findings.find((f) => f.ruleId === 'node/rollout-full-outage');
    expect(outage?.severity).toBe('warning');
    expect(outage?.message).toContain('the workload serves scrapes only (Service exporter), so the outage is a gap in metrics, not failed requests');
    expect(result.findings.filter((f) => ['pod/prestop-missing', 'pod/readiness-probe-missing', 'cluster/single-replica'].includes(f.ruleId))).toEqual([]);
    const subject = result.subjects.find((s) => s.object.name === 'exporter' && s.kind === 'workload');
    expect(subject?.facts.containers?.[0]?.traffic).toBe('serves scrapes only (Service exporter)');
  });
});
