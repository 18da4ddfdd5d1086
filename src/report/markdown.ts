// The four-layer checklist as Markdown (the PR comment and the job summary reuse it).
import { type Finding, rendersOf } from '../analysis/engine.js';
import type { GatedResult } from '../analysis/gate.js';
import { type Layer, layerTitles } from '../rules/types.js';
import { drillDetails, drillPodLine, drillRuntimeLine, verdictIcon } from './drill.js';
import { renderSmokeDetail, renderSmokeSection } from './smoke.js';
import { codeSpan, fencedBlock, linkPath, markdownLink, markdownMessage, markdownText } from './escape.js';
import { renderFixYaml } from './fix.js';
import { groupBySubject, notApplicableReason, subjectFacts, subjectName, type SubjectGroup, worstIcon } from './grouping.js';
import { verifyCommands } from './kubectl.js';
import { describeRenders, sameRenders } from './renders.js';
import { plural, summarize } from './summary.js';

export interface MarkdownOptions {
  /** Prefix for file links (a blob URL in PRs); plain `file:line` text when absent. */
  linkBase?: string;
  /** Also list objects whose checks all pass. */
  showPassing?: boolean;
  /** What to leave out when space is short (the comment's size cascade); all shown by default. */
  omit?: { passed?: boolean; verify?: boolean; fixYaml?: boolean; existingDetail?: boolean; drillDetail?: boolean; smokeTimeline?: boolean };
  /** The smoke test's per-pod detail (the job summary). */
  smokeDetail?: boolean;
  /** Render at most this many objects, then say how many more there are and where. */
  maxSubjects?: number;
  /** Where the full report is (the job summary), for the "more" note. */
  fullReportHint?: string;
}

const severityIcon = { error: '❌', warning: '⚠️', info: 'ℹ️' } as const;

// Every string from the analysed tree (names, files, images, commands, reasons, messages that
// embed them) reaches the Markdown through src/report/escape.ts: markdownText for values,
// markdownMessage for the analysis' prose (backticks mark code), codeSpan, fencedBlock and the
// link helpers. Only our own fixed text is written as it is.

function location(file: string, line: number, options: MarkdownOptions): string {
  return options.linkBase ? markdownLink(`${file}:${line}`, `${options.linkBase}/${linkPath(file)}#L${line}`) : codeSpan(`${file}:${line}`);
}

/** A fenced block inside a list item: every line indented, so none can leave the item. */
const indentedBlock = (content: string, info: string) => fencedBlock(content, info).map((line) => `    ${line}`);

/** One finding; `subject` is the object it is listed under (its renders are not repeated). */
export function renderFinding(finding: Finding, options: MarkdownOptions, subject?: { render?: string; renders?: readonly string[] }): string {
  const status = finding.status === 'new' ? ' `new`' : finding.status === 'existing' ? ' `existing`' : '';
  const lines = [
    `- ${severityIcon[finding.severity]} **${markdownLink(finding.ruleId, finding.docsUrl)}**${status} ${markdownMessage(finding.detail)} — ${location(finding.file, finding.line, options)}`,
    ...(finding.render && !(subject && sameRenders(finding, subject)) ? [`  - **Rendered in:** ${markdownText(describeRenders(finding) as string)}`] : []),
    `  - **Fix:** ${markdownMessage(finding.remediation)}`,
  ];
  if (finding.fix && !options.omit?.fixYaml) {
    lines.push('', ...indentedBlock(renderFixYaml(finding.fix), 'yaml'));
  } else if (finding.replacement && !options.omit?.fixYaml) {
    lines.push('', ...indentedBlock(finding.replacement.text, 'dockerfile'));
  }
  return lines.join('\n');
}

export function renderSubject(group: SubjectGroup, options: MarkdownOptions): string {
  const { subject } = group;
  const out: string[] = [];
  out.push(`### ${worstIcon(group.findings)} ${markdownText(subjectName(subject))}`, '');
  const facts: string[] = [`${location(subject.file, subject.line, options)}`];
  if (subject.render) facts.push(`rendered from ${markdownText(describeRenders(subject) as string)}`);
  facts.push(...subjectFacts(subject).map((fact) => markdownMessage(fact)));
  if (subject.kind === 'pdb' && subject.facts.selector) facts.push(`selector ${codeSpan(subject.facts.selector)}`);
  out.push(facts.join(' · '), '');
  if (subject.facts.containers?.length) {
    out.push('| container | preStop | PID 1 | traffic | readiness |', '|---|---|---|---|---|');
    for (const c of subject.facts.containers) {
      const cell = (text: string) => markdownMessage(text, { table: true });
      out.push(`| ${markdownText(c.name)}${c.role === 'sidecar' ? ' (sidecar)' : ''} | ${cell(c.preStop)} | ${cell(c.pid1)} | ${cell(c.traffic)} | ${cell(c.readiness)} |`);
    }
    out.push('');
  }
  const measured = (layer: Layer) =>
    group.drill.flatMap((result) => {
      const line = layer === 'runtime' ? drillRuntimeLine(result) : layer === 'pod' ? drillPodLine(result) : undefined;
      return line ? [line] : [];
    });
  for (const layer of group.byLayer) {
    const drillLines = measured(layer.layer);
    if (layer.applicable === 0 && layer.findings.length === 0) {
      const reason = notApplicableReason(layer.layer, subject);
      if (reason) out.push(`**${layerTitles[layer.layer]}** ➖ ${markdownMessage(reason)}`, '');
      if (drillLines.length > 0) out.push(...drillLines, '');
      continue;
    }
    const status = layer.findings.length === 0 ? '✅' : worstIcon(layer.findings);
    const passed = layer.passed.length > 0 ? ` · ${plural(layer.passed.length, 'check')} passed` : '';
    out.push(`**${layerTitles[layer.layer]}** ${status}${passed}`, '');
    const detailed = options.omit?.existingDetail ? layer.findings.filter((f) => f.status !== 'existing') : layer.findings;
    for (const finding of detailed) {
      out.push(
        group.shownAbove.has(finding)
          ? `- ${severityIcon[finding.severity]} **${markdownLink(finding.ruleId, finding.docsUrl)}** the same finding as above (${plural(rendersOf(finding).length, 'render')}) — ${location(finding.file, finding.line, options)}`
          : renderFinding(finding, options, subject),
      );
    }
    const hidden = layer.findings.length - detailed.length;
    if (hidden > 0) out.push(`- ${plural(hidden, 'existing finding')} (unchanged by this PR) — see the job summary`);
    if (layer.findings.length > 0) out.push('');
    if (drillLines.length > 0) out.push(...drillLines, '');
    if (layer.passed.length > 0 && !options.omit?.passed) {
      out.push('<details><summary>Passed</summary>', '', ...layer.passed.map((title) => `- ✅ ${markdownMessage(title)}`), '', '</details>', '');
    }
  }
  if (!options.omit?.drillDetail) out.push(...drillDetails(group.drill));
  for (const finding of group.suppressed) {
    out.push(`- 🔕 ${markdownText(finding.ruleId)} suppressed by ${codeSpan(finding.suppression.source)}: ${markdownMessage(finding.suppression.reason)}`);
  }
  if (group.suppressed.length > 0) out.push('');
  const failed = [...new Set(group.findings.map((f) => f.ruleId))];
  if (failed.length > 0 && !options.omit?.verify) {
    const container = group.findings.find((f) => f.container)?.container;
    out.push('<details><summary>Verify on a live cluster</summary>', '', ...fencedBlock(verifyCommands(subject, failed, container).join('\n'), 'sh'), '', '</details>', '');
  }
  return out.join('\n');
}

export function renderMarkdown(result: GatedResult, options: MarkdownOptions = {}): string {
  const summary = summarize(result);
  const groups = groupBySubject(result);
  const shown = groups.filter((g) => options.showPassing || g.findings.length > 0 || g.suppressed.length > 0 || g.drill.length > 0);
  const passing = groups.length - groups.filter((g) => g.findings.length > 0).length;
  const out: string[] = [];
  const verdict = `${summary.gate === 'fail' ? '❌' : '✅'} **termination-guard: ${markdownText(summary.headline)}**`;
  const counts =
    summary.new !== undefined
      ? `${summary.new} new, ${summary.existing} existing, ${summary.fixed} fixed · ${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}, ${summary.info} info on ${plural(result.comparison?.changedObjects ?? 0, 'changed object')}`
      : `${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}, ${summary.info} info in ${plural(summary.workloads, 'workload')}`;
  out.push(`${verdict} — ${counts} (Kubernetes ${result.kubernetesVersion}, fail on ${summary.failOn})`, '');
  if (result.drill) {
    const measuredCount = result.drill.filter((r) => r.status === 'measured');
    const verdicts = measuredCount.map((r) => `${verdictIcon[r.verdict!]} ${markdownText(`${r.object.name}/${r.container}`)} ${r.verdict}`);
    const notRun = result.drill.length - measuredCount.length;
    out.push(`🔬 **SIGTERM drill**: ${measuredCount.length > 0 ? verdicts.join(' · ') : 'nothing measured'}${notRun > 0 ? ` · ${notRun} not measured` : ''}${summary.drillFailures ? ` — fails the gate (drill fail-on ${result.gate.policy.drillFailOn.join(', ')})` : ''}`, '');
  }
  if (result.smoke) {
    const measured = result.smoke.results.filter((r) => r.status === 'measured');
    const failing = result.gate.failingSmoke;
    out.push(
      `🚦 **Rollout smoke test**: ${plural(measured.length, 'workload')} measured${failing.length > 0 ? ` — ${failing.map((r) => markdownText(r.object.name)).join(', ')} ${failing.length === 1 ? 'fails' : 'fail'} the gate (smoke fail-on ${result.gate.policy.smokeFailOn.join(', ') || 'never'})` : ''} · see Measured rollout below`,
      '',
    );
  }
  if (result.errors.length > 0) {
    out.push(`**Input problems** (${result.errors.length}): these files or documents could not be analysed.`, '');
    for (const error of result.errors) out.push(`- ${codeSpan(`${error.file}:${error.line}`)} ${markdownMessage(error.message)}`);
    out.push('');
  }
  if (result.notices.length > 0) {
    for (const notice of result.notices) out.push(`> ${markdownMessage(notice)}`);
    out.push('');
  }
  const limit = options.maxSubjects ?? shown.length;
  for (const group of shown.slice(0, limit)) out.push(renderSubject(group, options));
  if (shown.length > limit) {
    out.push(`…and ${plural(shown.length - limit, 'more object')} with findings${options.fullReportHint ? ` — ${options.fullReportHint}` : ''}.`, '');
  }
  if (result.smoke) {
    out.push(...renderSmokeSection(result.smoke, { timeline: !options.omit?.smokeTimeline }));
    if (options.smokeDetail) out.push(...renderSmokeDetail(result.smoke));
  }
  if (result.comparison && result.comparison.fixed.length > 0) {
    out.push('### 🎉 Fixed by this change', '');
    for (const fixed of result.comparison.fixed) {
      out.push(`- ✅ **${markdownText(fixed.ruleId)}** ${markdownText(`${fixed.object.kind} ${fixed.object.namespace ? `${fixed.object.namespace}/` : ''}${fixed.object.name}${fixed.container ? ` (container "${fixed.container}")` : ''}`)}`);
    }
    out.push('');
  }
  if (passing > 0 && !options.showPassing) out.push(`${plural(passing, 'object')} ${passing === 1 ? 'passes' : 'pass'} every check.`, '');
  return `${out.join('\n').trimEnd()}\n`;
}
