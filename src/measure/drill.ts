// What a SIGTERM drill observed for one container, and the verdict drawn from it. Times are
// milliseconds from the start of termination (the moment the kubelet would begin: the preStop
// hook's start), so a report reads like the pod's last seconds.
import type { ObjectRef } from '../manifests/objects.js';
import type { GraceSizing } from './grace.js';

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
  /**
   * How the traffic was sent: HTTP to a path, or TCP connects; `slowPath` when long requests ran
   * back to back on `slowConnections` connections of their own, so that some are open at the signal.
   */
  traffic?: { protocol: 'http' | 'tcp'; port: number; path?: string; rate: number; slowPath?: string; slowConnections?: number };
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
  /** The requests open when the stop signal came, and how they ended (measured drills). */
  openAtSignal?: OpenAtSignal;
  /** Why the verdict is what it is, and what the numbers say — one sentence each. */
  findings: DrillFinding[];
  notes: string[];
  logsTail?: string;
  /** The grace period the measurement calls for (src/measure/grace.ts). */
  graceSizing?: GraceSizing;
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
 * The requests open when the stop signal came (or, with no signal, when termination began): sent
 * before it and not ended yet. A refused connect was never accepted work, so it is not among them.
 * Requests sent after the signal that fail are counted in the traffic figures (a connection still
 * in the listen backlog is reset when the listener closes; a kept-alive connection can be closed
 * as a request is sent) but are not in-flight work.
 */
export function openAtStop(observation: DrillObservation): RequestSample[] {
  const from = stopBegan(observation);
  return observation.samples.filter((s) => s.sentMs < from && s.doneMs >= from && s.failure !== 'refused');
}

/** A request was dropped when it was open at the signal and then failed: the app broke off work it had taken on. */
export function droppedRequests(observation: DrillObservation): RequestSample[] {
  return openAtStop(observation).filter((s) => !s.ok);
}

/**
 * What the seed's second question ("are existing requests completed?") is about: the requests
 * open when the app was told to stop, counted apart from the rest of the traffic.
 */
export interface OpenAtSignal {
  /** The stop signal; absent when none was sent (the container exited during the preStop hook). */
  signal?: string;
  /** The moment counted from: the signal, else the start of termination. */
  atMs: number;
  open: number;
  answered: number;
  brokenOff: number;
  /** How the broken-off requests failed. */
  byKind: Partial<Record<FailureKind, number>>;
  /** Of the open requests, the long ones to the slow path. */
  slow: number;
  /** Whether in-flight behaviour was tested: at least one long request was open at the signal. */
  inFlightTested: boolean;
}

export function openAtSignal(observation: DrillObservation): OpenAtSignal {
  const open = openAtStop(observation);
  const counts = countSamples(open);
  const slow = open.filter((s) => s.mode === 'in-flight').length;
  return {
    ...(observation.signal ? { signal: observation.signal.name } : {}),
    atMs: stopBegan(observation),
    open: counts.sent,
    answered: counts.ok,
    brokenOff: counts.failed,
    byKind: counts.byKind,
    slow,
    inFlightTested: slow > 0,
  };
}

/** "3 requests were open at SIGTERM: 1 answered, 2 broken off (2 reset)". */
export function describeOpenAtSignal(counts: OpenAtSignal): string {
  const kinds = Object.entries(counts.byKind).map(([kind, n]) => `${n} ${kind}`);
  const at = counts.signal ? `at ${counts.signal}` : 'when termination began';
  return `${counts.open} ${counts.open === 1 ? 'request was' : 'requests were'} open ${at}: ${counts.answered} answered, ${counts.brokenOff} broken off${kinds.length > 0 ? ` (${kinds.join(', ')})` : ''}`;
}

/** Why in-flight behaviour was not tested, or undefined when it was. */
export function inFlightUntested(observation: DrillObservation, counts: OpenAtSignal): string | undefined {
  if (counts.inFlightTested) return undefined;
  const traffic = observation.traffic;
  const at = counts.signal ? `at ${counts.signal}` : 'when termination began';
  if (!traffic) return 'In-flight behaviour was not tested: there was no port to send requests to.';
  if (traffic.protocol === 'tcp') return 'In-flight behaviour was not tested: the port does not answer HTTP, so only TCP connects were sent.';
  if (!traffic.slowPath || !traffic.slowConnections) {
    return 'In-flight behaviour was not tested: no slow path is known. Set drill.inFlightPath, --in-flight-path or the termination-guard.io/drill-in-flight-path annotation to a path the app answers slowly (e.g. /slow?ms=5000) to hold requests open at the stop signal.';
  }
  return `In-flight behaviour was not tested: no request to the slow path ${traffic.slowPath} was open ${at}.`;
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
  openAtSignal: OpenAtSignal;
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
  const open = openAtSignal(observation);
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
  if (open.open > 0) pod(`${describeOpenAtSignal(open)}.`);
  const untested = inFlightUntested(observation, open);
  if (untested) pod(untested);
  return {
    verdict,
    findings,
    ...(stopMs !== undefined ? { stopSeconds: stopMs / 1000 } : {}),
    ...(refused ? { firstRefusedMs: refused.sentMs } : {}),
    ...(lastOk !== undefined ? { lastOkMs: lastOk } : {}),
    dropped: dropped.length,
    openAtSignal: open,
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
  const at = signal ? `at ${signal.name}` : 'when termination began';
  openAtStop(observation)
    .sort((a, b) => a.doneMs - b.doneMs)
    .forEach((s, i) => events.push({ atMs: s.doneMs, event: `request ${i + 1} open ${at} ${s.ok ? `answered (${s.status})` : `broken off (${s.failure})`}` }));
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
