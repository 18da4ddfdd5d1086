// When is a rollout done, and when has it stalled? Done is read from the workload's status the
// way `kubectl rollout status` reads it, and then the old pods must be gone (their termination is
// what the smoke test measures). Stalled means no pod or status change for `stallMs` — with the
// pending pod's scheduling message when there is one (a surge pod that finds no free host port).
import type { SmokeKind } from '../measure/smoke-plan.js';
import type { Kube } from './kube.js';
import type { NamespaceWatcher } from './watcher.js';

type Raw = Record<string, unknown>;

const num = (value: unknown): number => (typeof value === 'number' ? value : 0);

/** The status says every pod runs the current template and is available (kubectl's rules). */
export function rolloutComplete(kind: SmokeKind, object: Raw): boolean {
  const metadata = (object.metadata ?? {}) as Raw;
  const spec = (object.spec ?? {}) as Raw;
  const status = (object.status ?? {}) as Raw;
  if (num(status.observedGeneration) < num(metadata.generation)) return false;
  switch (kind) {
    case 'Deployment': {
      const replicas = typeof spec.replicas === 'number' ? spec.replicas : 1;
      return num(status.updatedReplicas) === replicas && num(status.replicas) === replicas && num(status.availableReplicas) === replicas;
    }
    case 'DaemonSet': {
      const desired = num(status.desiredNumberScheduled);
      return num(status.updatedNumberScheduled) === desired && num(status.numberAvailable) === desired && num(status.numberUnavailable) === 0;
    }
    case 'StatefulSet': {
      const replicas = typeof spec.replicas === 'number' ? spec.replicas : 1;
      const strategy = (spec.updateStrategy ?? {}) as Raw;
      if (strategy.type === 'OnDelete') return num(status.readyReplicas) === replicas;
      return num(status.updatedReplicas) === replicas && num(status.readyReplicas) === replicas && status.currentRevision === status.updateRevision;
    }
  }
}

export interface RolloutWait {
  outcome: 'complete' | 'stalled' | 'timeout';
  stall?: string;
}

export interface WaitOptions {
  timeoutMs: number;
  stallMs: number;
  /** Pods that must be gone before the rollout counts as complete (its old pods). */
  oldPods?: ReadonlySet<string>;
  pollMs?: number;
  /** Told on each poll how long the rollout has run and how many old pods are left (a terminal's status line). */
  onPoll?: (elapsedMs: number, oldLeft: number) => void;
}

export async function waitForRollout(kube: Kube, kind: SmokeKind, apiVersion: string, namespace: string, name: string, watcher: NamespaceWatcher, options: WaitOptions): Promise<RolloutWait> {
  const start = Date.now();
  let lastChange = start;
  let lastSignature = '';
  const poll = options.pollMs ?? 250;
  for (;;) {
    const object = await kube.read(apiVersion, kind, namespace, name);
    const status = JSON.stringify(object.status ?? {});
    const signature = `${status}|${watcher.version}`;
    const now = Date.now();
    if (signature !== lastSignature) {
      lastSignature = signature;
      lastChange = now;
    }
    const oldLeft = [...(options.oldPods ?? [])].filter((uid) => {
      const pod = watcher.pods.get(uid);
      return pod !== undefined && pod.goneMs === undefined;
    });
    if (rolloutComplete(kind, object) && oldLeft.length === 0) return { outcome: 'complete' };
    options.onPoll?.(now - start, oldLeft.length);
    if (now - lastChange >= options.stallMs) {
      const reason = watcher.pendingReason() ?? (oldLeft.length > 0 ? `${oldLeft.length} old pod(s) still terminating` : `no progress for ${Math.round(options.stallMs / 1000)} s`);
      return { outcome: 'stalled', stall: reason };
    }
    if (now - start >= options.timeoutMs) {
      const reason = watcher.pendingReason();
      return { outcome: 'timeout', ...(reason ? { stall: reason } : {}) };
    }
    await new Promise((resolve) => setTimeout(resolve, poll));
  }
}
