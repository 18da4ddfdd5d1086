// The SIGTERM drill in the reports: a line under the Runtime layer (signal, exit), one under the
// Pod layer (preStop, traffic, the requests open at the stop signal), and a Mermaid timeline.
// Names, images, commands, probe paths, reasons and the container's own log lines are the
// manifest's or the image's: they reach Markdown, Mermaid and the terminal through escape.ts.
import { countSamples, describeCounts, describeOpenAtSignal, type DrillResult, type DrillVerdict, judgeDrill, seconds, timelineEvents, } from '../measure/drill.js';
import { codeSpan, fencedBlock, htmlText, markdownMessage, markdownText, terminalText } from './escape.js';
import { drillTimeline } from './timeline.js';

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

// The drill's chart: src/report/timeline.ts (one time origin with the events table, one lane per traffic mode).
export { drillTimeline };

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
