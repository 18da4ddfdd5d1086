// The CLI's report: the renderer its command and --format choose, over the pipeline's result.
import type { Format } from './cli-args.js';
import { identityKey } from './manifests/objects.js';
import type { RunResult } from './pipeline/run.js';
import { renderDrillText } from './report/drill.js';
import { renderJson } from './report/json.js';
import { renderMarkdown } from './report/markdown.js';
import { renderSarif } from './report/sarif.js';
import { renderSmokeDetail, renderSmokeSection, renderSmokeText } from './report/smoke.js';
import { renderGateLine, renderText } from './report/text.js';

export interface TerminalOptions {
  color: boolean;
  /** The terminal's width, when stdout is one: text reports wrap to it. */
  width?: number;
}

export function renderCliReport(result: RunResult, command: 'check' | 'drill' | 'smoke', format: Format, terminalOptions: TerminalOptions | boolean): string {
  const terminal = typeof terminalOptions === 'boolean' ? { color: terminalOptions } : terminalOptions;
  if (command === 'drill' && format !== 'sarif') {
    if (format === 'json') return `${JSON.stringify({ drill: result.drill, failOn: result.gate.policy.drillFailOn }, null, 2)}\n`;
    return format === 'markdown' ? renderMarkdown(drilledOnly(result)) : `${renderDrillText(result.drill ?? [])}\n${renderGateLine(result, terminal, 'drill')}`;
  }
  if (command === 'smoke' && format !== 'sarif' && result.smoke) {
    const run = result.smoke;
    if (format === 'json') return `${JSON.stringify({ cluster: run.cluster, seconds: run.seconds, failOn: result.gate.policy.smokeFailOn, results: run.results }, null, 2)}\n`;
    return format === 'markdown' ? `${[...renderSmokeSection(run, { timeline: true }), ...renderSmokeDetail(run)].join('\n').trimEnd()}\n` : `${renderSmokeText(run)}\n${renderGateLine(result, terminal, 'smoke')}`;
  }
  if (format === 'json') return renderJson(result);
  if (format === 'sarif') return renderSarif(result);
  return format === 'markdown' ? renderMarkdown(result) : renderText(result, terminal);
}

/** The result narrowed to the drilled objects (their static findings stay beside the measurements). */
function drilledOnly(result: RunResult): RunResult {
  const drilled = new Set((result.drill ?? []).map((d) => identityKey(d.object, d.render)));
  // A finding or object merged over several renders is kept when any of its renders was drilled.
  const keep = (item: { object: { kind: string; name: string; apiVersion: string; namespace?: string }; render?: string; renders?: string[] }) =>
    (item.renders ?? [item.render]).some((render) => drilled.has(identityKey(item.object, render)));
  return { ...result, findings: result.findings.filter(keep), suppressed: result.suppressed.filter(keep), subjects: result.subjects.filter(keep) };
}

