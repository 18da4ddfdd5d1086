// What a port carries: client requests, Prometheus scrapes, or health checks. Rules that reason
// about traffic (endpoint convergence, readiness, rollout and drain outages) must agree on it,
// so the one classification lives here and `servingOf` (pod.ts) applies it to a container.
//
// Why scrapes are not client traffic: Prometheus' `endpoints` role (and any keep-only-ready
// relabelling) drops a terminating target at once, so no preStop delay or readiness probe buys
// another scrape; a missed scrape is a gap in a time series, not a failed request
// (TERMINATION-FACTS §7, §10).
import type { ObjectIndex, ServiceView } from '../manifests/object-index.js';
import type { KubeObject } from '../manifests/objects.js';
import { asArray, asInteger, asRecord, asString, asStringMap, getPath, namespaceOf } from '../manifests/objects.js';
import { type LabelSelector, parseLabelSelector, selectorMatches } from '../manifests/selectors.js';
import type { Workload } from '../manifests/workloads.js';

export type PortTraffic = 'client' | 'scrape' | 'health';

/** Name words of ports only Prometheus reads: `metrics`, `http-metrics`, `telemetry`, `*-metrics`, exporters. */
const scrapeWords = new Set(['metric', 'metrics', 'telemetry', 'prom', 'prometheus', 'exporter', 'stats', 'monitoring', 'scrape', 'servicemonitor', 'podmonitor']);
/** Health checks and diagnostics: read by the kubelet or by an operator, never by clients. */
const healthWords = new Set([
  'health',
  'healthz',
  'healthcheck',
  'probe',
  'probes',
  'livez',
  'readyz',
  'liveness',
  'readiness',
  'pprof',
  'debug',
  'admin',
  'profiling',
  'profiler',
]);

/**
 * The traffic a port name announces. Words are split on `-`, `_` and `.` (port names are
 * IANA service names such as `http-metrics`); `metric`, `telemetry`, `prometheus` and `health`
 * also count inside a word (`httpmetrics`, `healthcheck`). A missing name says nothing: client.
 */
export function portTrafficOfName(name: string | undefined): PortTraffic {
  if (!name) return 'client';
  let traffic = nameTraffic.get(name);
  if (!traffic) nameTraffic.set(name, (traffic = classifyName(name)));
  return traffic;
}

/** Port names repeat across a tree (http, metrics…): classify each once. */
const nameTraffic = new Map<string, PortTraffic>();

function classifyName(name: string): PortTraffic {
  const lower = name.toLowerCase();
  const words = lower.split(/[^a-z0-9]+/);
  if (/metric|telemetry|prometheus/.test(lower) || words.some((w) => scrapeWords.has(w))) return 'scrape';
  if (/health|probe|livez|readyz|pprof/.test(lower) || words.some((w) => healthWords.has(w))) return 'health';
  return 'client';
}

/** The narrowest class several names of one port agree on: any scrape name makes it a scrape port. */
export function portTrafficOfNames(names: readonly (string | undefined)[]): PortTraffic {
  const classes = names.map(portTrafficOfName);
  if (classes.includes('scrape')) return 'scrape';
  if (classes.includes('health')) return 'health';
  return 'client';
}

export interface ServicePortView {
  name?: string;
  port?: number;
  /** targetPort, defaulting to port: a container port name or number. */
  target: number | string;
}

const servicePortCache = new WeakMap<ServiceView, ServicePortView[]>();

export function servicePortsOf(service: ServiceView): ServicePortView[] {
  let ports = servicePortCache.get(service);
  if (!ports) {
    ports = asArray(getPath(service.object.raw, ['spec', 'ports'])).flatMap((item) => {
      const record = asRecord(item);
      if (!record) return [];
      const name = asString(record.name);
      const port = asInteger(record.port);
      const rawTarget = record.targetPort ?? record.port;
      const target = typeof rawTarget === 'number' ? rawTarget : typeof rawTarget === 'string' ? (/^\d+$/.test(rawTarget) ? Number(rawTarget) : rawTarget) : undefined;
      if (target === undefined) return [];
      return [{ ...(name !== undefined ? { name } : {}), ...(port !== undefined ? { port } : {}), target }];
    });
    servicePortCache.set(service, ports);
  }
  return ports;
}

interface Monitor {
  object: KubeObject;
  selector?: LabelSelector;
  /** Namespaces it looks in: `any`, or a list (default: its own). */
  namespaces: 'any' | string[];
  /** Port names and numbers its endpoints scrape. */
  ports: Set<string | number>;
}

/** What the tree says about who reads a Service: monitors that scrape it, objects that route clients to it. */
export interface TrafficIndex {
  /** ServiceMonitors that select the Service, with the ports they scrape. */
  serviceMonitorsFor(service: ServiceView): Monitor[];
  /** PodMonitors that select the workload's pods, with the container ports they scrape. */
  podMonitorsFor(workload: Workload): Monitor[];
  /** Container port names and numbers those PodMonitors scrape. */
  podMonitorPorts(workload: Workload): Set<string | number>;
  /** A Gateway API or Traefik route names the Service as a backend, or an Ingress shares its namespace. */
  isRoutedTo(service: ServiceView): boolean;
}

function monitorOf(object: KubeObject, endpointsField: string): Monitor {
  const spec = asRecord(object.raw.spec) ?? {};
  const namespaceSelector = asRecord(spec.namespaceSelector);
  const namespaces: Monitor['namespaces'] =
    namespaceSelector?.any === true ? 'any' : asArray(namespaceSelector?.matchNames).map(String).filter(Boolean);
  const ports = new Set<string | number>();
  for (const item of asArray(spec[endpointsField])) {
    const endpoint = asRecord(item);
    for (const value of [endpoint?.port, endpoint?.targetPort, endpoint?.portNumber]) {
      if (typeof value === 'string' || typeof value === 'number') ports.add(value);
    }
  }
  const selector = parseLabelSelector(spec.selector);
  return { object, ...(selector ? { selector } : {}), namespaces: namespaces === 'any' || namespaces.length > 0 ? namespaces : [namespaceOf(object.ref)], ports };
}

function looksIn(monitor: Monitor, namespace: string): boolean {
  return monitor.namespaces === 'any' || monitor.namespaces.includes(namespace);
}

/** Two objects from different renders (values sets, overlays) are separate installations. */
function sameInstallation(a: KubeObject, b: KubeObject): boolean {
  const renderA = a.source.origin?.render;
  const renderB = b.source.origin?.render;
  return renderA === undefined || renderB === undefined || renderA === renderB;
}

/** Services an object routes clients to, as `namespace/name`. */
function backendServices(object: KubeObject): string[] {
  const namespace = namespaceOf(object.ref);
  const raw = object.raw;
  const named = (name: unknown, ns: unknown = namespace) => (typeof name === 'string' && name !== '' ? [`${typeof ns === 'string' && ns ? ns : namespace}/${name}`] : []);
  const group = object.ref.apiVersion.split('/')[0] ?? '';
  switch (object.ref.kind) {
    case 'HTTPRoute':
    case 'GRPCRoute':
    case 'TLSRoute':
    case 'TCPRoute':
    case 'UDPRoute':
      return asArray(getPath(raw, ['spec', 'rules'])).flatMap((rule) =>
        asArray(asRecord(rule)?.backendRefs).flatMap((ref) => {
          const record = asRecord(ref);
          const kind = asString(record?.kind) ?? 'Service';
          return kind === 'Service' ? named(record?.name, record?.namespace) : [];
        }),
      );
    case 'IngressRoute':
    case 'IngressRouteTCP':
    case 'IngressRouteUDP':
      // Traefik's own routing CRDs.
      return group.startsWith('traefik.')
        ? asArray(getPath(raw, ['spec', 'routes'])).flatMap((route) =>
            asArray(asRecord(route)?.services).flatMap((service) => named(asRecord(service)?.name, asRecord(service)?.namespace)),
          )
        : [];
    default:
      return [];
  }
}

const trafficIndexes = new WeakMap<ObjectIndex, TrafficIndex>();

/** Built once per object index: one pass over the objects. */
export function trafficIndexOf(index: ObjectIndex): TrafficIndex {
  const cached = trafficIndexes.get(index);
  if (cached) return cached;
  const serviceMonitors: Monitor[] = [];
  const podMonitors: Monitor[] = [];
  const routed = new Set<string>();
  // The parser keeps only an Ingress' metadata (manifests/kinds.ts: reading every Ingress whole
  // costs large trees more than it buys), so an Ingress may route to any Service of its namespace.
  const ingresses = new Map<string, KubeObject[]>();
  for (const object of index.objects) {
    const monitoring = object.ref.apiVersion.startsWith('monitoring.coreos.com/');
    if (monitoring && object.ref.kind === 'ServiceMonitor') serviceMonitors.push(monitorOf(object, 'endpoints'));
    else if (monitoring && object.ref.kind === 'PodMonitor') podMonitors.push(monitorOf(object, 'podMetricsEndpoints'));
    else if (object.ref.kind === 'Ingress') ingresses.set(namespaceOf(object.ref), [...(ingresses.get(namespaceOf(object.ref)) ?? []), object]);
    else for (const backend of backendServices(object)) routed.add(backend);
  }
  const selecting = (monitors: Monitor[], target: KubeObject, labels: Record<string, string>) =>
    monitors.filter(
      (m) => m.selector !== undefined && looksIn(m, namespaceOf(target.ref)) && selectorMatches(m.selector, labels) && sameInstallation(m.object, target),
    );
  const podSelections = new WeakMap<Workload, { monitors: Monitor[]; ports: Set<string | number> }>();
  const podSelection = (workload: Workload) => {
    let selection = podSelections.get(workload);
    if (!selection) {
      const monitors = podMonitors.length === 0 ? [] : selecting(podMonitors, workload.object, workload.podLabels);
      selection = { monitors, ports: new Set(monitors.flatMap((m) => [...m.ports])) };
      podSelections.set(workload, selection);
    }
    return selection;
  };
  const traffic: TrafficIndex = {
    serviceMonitorsFor: (service) =>
      serviceMonitors.length === 0 ? [] : selecting(serviceMonitors, service.object, asStringMap(getPath(service.object.raw, ['metadata', 'labels']))),
    podMonitorsFor: (workload) => podSelection(workload).monitors,
    podMonitorPorts: (workload) => podSelection(workload).ports,
    isRoutedTo: (service) =>
      routed.has(`${namespaceOf(service.object.ref)}/${service.object.ref.name}`) ||
      (ingresses.get(namespaceOf(service.object.ref)) ?? []).some((ingress) => sameInstallation(ingress, service.object)),
  };
  trafficIndexes.set(index, traffic);
  return traffic;
}

/**
 * A Service that exists for Prometheus alone: a ServiceMonitor selects it (or PodMonitors scrape
 * the pod ports it targets) and scrapes every one of its ports, it is not exposed outside the
 * cluster, no route names it and no Ingress shares its namespace. Returns the monitors' names, or
 * undefined when the Service may carry client traffic.
 */
export function scrapeOnlyService(service: ServiceView, workload: Workload, index: ObjectIndex): string[] | undefined {
  const traffic = trafficIndexOf(index);
  const monitors = traffic.serviceMonitorsFor(service);
  const podScraped = traffic.podMonitorPorts(workload);
  if (monitors.length === 0 && podScraped.size === 0) return undefined;
  const ports = servicePortsOf(service);
  if (ports.length === 0) return undefined;
  const type = asString(getPath(service.object.raw, ['spec', 'type'])) ?? 'ClusterIP';
  if (type !== 'ClusterIP' || asArray(getPath(service.object.raw, ['spec', 'externalIPs'])).length > 0) return undefined;
  const scraped = (port: ServicePortView) =>
    monitors.some((m) => (port.name !== undefined && m.ports.has(port.name)) || m.ports.has(port.target)) || podScraped.has(port.target);
  if (!ports.every(scraped) || traffic.isRoutedTo(service)) return undefined;
  const podMonitors = traffic.podMonitorsFor(workload).filter((m) => ports.some((port) => m.ports.has(port.target)));
  return [...monitors.map((m) => `ServiceMonitor ${m.object.ref.name}`), ...podMonitors.map((m) => `PodMonitor ${m.object.ref.name}`)];
}

/** How rules' docs name the exception this classification makes (one wording for every rule). */
export const scrapeOnlyException =
  'Scrape-only containers count as serving no client traffic: ports named `metrics`, `http-metrics`, `telemetry` or `*-metrics`, an exporter sidecar whose only port is such a port, and Services whose ports are all scrape ports or that only a ServiceMonitor/PodMonitor reads (every port scraped, not LoadBalancer/NodePort, named by no Gateway API or Traefik route, and no Ingress in their namespace). So do health-check ports. Prometheus drops a terminating target at once, and a missed scrape is a gap in a graph, not a failed request; the checklist\'s traffic column says "serves scrapes only (…)".';
