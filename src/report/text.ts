// The terminal checklist: grouped by workload, then layer; colours only when asked (TTY,
// --color, FORCE_COLOR); lines wrapped at word boundaries to the terminal's width, each
// continuation under its own indent; locations as `path:line`, which terminals and editors open.
// Every string from the analysed tree goes through terminalText (`t`): no escape sequence or
// line break of a manifest's reaches the terminal.
import { type Finding, rendersOf } from '../analysis/engine.js';
import type { GatedResult } from '../analysis/gate.js';
import { layerTitles } from '../rules/types.js';
import { isNote } from './blocking.js';
import { terminalText as t } from './escape.js';
import { renderFixYaml } from './fix.js';
import { groupBySubject, notApplicableReason, subjectFacts, subjectName } from './grouping.js';
import { describeRenders, sameRenders } from './renders.js';
import { plural, summarize } from './summary.js';

export interface TextOptions {
  color: boolean;
  /** Wrap lines to this many columns (a terminal's width); unwrapped when absent (files, pipes). */
  width?: number;
}

const ansi = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
/** Columns a line takes: escape sequences take none, and each code point one (wide glyphs are rare in what we print). */
const visibleLength = (text: string) => [...text.replace(ansi, '')].length;

/**
 * One line as several no wider than `width`, broken at spaces; continuation lines are indented
 * like the line's text (its leading blanks, and two more under a label). A word longer than a
 * line (a long path) is not broken: a terminal shows it whole, and an editor can still open it.
 */
export function wrapLine(line: string, width: number, hangingIndent?: number): string[] {
  if (visibleLength(line) <= width) return [line];
  const lead = /^ */.exec(line)![0].length;
  const indent = ' '.repeat(Math.min(hangingIndent ?? lead, Math.max(0, width - 20)));
  const words = line.slice(lead).split(' ');
  const out: string[] = [];
  let current = ' '.repeat(lead);
  let length = lead;
  let empty = true;
  for (const word of words) {
    const size = visibleLength(word);
    if (!empty && length + 1 + size > width) {
      out.push(current);
      current = indent + word;
      length = indent.length + size;
      continue;
    }
    current += empty ? word : ` ${word}`;
    length += empty ? size : size + 1;
    empty = false;
  }
  out.push(current);
  return out;
}

const codes = { red: 31, yellow: 33, blue: 34, green: 32, dim: 2, bold: 1 } as const;

export function renderText(result: GatedResult, options: TextOptions): string {
  const paint = (style: keyof typeof codes, text: string) => (options.color ? `\u001b[${codes[style]}m${text}\u001b[0m` : text);
  const severityLabel = (f: Finding) =>
    f.severity === 'error' ? paint('red', '✗ error  ') : f.severity === 'warning' ? paint('yellow', '! warning') : paint('blue', 'i info   ');
  const summary = summarize(result);
  const out: string[] = [];
  for (const error of result.errors) out.push(`${paint('red', 'input error')} ${t(error.file)}:${error.line} ${t(error.message)}`);
  for (const notice of result.notices) out.push(`${paint('dim', 'note')} ${t(notice)}`);
  if (out.length > 0) out.push('');
  const groups = groupBySubject(result).filter((g) => g.findings.length > 0 || g.suppressed.length > 0);
  for (const group of groups) {
    const { subject } = group;
    out.push(`${paint('bold', t(subjectName(subject)))}  ${paint('dim', t(`${subject.file}:${subject.line}${subject.render ? ` (${describeRenders(subject)})` : ''}`))}`);
    const facts = subjectFacts(subject).map((f) => t(f.replace(/^grace period /, 'grace ')));
    if (facts.length > 0) out.push(`  ${paint('dim', facts.join(' · '))}`);
    for (const { notes, ...layer } of group.byLayer.map((l) => ({ ...l, findings: l.findings.filter((f) => !isNote(f)), notes: l.findings.filter(isNote) }))) {
      // A note (a PDB does not guard rollouts) is context under its row, not a finding.
      const noteLines = notes.map((note) => `  ${' '.repeat(14)}${paint('dim', `note: ${t(note.detail)}`)}`);
      if (layer.findings.length === 0 && layer.passed.length === 0) {
        const reason = layer.applicable === 0 ? notApplicableReason(layer.layer, subject) : undefined;
        if (reason) out.push(`  ${layerTitles[layer.layer].padEnd(14)}${paint('dim', `– ${t(reason)}`)}`);
        continue;
      }
      const head = layerTitles[layer.layer].padEnd(14);
      if (layer.findings.length === 0) {
        out.push(`  ${head}${paint('green', `✓ ${plural(layer.passed.length, 'check')} passed`)}`, ...noteLines);
        continue;
      }
      layer.findings.forEach((finding, i) => {
        const status = finding.status === 'new' ? ` ${paint('bold', '[new]')}` : finding.status === 'existing' ? ` ${paint('dim', '[existing]')}` : '';
        out.push(`  ${i === 0 ? head : ' '.repeat(14)}${severityLabel(finding)} ${finding.ruleId}${status}  ${paint('dim', `${t(finding.file)}:${finding.line}`)}`);
        if (group.shownAbove.has(finding)) {
          out.push(`  ${' '.repeat(14)}  ${paint('dim', `the same finding as above (${plural(rendersOf(finding).length, 'render')})`)}`);
          return;
        }
        out.push(`  ${' '.repeat(14)}  ${t(finding.detail)}`);
        if (finding.render && !sameRenders(finding, subject)) out.push(`  ${' '.repeat(14)}  ${paint('dim', t(`in ${describeRenders(finding)}`))}`);
        out.push(`  ${' '.repeat(14)}  ${paint('dim', `fix: ${t(finding.remediation)}`)}`);
        if (finding.fix) {
          for (const line of renderFixYaml(finding.fix).split('\n')) out.push(`  ${' '.repeat(16)}${paint('dim', t(line))}`);
        }
      });
      if (layer.passed.length > 0) out.push(`  ${' '.repeat(14)}${paint('green', `✓ ${plural(layer.passed.length, 'other check')} passed`)}`);
      out.push(...noteLines);
    }
    for (const finding of group.suppressed) {
      out.push(`  ${paint('dim', t(`suppressed ${finding.ruleId} (${finding.suppression.source}): ${finding.suppression.reason}`))}`);
    }
    out.push('');
  }
  if (result.comparison) {
    for (const fixed of result.comparison.fixed) {
      out.push(`${paint('green', 'fixed')} ${t(`${fixed.ruleId} ${fixed.object.kind} ${fixed.object.name}${fixed.container ? ` ("${fixed.container}")` : ''}`)}  ${paint('dim', `was ${t(fixed.file)}:${fixed.line}`)}`);
    }
    if (result.comparison.fixed.length > 0) out.push('');
    out.push(paint('dim', `Compared with ${t(result.comparison.base)}: ${plural(result.comparison.changedObjects, 'changed object')}; unchanged objects are context only.`));
  }
  const clean = result.subjects.length - groups.length;
  if (clean > 0) out.push(paint('green', `${plural(clean, 'object')} ${clean === 1 ? 'passes' : 'pass'} every check.`));
  const gate = summary.gate === 'fail' ? paint('red', 'FAIL') : paint('green', 'PASS');
  out.push(
    (summary.new !== undefined ? `${summary.new} new, ${summary.existing} existing, ${summary.fixed} fixed — ` : '') +
      `${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}, ${summary.info} info` +
      `${summary.suppressed ? `, ${summary.suppressed} suppressed` : ''} in ${plural(summary.workloads, 'workload')} ` +
      `(${plural(summary.files, 'file')}, Kubernetes ${result.kubernetesVersion}) — gate ${gate}: ${t(summary.headline)} (fail on ${summary.failOn})`,
  );
  const lines = options.width ? out.flatMap((line) => wrapLine(line, options.width as number)) : out;
  return `${lines.join('\n')}\n`;
}

/**
 * The last line of the drill's and the smoke test's text reports, like check's: the gate's
 * verdict, its headline and the policy it judged by.
 */
export function renderGateLine(result: GatedResult, options: TextOptions, measurement: 'drill' | 'smoke'): string {
  const paint = (style: keyof typeof codes, text: string) => (options.color ? `\u001b[${codes[style]}m${text}\u001b[0m` : text);
  const { gate } = result;
  const policy = measurement === 'drill' ? `drill fail-on ${gate.policy.drillFailOn.join(', ') || 'never'}` : `smoke fail-on ${gate.policy.smokeFailOn.join(', ') || 'never'}`;
  const findings = gate.blocking.length > 0 ? `; fail on ${gate.policy.failOn}` : '';
  return `gate ${gate.verdict === 'fail' ? paint('red', 'FAIL') : paint('green', 'PASS')}: ${t(gate.headline)} (${policy}${findings})\n`;
}
