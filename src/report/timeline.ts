// Mermaid gantt charts of the measurements, on an axis that reads the same in every time zone.
//
// A gantt with `dateFormat x` takes Unix milliseconds and formats its axis with d3's local-time
// formatter: `%M` and `%H` shift with the viewer's offset (UTC+5:30 reads "30 05"), while `%S`
// and `%L` do not (every offset in use is a whole number of minutes). So the charts put t = 0 at
// the Unix epoch and use only `%S` and `%L`: milliseconds below 5 s, seconds below a minute, and
// beyond that one chart millisecond per second (`%L` then counts seconds up to 999), or per ten
// seconds past that. Mermaid has no negative times: nothing is drawn before t = 0.
import { countSamples, type DrillResult, openAtStop, type RequestSample, trafficSpans } from '../measure/drill.js';
import { failuresPerSecond, type RolloutObservation, type SmokePod, type SmokeResult } from '../measure/smoke.js';
import { mermaidText } from './escape.js';

export interface TimeAxis {
  /** Chart milliseconds for a time in real milliseconds since the origin. */
  at: (ms: number) => number;
  /** Mermaid's axisFormat. */
  format: string;
  /** What one chart unit is, for the title when it is not plain time. */
  unit: string;
}

/** The axis for a chart `spanMs` long. */
export function timeAxis(spanMs: number): TimeAxis {
  if (spanMs <= 5_000) return { at: (ms) => Math.round(ms), format: '%S.%L s', unit: 's' };
  if (spanMs < 60_000) return { at: (ms) => Math.round(ms), format: '%S s', unit: 's' };
  if (spanMs < 999_000) return { at: (ms) => Math.round(ms / 1000), format: '%L s', unit: 's' };
  return { at: (ms) => Math.round(ms / 10_000), format: '%L0 s', unit: 's' };
}

/** Collects gantt lines; every bar is at least one chart unit wide so Mermaid draws it. */
class Gantt {
  readonly lines: string[];
  constructor(
    title: string,
    readonly axis: TimeAxis,
  ) {
    this.lines = ['```mermaid', 'gantt', `  title ${title}`, '  dateFormat x', `  axisFormat ${axis.format}`];
  }
  section(name: string): void {
    this.lines.push(`  section ${name}`);
  }
  /** `name` is ours with any value in it already through mermaidText. */
  task(name: string, tags: string[], startMs: number, endMs: number): void {
    const from = Math.max(0, this.axis.at(startMs));
    const to = Math.max(this.axis.at(endMs), from + 1);
    this.lines.push(`  ${name} :${[...tags, String(from), String(to)].join(', ')}`);
  }
  milestone(name: string, tags: string[], atMs: number): void {
    this.lines.push(`  ${name} :${[...tags, 'milestone'].join(', ')}, ${Math.max(0, this.axis.at(atMs))}, 0ms`);
  }
  done(): string {
    return [...this.lines, '```'].join('\n');
  }
}

const modeLanes: { mode: RequestSample['mode']; title: string }[] = [
  { mode: 'new-connection', title: 'new connections' },
  { mode: 'keep-alive', title: 'kept-alive connections' },
];

/** At most this many bars per lane; the rest are merged into the last bar, which says so. */
const maxBarsPerLane = 24;

/** Spans merged down to `max`, the later ones into one "mixed" span that counts what it holds. */
function bounded(spans: { startMs: number; endMs: number; outcome: string; count: number }[], max: number) {
  if (spans.length <= max) return spans.map((s) => ({ ...s, label: `${mermaidText(s.outcome)} (${s.count})`, failed: s.outcome !== 'answered' }));
  const kept = spans.slice(0, max - 1).map((s) => ({ ...s, label: `${mermaidText(s.outcome)} (${s.count})`, failed: s.outcome !== 'answered' }));
  const rest = spans.slice(max - 1);
  const failed = rest.filter((s) => s.outcome !== 'answered').reduce((sum, s) => sum + s.count, 0);
  const answered = rest.filter((s) => s.outcome === 'answered').reduce((sum, s) => sum + s.count, 0);
  kept.push({ startMs: rest[0]!.startMs, endMs: Math.max(...rest.map((s) => s.endMs)), outcome: 'mixed', count: failed + answered, label: `${rest.length} more spans (${answered} answered, ${failed} failed)`, failed: failed > 0 });
  return kept;
}

/**
 * The drill as a gantt, t = 0 the start of termination (the events table's origin): the
 * kubelet's steps, the container, one lane per traffic mode, the in-flight requests.
 */
export function drillTimeline(result: DrillResult): string | undefined {
  const observation = result.observation;
  if (result.status !== 'measured' || !observation) return undefined;
  const lastSample = Math.max(0, ...observation.samples.map((s) => s.doneMs));
  const end = Math.max(observation.exit?.atMs ?? 0, observation.sigkillAtMs ?? 0, observation.deadlineMs, lastSample);
  const chart = new Gantt(`${mermaidText(`${result.object.name}/${result.container}`)}: ${result.verdict} (seconds from the start of termination)`, timeAxis(end));
  chart.section('kubelet');
  if (observation.preStop) chart.task(`preStop ${mermaidText(observation.preStop.kind)}`, ['done'], observation.preStop.startMs, observation.preStop.endMs);
  if (observation.signal) chart.task(`${mermaidText(observation.signal.name)} then wait`, ['active'], observation.signal.atMs, observation.sigkillAtMs ?? observation.exit?.atMs ?? observation.deadlineMs);
  if (observation.sigkillAtMs !== undefined) chart.milestone('SIGKILL', ['crit'], observation.sigkillAtMs);
  chart.section('container');
  chart.task('running', [], 0, observation.exit?.atMs ?? end);
  if (observation.exit) chart.milestone(`exit ${observation.exit.code}`, observation.exit.code === 0 || observation.exit.code === 143 ? [] : ['crit'], observation.exit.atMs);
  for (const { mode, title } of modeLanes) {
    const spans = trafficSpans(
      observation.samples.filter((s) => s.mode === mode),
      0,
    );
    if (spans.length === 0) continue;
    chart.section(title);
    for (const span of bounded(spans, maxBarsPerLane)) chart.task(span.label, span.failed ? ['crit'] : ['done'], span.startMs, span.endMs);
  }
  // The requests open when the stop signal came (the slow path), one bar each.
  const open = openAtStop(observation).sort((a, b) => a.sentMs - b.sentMs);
  if (open.length > 0) {
    chart.section(`open at ${observation.signal ? mermaidText(observation.signal.name) : 'the stop'}`);
    const shown = open.length <= maxBarsPerLane ? open : open.slice(0, maxBarsPerLane - 1);
    shown.forEach((s, i) => chart.task(`request ${i + 1} ${s.ok ? 'answered' : mermaidText(s.failure ?? 'failed')}`, s.ok ? ['done'] : ['crit'], s.sentMs, s.doneMs));
    if (shown.length < open.length) {
      const rest = open.slice(shown.length);
      const counts = countSamples(rest);
      chart.task(`${rest.length} more requests (${counts.ok} answered, ${counts.failed} failed)`, counts.failed > 0 ? ['crit'] : ['done'], rest[0]!.sentMs, Math.max(...rest.map((s) => s.doneMs)));
    }
  }
  return chart.done();
}

const shortPod = (name: string) => name.replace(/^.*-([a-z0-9]{5})$/, '…$1');

/** At most this many pods drawn per rollout and role; a last bar counts the others. */
const maxPodsPerRollout = 10;

/**
 * The smoke test as a gantt, t = 0 the start of traffic (the figures' and the pod tables'
 * origin): per rollout, each old pod serving and terminating (one the rollout never reached
 * serves to its end), each new pod starting; then the failed requests per second, all of them
 * (more seconds than fit are merged into windows that say how many they hold).
 */
export function smokeTimeline(result: SmokeResult): string | undefined {
  const observation = result.observation;
  if (!observation) return undefined;
  const end = Math.max(observation.endMs ?? 0, ...observation.rollouts.map((r) => r.endMs));
  const chart = new Gantt(`${mermaidText(`${result.kind} ${result.object.name}`)} (seconds since traffic began)`, timeAxis(end));
  const podBars = (pod: SmokePod, rollout: RolloutObservation, old: boolean) => {
    const name = mermaidText(shortPod(pod.name));
    if (!old) {
      chart.task(`${name} starting`, ['active'], pod.createdMs, pod.readyMs ?? rollout.endMs);
      return;
    }
    const from = Math.max(pod.createdMs, rollout.startMs - 1000);
    if (pod.deletedMs === undefined) {
      // The rollout stopped before it reached this pod: it kept serving.
      chart.task(`${name} serving, not replaced`, ['done'], from, pod.terminatedMs ?? pod.goneMs ?? rollout.endMs);
      return;
    }
    const ended = pod.terminatedMs ?? pod.goneMs ?? rollout.endMs;
    chart.task(`${name} serving`, ['done'], from, pod.deletedMs);
    chart.task(`${name} terminating${pod.exitCode !== undefined ? ` exit ${pod.exitCode}` : ''}`, pod.exitCode === 137 ? ['crit'] : ['active'], pod.deletedMs, Math.max(ended, pod.deletedMs + 1));
  };
  const pods = (list: readonly SmokePod[], rollout: RolloutObservation, old: boolean) => {
    const shown = list.length <= maxPodsPerRollout ? list : list.slice(0, maxPodsPerRollout - 1);
    for (const pod of shown) podBars(pod, rollout, old);
    if (shown.length < list.length) chart.task(`${list.length - shown.length} more ${old ? 'old' : 'new'} pods (the job summary lists them)`, [], rollout.startMs, rollout.endMs);
  };
  for (const rollout of observation.rollouts) {
    const { trial } = rollout;
    chart.section(rollout.name === 'baseline' ? 'restart of base' : rollout.name === 'update' ? 'base → head' : `restart of head${trial !== undefined ? ` ${trial}` : ''}`);
    pods(rollout.oldPods, rollout, true);
    pods(rollout.newPods, rollout, false);
    if (rollout.outcome !== 'complete') chart.milestone(mermaidText(rollout.outcome), ['crit'], rollout.endMs);
  }
  const perSecond = failuresPerSecond(observation.samples);
  if (perSecond.length > 0) {
    chart.section('failed requests');
    // Consecutive seconds merged into windows so that at most maxBarsPerLane bars remain.
    const width = Math.ceil(perSecond.length / maxBarsPerLane);
    for (let i = 0; i < perSecond.length; i += width) {
      const window = perSecond.slice(i, i + width);
      const count = window.reduce((sum, s) => sum + s.count, 0);
      const first = window[0]!;
      const last = window[window.length - 1]!;
      const what = width === 1 ? mermaidText(first.kinds) : `${window.length} seconds with failures`;
      chart.task(`${count} failed (${what})`, ['crit'], first.second * 1000, last.second * 1000 + 1000);
    }
  }
  return chart.done();
}
