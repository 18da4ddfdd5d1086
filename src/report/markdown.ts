// The report as Markdown (the PR comment and the job summary): the gate's verdict, one short
// table of what blocks the merge, then a folded four-layer checklist per object, identical
// objects folded into one section, objects that pass everything one line each.
import { markdownTable } from 'markdown-table';
import { type Finding, rendersOf } from '../analysis/engine.js';
import type { GatedResult } from '../analysis/gate.js';
import { type Layer, layerTitles } from '../rules/types.js';
import { blockingTable, counted, findingShape, formatCount, isNote, objectLabel } from './blocking.js';
import { drillDetails, drillPodLine, drillRuntimeLine, verdictIcon } from './drill.js';
import { renderSmokeDetail, renderSmokeSection } from './smoke.js';
import { codeSpan, fencedBlock, htmlText, linkPath, markdownLink, markdownMessage, markdownText } from './escape.js';
import { renderFixYaml } from './fix.js';
import { groupBySubject, notApplicableReason, subjectFacts, subjectName, type SubjectGroup, worstIcon } from './grouping.js';
import { verifyCommands } from './kubectl.js';
import { describeRenders, sameRenders } from './renders.js';
import { summarize } from './summary.js';

export interface MarkdownOptions {
  /** Prefix for file links (a blob URL in PRs); plain `file:line` text when absent. */
  linkBase?: string;
  /** List every object that passes everything, one line each (by default: up to 20, then a count). */
  showPassing?: boolean;
  /** What to leave out when space is short (the comment's size cascade); all shown by default. */
  omit?: { passed?: boolean; verify?: boolean; fixYaml?: boolean; existingDetail?: boolean; drillDetail?: boolean; smokeTimeline?: boolean };
  /** The smoke test's per-pod detail (the job summary). */
  smokeDetail?: boolean;
  /** Render at most this many object sections, then say how many more there are and where. */
  maxSubjects?: number;
  /** Where the full report is, as Markdown of our own (a link to the run), for the "more" notes. */
  fullReportHint?: string;
  /** Every object of a folded group of identical objects, with its location (the job summary); the comment names the first few. */
  allLocations?: boolean;
}

const severityIcon = { error: '❌', warning: '⚠️', info: 'ℹ️' } as const;

// Every string from the analysed tree (names, files, images, commands, reasons, messages that
// embed them) reaches the Markdown through src/report/escape.ts: markdownText for values,
// markdownMessage for the analysis' prose (backticks mark code), htmlText inside <summary>,
// codeSpan, fencedBlock and the link helpers. Only our own fixed text is written as it is.

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

/** Objects that say the same: one section for all of them. */
interface Section {
  group: SubjectGroup;
  /** The other objects with the same findings (by shape) and checks. */
  alike: SubjectGroup[];
}

const findingsShown = (group: SubjectGroup) => group.findings.filter((f) => !isNote(f));

/** What an object's section would say, values aside: objects with one signature share a section. */
function signature(group: SubjectGroup): string | undefined {
  if (group.drill.length > 0 || group.suppressed.length > 0 || group.shownAbove.size > 0 || group.findings.length === 0) return undefined;
  const { subject } = group;
  return JSON.stringify([subject.kind, subject.object.kind, subject.render ?? '', group.findings.map(findingShape), subject.checks.map((c) => `${c.ruleId}:${c.status}`)]);
}

/** Failing objects first (blocking, then by worst severity), then the rest, each in the analysis' order. */
function rank(group: SubjectGroup, blocking: ReadonlySet<Finding>, failingDrill: boolean): number {
  if (failingDrill || group.findings.some((f) => blocking.has(f))) return 0;
  const shown = findingsShown(group);
  if (shown.some((f) => f.severity === 'error')) return 1;
  if (shown.some((f) => f.severity === 'warning')) return 2;
  if (shown.length > 0) return 3;
  return 4;
}

function sections(result: GatedResult, groups: SubjectGroup[], rolloutFailed: (group: SubjectGroup) => boolean): Section[] {
  const blocking = new Set(result.gate.blocking);
  const failingDrills = new Set(result.gate.failingDrills);
  const out: Section[] = [];
  const bySignature = new Map<string, Section>();
  for (const group of groups) {
    const key = signature(group);
    const existing = key === undefined ? undefined : bySignature.get(key);
    if (existing) {
      existing.alike.push(group);
      continue;
    }
    const section: Section = { group, alike: [] };
    out.push(section);
    if (key !== undefined) bySignature.set(key, section);
  }
  const ranks = new Map(out.map((s) => [s, rank(s.group, blocking, s.group.drill.some((d) => failingDrills.has(d)) || rolloutFailed(s.group))]));
  return out
    .map((s, i) => ({ s, i }))
    .sort((a, b) => (ranks.get(a.s) as number) - (ranks.get(b.s) as number) || a.i - b.i)
    .map(({ s }) => s);
}

/** The icon of a layer row (also its short form in the section's summary line). */
function layerStatus(layer: SubjectGroup['byLayer'][number], measured: string | undefined): string {
  const findings = layer.findings.filter((f) => !isNote(f));
  if (findings.length > 0) return measured === '❌' ? '❌' : worstIcon(findings);
  if (layer.applicable === 0) return measured ?? '➖';
  return measured === '❌' ? '❌' : '✅';
}

/** The drill's mark on a layer it measured: ❌ where it failed there (Runtime: SIGKILLed; Pod: dropped requests), else 🔬. */
function measuredIcon(group: SubjectGroup, layer: Layer): string | undefined {
  const measured = group.drill.filter((d) => d.status === 'measured' && d.verdict);
  if (measured.length === 0 || (layer !== 'runtime' && layer !== 'pod')) return undefined;
  const failed = measured.some((d) => (layer === 'runtime' ? d.verdict === 'killed' : d.verdict === 'abrupt'));
  return failed ? '❌' : '🔬';
}

export function renderSubject(group: SubjectGroup, options: MarkdownOptions, alike: readonly SubjectGroup[] = [], rolloutFailed = false): string {
  const { subject } = group;
  const out: string[] = [];
  const shown = findingsShown(group);
  const rows = group.byLayer.map((layer) => ({ layer, measured: measuredIcon(group, layer.layer) }));
  // A workload has all four rows; a PDB or a Dockerfile only the layers it is checked in.
  const glance = rows
    .filter(({ layer, measured }) => subject.kind === 'workload' || layer.applicable > 0 || layer.findings.length > 0 || measured)
    .map(({ layer, measured }) => `${layerTitles[layer.layer].replace(/ \(CRI\)$/, '')} ${layerStatus(layer, measured)}`)
    .join(' · ');
  const failingDrill = group.drill.some((d) => d.verdict === 'killed' || d.verdict === 'abrupt');
  const icon = failingDrill || rolloutFailed ? '❌' : worstIcon(shown);
  const more = alike.length > 0 ? ` and ${counted(alike.length, 'more object')} with the same findings` : '';
  out.push(`<details><summary>${icon} ${htmlText(subjectName(subject))}${more} — ${glance}</summary>`, '');
  const facts: string[] = [`${location(subject.file, subject.line, options)}`];
  if (subject.render) facts.push(`rendered from ${markdownText(describeRenders(subject) as string)}`);
  facts.push(...subjectFacts(subject).map((fact) => markdownMessage(fact)));
  if (subject.kind === 'pdb' && subject.facts.selector) facts.push(`selector ${codeSpan(subject.facts.selector)}`);
  out.push(facts.join(' · '), '');
  if (rolloutFailed) out.push('🚦 Its rollout failed the smoke test: see Measured rollout below.', '');
  if (alike.length > 0) {
    const listed = options.allLocations ? alike : alike.slice(0, 5);
    out.push(`The same findings in ${counted(alike.length, 'more object')}:`, '');
    for (const other of listed) out.push(`- ${markdownText(subjectName(other.subject))} — ${location(other.subject.file, other.subject.line, options)}`);
    if (listed.length < alike.length) out.push(`- …and ${formatCount(alike.length - listed.length)} more${options.fullReportHint ? ` — ${options.fullReportHint}` : ''}`);
    out.push('');
  }
  if (subject.facts.containers?.length) {
    const cell = (text: string) => markdownMessage(text, { table: true });
    const table = subject.facts.containers.map((c) => [`${markdownText(c.name)}${c.role === 'sidecar' ? ' (sidecar)' : ''}`, cell(c.preStop), cell(c.pid1), cell(c.traffic), cell(c.readiness)]);
    out.push(markdownTable([['container', 'preStop', 'PID 1', 'traffic', 'readiness'], ...table], { alignDelimiters: false }), '');
  }
  const drillLinesOf = (layer: Layer) =>
    group.drill.flatMap((result) => {
      const line = layer === 'runtime' ? drillRuntimeLine(result) : layer === 'pod' ? drillPodLine(result) : undefined;
      return line ? [line] : [];
    });
  const passed: string[] = [];
  for (const { layer, measured } of rows) {
    const drillLines = drillLinesOf(layer.layer);
    const notes = layer.findings.filter(isNote);
    const listed = layer.findings.filter((f) => !isNote(f));
    const title = `**${layerTitles[layer.layer]}**`;
    if (layer.applicable === 0 && listed.length === 0) {
      // A measurement replaces "nothing to check": the drill says what PID 1 did.
      if (drillLines.length > 0) out.push(`${title} ${measured ?? '🔬'} measured by the SIGTERM drill`, '', ...drillLines, '');
      else {
        const reason = notApplicableReason(layer.layer, subject);
        if (reason) out.push(`${title} ➖ ${markdownMessage(reason)}`, '');
      }
      continue;
    }
    const passedCount = layer.passed.length > 0 ? ` · ${counted(layer.passed.length, 'check')} passed` : '';
    out.push(`${title} ${layerStatus(layer, measured)}${passedCount}`, '');
    const detailed = options.omit?.existingDetail ? listed.filter((f) => f.status !== 'existing') : listed;
    for (const finding of detailed) {
      out.push(
        group.shownAbove.has(finding)
          ? `- ${severityIcon[finding.severity]} **${markdownLink(finding.ruleId, finding.docsUrl)}** the same finding as above (${counted(rendersOf(finding).length, 'render')}) — ${location(finding.file, finding.line, options)}`
          : renderFinding(finding, options, subject),
      );
    }
    const hidden = listed.length - detailed.length;
    if (hidden > 0) out.push(`- ${counted(hidden, 'existing finding')} (unchanged by this PR) — ${options.fullReportHint ?? 'see the job summary'}`);
    for (const note of notes) out.push(`- ℹ️ Note: ${markdownMessage(note.detail)}`);
    if (detailed.length + hidden + notes.length > 0) out.push('');
    if (drillLines.length > 0) out.push(...drillLines, '');
    if (layer.passed.length > 0) passed.push(`- **${layerTitles[layer.layer]}**: ${layer.passed.map((title) => markdownMessage(title)).join(' · ')}`);
  }
  if (passed.length > 0 && !options.omit?.passed) out.push('<details><summary>Passed</summary>', '', ...passed, '', '</details>', '');
  if (!options.omit?.drillDetail) out.push(...drillDetails(group.drill));
  for (const finding of group.suppressed) {
    out.push(`- 🔕 ${markdownText(finding.ruleId)} suppressed by ${codeSpan(finding.suppression.source)}: ${markdownMessage(finding.suppression.reason)}`);
  }
  if (group.suppressed.length > 0) out.push('');
  const failed = [...new Set(shown.map((f) => f.ruleId))];
  if (failed.length > 0 && !options.omit?.verify) {
    const container = shown.find((f) => f.container)?.container;
    out.push('<details><summary>Verify on a live cluster</summary>', '', ...fencedBlock(verifyCommands(subject, failed, container).join('\n'), 'sh'), '', '</details>', '');
  }
  out.push('</details>', '');
  return out.join('\n');
}

/** An object whose checks all pass, on one line (a failed rollout of it says so: the measurement outranks the checks). */
function passingLine(group: SubjectGroup, options: MarkdownOptions, smokeFailed: boolean): string {
  const checks = group.subject.checks.filter((c) => c.status === 'pass').length;
  const note = group.findings.find(isNote);
  const checked = checks > 0 ? `all ${counted(checks, 'check')} pass` : 'nothing to check';
  const head = smokeFailed ? `❌ ${markdownText(subjectName(group.subject))} — ${checked}, but its rollout failed the smoke test (see Measured rollout)` : `✅ ${markdownText(subjectName(group.subject))} — ${checked}`;
  return `- ${head} · ${location(group.subject.file, group.subject.line, options)}${note ? ` · ℹ️ ${markdownMessage(note.detail)}` : ''}`;
}

export function renderMarkdown(result: GatedResult, options: MarkdownOptions = {}): string {
  const summary = summarize(result);
  const groups = groupBySubject(result);
  const detailed = (g: SubjectGroup) => findingsShown(g).length > 0 || g.suppressed.length > 0 || g.drill.length > 0;
  const smokeFailed = (g: SubjectGroup) => result.gate.failingSmoke.some((r) => r.object.kind === g.subject.object.kind && r.object.name === g.subject.object.name && (r.object.namespace ?? '') === (g.subject.object.namespace ?? ''));
  const all = sections(result, groups.filter(detailed), smokeFailed);
  // Failing rollouts first among the objects whose checks pass.
  const passing = groups.filter((g) => !detailed(g)).sort((a, b) => Number(smokeFailed(b)) - Number(smokeFailed(a)));
  const out: string[] = [];
  out.push(`${summary.gate === 'fail' ? '❌' : '✅'} **termination-guard: ${markdownText(summary.headline)}**`, '');
  const table = blockingTable(result, { ...(options.linkBase ? { linkBase: options.linkBase } : {}), maxRows: 15 });
  if (table.length > 0) out.push(...table, '');
  const counts =
    summary.new !== undefined
      ? `${formatCount(summary.new)} new, ${formatCount(summary.existing ?? 0)} existing, ${formatCount(summary.fixed ?? 0)} fixed · ${counted(summary.errors, 'error')}, ${counted(summary.warnings, 'warning')}, ${formatCount(summary.info)} info on ${counted(result.comparison?.changedObjects ?? 0, 'changed object')}`
      : `${counted(summary.errors, 'error')}, ${counted(summary.warnings, 'warning')}, ${formatCount(summary.info)} info in ${counted(summary.workloads, 'workload')}`;
  out.push(`${counts} · Kubernetes ${markdownText(result.kubernetesVersion)} · fail on ${summary.failOn}`, '');
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
      `🚦 **Rollout smoke test**: ${counted(measured.length, 'workload')} measured${failing.length > 0 ? ` — ${failing.map((r) => markdownText(r.object.name)).join(', ')} ${failing.length === 1 ? 'fails' : 'fail'} the gate (smoke fail-on ${result.gate.policy.smokeFailOn.join(', ') || 'never'})` : ''} · see Measured rollout below`,
      '',
    );
  }
  if (result.errors.length > 0) {
    out.push(`**Input problems** (${formatCount(result.errors.length)}): these files or documents could not be analysed.`, '');
    for (const error of result.errors) out.push(`- ${codeSpan(`${error.file}:${error.line}`)} ${markdownMessage(error.message)}`);
    out.push('');
  }
  if (result.notices.length > 0) {
    for (const notice of result.notices) out.push(`> ${markdownMessage(notice)}`);
    out.push('');
  }
  const limit = options.maxSubjects ?? all.length;
  for (const section of all.slice(0, limit)) out.push(renderSubject(section.group, options, section.alike, smokeFailed(section.group)));
  if (all.length > limit) {
    const rest = all.slice(limit).reduce((sum, s) => sum + 1 + s.alike.length, 0);
    out.push(`…and ${counted(rest, 'more object')} with findings${options.fullReportHint ? ` — ${options.fullReportHint}` : ''}.`, '');
  }
  if (passing.length > 0) {
    out.push(`${counted(passing.length, 'object')} ${passing.length === 1 ? 'passes' : 'pass'} every check:`, '');
    if (options.showPassing || passing.length <= 10) out.push(...passing.map((g) => passingLine(g, options, smokeFailed(g))));
    else {
      // Many: one line per kind, naming the first few.
      const byKind = new Map<string, SubjectGroup[]>();
      for (const g of passing) byKind.set(g.subject.object.kind, [...(byKind.get(g.subject.object.kind) ?? []), g]);
      for (const [kind, list] of byKind) {
        const names = list.slice(0, 3).map((g) => markdownText(subjectName(g.subject).slice(kind.length + 1)));
        const rest = list.length > 3 ? `, … ${formatCount(list.length - 3)} more${options.fullReportHint ? ` — ${options.fullReportHint}` : ''}` : '';
        out.push(`- ✅ ${formatCount(list.length)} × ${markdownText(kind)}: ${names.join(', ')}${rest}`);
      }
    }
    out.push('');
  }
  if (result.smoke) {
    out.push(...renderSmokeSection(result.smoke, { timeline: !options.omit?.smokeTimeline }));
    if (options.smokeDetail) out.push(...renderSmokeDetail(result.smoke));
  }
  if (result.comparison && result.comparison.fixed.length > 0) {
    out.push('### 🎉 Fixed by this change', '');
    for (const fixed of result.comparison.fixed) {
      out.push(`- ✅ **${markdownText(fixed.ruleId)}** ${markdownText(`${objectLabel(fixed)}${fixed.container ? ` (container "${fixed.container}")` : ''}`)}`);
    }
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
