// What a SIGTERM drill observed for one container, and the verdict drawn from it. Times are
// milliseconds from the start of termination (the moment the kubelet would begin: the preStop
// hook's start), so a report reads like the pod's last seconds.
import type { ObjectRef } from '../manifests/objects.js';

/** wrong-body: an answer without the text the smoke test expects (status < 500, but not the app's). */
export type FailureKind = 'refused' | 'reset' | 'timeout' | 'http-5xx' | 'wrong-body' | 'other';
export type RequestMode = 'new-connection' | 'keep-alive' | 'in-flight';

export interface RequestSample {
  mode: RequestMode;
  sentMs: number;
  doneMs: number;
  ok: boolean;
  status?: number;
  failure?: FailureKind;
}

export type DrillVerdict = 'graceful' | 'killed' | 'abrupt';
export const drillVerdicts: readonly DrillVerdict[] = ['graceful', 'killed', 'abrupt'];

export interface DrillObservation {
  preStop?: { kind: string; startMs: number; endMs: number; outcome: string; ok: boolean };
  /** The stop signal, when it was sent (not when the container was already gone). */
  signal?: { name: string; atMs: number; source: string };
  /** When SIGKILL was due: signal + max(grace − preStop, 2 s). */
  deadlineMs: number;
  sigkillAtMs?: number;
  exit?: { code: number; atMs: number; oomKilled: boolean };
  samples: RequestSample[];
  /** The container's processes before the stop: PID 1 first. */
  processes: { pid: number; ppid: number; command: string }[];
  /** How the traffic was sent: HTTP to a path, or TCP connects. */
  traffic?: { protocol: 'http' | 'tcp'; port: number; path?: string; rate: number };
}

export interface DrillResult {
  object: ObjectRef;
  render?: string;
  file: string;
  container: string;
  image: string;
  gracePeriodSeconds: number;
  /** measured; skipped (nothing run: no image, port taken, time budget); failed (did not become ready). */
  status: 'measured' | 'skipped' | 'failed';
  reason?: string;
  observation?: DrillObservation;
  verdict?: DrillVerdict;
  /** Why the verdict is what it is, and what the numbers say — one sentence each. */
  findings: DrillFinding[];
  notes: string[];
  logsTail?: string;
  seconds: number;
}

export interface ModeCounts {
  sent: number;
  ok: number;
  failed: number;
  byKind: Partial<Record<FailureKind, number>>;
}

export function countSamples(samples: readonly RequestSample[]): ModeCounts {
  const counts: ModeCounts = { sent: samples.length, ok: 0, failed: 0, byKind: {} };
  for (const sample of samples) {
    if (sample.ok) counts.ok++;
    else {
      counts.failed++;
      const kind = sample.failure ?? 'other';
      counts.byKind[kind] = (counts.byKind[kind] ?? 0) + 1;
    }
  }
  return counts;
}

export function describeCounts(counts: ModeCounts): string {
  const kinds = Object.entries(counts.byKind).map(([kind, n]) => `${n} ${kind}`);
  return `${counts.ok}/${counts.sent} ok${kinds.length > 0 ? `, ${kinds.join(', ')}` : ''}`;
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** When the app was told to stop: the signal, or with none sent, the start of termination. */
function stopBegan(observation: DrillObservation): number {
  return observation.signal?.atMs ?? observation.preStop?.startMs ?? 0;
}

/** The first connection refused once the app was told to stop. */
function firstRefused(observation: DrillObservation): RequestSample | undefined {
  const from = stopBegan(observation);
  return observation.samples.filter((s) => s.failure === 'refused' && s.sentMs >= from).sort((a, b) => a.sentMs - b.sentMs)[0];
}

/**
 * A request was dropped when it was already open when the stop signal came (or, with no signal,
 * when termination began) and then failed other than by a refused connection: the app broke off
 * work it had taken on. Requests sent after the signal that fail are counted in the traffic
 * figures (a connection still in the listen backlog is reset when the listener closes; a
 * kept-alive connection can be closed as a request is sent) but are not in-flight work.
 */
export function droppedRequests(observation: DrillObservation): RequestSample[] {
  const from = stopBegan(observation);
  return observation.samples.filter((s) => !s.ok && s.failure !== 'refused' && s.sentMs < from && s.doneMs >= from);
}

/** A sentence about the measurement, and the checklist layer it belongs to. */
export interface DrillFinding {
  layer: 'runtime' | 'pod';
  text: string;
}

export interface DrillFacts {
  verdict: DrillVerdict;
  findings: DrillFinding[];
  /** Seconds from the stop signal to the exit. */
  stopSeconds?: number;
  firstRefusedMs?: number;
  lastOkMs?: number;
  dropped: number;
  inFlight: ModeCounts;
}

/** The verdict: killed (SIGKILL was needed), graceful (0/143 in time, nothing dropped), else abrupt. */
export function judgeDrill(observation: DrillObservation, gracePeriodSeconds: number): DrillFacts {
  const { signal, exit } = observation;
  const findings: DrillFinding[] = [];
  const runtime = (text: string) => findings.push({ layer: 'runtime', text });
  const pod = (text: string) => findings.push({ layer: 'pod', text });
  const after = stopBegan(observation);
  const refused = firstRefused(observation);
  const okSamples = observation.samples.filter((s) => s.ok);
  const lastOk = okSamples.length > 0 ? Math.max(...okSamples.map((s) => s.doneMs)) : undefined;
  const dropped = droppedRequests(observation);
  const inFlight = countSamples(observation.samples.filter((s) => s.mode === 'in-flight'));
  const stopMs = exit && signal ? exit.atMs - signal.atMs : undefined;
  const signalName = signal?.name ?? 'the stop signal';

  if (observation.preStop) {
    const { preStop } = observation;
    pod(`preStop (${preStop.kind}) ran ${seconds(preStop.endMs - preStop.startMs)}: ${preStop.outcome}.`);
  }
  if (exit && signal === undefined) runtime(`The container exited (code ${exit.code}) at ${seconds(exit.atMs)}, during the preStop hook, before the kubelet sent its stop signal.`);

  let verdict: DrillVerdict;
  if (observation.sigkillAtMs !== undefined) {
    verdict = 'killed';
    runtime(
      `Still running ${seconds(observation.sigkillAtMs - (signal?.atMs ?? 0))} after ${signalName}: SIGKILL at ${seconds(observation.sigkillAtMs)} (grace period ${gracePeriodSeconds} s), exit ${exit?.code ?? 137}.`,
    );
    const refusedBeforeKill = refused !== undefined && refused.sentMs < observation.sigkillAtMs;
    if (!refusedBeforeKill && lastOk !== undefined && lastOk >= (signal?.atMs ?? 0)) runtime(`It kept accepting and answering requests until the SIGKILL: no sign that ${signalName} reached the app.`);
    const pid1 = observation.processes[0];
    if (pid1 && observation.processes.length > 1 && /^(\S*\/)?(sh|bash|dash|ash|busybox)\b/.test(pid1.command)) {
      runtime(`PID 1 was \`${pid1.command}\` with the app as its child: ${signalName} went to the shell, which neither handled nor passed it on.`);
    }
  } else if (exit) {
    const expected = exit.code === 0 || exit.code === 143;
    verdict = expected && dropped.length === 0 ? 'graceful' : 'abrupt';
    const when = stopMs !== undefined ? `${seconds(stopMs)} after ${signalName}` : `at ${seconds(exit.atMs)}`;
    runtime(`Exited with code ${exit.code}${exit.oomKilled ? ' (OOM-killed)' : ''} ${when}, within the grace period.`);
    if (!expected) runtime(`Exit code ${exit.code} is neither 0 nor 143 (${signalName}'s default): the shutdown path failed or the process died another way.`);
  } else {
    verdict = 'killed';
    runtime('The container did not report an exit.');
  }
  if (refused && refused.sentMs < (observation.sigkillAtMs ?? exit?.atMs ?? Infinity)) {
    pod(`Stopped accepting new connections ${seconds(refused.sentMs - after)} after ${signal ? signalName : 'termination began'}.`);
  } else if (observation.sigkillAtMs === undefined && exit && lastOk !== undefined && lastOk >= after) {
    pod(`Kept accepting new connections until it exited.`);
  }
  if (inFlight.sent > 0) {
    pod(
      inFlight.failed === 0
        ? `All ${inFlight.sent} in-flight requests finished.`
        : `${inFlight.failed} of ${inFlight.sent} in-flight requests failed (${Object.entries(inFlight.byKind).map(([k, n]) => `${n} ${k}`).join(', ')}).`,
    );
  }
  if (inFlight.sent === 0 && observation.traffic?.protocol === 'http') {
    pod(`No long requests were held in flight (set drill.inFlightPath or the termination-guard.io/drill-in-flight-path annotation to a slow path): whether it finishes in-flight work was judged only from the requests open at the signal.`);
  }
  if (dropped.length > 0) pod(`${dropped.length} accepted request(s) were broken off instead of answered.`);
  return {
    verdict,
    findings,
    ...(stopMs !== undefined ? { stopSeconds: stopMs / 1000 } : {}),
    ...(refused ? { firstRefusedMs: refused.sentMs } : {}),
    ...(lastOk !== undefined ? { lastOkMs: lastOk } : {}),
    dropped: dropped.length,
    inFlight,
  };
}

export interface TimelineEvent {
  atMs: number;
  event: string;
}

/** The drill's events in order, for the reports' timeline tables. */
export function timelineEvents(observation: DrillObservation): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  const { preStop, signal, exit } = observation;
  events.push({ atMs: 0, event: preStop ? `termination begins: preStop (${preStop.kind}) starts` : 'termination begins (no preStop hook)' });
  if (preStop) events.push({ atMs: preStop.endMs, event: `preStop ends: ${preStop.outcome}` });
  if (signal) events.push({ atMs: signal.atMs, event: `${signal.name} sent (${signal.source})` });
  const refused = firstRefused(observation);
  if (refused) events.push({ atMs: refused.sentMs, event: 'first refused connection' });
  const ok = observation.samples.filter((s) => s.ok && s.mode !== 'in-flight');
  if (ok.length > 0) events.push({ atMs: Math.max(...ok.map((s) => s.doneMs)), event: 'last answered request' });
  observation.samples
    .filter((s) => s.mode === 'in-flight')
    .forEach((s, i) => events.push({ atMs: s.doneMs, event: `in-flight request ${i + 1} ${s.ok ? `answered (${s.status})` : `failed (${s.failure})`}` }));
  if (observation.sigkillAtMs !== undefined) events.push({ atMs: observation.sigkillAtMs, event: 'SIGKILL (grace period over)' });
  if (exit) events.push({ atMs: exit.atMs, event: `exited with code ${exit.code}` });
  return events.sort((a, b) => a.atMs - b.atMs);
}

/** Consecutive requests with the same outcome, as spans (for the timeline chart). */
export function trafficSpans(samples: readonly RequestSample[], fromMs: number): { startMs: number; endMs: number; outcome: string; count: number }[] {
  const spans: { startMs: number; endMs: number; outcome: string; count: number }[] = [];
  const sorted = samples.filter((s) => s.mode !== 'in-flight' && s.sentMs >= fromMs).sort((a, b) => a.sentMs - b.sentMs);
  for (const sample of sorted) {
    const outcome = sample.ok ? 'answered' : (sample.failure ?? 'other');
    const last = spans[spans.length - 1];
    if (last && last.outcome === outcome) {
      last.endMs = Math.max(last.endMs, sample.doneMs);
      last.count++;
    } else spans.push({ startMs: sample.sentMs, endMs: Math.max(sample.doneMs, sample.sentMs + 1), outcome, count: 1 });
  }
  return spans;
}
