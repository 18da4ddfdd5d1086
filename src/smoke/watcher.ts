// Watches the throwaway namespace's pods and events and keeps, per pod, what the report needs:
// when it was created, became ready, was deleted (and with which grace period), when its main
// container ended with which exit code and reason, and the events about it (Killing,
// FailedPreStopHook, FailedScheduling, ExceededGracePeriod, Unhealthy), and when the
// EndpointSlices stopped listing it as ready (the start of the endpoint race's end: kube-proxy
// programs the change after that). Wall-clock milliseconds;
// deletion and readiness are taken when the watch shows them (the API's own timestamps have
// one-second resolution), container ends from the API's finishedAt.
import type { PodEvent, SmokePod } from '../measure/smoke.js';
import type { Kube } from './kube.js';

type Raw = Record<string, unknown>;

export interface PodState extends SmokePod {
  uid: string;
  /** Scheduled onto a node (the PodScheduled condition). */
  scheduled: boolean;
  ready: boolean;
  deleting: boolean;
  /** The node it was scheduled onto. */
  node?: string;
}

const record = (value: unknown): Raw | undefined => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Raw) : undefined);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const time = (value: unknown): number | undefined => {
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
};

export class NamespaceWatcher {
  readonly pods = new Map<string, PodState>();
  readonly errors: string[] = [];
  private readonly eventsByPod = new Map<string, PodEvent[]>();
  /** Per EndpointSlice, the uids of the pods it lists as ready. */
  private readonly readyBySlice = new Map<string, Set<string>>();
  private readonly stops: (() => void)[] = [];
  private changes = 0;

  constructor(
    private readonly kube: Kube,
    readonly namespace: string,
    private readonly clock: () => number = Date.now,
  ) {}

  start(): void {
    const onError = (message: string) => {
      if (this.errors.length < 20) this.errors.push(message);
    };
    this.stops.push(this.kube.watch(`/api/v1/namespaces/${this.namespace}/pods`, (type, pod) => this.onPod(type, pod), onError).stop);
    this.stops.push(this.kube.watch(`/api/v1/namespaces/${this.namespace}/events`, (_type, event) => this.onEvent(event), onError).stop);
    this.stops.push(this.kube.watch(`/apis/discovery.k8s.io/v1/namespaces/${this.namespace}/endpointslices`, (type, slice) => this.onSlice(type, slice), onError).stop);
  }

  /** A pod listed ready in a slice and then not (ready false, or gone from it): the endpoints dropped it. */
  onSlice(type: string, slice: Raw): void {
    const key = String(record(slice.metadata)?.name ?? '');
    const before = this.readyBySlice.get(key) ?? new Set<string>();
    const now = new Set<string>();
    if (type !== 'DELETED') {
      for (const endpoint of list(slice.endpoints).map(record)) {
        const uid = record(endpoint?.targetRef)?.uid;
        // ready is serving && !terminating; a missing condition counts as ready (the API's rule).
        if (typeof uid === 'string' && record(endpoint?.conditions)?.ready !== false) now.add(uid);
      }
    }
    this.readyBySlice.set(key, now);
    const at = this.clock();
    for (const uid of before) {
      if (now.has(uid)) continue;
      const pod = this.pods.get(uid);
      if (pod && pod.unroutedMs === undefined) pod.unroutedMs = at;
    }
  }

  stop(): void {
    for (const stop of this.stops) stop();
    this.stops.length = 0;
  }

  /** A counter that moves whenever a pod changes: the rollout waiter's sign of progress. */
  get version(): number {
    return this.changes;
  }

  private onPod(type: string, pod: Raw): void {
    const metadata = record(pod.metadata) ?? {};
    const status = record(pod.status) ?? {};
    const uid = String(metadata.uid ?? '');
    const name = String(metadata.name ?? '');
    if (!uid) return;
    const now = this.clock();
    let state = this.pods.get(uid);
    if (!state) {
      state = {
        uid,
        name,
        createdMs: time(metadata.creationTimestamp) ?? now,
        scheduled: false,
        ready: false,
        deleting: false,
        events: this.eventsByPod.get(name) ?? [],
      };
      this.pods.set(uid, state);
    }
    const nodeName = record(pod.spec)?.nodeName;
    if (typeof nodeName === 'string') state.node = nodeName;
    const conditions = list(status.conditions).map(record);
    state.scheduled = conditions.some((c) => c?.type === 'PodScheduled' && c.status === 'True');
    const ready = conditions.some((c) => c?.type === 'Ready' && c.status === 'True');
    if (ready && state.readyMs === undefined) state.readyMs = now;
    state.ready = ready;
    if (metadata.deletionTimestamp !== undefined && !state.deleting) {
      state.deleting = true;
      state.deletedMs = now;
      if (typeof metadata.deletionGracePeriodSeconds === 'number') state.graceSeconds = metadata.deletionGracePeriodSeconds;
    }
    // The main containers' ends: the first exit 137 decides, else the first terminated one.
    const terminated = list(status.containerStatuses)
      .map((c) => record(record(record(c)?.state)?.terminated))
      .filter((t): t is Raw => t !== undefined);
    const decisive = terminated.find((t) => t.exitCode === 137) ?? terminated[0];
    if (decisive && state.deleting) {
      state.exitCode = typeof decisive.exitCode === 'number' ? decisive.exitCode : state.exitCode;
      if (typeof decisive.reason === 'string') state.reason = decisive.reason;
      // finishedAt is truncated to the second: the end lies in [finishedAt, finishedAt + 1 s) and
      // before this watch event; take the later bound, capped by when we saw it.
      const finished = time(decisive.finishedAt);
      if (finished !== undefined && state.terminatedMs === undefined) state.terminatedMs = Math.min(finished + 999, now);
    }
    if (type === 'DELETED') state.goneMs = now;
    this.changes++;
  }

  private onEvent(event: Raw): void {
    const involved = record(event.involvedObject) ?? {};
    if (involved.kind !== 'Pod') return;
    const name = String(involved.name ?? '');
    const atMs = time(event.eventTime) ?? time(event.lastTimestamp) ?? time(event.firstTimestamp) ?? this.clock();
    const item: PodEvent = { atMs, reason: String(event.reason ?? ''), message: String(event.message ?? '').slice(0, 300), type: String(event.type ?? '') };
    const events = this.eventsByPod.get(name) ?? [];
    if (events.some((e) => e.reason === item.reason && e.message === item.message)) return;
    events.push(item);
    this.eventsByPod.set(name, events);
    for (const pod of this.pods.values()) if (pod.name === name) pod.events = events;
    this.changes++;
  }

  /** Pods alive and not being deleted. */
  live(): PodState[] {
    return [...this.pods.values()].filter((p) => !p.deleting && p.goneMs === undefined);
  }

  /** The latest FailedScheduling-like reason a pending pod gives, for stall reports. */
  pendingReason(): string | undefined {
    for (const pod of this.live()) {
      if (pod.scheduled) continue;
      const event = [...pod.events].reverse().find((e) => e.reason === 'FailedScheduling');
      return `pod ${pod.name} Pending${event ? `: ${event.message}` : ' (not scheduled)'}`;
    }
    for (const pod of this.live()) {
      const waiting = [...pod.events].reverse().find((e) => e.type === 'Warning');
      if (!pod.ready && waiting) return `pod ${pod.name} not ready: ${waiting.reason} — ${waiting.message}`;
    }
    return undefined;
  }
}
