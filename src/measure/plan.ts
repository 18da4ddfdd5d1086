// What the SIGTERM drill runs for one container, read from its manifest: the process (command,
// args, env with $(VAR) expansion, working dir, user), how readiness is judged, the preStop hook
// and the grace period — everything the kubelet would use when it stops the pod.
import type { ObjectIndex } from '../manifests/object-index.js';
import { asArray, asInteger, asRecord, asString, asStringMap, namespaceOf, type ObjectRef } from '../manifests/objects.js';
import type { ContainerView, Workload } from '../manifests/workloads.js';
import { locate } from '../manifests/locate.js';
import type { Location, ObjectPath } from '../manifests/objects.js';
import { graceOf } from '../k8s/pod.js';

export type ProbeTarget =
  | { kind: 'http'; port: number; path: string; scheme: 'HTTP' | 'HTTPS'; headers: Record<string, string> }
  | { kind: 'tcp'; port: number }
  | { kind: 'exec'; command: string[] };

export type PreStopPlan =
  | { kind: 'exec'; command: string[] }
  | { kind: 'http'; port: number; path: string; scheme: 'HTTP' | 'HTTPS'; headers: Record<string, string> }
  | { kind: 'sleep'; seconds: number };

export interface DrillPlan {
  object: ObjectRef;
  render?: string;
  file: string;
  container: string;
  image: string;
  /** The manifest's `command` (replaces the image's ENTRYPOINT) and `args` (replace CMD), expanded. */
  command?: string[];
  args?: string[];
  env: { name: string; value: string }[];
  workingDir?: string;
  /** `uid[:gid]` from runAsUser/runAsGroup. */
  user?: string;
  /** Declared TCP container ports, in order. */
  ports: number[];
  readiness?: ProbeTarget;
  preStop?: PreStopPlan;
  gracePeriodSeconds: number;
  /** Where terminationGracePeriodSeconds is (exact) or would go (its deepest existing ancestor): for the measured grace suggestion. */
  graceField?: { path: ObjectPath; location: Location & { exact: boolean; resolvedDepth: number } };
  /** `lifecycle.stopSignal` (KEP-4960); otherwise the image's STOPSIGNAL, else SIGTERM. */
  stopSignal?: string;
  /** A path answered slowly, for requests held in flight across the stop (annotation or config). */
  inFlightPath?: string;
  /** What the drill cannot reproduce from the manifest (secrets, volumes): said in the report. */
  notes: string[];
}

/** Per-workload override of the in-flight request path. */
export const inFlightAnnotation = 'termination-guard.io/drill-in-flight-path';

/**
 * Kubernetes' $(VAR) expansion of command and args: `$(NAME)` becomes the variable's value when
 * NAME is defined earlier, `$$` is a literal `$`, anything else is left as written.
 */
export function expandVariables(text: string, vars: ReadonlyMap<string, string>): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '$' || i + 1 >= text.length) {
      out += text[i];
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i++;
    } else if (next === '(') {
      const close = text.indexOf(')', i + 2);
      if (close === -1) {
        out += text.slice(i);
        break;
      }
      const name = text.slice(i + 2, close);
      out += vars.has(name) ? (vars.get(name) as string) : text.slice(i, close + 1);
      i = close;
    } else {
      out += '$';
    }
  }
  return out;
}

function namedPort(container: ContainerView, port: unknown): number | undefined {
  if (typeof port === 'number') return port;
  const text = asString(port);
  if (text === undefined) return undefined;
  if (/^\d+$/.test(text)) return Number(text);
  for (const item of asArray(container.spec.ports)) {
    const record = asRecord(item);
    if (record && record.name === text) return asInteger(record.containerPort);
  }
  return undefined;
}

function httpTarget(container: ContainerView, spec: Record<string, unknown>) {
  const port = namedPort(container, spec.port);
  if (port === undefined) return undefined;
  const headers: Record<string, string> = {};
  for (const header of asArray(spec.httpHeaders)) {
    const record = asRecord(header);
    if (record && typeof record.name === 'string') headers[record.name] = String(record.value ?? '');
  }
  return { kind: 'http' as const, port, path: asString(spec.path) ?? '/', scheme: asString(spec.scheme) === 'HTTPS' ? ('HTTPS' as const) : ('HTTP' as const), headers };
}

function probeOf(container: ContainerView): ProbeTarget | undefined {
  const probe = asRecord(container.spec.readinessProbe);
  if (!probe) return undefined;
  const http = asRecord(probe.httpGet);
  if (http) return httpTarget(container, http);
  const tcp = asRecord(probe.tcpSocket) ?? asRecord(probe.grpc);
  if (tcp) {
    const port = namedPort(container, tcp.port);
    return port === undefined ? undefined : { kind: 'tcp', port };
  }
  const exec = asRecord(probe.exec);
  if (exec) return { kind: 'exec', command: asArray(exec.command).map(String) };
  return undefined;
}

/** Values of the pod's own fields, as the drill's stand-in pod has them. */
function fieldValue(path: string, workload: Workload): string | undefined {
  const ref = workload.object.ref;
  switch (path) {
    case 'metadata.name':
      return `${ref.name}-drill`;
    case 'metadata.namespace':
      return namespaceOf(ref);
    case 'metadata.uid':
      return '00000000-0000-4000-8000-000000000000';
    case 'spec.nodeName':
    case 'status.hostIP':
    case 'status.podIP':
      return path === 'spec.nodeName' ? 'drill-node' : '127.0.0.1';
    case 'status.podIPs':
    case 'status.hostIPs':
      return '127.0.0.1';
    case 'spec.serviceAccountName':
      return asString(workload.podSpec.serviceAccountName) ?? 'default';
    default: {
      const label = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
      if (label) return (label[1] === 'labels' ? workload.podLabels : workload.podAnnotations)[label[2]];
      return undefined;
    }
  }
}

function environmentOf(workload: Workload, container: ContainerView, index: ObjectIndex, notes: string[]) {
  const namespace = namespaceOf(workload.object.ref);
  const vars = new Map<string, string>();
  const unresolved: string[] = [];
  for (const source of asArray(container.spec.envFrom)) {
    const record = asRecord(source);
    const prefix = asString(record?.prefix) ?? '';
    const configMap = asString(asRecord(record?.configMapRef)?.name);
    const secret = asString(asRecord(record?.secretRef)?.name);
    if (configMap) {
      const data = index.configMapData(namespace, configMap);
      if (data) for (const [key, value] of Object.entries(data)) vars.set(prefix + key, value);
      else unresolved.push(`envFrom ConfigMap ${configMap} (not in the manifests)`);
    } else if (secret) unresolved.push(`envFrom Secret ${secret}`);
  }
  for (const item of asArray(container.spec.env)) {
    const record = asRecord(item);
    const name = asString(record?.name);
    if (!record || !name) continue;
    if (record.value !== undefined || record.valueFrom === undefined) {
      vars.set(name, expandVariables(String(record.value ?? ''), vars));
      continue;
    }
    const from = asRecord(record.valueFrom) ?? {};
    const configMapKey = asRecord(from.configMapKeyRef);
    const field = asString(asRecord(from.fieldRef)?.fieldPath);
    const value = configMapKey
      ? index.configMapData(namespace, asString(configMapKey.name) ?? '')?.[asString(configMapKey.key) ?? '']
      : field
        ? fieldValue(field, workload)
        : undefined;
    if (value !== undefined) vars.set(name, value);
    else unresolved.push(name);
  }
  if (unresolved.length > 0) notes.push(`not set in the drill (secrets or values outside the manifests): ${unresolved.join(', ')}`);
  return vars;
}

function preStopPlan(container: ContainerView, notes: string[]): PreStopPlan | undefined {
  const hook = asRecord(asRecord(container.spec.lifecycle)?.preStop);
  if (!hook) return undefined;
  const sleep = asRecord(hook.sleep);
  if (sleep) return { kind: 'sleep', seconds: asInteger(sleep.seconds) ?? 0 };
  const exec = asRecord(hook.exec);
  if (exec) return { kind: 'exec', command: asArray(exec.command).map(String) };
  const http = asRecord(hook.httpGet);
  if (http) {
    if (asString(http.host)) notes.push(`the preStop httpGet host ${String(http.host)} is replaced by the container's own address`);
    return httpTarget(container, http);
  }
  notes.push('the preStop hook has no handler the kubelet runs (tcpSocket is not supported for hooks)');
  return undefined;
}

/** The drill plans of a workload: its main containers (the ones a rollout replaces). */
export function drillPlans(workload: Workload, index: ObjectIndex, options: { inFlightPath?: string } = {}): DrillPlan[] {
  if (workload.isHook || workload.runsToCompletion) return [];
  const grace = graceOf(workload).seconds;
  const gracePath: ObjectPath = [...workload.podSpecPath, 'terminationGracePeriodSeconds'];
  const graceField = { path: gracePath, location: locate(workload.object.source, gracePath) };
  const podSecurity = asRecord(workload.podSpec.securityContext) ?? {};
  return workload.containers
    .filter((c) => c.role === 'main' && c.image !== '')
    .map((container): DrillPlan => {
      const notes: string[] = [];
      const vars = environmentOf(workload, container, index, notes);
      const expand = (list: unknown) => asArray(list).map((word) => expandVariables(String(word), vars));
      const security = { ...podSecurity, ...(asRecord(container.spec.securityContext) ?? {}) };
      const uid = asInteger(security.runAsUser);
      const gid = asInteger(security.runAsGroup);
      const volumes = asArray(container.spec.volumeMounts).length;
      if (volumes > 0) notes.push(`${volumes} volume mount(s) are not reproduced`);
      const stopSignal = asString(asRecord(container.spec.lifecycle)?.stopSignal);
      const inFlightPath = workload.podAnnotations[inFlightAnnotation] ?? asStringMap(asRecord(workload.object.raw.metadata)?.annotations)[inFlightAnnotation] ?? options.inFlightPath;
      const readiness = probeOf(container);
      const preStop = preStopPlan(container, notes);
      const workingDir = asString(container.spec.workingDir);
      return {
        object: workload.object.ref,
        ...(workload.object.source.origin ? { render: workload.object.source.origin.render } : {}),
        file: workload.object.source.file,
        container: container.name,
        image: container.image,
        ...(container.spec.command !== undefined ? { command: expand(container.spec.command) } : {}),
        ...(container.spec.args !== undefined ? { args: expand(container.spec.args) } : {}),
        env: [...vars].map(([name, value]) => ({ name, value })),
        ...(workingDir ? { workingDir } : {}),
        ...(uid !== undefined ? { user: gid !== undefined ? `${uid}:${gid}` : String(uid) } : {}),
        ports: asArray(container.spec.ports).flatMap((p) => {
          const record = asRecord(p);
          const port = asInteger(record?.containerPort);
          return port !== undefined && (asString(record?.protocol) ?? 'TCP') === 'TCP' ? [port] : [];
        }),
        ...(readiness ? { readiness } : {}),
        ...(preStop ? { preStop } : {}),
        gracePeriodSeconds: grace,
        graceField,
        ...(stopSignal ? { stopSignal } : {}),
        ...(inFlightPath ? { inFlightPath } : {}),
        notes,
      };
    });
}
