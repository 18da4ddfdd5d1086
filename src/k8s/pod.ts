// Termination facts of a pod template: grace period, preStop hooks, what runs as PID 1, and
// whether a container serves traffic. Rules and the checklist's evidence both read these.
import type { ObjectIndex, ServiceView } from '../manifests/object-index.js';
import type { ObjectPath } from '../manifests/objects.js';
import { asArray, asInteger, asRecord, asString, getPath } from '../manifests/objects.js';
import type { ContainerView, Workload } from '../manifests/workloads.js';
import { analyzeScript, type ScriptFacts, shellScriptOf } from '../shell/script.js';

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
  serving: boolean;
  /** Traffic arrives through a Service (endpoints that must converge on deletion). */
  viaService: ServiceView[];
  hostPorts: number[];
  /** Declared container ports that look like application traffic (not metrics/health). */
  appPorts: (number | string)[];
  reasons: string[];
  /**
   * Clients reach it through endpoints that must converge when a pod goes away: any serving
   * container of a non-DaemonSet, or a DaemonSet behind a non-headless Service (DaemonSet pods
   * reached by host port or headless DNS have no endpoint load balancing to drain).
   */
  loadBalanced: boolean;
}

const nonTrafficPortName = /metric|prom|health|probe|pprof|debug|admin|profil|stats/i;

interface PortView {
  name?: string;
  containerPort?: number;
  hostPort?: number;
}

function portsOf(container: ContainerView): PortView[] {
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
export function perContainer<T>(
  compute: (container: ContainerView, workload: Workload, index: ObjectIndex) => T,
): (container: ContainerView, workload: Workload, index: ObjectIndex) => T {
  const cache = new WeakMap<ContainerView, T>();
  return (container, workload, index) => {
    if (!cache.has(container)) cache.set(container, compute(container, workload, index));
    return cache.get(container) as T;
  };
}

export const servingOf = perContainer(computeServing);

function computeServing(container: ContainerView, workload: Workload, index: ObjectIndex): ServingFacts {
  const none: ServingFacts = { serving: false, viaService: [], hostPorts: [], appPorts: [], reasons: [], loadBalanced: false };
  if (workload.runsToCompletion || workload.isHook || container.role === 'init') return none;
  const ports = portsOf(container);
  const hostNetwork = workload.podSpec.hostNetwork === true;
  // Under hostNetwork, declared container ports default their hostPort to the same number.
  const hostPorts = ports.flatMap((p) => (p.hostPort ? [p.hostPort] : hostNetwork && p.containerPort ? [p.containerPort] : []));
  const mains = workload.containers.filter((c) => c.role === 'main');
  const viaService = index.servicesFor(workload).filter((service) =>
    !service.metricsOnly &&
    service.targetPorts.some((target) =>
      typeof target === 'string'
        ? ports.some((p) => p.name === target)
        : ports.some((p) => p.containerPort === target) ||
          (mains.length === 1 && mains[0] === container) ||
          // A numeric targetPort no container declares: the only main container is the likely owner.
          (!workload.containers.some((c) => portsOf(c).some((p) => p.containerPort === target)) && mains[0] === container),
    ),
  );
  // Ports that only a metrics Service targets are scrape endpoints, whatever their name.
  const scraped = new Set(
    index
      .servicesFor(workload)
      .filter((service) => service.metricsOnly)
      .flatMap((service) => service.targetPorts),
  );
  const appPorts = ports
    .filter((p) => !(p.name && nonTrafficPortName.test(p.name)))
    .filter((p) => !(p.containerPort !== undefined && scraped.has(p.containerPort)) && !(p.name && scraped.has(p.name)))
    .flatMap((p) => (p.containerPort !== undefined ? [p.name ?? p.containerPort] : []));
  const reasons: string[] = [];
  if (viaService.length > 0) reasons.push(`selected by Service ${viaService.map((s) => s.object.ref.name).join(', ')}`);
  if (hostPorts.length > 0) reasons.push(`${hostNetwork ? 'host network port' : 'hostPort'} ${hostPorts.join(', ')}`);
  if (reasons.length === 0 && appPorts.length > 0) reasons.push(`declares port ${appPorts.join(', ')}`);
  const serving = reasons.length > 0;
  const loadBalanced = serving && (workload.kind !== 'DaemonSet' || viaService.some((s) => !s.headless));
  return { serving, viaService, hostPorts, appPorts, reasons, loadBalanced };
}
