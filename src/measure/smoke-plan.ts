// What the rollout smoke test applies and probes for one workload, read from the manifests: the
// workload itself (head, and base when it existed), the Services that select it, the ConfigMaps,
// Secrets and ServiceAccount its pods need, and how a client reaches it — a Service port (through
// kube-proxy, like real clients) or, for a DaemonSet without a Service, a host port on the node.
import type { ObjectIndex } from '../manifests/object-index.js';
import { asArray, asInteger, asRecord, asString, namespaceOf, type ObjectRef } from '../manifests/objects.js';
import type { Workload } from '../manifests/workloads.js';
import { graceOf, servingOf, workloadTrafficOf } from '../k8s/pod.js';
import { portTrafficOfName, portTrafficOfNames } from '../k8s/traffic.js';
import { inFlightAnnotation } from './plan.js';

export type SmokeKind = 'Deployment' | 'DaemonSet' | 'StatefulSet';
export const smokeKinds: readonly SmokeKind[] = ['Deployment', 'DaemonSet', 'StatefulSet'];

export interface SmokeEndpoint {
  /** A Service port (ClusterIP through kube-proxy), or a host port on a node. */
  via: 'service' | 'host-port';
  /** The Service's name; for host ports, the container's. */
  name: string;
  port: number;
  protocol: 'http' | 'https' | 'tcp';
  path: string;
  headers: Record<string, string>;
}

export type Manifest = Record<string, unknown>;

export interface SmokePlan {
  object: ObjectRef;
  render?: string;
  file: string;
  kind: SmokeKind;
  head: Manifest;
  /** Objects applied with the head version: its Services and what its pods reference. */
  headCompanions: Manifest[];
  /** The base version, when the workload existed before the change (set by the PR view). */
  base?: Manifest;
  baseCompanions?: Manifest[];
  /** How the prober reaches the pods; none means the workload cannot be smoke-tested. */
  endpoint?: SmokeEndpoint;
  /** Why there is no endpoint. */
  unreachable?: string;
  images: string[];
  gracePeriodSeconds: number;
  /** A text every good answer contains (annotation or config); wrong bodies count as failures. */
  expectBody?: string;
  /** A slow path (the drill's in-flight annotation or config) kept busy to measure dropped work. */
  inFlightPath?: string;
}

/** Per-workload override of the text a good answer must contain. */
export const expectBodyAnnotation = 'termination-guard.io/smoke-expect-body';

const isHttpName = (name: string | undefined) => name !== undefined && /^(https?|web|http-.*|.*-http)$/i.test(name);

interface PortInfo {
  name?: string;
  containerPort: number;
  hostPort?: number;
}

function containerPorts(workload: Workload): { container: string; ports: PortInfo[]; readiness?: Record<string, unknown> }[] {
  return workload.containers
    .filter((c) => c.role !== 'init')
    .map((c) => ({
      container: c.name,
      ports: asArray(c.spec.ports).flatMap((p) => {
        const record = asRecord(p);
        const containerPort = asInteger(record?.containerPort);
        if (!record || containerPort === undefined || (asString(record.protocol) ?? 'TCP') !== 'TCP') return [];
        const name = asString(record.name);
        const hostPort = asInteger(record.hostPort);
        return [{ ...(name !== undefined ? { name } : {}), containerPort, ...(hostPort !== undefined ? { hostPort } : {}) }];
      }),
      ...(asRecord(asRecord(c.spec.readinessProbe)?.httpGet) ? { readiness: asRecord(asRecord(c.spec.readinessProbe)?.httpGet) } : {}),
    }));
}

/** HTTP to the readiness probe's path when it probes the same port; a named http port gets `/`; else TCP connects. */
function protocolFor(
  containers: ReturnType<typeof containerPorts>,
  containerPort: number,
  portName: string | undefined,
  appProtocol: string | undefined,
): Pick<SmokeEndpoint, 'protocol' | 'path' | 'headers'> {
  for (const { ports, readiness } of containers) {
    const port = ports.find((p) => p.containerPort === containerPort);
    if (!port || !readiness) continue;
    const probePort = readiness.port;
    if (probePort === containerPort || (typeof probePort === 'string' && probePort === port.name)) {
      const headers: Record<string, string> = {};
      for (const header of asArray(readiness.httpHeaders)) {
        const record = asRecord(header);
        const name = asString(record?.name);
        if (name) headers[name] = asString(record?.value) ?? '';
      }
      return { protocol: asString(readiness.scheme) === 'HTTPS' ? 'https' : 'http', path: asString(readiness.path) ?? '/', headers };
    }
  }
  const containerName = containers.flatMap((c) => c.ports).find((p) => p.containerPort === containerPort)?.name;
  if (appProtocol && /^https?$/i.test(appProtocol)) return { protocol: appProtocol.toLowerCase() as 'http' | 'https', path: '/', headers: {} };
  if (isHttpName(portName) || isHttpName(containerName) || containerPort === 80 || containerPort === 8080) return { protocol: 'http', path: '/', headers: {} };
  return { protocol: 'tcp', path: '', headers: {} };
}

function serviceEndpoint(workload: Workload, index: ObjectIndex): SmokeEndpoint | string {
  const containers = containerPorts(workload);
  // Clients are what the smoke test stands in for: only Services and ports the one traffic
  // classification (k8s/traffic.ts, applied by servingOf) says carry client traffic, never a
  // scrape-only or health-check Service, whatever it is called.
  const clientServices = new Set(workload.containers.filter((c) => c.role !== 'init').flatMap((c) => servingOf(c, workload, index).viaService));
  const services = index.servicesFor(workload).filter((s) => !s.headless && clientServices.has(s));
  for (const service of services) {
    for (const item of asArray(asRecord(service.object.raw.spec)?.ports)) {
      const port = asRecord(item);
      const number = asInteger(port?.port);
      if (!port || number === undefined || (asString(port.protocol) ?? 'TCP') !== 'TCP') continue;
      const target = port.targetPort ?? number;
      const declared = containers.flatMap((c) => c.ports).find((p) => (typeof target === 'number' ? p.containerPort === target : p.name === target));
      const containerPort = typeof target === 'number' ? target : declared?.containerPort;
      if (containerPort === undefined) continue;
      if (portTrafficOfNames([asString(port.name), typeof target === 'string' ? target : undefined, declared?.name]) !== 'client') continue;
      return { via: 'service', name: service.object.ref.name, port: number, ...protocolFor(containers, containerPort, asString(port.name), asString(port.appProtocol)) };
    }
  }
  if (workload.kind === 'DaemonSet') {
    for (const { container, ports } of containers) {
      const port = ports.find((p) => p.hostPort !== undefined && portTrafficOfName(p.name) === 'client');
      if (port) return { via: 'host-port', name: container, port: port.hostPort as number, ...protocolFor(containers, port.containerPort, port.name, undefined) };
    }
  }
  const scrapeOrHealth = workloadTrafficOf(workload, index);
  if (scrapeOrHealth.traffic === 'scrape' || scrapeOrHealth.traffic === 'health') return `no client reaches it: it ${scrapeOrHealth.summary}`;
  if (index.servicesFor(workload).some((s) => s.headless)) return 'only a headless Service selects it (clients resolve pod IPs themselves; there is no ClusterIP to probe)';
  return workload.kind === 'DaemonSet' ? 'no Service selects it and it has no host port' : 'no Service selects it';
}

/** Names of ConfigMaps, Secrets and the ServiceAccount the pod template refers to. */
function referencedNames(workload: Workload): { configMaps: Set<string>; secrets: Set<string>; serviceAccount?: string } {
  const configMaps = new Set<string>();
  const secrets = new Set<string>();
  const visit = (value: unknown, key?: string): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item, key);
      return;
    }
    const record = asRecord(value);
    if (!record) return;
    const name = asString(record.name);
    if (name && (key === 'configMapKeyRef' || key === 'configMapRef' || key === 'configMap')) configMaps.add(name);
    if (key === 'secretKeyRef' || key === 'secretRef') {
      if (name) secrets.add(name);
    }
    if (key === 'secret') {
      const secretName = asString(record.secretName) ?? name;
      if (secretName) secrets.add(secretName);
    }
    for (const [child, item] of Object.entries(record)) visit(item, child);
  };
  visit(workload.podSpec);
  for (const secret of asArray(workload.podSpec.imagePullSecrets)) {
    const name = asString(asRecord(secret)?.name);
    if (name) secrets.add(name);
  }
  const serviceAccount = asString(workload.podSpec.serviceAccountName);
  return { configMaps, secrets, ...(serviceAccount ? { serviceAccount } : {}) };
}

/** The plan for one workload (Deployment, DaemonSet, StatefulSet), or undefined for other kinds. */
export function smokePlan(workload: Workload, index: ObjectIndex, options: { expectBody?: string; inFlightPath?: string } = {}): SmokePlan | undefined {
  if (!(smokeKinds as readonly string[]).includes(workload.kind) || workload.isHook) return undefined;
  const namespace = namespaceOf(workload.object.ref);
  const endpoint = serviceEndpoint(workload, index);
  const names = referencedNames(workload);
  const companions: Manifest[] = [];
  for (const object of index.objects) {
    if (namespaceOf(object.ref) !== namespace || object.source.origin?.render !== workload.object.source.origin?.render) continue;
    const { kind, name } = object.ref;
    if ((kind === 'ConfigMap' && names.configMaps.has(name)) || (kind === 'Secret' && names.secrets.has(name)) || (kind === 'ServiceAccount' && names.serviceAccount === name)) {
      companions.push(object.raw);
    }
  }
  for (const service of index.servicesFor(workload)) companions.push(service.object.raw);
  const annotation = (key: string) => workload.podAnnotations[key] ?? asString(asRecord(asRecord(workload.object.raw.metadata)?.annotations)?.[key]);
  const expectBody = annotation(expectBodyAnnotation) ?? options.expectBody;
  const inFlightPath = annotation(inFlightAnnotation) ?? options.inFlightPath;
  return {
    object: workload.object.ref,
    ...(workload.object.source.origin ? { render: workload.object.source.origin.render } : {}),
    file: workload.object.source.file,
    kind: workload.kind as SmokeKind,
    head: workload.object.raw,
    headCompanions: companions,
    ...(typeof endpoint === 'string' ? { unreachable: endpoint } : { endpoint }),
    images: [...new Set(workload.containers.map((c) => c.image).filter((image) => image !== ''))],
    gracePeriodSeconds: graceOf(workload).seconds,
    ...(expectBody ? { expectBody } : {}),
    ...(inFlightPath ? { inFlightPath } : {}),
  };
}

const serverOwned = ['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'managedFields', 'selfLink', 'ownerReferences'];

/**
 * An object as the smoke test applies it: in the throwaway namespace, without server-owned
 * fields; Services become plain ClusterIP Services (no node ports, no cloud load balancer).
 */
export function forCluster(manifest: Manifest, namespace: string): Manifest {
  const copy = structuredClone(manifest) as Manifest;
  delete copy.status;
  const metadata = { ...(asRecord(copy.metadata) ?? {}) };
  for (const field of serverOwned) delete metadata[field];
  metadata.namespace = namespace;
  copy.metadata = metadata;
  if (copy.kind === 'Service') {
    const spec = { ...(asRecord(copy.spec) ?? {}) };
    if (spec.clusterIP !== 'None') {
      for (const field of ['clusterIP', 'clusterIPs', 'externalIPs', 'loadBalancerIP', 'loadBalancerSourceRanges', 'loadBalancerClass', 'externalTrafficPolicy', 'healthCheckNodePort', 'allocateLoadBalancerNodePorts', 'externalName']) delete spec[field];
      spec.type = 'ClusterIP';
      spec.ports = asArray(spec.ports).map((port) => {
        const record = { ...(asRecord(port) ?? {}) };
        delete record.nodePort;
        return record;
      });
    }
    copy.spec = spec;
  }
  return copy;
}
