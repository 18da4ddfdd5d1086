// The smoke test stands in for clients, so it probes what the one traffic classification
// (src/k8s/traffic.ts) calls client traffic — not a Service picked or skipped by its name.
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/engine.js';

const plansOf = (text: string) => analyze([{ path: 'deploy/all.yaml', content: text }], { smokePlans: true }).smokePlans ?? [];

const deployment = (name: string, ports: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers: [{name: app, image: ghcr.io/acme/${name}:1, ports: ${ports}}]
`;

describe('smoke plans: which Service port carries client traffic', () => {
  it('probes a client port of a Service whose name ends in -metrics', () => {
    const [plan] = plansOf(`${deployment('api', '[{name: http, containerPort: 8080}]')}---
apiVersion: v1
kind: Service
metadata: {name: api-metrics}
spec: {selector: {app: api}, ports: [{name: http, port: 80, targetPort: http}]}
`);
    expect(plan?.endpoint).toMatchObject({ via: 'service', name: 'api-metrics', port: 80 });
  });

  it('skips the scrape port of a Service that also has a client port', () => {
    const [plan] = plansOf(`${deployment('api', '[{name: metrics, containerPort: 9090}, {name: web, containerPort: 8080}]')}---
apiVersion: v1
kind: Service
metadata: {name: api}
spec: {selector: {app: api}, ports: [{name: metrics, port: 9090, targetPort: metrics}, {name: web, port: 80, targetPort: web}]}
`);
    expect(plan?.endpoint).toMatchObject({ via: 'service', name: 'api', port: 80 });
  });

  it('does not probe a Service only a ServiceMonitor reads, and says why', () => {
    const [plan] = plansOf(`${deployment('exporter', '[{name: http, containerPort: 8080}]')}---
apiVersion: v1
kind: Service
metadata: {name: exporter, labels: {app: exporter}}
spec: {selector: {app: exporter}, ports: [{name: http, port: 8080, targetPort: http}]}
---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: exporter}
spec: {selector: {matchLabels: {app: exporter}}, endpoints: [{port: http}]}
`);
    expect(plan?.endpoint).toBeUndefined();
    expect(plan?.unreachable).toMatch(/^no client reaches it: it serves scrapes only \(Service exporter \(read by ServiceMonitor exporter\)\)/);
  });
});
