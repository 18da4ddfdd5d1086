// What a rollout smoke test observed for one workload, and the verdict drawn from it. Times are
// milliseconds from the start of traffic, so the report reads as one story: the first rollout
// (base → head: the base's pods terminate, with the base's settings) and the restart of the head
// (the head's pods terminate, with the head's settings).
import type { ObjectRef } from '../manifests/objects.js';
import { countSamples, type FailureKind, type ModeCounts, type RequestSample } from './drill.js';
import type { SmokeEndpoint, SmokeKind } from './smoke-plan.js';

export interface PodEvent {
  atMs: number;
  reason: string;
  message: string;
  type: string;
}

export interface SmokePod {
  name: string;
  createdMs: number;
  readyMs?: number;
  /** When the API accepted the deletion (the kubelet starts preStop → signal from here). */
  deletedMs?: number;
  /** The grace period the deletion carried. */
  graceSeconds?: number;
  /** The main container's end (the API's finishedAt; 1 s resolution). */
  terminatedMs?: number;
  exitCode?: number;
  reason?: string;
  /** When the pod object disappeared. */
  goneMs?: number;
  events: PodEvent[];
}

export type RolloutName = 'update' | 'restart';

export interface RolloutObservation {
  name: RolloutName;
  startMs: number;
  endMs: number;
  outcome: 'complete' | 'stalled' | 'timeout';
  /** What held it (e.g. a surge pod Pending: no free host port), for stalled and timed-out rollouts. */
  stall?: string;
  /** Pods that existed when the rollout began and were deleted by it. */
  oldPods: SmokePod[];
  /** Pods the rollout created. */
  newPods: SmokePod[];
}

export interface SmokeObservation {
  /** Where the traffic went (ClusterIP:port or node IP:host port) and how. */
  target: { address: string; endpoint: SmokeEndpoint; rate: number };
  samples: RequestSample[];
  rollouts: RolloutObservation[];
  endMs: number;
}

export interface FailureWindow {
  pod: string;
  /** Failures attributed to this pod's deletion (the latest deletion before each failure). */
  count: number;
  /** Offsets of the first and last of them from the deletion. */
  firstMs: number;
  lastMs: number;
}

export interface RolloutFigures {
  name: RolloutName;
  label: string;
  durationMs: number;
  outcome: RolloutObservation['outcome'];
  stall?: string;
  sent: number;
  failed: number;
  byMode: Partial<Record<string, ModeCounts>>;
  byKind: Partial<Record<FailureKind, number>>;
  /** Whole seconds of the rollout with at least one failed request. */
  disruptedSeconds: number;
  /** The longest stretch without a good answer in a steady-rate mode (first failure to the next success). */
  longestGapMs: number;
  /** Old pods that ran into the grace period's end and were SIGKILLed (exit 137). */
  killed: string[];
  /** Failures counted after each pod deletion; failures before any deletion are `beforeDeletion`. */
  afterDeletion: FailureWindow[];
  beforeDeletion: number;
  /** Events worth reading (FailedPreStopHook, FailedScheduling, ExceededGracePeriod, Unhealthy). */
  warnings: string[];
}

export type SmokeFailOn = 'regression' | 'failures' | 'killed' | 'stalled';
export const smokeFailOnValues: readonly SmokeFailOn[] = ['regression', 'failures', 'killed', 'stalled'];

export interface SmokeResult {
  object: ObjectRef;
  render?: string;
  file: string;
  kind: SmokeKind;
  /** measured; skipped (no way to reach it, nothing to do); failed (did not become available, apply refused). */
  status: 'measured' | 'skipped' | 'failed';
  reason?: string;
  /** The workload is new: only the head was rolled (no base to compare with). */
  newWorkload?: boolean;
  observation?: SmokeObservation;
  figures: RolloutFigures[];
  /** What the gate fails on among the smoke-fail-on conditions that hold (empty: passes). */
  failing: SmokeFailOn[];
  /** One sentence each: the comparison, killed pods, stalls. */
  findings: string[];
  notes: string[];
  seconds: number;
}

/** One smoke test: the cluster it ran on, how long it took, a result per workload. */
export interface SmokeRun {
  cluster: string;
  seconds: number;
  results: SmokeResult[];
}

export const rolloutLabels: Record<RolloutName, string> = {
  update: 'base → head (base pods terminate)',
  restart: 'restart of head (head pods terminate)',
};

const warningReasons = /^(FailedPreStopHook|FailedScheduling|ExceededGracePeriod|Unhealthy|FailedKillPod|BackOff|Failed)$/;

/** A pod was SIGKILLed at the grace deadline: exit 137 once its grace period had run out. */
export function killedAtDeadline(pod: SmokePod): boolean {
  if (pod.exitCode !== 137) return false;
  if (pod.events.some((e) => e.reason === 'ExceededGracePeriod')) return true;
  if (pod.deletedMs === undefined || pod.terminatedMs === undefined || pod.graceSeconds === undefined) return true;
  // finishedAt has second resolution: allow a second either way.
  return pod.terminatedMs - pod.deletedMs >= pod.graceSeconds * 1000 - 1500;
}

/** When a request counts: when it was sent, or for a long in-flight request, when it ended (failed or not). */
export function sampleTime(sample: RequestSample): number {
  return sample.mode === 'in-flight' ? sample.doneMs : sample.sentMs;
}

/** The longest run of time without a good answer in one mode: first failure to next success. */
function longestGap(samples: readonly RequestSample[]): number {
  let longest = 0;
  let failingSince: number | undefined;
  for (const sample of [...samples].sort((a, b) => a.sentMs - b.sentMs)) {
    if (!sample.ok) failingSince ??= sample.sentMs;
    else if (failingSince !== undefined) {
      longest = Math.max(longest, sample.sentMs - failingSince);
      failingSince = undefined;
    }
  }
  if (failingSince !== undefined) {
    const last = samples.reduce((max, s) => Math.max(max, s.doneMs), failingSince);
    longest = Math.max(longest, last - failingSince);
  }
  return longest;
}

/** The figures of one rollout: the samples sent while it ran, attributed to the pods it deleted. */
export function rolloutFigures(rollout: RolloutObservation, samples: readonly RequestSample[]): RolloutFigures {
  const window = samples.filter((s) => sampleTime(s) >= rollout.startMs && sampleTime(s) < rollout.endMs);
  const counts = countSamples(window);
  const byMode: Partial<Record<string, ModeCounts>> = {};
  for (const mode of new Set(window.map((s) => s.mode))) byMode[mode] = countSamples(window.filter((s) => s.mode === mode));
  const failures = window.filter((s) => !s.ok);
  const deletions = rollout.oldPods.filter((p) => p.deletedMs !== undefined).sort((a, b) => (a.deletedMs as number) - (b.deletedMs as number));
  const windows = new Map<string, FailureWindow>();
  let beforeDeletion = 0;
  for (const failure of failures) {
    const at = sampleTime(failure);
    // The pod whose end the failure coincides with (a kill drops its work), else the latest deletion.
    const dying = deletions.find((p) => p.terminatedMs !== undefined && (p.deletedMs as number) <= at && Math.abs(p.terminatedMs - at) <= 1000);
    const latest = dying ?? [...deletions].reverse().find((p) => (p.deletedMs as number) <= at);
    if (!latest) {
      beforeDeletion++;
      continue;
    }
    const offset = at - (latest.deletedMs as number);
    const entry = windows.get(latest.name);
    if (entry) {
      entry.count++;
      entry.lastMs = Math.max(entry.lastMs, offset);
      entry.firstMs = Math.min(entry.firstMs, offset);
    } else windows.set(latest.name, { pod: latest.name, count: 1, firstMs: offset, lastMs: offset });
  }
  const seconds = new Set(failures.map((s) => Math.floor((sampleTime(s) - rollout.startMs) / 1000)));
  const warnings = [...rollout.oldPods, ...rollout.newPods].flatMap((pod) =>
    pod.events.filter((e) => warningReasons.test(e.reason)).map((e) => `${pod.name}: ${e.reason} — ${e.message}`),
  );
  return {
    name: rollout.name,
    label: rolloutLabels[rollout.name],
    durationMs: rollout.endMs - rollout.startMs,
    outcome: rollout.outcome,
    ...(rollout.stall ? { stall: rollout.stall } : {}),
    sent: counts.sent,
    failed: counts.failed,
    byMode,
    byKind: counts.byKind,
    disruptedSeconds: seconds.size,
    // Per steady-rate mode (the long in-flight requests have no rate to leave gaps in).
    longestGapMs: Math.max(0, ...Object.keys(byMode).filter((mode) => mode !== 'in-flight').map((mode) => longestGap(window.filter((s) => s.mode === mode)))),
    killed: rollout.oldPods.filter(killedAtDeadline).map((p) => p.name),
    afterDeletion: [...windows.values()],
    beforeDeletion,
    warnings: [...new Set(warnings)].slice(0, 20),
  };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The verdict. The head's rollout (the restart) is compared with the base's (the update): the
 * head is worse when it fails more requests than the base beyond `tolerance`, or gets pods
 * SIGKILLed where the base did not. Both rollouts use the head's strategy, so a stall in either
 * is the head's. A new workload is compared with a clean rollout. SIGKILLed pods are always
 * reported, whatever fails the gate.
 */
export function judgeSmoke(figures: readonly RolloutFigures[], failOn: readonly SmokeFailOn[], tolerance: number): { failing: SmokeFailOn[]; findings: string[] } {
  const head = figures.find((f) => f.name === 'restart');
  const base = figures.find((f) => f.name === 'update');
  const findings: string[] = [];
  const holds = new Set<SmokeFailOn>();
  // Both rollouts run with the head's strategy: a stall in either is the head's.
  for (const f of figures) {
    if (f.outcome === 'complete') continue;
    holds.add('stalled');
    holds.add('regression');
    const what = f.name === 'update' ? 'The rollout to the head' : 'The restart of the head';
    findings.push(`${what} ${f.outcome === 'stalled' ? 'stalled' : 'did not finish in time'}${f.stall ? `: ${f.stall}` : ''}.`);
  }
  const baseFailed = base?.failed ?? 0;
  const baseKilled = base?.killed.length ?? 0;
  if (head) {
    if (head.failed > baseFailed + tolerance) {
      holds.add('regression');
      findings.push(
        base
          ? `The head's pods terminating cost ${plural(head.failed, 'failed request')}, the base's ${baseFailed}: the change makes rollouts worse.`
          : `The new workload's rollout failed ${plural(head.failed, 'request')} (tolerance ${tolerance}).`,
      );
    } else if (base && baseFailed > head.failed) {
      findings.push(`The head's pods terminating cost ${plural(head.failed, 'failed request')}, the base's ${baseFailed}: the change makes rollouts better.`);
    } else if (base) {
      findings.push(`The head's pods terminating cost ${plural(head.failed, 'failed request')}, the base's ${baseFailed}: no worse.`);
    }
    if (head.failed > 0) holds.add('failures');
    if (head.killed.length > 0) {
      holds.add('killed');
      if (baseKilled < head.killed.length) holds.add('regression');
      findings.push(`${plural(head.killed.length, 'head pod')} did not exit within the grace period and ${head.killed.length === 1 ? 'was' : 'were'} SIGKILLed (exit 137): ${head.killed.join(', ')}.`);
    }
  }
  if (base && baseKilled > 0) findings.push(`${plural(baseKilled, 'base pod')} ${baseKilled === 1 ? 'was' : 'were'} SIGKILLed at the grace deadline (exit 137): ${base.killed.join(', ')}.`);
  return { failing: failOn.filter((condition) => holds.has(condition)), findings };
}

/** Failed requests per whole second of the test, for the timeline. */
export function failuresPerSecond(samples: readonly RequestSample[]): { second: number; count: number; kinds: string }[] {
  const bySecond = new Map<number, RequestSample[]>();
  for (const sample of samples) {
    if (sample.ok) continue;
    const second = Math.floor(sampleTime(sample) / 1000);
    bySecond.set(second, [...(bySecond.get(second) ?? []), sample]);
  }
  return [...bySecond.entries()]
    .sort(([a], [b]) => a - b)
    .map(([second, list]) => ({ second, count: list.length, kinds: Object.entries(countSamples(list).byKind).map(([k, n]) => `${n} ${k}`).join(', ') }));
}

export function parseSmokeFailOn(text: string): SmokeFailOn[] | undefined {
  const words = text.split(/[\s,]+/).filter(Boolean);
  if (words.length === 1 && words[0] === 'never') return [];
  if (words.length === 0 || !words.every((w) => (smokeFailOnValues as readonly string[]).includes(w))) return undefined;
  return [...new Set(words)] as SmokeFailOn[];
}
