// The rollout smoke test in the reports: the comment's "Measured rollout" section (figures per
// rollout, what they mean, a Mermaid timeline of the pods' lifetimes and the failures per
// second), the job summary's per-pod detail, and plain text for the CLI.
import { describeCounts, seconds } from '../measure/drill.js';
import { causeSentences, measurementSentences, type RolloutFigures, type SmokePod, type SmokeResult, type SmokeRun } from '../measure/smoke.js';
import { htmlText, markdownMessage, markdownText, terminalText } from './escape.js';
import { smokeTimeline } from './timeline.js';

// Workload, pod and Service names, probe paths, event messages and reasons come from the
// manifests and the cluster: Markdown through markdownText/markdownMessage (both keep a table
// cell a cell), Mermaid through mermaidText, the terminal through terminalText.
const cell = markdownText;

function kinds(figures: RolloutFigures): string {
  const list = Object.entries(figures.byKind).map(([kind, n]) => `${n} ${kind}`);
  return list.length > 0 ? list.join(', ') : '—';
}

/** One line per workload: Markdown (bold name, ✅/❌) or plain text (PASS/FAIL). */
export function verdictLine(result: SmokeResult, style: 'markdown' | 'text' = 'markdown'): string {
  const markdown = style === 'markdown';
  const text = markdown ? markdownText : terminalText;
  const label = text(`${result.kind} ${result.object.name}${result.render ? ` (${result.render})` : ''}`);
  const name = markdown ? `**${label}**` : label;
  const [pass, fail] = markdown ? ['✅', '❌'] : ['PASS', 'FAIL'];
  const reason = markdown ? markdownMessage(result.reason ?? '') : terminalText(result.reason ?? '');
  if (result.status === 'skipped') return `${name} — not tested: ${reason}`;
  if (result.status === 'failed') return `${name} — ${fail} could not be measured: ${reason}`;
  const head = result.figures.find((f) => f.name === 'restart');
  const failed = result.trials?.failed.median ?? head?.failed ?? 0;
  const median = result.trials && result.trials.count > 1 ? ` (median of ${result.trials.count} trials)` : '';
  const summary = head ? `${failed} failed request${failed === 1 ? '' : 's'}${median} while the head's pods terminated` : 'the head was not rolled';
  return result.failing.length > 0 ? `${name} — ${fail} ${text(result.failing.join(', '))} (${summary})` : `${name} — ${pass} ${summary}`;
}

function figuresTable(figures: readonly RolloutFigures[]): string[] {
  const rows = figures.map((f) => {
    const killed = f.killed.length > 0 ? f.killed.join(', ') : '—';
    const took = `${seconds(f.durationMs)}${f.outcome === 'complete' ? '' : ` (${f.outcome})`}`;
    return `| ${cell(f.label)} | ${cell(took)} | ${f.sent} | ${f.failed} | ${cell(kinds(f))} | ${f.disruptedSeconds} s | ${seconds(f.longestGapMs)} | ${cell(killed)} |`;
  });
  return ['| rollout | took | requests | failed | failures | disrupted | longest gap | SIGKILLed pods |', '|---|---:|---:|---:|---|---:|---:|---|', ...rows];
}

function afterDeletionLines(figures: readonly RolloutFigures[]): string[] {
  const lines: string[] = [];
  for (const f of figures) {
    const parts = f.afterDeletion.map((w) => `${w.count} ${seconds(w.firstMs)}–${seconds(w.lastMs)} after deleting ${markdownText(w.pod)}`);
    if (f.beforeDeletion > 0) parts.unshift(`${f.beforeDeletion} before any pod was deleted`);
    if (parts.length > 0) lines.push(`- ${markdownText(f.label)}: failures ${parts.join('; ')}.`);
  }
  return lines;
}

// The rollout's chart: src/report/timeline.ts (an axis that reads the same in every time zone, no silent caps).
export { smokeTimeline };

function targetLine(result: SmokeResult, text: (value: string) => string): string | undefined {
  const target = result.observation?.target;
  if (!target) return undefined;
  const { endpoint } = target;
  const how = endpoint.protocol === 'tcp' ? 'TCP connects' : `${endpoint.protocol.toUpperCase()} GET ${text(endpoint.path ?? '')}`;
  const via = endpoint.via === 'service' ? `Service ${text(endpoint.name ?? '')} (ClusterIP ${text(target.address)})` : `host port ${text(target.address)}`;
  return `Traffic: ${target.rate} req/s on new connections and on kept-alive ones, ${how} through ${via}.`;
}

/** The comment's section. */
export function renderSmokeSection(run: SmokeRun, options: { timeline: boolean }): string[] {
  const out = ['### Measured rollout', '', `${markdownText(run.cluster)} · ${run.results.length} workload${run.results.length === 1 ? '' : 's'} in ${seconds(run.seconds * 1000)}`, ''];
  for (const result of run.results) {
    out.push(verdictLine(result), '');
    if (result.status !== 'measured') continue;
    const target = targetLine(result, markdownText);
    if (target) out.push(target, '');
    out.push(...figuresTable(result.figures), '');
    for (const finding of result.findings) out.push(`- ${markdownMessage(finding)}`);
    for (const sentence of [...measurementSentences(result), ...causeSentences(result.figures)]) out.push(`- ${markdownMessage(sentence)}`);
    out.push(...afterDeletionLines(result.figures));
    for (const note of result.notes) out.push(`- Note: ${markdownMessage(note)}`);
    out.push('');
    const chart = options.timeline ? smokeTimeline(result) : undefined;
    if (chart) out.push('<details><summary>Timeline</summary>', '', chart, '', '</details>', '');
  }
  return out;
}

function podRow(pod: SmokePod, role: string): string {
  const t = (ms: number | undefined) => (ms === undefined ? '—' : seconds(ms));
  const events = pod.events.filter((e) => e.reason !== 'Scheduled' && e.reason !== 'Pulled' && e.reason !== 'Created' && e.reason !== 'Started').map((e) => `${e.reason}: ${e.message}`);
  return `| ${cell(pod.name)} | ${role} | ${t(pod.createdMs)} | ${t(pod.readyMs)} | ${t(pod.deletedMs)} | ${pod.graceSeconds ?? '—'} | ${t(pod.terminatedMs)} | ${pod.exitCode ?? '—'} | ${cell(pod.reason ?? '—')} | ${cell(events.join('; ').slice(0, 400)) || '—'} |`;
}

/** The job summary's detail: every pod of every rollout, traffic per mode, warnings. */
export function renderSmokeDetail(run: SmokeRun): string[] {
  const out: string[] = [];
  for (const result of run.results) {
    if (!result.observation) continue;
    out.push(`<details><summary>Smoke test detail — ${htmlText(`${result.kind} ${result.object.name}`)}</summary>`, '');
    for (const rollout of result.observation.rollouts) {
      const figures = result.figures.find((f) => f.name === rollout.name && f.trial === rollout.trial);
      out.push(`**${cell(figures?.label ?? rollout.name)}** — ${seconds(rollout.startMs)} to ${seconds(rollout.endMs)}, ${cell(rollout.outcome)}${rollout.stall ? ` (${cell(rollout.stall)})` : ''}`, '');
      if (figures) for (const [mode, counts] of Object.entries(figures.byMode)) if (counts) out.push(`- ${cell(mode)}: ${cell(describeCounts(counts))}`);
      for (const warning of figures?.warnings ?? []) out.push(`- ⚠️ ${cell(warning)}`);
      out.push('', '| pod | role | created | ready | deleted | grace | ended | exit | reason | events |', '|---|---|---:|---:|---:|---:|---:|---:|---|---|');
      for (const pod of rollout.oldPods) out.push(podRow(pod, 'old'));
      for (const pod of rollout.newPods) out.push(podRow(pod, 'new'));
      out.push('');
    }
    out.push('</details>', '');
  }
  return out;
}

/** Plain text for the CLI's `smoke` command. */
export function renderSmokeText(run: SmokeRun): string {
  const out = [`Rollout smoke test: ${terminalText(run.cluster)} (${seconds(run.seconds * 1000)})`, ''];
  for (const result of run.results) {
    out.push(verdictLine(result, 'text'));
    if (result.status === 'measured') {
      const target = targetLine(result, terminalText);
      if (target) out.push(`  ${target}`);
      for (const f of result.figures) {
        out.push(
          terminalText(`  ${f.label}: ${seconds(f.durationMs)}${f.outcome === 'complete' ? '' : ` ${f.outcome.toUpperCase()}${f.stall ? ` (${f.stall})` : ''}`}, ${f.failed}/${f.sent} failed (${kinds(f)}), disrupted ${f.disruptedSeconds} s, longest gap ${seconds(f.longestGapMs)}${f.killed.length > 0 ? `, SIGKILLed: ${f.killed.join(', ')}` : ''}`),
        );
        for (const w of f.afterDeletion) out.push(`    ${w.count} failures ${seconds(w.firstMs)}–${seconds(w.lastMs)} after deleting ${terminalText(w.pod)}`);
        for (const pod of result.observation!.rollouts.find((r) => r.name === f.name && r.trial === f.trial)?.oldPods ?? []) {
          const ended = pod.terminatedMs !== undefined && pod.deletedMs !== undefined ? `ended ${seconds(pod.terminatedMs - pod.deletedMs)} after deletion` : 'end not seen';
          out.push(`    old pod ${terminalText(pod.name)}: grace ${pod.graceSeconds ?? '?'} s, ${ended}, exit ${pod.exitCode ?? '?'}${pod.reason ? ` (${terminalText(pod.reason)})` : ''}`);
        }
      }
      for (const finding of result.findings) out.push(`  - ${terminalText(finding)}`);
      for (const sentence of [...measurementSentences(result), ...causeSentences(result.figures)]) out.push(`  - ${terminalText(sentence)}`);
      for (const note of result.notes) out.push(`  note: ${terminalText(note)}`);
    }
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
