// Small pieces several rules share.
import { features, type KubeVersion } from '../k8s/version.js';
import type { ContainerView, Workload } from '../manifests/workloads.js';
import type { CheckResult, Hit } from './types.js';

/** Workloads whose pods are rolled, scaled and drained (not one-shot hooks or Jobs). */
export function isLongRunning(workload: Workload): boolean {
  return !workload.isHook && !workload.runsToCompletion;
}

/** Containers that run for the pod's lifetime: main containers and native sidecars. */
export function longRunningContainers(workload: Workload): ContainerView[] {
  return workload.containers.filter((c) => c.role !== 'init');
}

/** The preStop delay we recommend, as the hook the target version and image can run. */
export function preStopDelayHook(version: KubeVersion, _container: ContainerView, seconds: number): Record<string, unknown> {
  if (features.sleepAction(version)) return { sleep: { seconds } };
  // Before 1.30 the only portable delay is a binary in the image (shell-less images have none:
  // their app must delay its own shutdown instead, see pod/prestop-needs-shell).
  return { exec: { command: ['sleep', String(seconds)] } };
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Names for a message, bounded: a copy-pasted selector can match thousands of objects. */
export function nameList(names: readonly string[], max = 5): string {
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max).join(', ')} and ${(names.length - max).toLocaleString('en-US')} more`;
}

export function seconds(value: number): string {
  return `${Number.isInteger(value) ? value : value.toFixed(1)} s`;
}

/**
 * Runs a check once per container. The callback returns whether the check applied to that
 * container and reports hits through `report`; the result is `null` (not applicable) when it
 * applied to none, so the checklist can tell "passed" from "nothing to check".
 */
export function checkContainers(
  containers: readonly ContainerView[],
  check: (container: ContainerView, report: (hit: Hit) => void) => boolean,
): CheckResult {
  const hits: Hit[] = [];
  let applies = false;
  for (const container of containers) {
    if (check(container, (hit) => hits.push(hit))) applies = true;
  }
  return applies ? hits : null;
}
