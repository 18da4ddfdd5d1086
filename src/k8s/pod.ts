// Termination facts of a pod template: grace period, preStop hooks, what runs as PID 1, and
// what traffic a container serves (client, scrape or health: the classification in traffic.ts).
// Rules and the checklist's evidence both read these.
import type { ObjectIndex, ServiceView } from '../manifests/object-index.js';
import type { ObjectPath } from '../manifests/objects.js';
import { asArray, asInteger, asRecord, asString, getPath } from '../manifests/objects.js';
import type { ContainerView, Workload } from '../manifests/workloads.js';
import { analyzeScript, type ScriptFacts, shellScriptOf } from '../shell/script.js';
import { type PortTraffic, portTrafficOfName, portTrafficOfNames, scrapeOnlyService, servicePortsOf, trafficIndexOf } from './traffic.js';

/** The kubelet default when terminationGracePeriodSeconds is unset. */
export const defaultGraceSeconds = 30;

export interface GraceFacts {
  seconds: number;
  explicit: boolean;
  path: ObjectPath;
}

export function graceOf(workload: Workload): GraceFacts {
  const path = [...workload.podSpecPath, 'terminationGracePeriodSeconds'];
  const value = asInteger(workload.podSpec.terminationGracePeriodSeconds);
  return value === undefined ? { seconds: defaultGraceSeconds, explicit: false, path } : { seconds: value, explicit: true, path };
}

export type HookKind = 'sleep' | 'exec' | 'httpGet' | 'tcpSocket' | 'empty';

export interface PreStopFacts {
  kind: HookKind;
  path: ObjectPath;
  /** Seconds the hook delays the stop signal, when it can be read from the manifest. */
  delaySeconds?: number;
  /** exec hooks: the command; and the script when it is `sh -c '…'`. */
  argv?: string[];
  script?: ScriptFacts;
}

export function preStopOf(container: ContainerView): PreStopFacts | undefined {
  const path = [...container.path, 'lifecycle', 'preStop'];
  const hook = asRecord(getPath(container.spec, ['lifecycle', 'preStop']));
  if (!hook) return undefined;
  const sleep = asRecord(hook.sleep);
  if (sleep) {
    const seconds = asInteger(sleep.seconds);
    return { kind: 'sleep', path, ...(seconds !== undefined ? { delaySeconds: seconds } : {}) };
  }
  const exec = asRecord(hook.exec);
  if (exec) {
    const argv = asArray(exec.command).map(String);
    const wrapped = shellScriptOf(argv);
    if (wrapped) {
      const script = analyzeScript(wrapped.script);
      return { kind: 'exec', path, argv, script, ...(script.sleepSeconds > 0 ? { delaySeconds: script.sleepSeconds } : {}) };
    }
    // ["sleep", "10"] or a bare script path.
    const script = analyzeScript(argv.map(quoteWord).join(' '));
    return { kind: 'exec', path, argv, ...(script.sleepSeconds > 0 ? { delaySeconds: script.sleepSeconds } : {}) };
  }
  if (hook.httpGet !== undefined) return { kind: 'httpGet', path };
  if (hook.tcpSocket !== undefined) return { kind: 'tcpSocket', path };
  return { kind: 'empty', path };
}

function quoteWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export interface ServingFacts {
  /** Carries client traffic (the `client` class below): what every traffic rule acts on. */
  serving: boolean;
  /**
   * The container's traffic as one class (traffic.ts): `client` when anything routes clients to
   * it, else `scrape` when only Prometheus reads it, else `health` for health/diagnostic ports.
   */
  traffic: PortTraffic | 'none';
  /** Services that route client traffic to it (endpoints that must converge on deletion). */
  viaService: ServiceView[];
  /** Host ports that carry client traffic. */
  hostPorts: number[];
  /** Declared container ports that carry client traffic (not metrics/health). */
  appPorts: (number | string)[];
  /** Why it serves clients (empty unless `serving`). */
  reasons: string[];
  /** Why it serves scrapes or health checks only (empty when `serving`). */
  otherReasons: string[];
  /** For messages and the checklist: "serves client traffic (…)", "serves scrapes only (…)", … */
  summary: string;
  /**
   * Clients reach it through endpoints that must converge when a pod goes away: any serving
   * container of a non-DaemonSet, or a DaemonSet behind a non-headless Service (DaemonSet pods
   * reached by host port or headless DNS have no endpoint load balancing to drain).
   */
  loadBalanced: boolean;
}

interface PortView {
  name?: string;
  containerPort?: number;
  hostPort?: number;
}

const portCache = new WeakMap<ContainerView, PortView[]>();

function portsOf(container: ContainerView): PortView[] {
  let ports = portCache.get(container);
  if (!ports) portCache.set(container, (ports = readPorts(container)));
  return ports;
}

function readPorts(container: ContainerView): PortView[] {
  return asArray(container.spec.ports).flatMap((p) => {
    const record = asRecord(p);
    if (!record) return [];
    const name = asString(record.name);
    const containerPort = asInteger(record.containerPort);
    const hostPort = asInteger(record.hostPort);
    return [
      {
        ...(name !== undefined ? { name } : {}),
        ...(containerPort !== undefined ? { containerPort } : {}),
        ...(hostPort !== undefined ? { hostPort } : {}),
      },
    ];
  });
}

/**
 * Memoises a per-container fact: rules ask the same question of a container many times, and a
 * ContainerView belongs to exactly one workload and index.
 */
export function perContainer<T>(compute: (container: ContainerView, workload: Workload, index: ObjectIndex) => T): PerContainer<T> {
  const cache = new WeakMap<ContainerView, T>();
  const get = (container: ContainerView, workload: Workload, index: ObjectIndex) => {
    if (!cache.has(container)) cache.set(container, compute(container, workload, index));
    return cache.get(container) as T;
  };
  return Object.assign(get, {
    reuse: (from: ContainerView, workload: Workload, index: ObjectIndex, to: ContainerView) => {
      if (!cache.has(to)) cache.set(to, get(from, workload, index));
    },
  });
}

export interface PerContainer<T> {
  (container: ContainerView, workload: Workload, index: ObjectIndex): T;
  /**
   * Gives `to` the fact computed for `from` (in `workload`): for a copy of a container whose
   * inputs to this fact are known to be unchanged (a fixed object analysed again).
   */
  reuse(from: ContainerView, workload: Workload, index: ObjectIndex, to: ContainerView): void;
}

export const servingOf = perContainer(computeServing);

/** A container whose declared ports are all scrape/health ports (an exporter sidecar): it owns no undeclared Service port. */
function scrapeOnlyPorts(container: ContainerView): boolean {
  const ports = portsOf(container);
  return ports.length > 0 && ports.every((p) => portTrafficOfName(p.name) !== 'client');
}

const summaries: Record<PortTraffic | 'none', string> = {
  client: 'serves client traffic',
  scrape: 'serves scrapes only',
  health: 'serves health checks only',
  none: 'none',
};

function computeServing(container: ContainerView, workload: Workload, index: ObjectIndex): ServingFacts {
  const none: ServingFacts = {
    serving: false,
    traffic: 'none',
    viaService: [],
    hostPorts: [],
    appPorts: [],
    reasons: [],
    otherReasons: [],
    summary: summaries.none,
    loadBalanced: false,
  };
  if (workload.runsToCompletion || workload.isHook || container.role === 'init') return none;
  const ports = portsOf(container);
  const podScraped = trafficIndexOf(index).podMonitorPorts(workload);
  // A port's own class: its name, or a PodMonitor that scrapes it.
  const classOf = (p: PortView): PortTraffic =>
    (p.name !== undefined && podScraped.has(p.name)) || (p.containerPort !== undefined && podScraped.has(p.containerPort)) ? 'scrape' : portTrafficOfName(p.name);
  const hostNetwork = workload.podSpec.hostNetwork === true;
  const mains = workload.containers.filter((c) => c.role === 'main');
  // A numeric targetPort no container declares goes to the first main container that is not an
  // exporter sidecar (Kubernetes sends it to the pod IP; whoever listens there is most likely the app).
  const owner = mains.find((c) => !scrapeOnlyPorts(c)) ?? mains[0];
  const declaredAnywhere = (target: number) => workload.containers.some((c) => portsOf(c).some((p) => p.containerPort === target));

  const routes = { client: [] as ServiceView[], scrape: [] as ServiceView[], health: [] as ServiceView[] };
  const routedAs = new Map<PortView, Set<PortTraffic>>();
  const otherReasons: { scrape: string[]; health: string[] } = { scrape: [], health: [] };
  for (const service of index.servicesFor(workload)) {
    let monitors: string[] | undefined | null = null;
    const classes = new Set<PortTraffic>();
    for (const servicePort of servicePortsOf(service)) {
      const { target } = servicePort;
      const declared = typeof target === 'string' ? ports.find((p) => p.name === target) : ports.find((p) => p.containerPort === target);
      if (!declared && (typeof target === 'string' || container !== owner || declaredAnywhere(target))) continue;
      let traffic = portTrafficOfNames([servicePort.name, typeof target === 'string' ? target : undefined, declared?.name]);
      if (traffic === 'client' && declared && classOf(declared) === 'scrape') traffic = 'scrape';
      if (traffic === 'client') {
        if (monitors === null) monitors = scrapeOnlyService(service, workload, index);
        if (monitors) traffic = 'scrape';
      }
      classes.add(traffic);
      if (declared) routedAs.set(declared, new Set([...(routedAs.get(declared) ?? []), traffic]));
    }
    if (classes.has('client')) routes.client.push(service);
    else if (classes.has('scrape')) {
      routes.scrape.push(service);
      otherReasons.scrape.push(`Service ${service.object.ref.name}${monitors ? ` (read by ${monitors.join(', ')})` : ''}`);
    } else if (classes.has('health')) {
      routes.health.push(service);
      otherReasons.health.push(`Service ${service.object.ref.name}`);
    }
  }

  // Under hostNetwork, declared container ports default their hostPort to the same number.
  const hostPortOf = (p: PortView) => (p.hostPort ? p.hostPort : hostNetwork && p.containerPort ? p.containerPort : undefined);
  const hostPorts = ports.flatMap((p) => {
    const hostPort = hostPortOf(p);
    return hostPort !== undefined && classOf(p) === 'client' ? [hostPort] : [];
  });
  // A port some Service routes only as a scrape target is one, whatever its name.
  const clientPort = (p: PortView) => {
    const routed = routedAs.get(p);
    return classOf(p) === 'client' && (routed === undefined || routed.has('client'));
  };
  const appPorts = ports.filter((p) => p.containerPort !== undefined && clientPort(p)).map((p) => p.name ?? (p.containerPort as number));
  for (const p of ports) {
    if (clientPort(p) || routedAs.has(p)) continue;
    const traffic = classOf(p);
    if (traffic !== 'client') otherReasons[traffic].push(`port ${p.name ?? p.containerPort}`);
  }

  const reasons: string[] = [];
  if (routes.client.length > 0) reasons.push(`selected by Service ${routes.client.map((s) => s.object.ref.name).join(', ')}`);
  if (hostPorts.length > 0) reasons.push(`${hostNetwork ? 'host network port' : 'hostPort'} ${hostPorts.join(', ')}`);
  if (reasons.length === 0 && appPorts.length > 0) reasons.push(`declares port ${appPorts.join(', ')}`);
  const serving = reasons.length > 0;
  const traffic: ServingFacts['traffic'] = serving ? 'client' : otherReasons.scrape.length > 0 ? 'scrape' : otherReasons.health.length > 0 ? 'health' : 'none';
  const why = traffic === 'client' ? reasons : traffic === 'scrape' ? otherReasons.scrape : traffic === 'health' ? otherReasons.health : [];
  return {
    serving,
    traffic,
    viaService: routes.client,
    hostPorts,
    appPorts,
    reasons,
    otherReasons: serving ? [] : why,
    summary: traffic === 'none' ? summaries.none : `${summaries[traffic]} (${why.join('; ')})`,
    loadBalanced: serving && (workload.kind !== 'DaemonSet' || routes.client.some((s) => !s.headless)),
  };
}

/**
 * The workload's traffic as one class: `client` when any long-running container serves clients,
 * else the first of `scrape`, `health` its containers show. With the summary to name it.
 */
export function workloadTrafficOf(workload: Workload, index: ObjectIndex): { traffic: ServingFacts['traffic']; summary: string } {
  const facts = workload.containers.filter((c) => c.role !== 'init').map((c) => servingOf(c, workload, index));
  for (const traffic of ['client', 'scrape', 'health'] as const) {
    const found = facts.find((f) => f.traffic === traffic);
    if (found) return { traffic, summary: found.summary };
  }
  return { traffic: 'none', summary: summaries.none };
}
