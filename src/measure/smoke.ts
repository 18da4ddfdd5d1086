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
  /** When the EndpointSlices stopped listing it as ready (the routing change kube-proxy then programs). */
  unroutedMs?: number;
  events: PodEvent[];
}

/** baseline: the base restarted once more before the head is applied (the noise floor); update: base → head; restart: the head restarted (once per trial). */
export type RolloutName = 'baseline' | 'update' | 'restart';

export interface RolloutObservation {
  name: RolloutName;
  /** Which trial of the head's restart (1…N); only when there is more than one. */
  trial?: number;
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

/**
 * Why a request failed, from the pods' times:
 * - endpoint-race: refused or reset after a pod's deletion and before the endpoints had dropped it
 *   (the EndpointSlice change plus kube-proxy's sync), the pod no longer listening — or timed out,
 *   its network already gone (a connect to a deleted pod IP is dropped, not refused);
 * - killed-in-flight: open when a pod was SIGKILLed at its grace deadline;
 * - no-ready-endpoint: no pod was ready to serve at the time;
 * - other: none of these.
 */
export type FailureCause = 'endpoint-race' | 'killed-in-flight' | 'no-ready-endpoint' | 'other';
export const failureCauses: readonly FailureCause[] = ['endpoint-race', 'killed-in-flight', 'no-ready-endpoint', 'other'];

/** The fix each cause calls for. */
export const causeFixes: Record<FailureCause, string> = {
  'endpoint-race': 'a preStop delay (lifecycle.preStop sleep of 5–15 s) so the pod keeps serving until kube-proxy and the load balancers have dropped it',
  'killed-in-flight': 'a longer terminationGracePeriodSeconds (preStop + the measured drain time + a buffer), and an app that finishes its open requests on SIGTERM',
  'no-ready-endpoint': 'a readiness probe and maxUnavailable: 0, so old pods keep serving until new ones are ready',
  other: "no known pattern: read the pods' events and logs around the failures",
};

export const causeLabels: Record<FailureCause, string> = {
  'endpoint-race': 'endpoint race',
  'killed-in-flight': 'killed in flight',
  'no-ready-endpoint': 'no ready endpoint',
  other: 'other',
};

export interface RolloutFigures {
  name: RolloutName;
  /** Which trial of the head's restart (1…N); only when there is more than one. */
  trial?: number;
  label: string;
  durationMs: number;
  outcome: RolloutObservation['outcome'];
  stall?: string;
  sent: number;
  failed: number;
  byMode: Partial<Record<string, ModeCounts>>;
  byKind: Partial<Record<FailureKind, number>>;
  /** The failed requests by cause. */
  byCause: Partial<Record<FailureCause, number>>;
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
  /** Failed requests in the base's own restart (the cluster's and the prober's noise), when it ran. */
  noiseFloor?: number;
  /** Failed requests the head may have beyond the base's: the larger of the tolerance and the noise floor. */
  allowance?: number;
  /** The head's restarts summarised (median and range), with one trial or more. */
  trials?: TrialSummary;
  notes: string[];
  seconds: number;
}

/** The median and range of one figure over the trials. */
export interface Spread {
  median: number;
  min: number;
  max: number;
}

export interface TrialSummary {
  count: number;
  failed: Spread;
  disruptedSeconds: Spread;
  killed: Spread;
  /** Trials with at least one failed request, and with at least one SIGKILLed pod. */
  withFailures: number;
  withKills: number;
}

/** One smoke test: the cluster it ran on, how long it took, a result per workload. */
export interface SmokeRun {
  cluster: string;
  seconds: number;
  results: SmokeResult[];
}

export const rolloutLabels: Record<RolloutName, string> = {
  baseline: 'restart of base (noise floor)',
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

/** How long after the EndpointSlice change kube-proxy may still route to the pod (its sync period is 1 s; a watch and a rule write on top). */
export const proxySyncMs = 2000;
/** finishedAt has one-second resolution: the SIGKILL lies up to this long before the recorded end. */
const killSlackMs = 1500;

/** The pods able to answer at `atMs`: ready, not yet deleted, not yet ended. */
function readyAt(pods: readonly SmokePod[], atMs: number): number {
  return pods.filter((p) => p.readyMs !== undefined && p.readyMs <= atMs && (p.deletedMs === undefined || p.deletedMs > atMs) && (p.terminatedMs === undefined || p.terminatedMs > atMs)).length;
}

/**
 * The cause of one failed request, from the times the watcher has: a SIGKILL while it was open
 * (killed in flight), no pod ready when it was sent (no ready endpoint), a refusal, reset or
 * timeout after a deletion while the endpoints still listed the pod (endpoint race), else other.
 */
export function failureCause(sample: RequestSample, rollout: Pick<RolloutObservation, 'oldPods' | 'newPods'>): FailureCause {
  const killed = rollout.oldPods.filter((p) => killedAtDeadline(p) && p.terminatedMs !== undefined);
  if (killed.some((p) => sample.sentMs <= (p.terminatedMs as number) && sample.doneMs >= (p.terminatedMs as number) - killSlackMs)) return 'killed-in-flight';
  const at = sample.sentMs;
  if (readyAt([...rollout.oldPods, ...rollout.newPods], at) === 0) return 'no-ready-endpoint';
  // Refused or reset by a pod that no longer listens, or (its network gone) timed out: routed to it all the same.
  if (sample.failure === 'refused' || sample.failure === 'reset' || sample.failure === 'timeout') {
    const racing = rollout.oldPods.some((p) => {
      if (p.deletedMs === undefined || p.deletedMs > sampleTime(sample)) return false;
      // The endpoints converge when the slice drops the pod and kube-proxy syncs; with no slice seen (a host port), at its end.
      const converged = (p.unroutedMs ?? p.terminatedMs ?? p.deletedMs) + proxySyncMs;
      return sampleTime(sample) <= converged;
    });
    if (racing) return 'endpoint-race';
  }
  return 'other';
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
  const byCause: Partial<Record<FailureCause, number>> = {};
  for (const failure of failures) {
    const cause = failureCause(failure, rollout);
    byCause[cause] = (byCause[cause] ?? 0) + 1;
  }
  const seconds = new Set(failures.map((s) => Math.floor((sampleTime(s) - rollout.startMs) / 1000)));
  const warnings = [...rollout.oldPods, ...rollout.newPods].flatMap((pod) =>
    pod.events.filter((e) => warningReasons.test(e.reason)).map((e) => `${pod.name}: ${e.reason} — ${e.message}`),
  );
  return {
    name: rollout.name,
    ...(rollout.trial !== undefined ? { trial: rollout.trial } : {}),
    label: rollout.trial !== undefined ? `${rolloutLabels[rollout.name]}, trial ${rollout.trial}` : rolloutLabels[rollout.name],
    durationMs: rollout.endMs - rollout.startMs,
    outcome: rollout.outcome,
    ...(rollout.stall ? { stall: rollout.stall } : {}),
    sent: counts.sent,
    failed: counts.failed,
    byMode,
    byKind: counts.byKind,
    byCause,
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

/** The median (the mean of the middle two for an even count) and the range. */
export function spread(values: readonly number[]): Spread {
  if (values.length === 0) return { median: 0, min: 0, max: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return { median, min: sorted[0] as number, max: sorted[sorted.length - 1] as number };
}

export function summariseTrials(restarts: readonly RolloutFigures[]): TrialSummary {
  return {
    count: restarts.length,
    failed: spread(restarts.map((f) => f.failed)),
    disruptedSeconds: spread(restarts.map((f) => f.disruptedSeconds)),
    killed: spread(restarts.map((f) => f.killed.length)),
    withFailures: restarts.filter((f) => f.failed > 0).length,
    withKills: restarts.filter((f) => f.killed.length > 0).length,
  };
}

/** "3" for one trial, "median 3 (2–5) over 5 trials" for several. */
export function describeSpread(value: Spread, count: number): string {
  if (count <= 1) return String(value.median);
  return `median ${value.median} (${value.min === value.max ? `all ${value.min}` : `${value.min}–${value.max}`}) over ${count} trials`;
}

export interface SmokeVerdict {
  failing: SmokeFailOn[];
  findings: string[];
  noiseFloor?: number;
  /** Failed requests the head may have beyond the base's: max(tolerance, noise floor). */
  allowance?: number;
  trials?: TrialSummary;
}

/**
 * The verdict. The head's restarts (one per trial) are compared with the base's rollout (the
 * update): the head is worse when the median of its failed requests exceeds the base's by more
 * than the allowance — the larger of `tolerance` and the noise floor (the failures of the base's
 * own restart, when it ran) — or when its median of SIGKILLed pods exceeds the base's. `failures`
 * and `killed` hold only when they happen in a majority of the trials. Both the update and the
 * restarts use the head's strategy, so a stall in either is the head's; a stall in the base's own
 * restart is reported, not held against the head. A new workload is compared with a clean
 * rollout. SIGKILLed pods are always reported, whatever fails the gate.
 */
export function judgeSmoke(figures: readonly RolloutFigures[], failOn: readonly SmokeFailOn[], tolerance: number): SmokeVerdict {
  const restarts = figures.filter((f) => f.name === 'restart');
  const base = figures.find((f) => f.name === 'update');
  const baseline = figures.find((f) => f.name === 'baseline');
  const findings: string[] = [];
  const holds = new Set<SmokeFailOn>();
  for (const f of figures) {
    if (f.outcome === 'complete') continue;
    const what = f.name === 'baseline' ? "The base's own restart (the noise-floor measurement)" : f.name === 'update' ? 'The rollout to the head' : 'The restart of the head';
    findings.push(`${what} ${f.outcome === 'stalled' ? 'stalled' : 'did not finish in time'}${f.stall ? `: ${f.stall}` : ''}.`);
    if (f.name === 'baseline') continue;
    holds.add('stalled');
    holds.add('regression');
  }
  const noiseFloor = baseline && baseline.outcome === 'complete' ? baseline.failed : undefined;
  const allowance = Math.max(tolerance, noiseFloor ?? 0);
  const allowanceText = noiseFloor !== undefined ? `allowance ${allowance}: the larger of the tolerance ${tolerance} and the noise floor ${noiseFloor}` : `tolerance ${tolerance}`;
  const baseFailed = base?.failed ?? 0;
  const baseKilled = base?.killed.length ?? 0;
  const trials = restarts.length > 0 ? summariseTrials(restarts) : undefined;
  if (trials) {
    const majority = (n: number) => n * 2 > trials.count;
    const headFailed = trials.failed.median;
    const cost = `The head's pods terminating cost ${plural(headFailed, 'failed request')}${trials.count > 1 ? ` (median; ${trials.failed.min}–${trials.failed.max} over ${trials.count} trials)` : ''}`;
    if (headFailed > baseFailed + allowance) {
      holds.add('regression');
      findings.push(base ? `${cost}, the base's ${baseFailed} (${allowanceText}): the change makes rollouts worse.` : `The new workload's rollout failed ${plural(headFailed, 'request')}${trials.count > 1 ? ` (median over ${trials.count} trials)` : ''} (${allowanceText}).`);
    } else if (base && baseFailed > headFailed) {
      findings.push(`${cost}, the base's ${baseFailed}: the change makes rollouts better.`);
    } else if (base) {
      findings.push(`${cost}, the base's ${baseFailed} (${allowanceText}): no worse.`);
    }
    if (majority(trials.withFailures)) holds.add('failures');
    else if (trials.withFailures > 0) findings.push(`Requests failed in ${trials.withFailures} of ${trials.count} trials of the head's restart — not a majority, so \`failures\` does not hold.`);
    if (trials.withKills > 0) {
      const worst = restarts.reduce((a, b) => (b.killed.length > a.killed.length ? b : a));
      const killed = worst.killed;
      if (majority(trials.withKills)) {
        holds.add('killed');
        if (trials.killed.median > baseKilled) holds.add('regression');
      }
      const inTrials = trials.count > 1 ? ` in ${trials.withKills} of ${trials.count} trials` : '';
      findings.push(`${plural(killed.length, 'head pod')} did not exit within the grace period and ${killed.length === 1 ? 'was' : 'were'} SIGKILLed (exit 137)${inTrials}: ${killed.join(', ')}.`);
    }
  }
  if (base && baseKilled > 0) findings.push(`${plural(baseKilled, 'base pod')} ${baseKilled === 1 ? 'was' : 'were'} SIGKILLed at the grace deadline (exit 137): ${base.killed.join(', ')}.`);
  return { failing: failOn.filter((condition) => holds.has(condition)), findings, ...(noiseFloor !== undefined ? { noiseFloor } : {}), allowance, ...(trials ? { trials } : {}) };
}

/** One sentence per rollout with failures: the failures by cause, each with the fix it calls for. */
export function causeSentences(figures: readonly RolloutFigures[]): string[] {
  return figures
    .filter((f) => f.failed > 0)
    .map((f) => {
      const parts = failureCauses.filter((cause) => (f.byCause[cause] ?? 0) > 0).map((cause) => `${f.byCause[cause]} ${causeLabels[cause]} (fix: ${causeFixes[cause]})`);
      return `Why requests failed in the ${f.label}: ${parts.join('; ')}.`;
    });
}

/** The noise floor and the trials, one sentence each, for the reports. */
export function measurementSentences(result: Pick<SmokeResult, 'noiseFloor' | 'allowance' | 'trials' | 'newWorkload'>): string[] {
  const out: string[] = [];
  if (result.noiseFloor !== undefined) {
    const allowance = result.allowance !== undefined ? `; the head may fail ${result.allowance} more than the base (the larger of the tolerance and this floor)` : '';
    out.push(`Noise floor: ${plural(result.noiseFloor, 'failed request')} when the base was restarted as it is, before the head was applied${allowance}.`);
  } else if (result.newWorkload) out.push('Noise floor: not measured (a new workload has no base to restart).');
  const trials = result.trials;
  if (trials && trials.count > 1) {
    out.push(
      `${trials.count} trials of the head's restart: failed requests ${describeSpread(trials.failed, trials.count)}; disrupted seconds ${describeSpread(trials.disruptedSeconds, trials.count)}; SIGKILLed pods ${describeSpread(trials.killed, trials.count)}. Failures in ${trials.withFailures} of ${trials.count}, kills in ${trials.withKills} of ${trials.count} (they fail the gate only in a majority).`,
    );
  }
  return out;
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
