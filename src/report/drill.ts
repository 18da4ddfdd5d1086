// The SIGTERM drill in the reports: a line under the Runtime layer (signal, exit), one under the
// Pod layer (preStop, traffic, the requests open at the stop signal), and a Mermaid timeline.
// Names, images, commands, probe paths, reasons and the container's own log lines are the
// manifest's or the image's: they reach Markdown, Mermaid and the terminal through escape.ts.
import { countSamples, describeCounts, describeOpenAtSignal, type DrillResult, type DrillVerdict, judgeDrill, openAtStop, seconds, timelineEvents, trafficSpans } from '../measure/drill.js';
import { codeSpan, fencedBlock, htmlText, markdownMessage, markdownText, mermaidText, terminalText } from './escape.js';

export const verdictIcon: Record<DrillVerdict, string> = { graceful: '✅', killed: '❌', abrupt: '❌' };

function label(result: DrillResult): string {
  return `container ${codeSpan(result.container)}`;
}

/** The Runtime line: did the signal work, how long to exit, which code. */
export function drillRuntimeLine(result: DrillResult): string {
  if (result.status === 'skipped') return `- 🔬 **Drill** (${label(result)}): not run — ${markdownMessage(result.reason ?? '')}`;
  if (result.status === 'failed') return `- 🔬 **Drill** (${label(result)}): ⚠️ ${markdownMessage(result.reason ?? '')}; nothing was measured`;
  const observation = result.observation!;
  const facts = judgeDrill(observation, result.gracePeriodSeconds);
  const signal = observation.signal;
  const exit = observation.exit;
  const parts = [
    signal ? `${markdownText(signal.name)} at ${seconds(signal.atMs)}` : 'no stop signal (exited during preStop)',
    observation.sigkillAtMs !== undefined ? `SIGKILL at ${seconds(observation.sigkillAtMs)}` : facts.stopSeconds !== undefined ? `exited ${facts.stopSeconds.toFixed(1)} s later` : undefined,
    exit ? `exit ${exit.code}` : undefined,
  ].filter(Boolean);
  const pid1 = observation.processes[0];
  const runtimeFindings = result.findings.filter((f) => f.layer === 'runtime').map((f) => f.text);
  return [
    `- 🔬 **Drill** (${label(result)}): ${verdictIcon[result.verdict!]} **${result.verdict}** — ${parts.join(', ')} (grace period ${result.gracePeriodSeconds} s)${pid1 ? `; PID 1 ${codeSpan(pid1.command)}` : ''}`,
    ...runtimeFindings.map((f) => `  - ${markdownMessage(f)}`),
  ].join('\n');
}

/** The Pod line: preStop, traffic in both modes, the requests open at the stop signal. */
export function drillPodLine(result: DrillResult): string | undefined {
  if (result.status !== 'measured') return undefined;
  const observation = result.observation!;
  const parts: string[] = [];
  if (observation.preStop) parts.push(`preStop ${seconds(observation.preStop.endMs - observation.preStop.startMs)} (${markdownText(observation.preStop.outcome)})`);
  // Termination began at 0; connections refused after the exit are expected and not counted.
  const exitMs = observation.exit?.atMs ?? Infinity;
  const after = (s: { sentMs: number }) => s.sentMs >= 0 && s.sentMs < exitMs;
  const newConnection = observation.samples.filter((s) => s.mode === 'new-connection' && after(s));
  const keepAlive = observation.samples.filter((s) => s.mode === 'keep-alive' && after(s));
  if (observation.traffic) {
    const where = observation.traffic.protocol === 'http' ? `GET :${observation.traffic.port}${markdownText(observation.traffic.path ?? '')}` : `TCP :${observation.traffic.port}`;
    parts.push(`${where} at ${observation.traffic.rate}/s from the start of termination to the exit: new connections ${describeCounts(countSamples(newConnection))}${keepAlive.length > 0 ? `; kept-alive ${describeCounts(countSamples(keepAlive))}` : ''}`);
    const { slowPath, slowConnections } = observation.traffic;
    if (slowPath) parts.push(`slow requests ${markdownText(slowPath)} back to back on ${slowConnections ?? 1} connection${slowConnections === 1 ? '' : 's'}`);
  }
  const facts = judgeDrill(observation, result.gracePeriodSeconds);
  const openSentence = describeOpenAtSignal(facts.openAtSignal);
  parts.push(facts.openAtSignal.open > 0 ? markdownText(openSentence) : 'in-flight behaviour not tested');
  if (facts.firstRefusedMs !== undefined) parts.push(`first refused connection at ${seconds(facts.firstRefusedMs)}`);
  if (facts.lastOkMs !== undefined) parts.push(`last answer at ${seconds(facts.lastOkMs)}`);
  // The preStop and open-at-signal sentences are already in the line itself.
  const podFindings = result.findings.filter((f) => f.layer === 'pod' && !f.text.startsWith('preStop') && f.text !== `${openSentence}.`).map((f) => `  - ${markdownMessage(f.text)}`);
  const sizing = result.graceSizing ? [`  - ⏱️ Grace period ${markdownMessage(result.graceSizing.text)}`] : [];
  return parts.length > 0 ? [`- 🔬 **Drill** (${label(result)}): ${parts.join('; ')}`, ...sizing, ...podFindings].join('\n') : undefined;
}

function ms(value: number): number {
  return Math.max(0, Math.round(value + 1000));
}

/**
 * A Mermaid gantt of the drill. Mermaid has no negative times, so the chart starts 1 s before
 * termination (the warm-up) and its axis reads seconds from there.
 */
export function drillTimeline(result: DrillResult): string | undefined {
  const observation = result.observation;
  if (result.status !== 'measured' || !observation) return undefined;
  const end = Math.max(observation.exit?.atMs ?? 0, observation.sigkillAtMs ?? 0, observation.deadlineMs);
  const lines = ['```mermaid', 'gantt', `  title ${mermaidText(`${result.object.name}/${result.container}`)}: ${result.verdict} (t = 1 s is the start of termination)`, '  dateFormat x', '  axisFormat %S s', '  section kubelet'];
  // Task names are ours with the measured values as Mermaid text (escape.ts: mermaidText).
  const task = (name: string, tags: string[], start: number, stop: number) => lines.push(`  ${name} :${[...tags, String(ms(start)), String(Math.max(ms(stop), ms(start) + 1))].join(', ')}`);
  if (observation.preStop) task(`preStop ${mermaidText(observation.preStop.kind)}`, ['done'], observation.preStop.startMs, observation.preStop.endMs);
  if (observation.signal) task(`${mermaidText(observation.signal.name)} then wait`, ['active'], observation.signal.atMs, observation.sigkillAtMs ?? observation.exit?.atMs ?? observation.deadlineMs);
  if (observation.sigkillAtMs !== undefined) lines.push(`  SIGKILL :milestone, crit, ${ms(observation.sigkillAtMs)}, 0ms`);
  lines.push('  section container');
  task('running', [], -1000, observation.exit?.atMs ?? end);
  if (observation.exit) lines.push(`  exit ${observation.exit.code} :milestone, ${observation.exit.code === 0 || observation.exit.code === 143 ? '' : 'crit, '}${ms(observation.exit.atMs)}, 0ms`);
  const spans = trafficSpans(observation.samples, -1000).slice(0, 12);
  if (spans.length > 0) {
    lines.push('  section traffic');
    for (const span of spans) task(`${mermaidText(span.outcome)} (${span.count})`, span.outcome === 'answered' ? ['done'] : ['crit'], span.startMs, span.endMs);
  }
  const open = openAtStop(observation);
  if (open.length > 0) {
    lines.push(`  section open at ${observation.signal ? mermaidText(observation.signal.name) : 'the stop'}`);
    open.forEach((s, i) => task(`request ${i + 1} ${s.ok ? 'answered' : mermaidText(s.failure ?? 'failed')}`, s.ok ? ['done'] : ['crit'], s.sentMs, s.doneMs));
  }
  lines.push('```');
  return lines.join('\n');
}

/** The events as a small table (job summary, CLI markdown). */
export function drillEventsTable(result: DrillResult): string | undefined {
  if (!result.observation) return undefined;
  return ['| t | event |', '|---:|---|', ...timelineEvents(result.observation).map((e) => `| ${seconds(e.atMs)} | ${markdownMessage(e.event, { table: true })} |`)].join('\n');
}

/** Everything the drill says about one subject, for the Markdown checklist. */
export function drillDetails(results: readonly DrillResult[]): string[] {
  const out: string[] = [];
  for (const result of results) {
    const chart = drillTimeline(result);
    const table = drillEventsTable(result);
    if (!chart && !result.logsTail && result.notes.length === 0) continue;
    out.push(`<details><summary>Drill timeline — container ${htmlText(result.container)}${result.verdict ? `: ${result.verdict}` : ''}</summary>`, '');
    if (chart) out.push(chart, '');
    if (table) out.push(table, '');
    for (const note of result.notes) out.push(`- ${markdownMessage(note)}`);
    if (result.notes.length > 0) out.push('');
    if (result.logsTail) out.push('Last log lines:', '', ...fencedBlock(result.logsTail.trimEnd().split(/\r?\n|\r/).slice(-12).join('\n')), '');
    out.push('</details>', '');
  }
  return out;
}

/** Plain text for the CLI's `drill` command. */
export function renderDrillText(results: readonly DrillResult[]): string {
  const out: string[] = [];
  for (const result of results) {
    const head = terminalText(`${result.object.kind}/${result.object.name} container ${result.container} (${result.image}, grace ${result.gracePeriodSeconds} s)`);
    if (result.status !== 'measured') {
      out.push(`${head}: ${result.status === 'skipped' ? 'not run' : 'did not become ready'} — ${terminalText(result.reason ?? '')}`);
      if (result.logsTail) out.push(...result.logsTail.trimEnd().split(/\r?\n|\r/).slice(-8).map((l) => `    | ${terminalText(l)}`));
      out.push('');
      continue;
    }
    out.push(`${head}: ${result.verdict!.toUpperCase()}`);
    for (const finding of result.findings) out.push(`  - ${terminalText(finding.text.replace(/`/g, ''))}`);
    out.push('  timeline:');
    for (const event of timelineEvents(result.observation!)) out.push(`    ${seconds(event.atMs).padStart(8)}  ${terminalText(event.event)}`);
    for (const note of result.notes) out.push(`  note: ${terminalText(note)}`);
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
