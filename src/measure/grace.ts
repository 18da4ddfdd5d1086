// A grace period sized from the drill's measurement: the kubelet gives a pod
// terminationGracePeriodSeconds for the preStop hook and the app's shutdown together (the
// preStop runs first, the stop signal follows when it ends, SIGKILL comes at the period's end).
// So the period a container needs is its preStop hook's time, plus the time the app took from
// the stop signal to its exit with requests in flight, plus a buffer for a slower day.
import type { Finding } from '../analysis/engine.js';
import type { DrillPlan } from './plan.js';
import { type DrillResult, openAtSignal } from './drill.js';

/** Seconds of margin over the measured need: a loaded node, a slower request than the drill's. */
export const graceBufferSeconds = 5;

export interface GraceSizing {
  /** The preStop hook's measured duration (0 without one). */
  preStopSeconds: number;
  /** From the stop signal to the exit; with `exited: false`, how long it was still running at the SIGKILL. */
  exitSeconds: number;
  exited: boolean;
  signal: string;
  /** Requests open when the signal came. */
  inFlight: number;
  bufferSeconds: number;
  /** preStop + exit + buffer, rounded up to a whole second; absent when the app never exited by itself. */
  recommendedSeconds?: number;
  currentSeconds: number;
  /** The manifest's period is shorter than the recommendation. */
  tooShort: boolean;
  /** "measured: exits 7.2 s after SIGTERM with 3 requests in flight; preStop 5 s + 7.2 s + 5 s buffer = 18 s; terminationGracePeriodSeconds is 10" */
  text: string;
}

const tenths = (ms: number) => Math.round(ms / 100) / 10;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The sizing of one measured container, or undefined when the drill did not see a stop signal. */
export function graceSizing(result: DrillResult): GraceSizing | undefined {
  const observation = result.observation;
  if (result.status !== 'measured' || !observation?.signal) return undefined;
  const { signal, preStop, exit } = observation;
  const preStopSeconds = preStop ? tenths(preStop.endMs - preStop.startMs) : 0;
  const open = openAtSignal(observation);
  const inFlight = open.open;
  const current = result.gracePeriodSeconds;
  const requests = `with ${plural(inFlight, 'request')} in flight`;
  if (observation.sigkillAtMs !== undefined || !exit) {
    const runningSeconds = tenths((observation.sigkillAtMs ?? observation.deadlineMs) - signal.atMs);
    return {
      preStopSeconds,
      exitSeconds: runningSeconds,
      exited: false,
      signal: signal.name,
      inFlight,
      bufferSeconds: graceBufferSeconds,
      currentSeconds: current,
      tooShort: false,
      text: `measured: still running ${runningSeconds} s after ${signal.name} ${requests}, SIGKILLed at the end of the ${current} s grace period — no period can be sized until the app exits on ${signal.name}`,
    };
  }
  const exitSeconds = tenths(exit.atMs - signal.atMs);
  const recommended = Math.ceil(preStopSeconds + exitSeconds + graceBufferSeconds - 1e-9);
  const tooShort = current < recommended;
  return {
    preStopSeconds,
    exitSeconds,
    exited: true,
    signal: signal.name,
    inFlight,
    bufferSeconds: graceBufferSeconds,
    recommendedSeconds: recommended,
    currentSeconds: current,
    tooShort,
    // Exiting fast by breaking off the open requests is not a shutdown time to size a period by.
    text: `measured: exits ${exitSeconds} s after ${signal.name} ${requests}; preStop ${preStopSeconds} s + ${exitSeconds} s + ${graceBufferSeconds} s buffer = ${recommended} s; terminationGracePeriodSeconds is ${current}${tooShort ? '' : ' (enough)'}${open.brokenOff > 0 ? ` — but it broke ${plural(open.brokenOff, 'request')} off instead of finishing ${open.brokenOff === 1 ? 'it' : 'them'}: the exit time is not what draining takes` : ''}`,
  };
}

export const graceRuleId = 'pod/grace-period-measured';
export const graceDocsUrl = 'https://github.com/termination-guard/termination-guard/blob/main/README.md#measured-grace-period';

/**
 * The measurement as a finding where the period is too short: on the line of
 * terminationGracePeriodSeconds (or where it would go), with the measured value as its fix, so
 * the review suggestion, the Pod row, the annotations, JSON and SARIF carry it like any other.
 */
export function graceFinding(result: DrillResult, plan: Pick<DrillPlan, 'graceField'> | undefined): Finding | undefined {
  const sizing = graceSizing(result);
  if (!sizing?.tooShort || sizing.recommendedSeconds === undefined || !plan?.graceField) return undefined;
  const { path, location } = plan.graceField;
  const { kind, namespace, name } = result.object;
  const what = `${kind} ${namespace ? `${namespace}/` : ''}${name}, container ${result.container}`;
  const detail = `The grace period is shorter than the drill measured it needs — ${sizing.text}.`;
  return {
    ruleId: graceRuleId,
    severity: 'warning',
    layer: 'pod',
    message: `${what}: ${detail}`,
    detail,
    object: result.object,
    container: result.container,
    file: location.file,
    line: location.line,
    endLine: location.exact ? location.endLine : location.line,
    remediation: `Set terminationGracePeriodSeconds to at least ${sizing.recommendedSeconds} (the preStop hook, the measured shutdown and a ${graceBufferSeconds} s buffer).`,
    docsUrl: graceDocsUrl,
    fix: { summary: `terminationGracePeriodSeconds: ${sizing.recommendedSeconds} (measured)`, edits: [{ path, value: sizing.recommendedSeconds, location }] },
    evidence: {
      preStopSeconds: String(sizing.preStopSeconds),
      exitSeconds: String(sizing.exitSeconds),
      inFlight: String(sizing.inFlight),
      bufferSeconds: String(sizing.bufferSeconds),
      recommendedSeconds: String(sizing.recommendedSeconds),
      currentSeconds: String(sizing.currentSeconds),
    },
    ...(result.render ? { render: result.render, renders: [result.render] } : {}),
  };
}

/** The findings of a drill run, matched to their plans by object and container. */
export function graceFindings(results: readonly DrillResult[], plans: readonly DrillPlan[]): Finding[] {
  const key = (r: { object: { kind: string; namespace?: string; name: string }; container: string; render?: string }) => `${r.object.kind}/${r.object.namespace ?? ''}/${r.object.name}/${r.container}/${r.render ?? ''}`;
  const byKey = new Map(plans.map((p) => [key(p), p]));
  return results.flatMap((r) => graceFinding(r, byKey.get(key(r))) ?? []);
}
