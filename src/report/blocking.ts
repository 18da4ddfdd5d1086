// What blocks the merge, as one short table (the comment's first screen), and the grouping of
// identical findings that keeps a PR of 3,100 copies of one mistake to one row.
import { markdownTable } from 'markdown-table';
import type { Finding } from '../analysis/engine.js';
import type { GatedResult } from '../analysis/gate.js';
import type { DrillResult } from '../measure/drill.js';
import { causeFixes, type FailureCause, type SmokeResult } from '../measure/smoke.js';
import { codeSpan, linkPath, markdownLink, markdownMessage, markdownText } from './escape.js';

/** A count for people: 6,200, not 6200. */
export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}

/** `count word(s)` with the count formatted. */
export function counted(count: number, word: string): string {
  return `${formatCount(count)} ${word}${count === 1 ? '' : 's'}`;
}

/**
 * A message's shape: what stays when the values in it (quoted names, code, numbers) are taken
 * out. Findings of one rule with one shape say the same thing about different objects.
 */
export function messageShape(text: string): string {
  return text
    .replace(/`[^`]*`/g, '`…`')
    .replace(/"[^"]*"/g, '"…"')
    .replace(/\d+(\.\d+)?/g, '#');
}

/** The key identical findings share: rule, severity, PR status and message shape. */
export function findingShape(finding: Finding): string {
  return JSON.stringify([finding.ruleId, finding.severity, finding.status ?? '', messageShape(finding.detail)]);
}

export interface FindingGroup {
  /** The first finding stands for the group (its rule, message and fix). */
  first: Finding;
  findings: Finding[];
}

/** Findings grouped by shape, in the order of each group's first finding. */
export function groupFindings(findings: readonly Finding[]): FindingGroup[] {
  const groups = new Map<string, FindingGroup>();
  for (const finding of findings) {
    const key = findingShape(finding);
    const group = groups.get(key);
    if (group) group.findings.push(finding);
    else groups.set(key, { first: finding, findings: [finding] });
  }
  return [...groups.values()];
}

/** "Deployment shop/web" (plain text). */
export function objectLabel(item: { object: Finding['object'] }): string {
  const { kind, namespace, name } = item.object;
  return `${kind} ${namespace ? `${namespace}/` : ''}${name}`;
}

/**
 * `deploy/web.yaml#L28`, linked to the PR's head when there is a link base. A link shows only the
 * path's last two segments (`broken/daemonset.yaml#L18`), which keeps the table inside the
 * comment column; the link holds the whole path.
 */
export function locationLink(file: string, line: number | undefined, linkBase: string | undefined, table = false): string {
  const anchor = line === undefined ? '' : `#L${line}`;
  if (!linkBase) return codeSpan(`${file}${anchor}`, { table });
  const segments = file.split('/');
  const shown = segments.length > 2 ? `…/${segments.slice(-2).join('/')}` : file;
  return markdownLink(`${shown}${anchor}`, `${linkBase}/${linkPath(file)}${anchor}`);
}

/** A remediation on one line: its first sentence when it is long. */
export function oneLineFix(remediation: string): string {
  const text = remediation.replace(/\s+/g, ' ').trim();
  if (text.length <= 160) return text;
  const sentence = /^.{20,}?[.;](?= [A-Z(])/.exec(text)?.[0];
  return sentence ?? text;
}

const severityCell = { error: '❌ error', warning: '⚠️ warning', info: 'ℹ️ info' } as const;

export interface BlockingOptions {
  linkBase?: string;
  /** At most this many rows; the rest are counted in a last line. */
  maxRows?: number;
  /** Locations listed per grouped row. */
  locationsPerRow?: number;
}

function findingRow(group: FindingGroup, options: BlockingOptions): string[] {
  const { first, findings } = group;
  const shown = options.locationsPerRow ?? 3;
  const rule = `${markdownLink(first.ruleId, first.docsUrl)}${findings.length > 1 ? ` × ${formatCount(findings.length)}` : ''}`;
  const names = [...new Set(findings.map((f) => objectLabel(f)))];
  const container = findings.length === 1 && first.container ? ` · container ${codeSpan(first.container, { table: true })}` : '';
  const object = `${names.slice(0, shown).map((name) => markdownText(name)).join(', ')}${names.length > shown ? `, … ${formatCount(names.length - shown)} more` : ''}${container}`;
  const places = [...new Map(findings.map((f) => [`${f.file}#${f.line}`, f])).values()];
  const where = `${places
    .slice(0, shown)
    .map((f) => locationLink(f.file, f.line, options.linkBase, true))
    .join(', ')}${places.length > shown ? ', …' : ''}`;
  return [severityCell[first.severity], rule, object, where, markdownMessage(oneLineFix(first.remediation), { table: true })];
}

function drillRow(result: DrillResult, options: BlockingOptions): string[] {
  const exit = result.observation?.exit;
  const what = result.verdict === 'killed' ? `was SIGKILLed${exit ? ` (exit ${exit.code})` : ''}` : 'dropped requests at the stop';
  const fix =
    result.verdict === 'killed'
      ? 'Make PID 1 exit on the stop signal within the grace period (the Runtime row says what PID 1 is).'
      : 'Keep serving until the endpoints converge, then drain: a preStop delay and a readiness probe (the Pod row has the measured traffic).';
  return ['❌ drill', `SIGTERM drill: ${markdownText(what)}`, `${markdownText(objectLabel(result))} · container ${codeSpan(result.container, { table: true })}`, locationLink(result.file, undefined, options.linkBase, true), fix];
}

function smokeRow(result: SmokeResult): string[] {
  if (result.status === 'failed') return ['❌ rollout', 'rollout smoke test: could not be run', markdownText(objectLabel(result)), '—', markdownMessage(result.reason ?? '', { table: true })];
  // The fix of the cause most of the head's failed requests had, else the section below.
  const causes = new Map<FailureCause, number>();
  for (const figures of result.figures.filter((f) => f.name === 'restart')) {
    for (const [cause, n] of Object.entries(figures.byCause ?? {}) as [FailureCause, number][]) causes.set(cause, (causes.get(cause) ?? 0) + n);
  }
  const main = [...causes.entries()].sort((a, b) => b[1] - a[1])[0];
  const fix = main && main[0] !== 'other' ? `${main[0] === 'killed-in-flight' ? 'Killed in flight' : main[0] === 'endpoint-race' ? 'Endpoint race' : 'No ready endpoint'}: ${causeFixes[main[0]]}.` : 'See Measured rollout below.';
  return ['❌ rollout', `rollout smoke test: ${markdownText(result.failing.join(', '))}`, markdownText(objectLabel(result)), '—', markdownMessage(fix, { table: true })];
}

/**
 * The rows of what fails the gate: inputs that could not be analysed, blocking findings (grouped
 * by shape), failing drills and smoke results. Empty when the gate passes.
 */
export function blockingTable(result: GatedResult, options: BlockingOptions = {}): string[] {
  const { gate } = result;
  const rows: string[][] = [];
  for (const error of gate.blockingErrors) rows.push(['❌ input', 'could not be analysed', markdownText(error.file), locationLink(error.file, error.line, options.linkBase, true), markdownMessage(error.message, { table: true })]);
  for (const group of groupFindings(gate.blocking)) rows.push(findingRow(group, options));
  for (const drill of gate.failingDrills) rows.push(drillRow(drill, options));
  for (const smoke of gate.failingSmoke) rows.push(smokeRow(smoke));
  if (rows.length === 0) return [];
  const limit = options.maxRows ?? rows.length;
  const table = markdownTable([['', 'what', 'object', 'where', 'fix'], ...rows.slice(0, limit)], { alignDelimiters: false });
  const out = [table];
  if (rows.length > limit) out.push('', `…and ${counted(rows.length - limit, 'more blocking row')} below.`);
  return out;
}

/**
 * Findings shown as a note on their row, not as findings: "a PDB does not protect a rolling
 * update" is true of every workload a PDB selects and is only context for the findings that do
 * hit rollouts. No review comment, no annotation, no row in the blocking table of its own.
 */
const noteRules = new Set(['cluster/pdb-not-rollout-protection']);

export function isNote(finding: Pick<Finding, 'ruleId'>): boolean {
  return noteRules.has(finding.ruleId);
}
