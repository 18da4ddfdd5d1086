// One object, one suggested change. Rules propose their fixes independently, and two of them can
// contradict each other: on a hostNetwork DaemonSet with only `maxSurge: 1`, rolling-update-invalid
// proposes `maxUnavailable: 0` (a valid surge, which then deadlocks on the host port) while
// daemonset-surge-host-port proposes `maxSurge: 0, maxUnavailable: 1` (delete first, which fixes
// both). Offered one by one, a reviewer could accept the wrong one, or both.
//
// So the fixes of one object are combined into one consistent change and checked by analysing the
// fixed object again: the change may not raise any finding the original did not have. Among the
// consistent combinations the one that resolves the most (errors first) is offered, on the most
// severe finding it resolves; every other finding's text says what became of its own fix.
import { isDeepStrictEqual } from 'node:util';
import type { ObjectPath } from '../manifests/objects.js';
import type { Severity } from '../rules/types.js';
import type { Finding, FixEditLocated } from './engine.js';
import { severityRank } from './engine.js';

/** Rule and container: what "the same finding" means before and after a fix. */
export function findingKey(finding: { ruleId: string; container?: string }): string {
  return `${finding.ruleId}|${finding.container ?? ''}`;
}

const ruleOf = (key: string) => key.slice(0, key.indexOf('|'));

/**
 * Analyses the object with this raw value: the keys of its findings with their severity, or
 * undefined when it no longer reads as such an object.
 */
export type Reanalyse = (raw: Record<string, unknown>) => Map<string, Severity> | undefined;

interface Candidate {
  finding: Finding;
  fix: NonNullable<Finding['fix']>;
}

/** More fixes than this on one object are combined greedily instead of by trying every consistent set. */
const exhaustiveLimit = 6;
/**
 * Re-analyses per object at most. A manifest is hostile input: a pod with thousands of containers
 * has thousands of fixes, and each re-analysis costs as much as the first analysis of the object.
 */
export const maxReanalyses = 16;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Sets (or, for undefined, removes) the value at `path`, creating missing mappings; false when the
 * path cannot exist. Copy on write: every node on the path is copied once (`copied`), so the fixed
 * value shares all untouched subtrees with the original, which nothing mutates.
 */
function setPath(root: Record<string, unknown>, path: ObjectPath, value: unknown, copied: Set<unknown>): boolean {
  if (path.length === 0) return false;
  let node: unknown = root;
  for (const [i, segment] of path.entries()) {
    const last = i === path.length - 1;
    if (typeof segment === 'number') {
      if (!Array.isArray(node) || segment > node.length || (segment === node.length && !last)) return value === undefined;
      if (last) {
        if (value === undefined) node.splice(segment, 1);
        else node[segment] = value;
        return true;
      }
      node[segment] = own(node[segment], copied);
      node = node[segment];
      continue;
    }
    if (!isRecord(node)) return value === undefined;
    if (last) {
      if (value === undefined) delete node[segment];
      else node[segment] = value;
      return true;
    }
    if (node[segment] === undefined) {
      if (value === undefined) return true;
      node[segment] = typeof path[i + 1] === 'number' ? [] : {};
      copied.add(node[segment]);
    } else node[segment] = own(node[segment], copied);
    node = node[segment];
  }
  return true;
}

/** A node this fixed value may change: a shallow copy, made once. */
function own(node: unknown, copied: Set<unknown>): unknown {
  if (copied.has(node) || node === null || typeof node !== 'object') return node;
  const copy = Array.isArray(node) ? [...node] : { ...(node as Record<string, unknown>) };
  copied.add(copy);
  return copy;
}

function getPath(root: unknown, path: ObjectPath): unknown {
  let node = root;
  for (const segment of path) {
    if (typeof segment === 'number') node = Array.isArray(node) ? node[segment] : undefined;
    else node = isRecord(node) ? node[segment] : undefined;
  }
  return node;
}

/** The value holds what the edit wrote: equal, or for mappings every written key (a deeper edit may add keys). */
function holds(actual: unknown, written: unknown): boolean {
  if (isRecord(written)) return isRecord(actual) && Object.entries(written).every(([key, value]) => holds(actual[key], value));
  return isDeepStrictEqual(actual, written);
}

/** Every edit applied, shallow paths first: the fixed raw value, or undefined when the edits contradict each other. */
function applyAll(raw: Record<string, unknown>, fixes: readonly Candidate[]): Record<string, unknown> | undefined {
  const edits = fixes.flatMap((c) => c.fix.edits);
  const ordered = edits.map((edit, order) => ({ edit, order })).sort((a, b) => a.edit.path.length - b.edit.path.length || a.order - b.order);
  const fixed = { ...raw };
  const copied = new Set<unknown>([fixed]);
  for (const { edit } of ordered) if (!setPath(fixed, edit.path, edit.value, copied)) return undefined;
  return edits.every((edit) => holds(getPath(fixed, edit.path), edit.value)) ? fixed : undefined;
}

/** Two fixes can contradict each other only where one edits a path at or under the other's. */
function overlaps(a: Candidate, b: Candidate): boolean {
  const within = (x: ObjectPath, y: ObjectPath) => x.length <= y.length && x.every((segment, i) => y[i] === segment);
  return a.fix.edits.some((e) => b.fix.edits.some((f) => within(e.path, f.path) || within(f.path, e.path)));
}

const isPrefix = (prefix: ObjectPath, path: ObjectPath) => prefix.length < path.length && prefix.every((segment, i) => path[i] === segment);

/** The combined edits: one per path, deeper edits folded into the shallower edit that contains them. */
function mergedEdits(fixes: readonly Candidate[], fixed: Record<string, unknown>): FixEditLocated[] {
  if (fixes.length === 1) return [...(fixes[0] as Candidate).fix.edits];
  const byPath = new Map<string, FixEditLocated>();
  for (const edit of fixes.flatMap((c) => c.fix.edits)) {
    const key = JSON.stringify(edit.path);
    if (!byPath.has(key)) byPath.set(key, edit);
  }
  const edits = [...byPath.values()];
  return edits.filter((edit) => !edits.some((other) => isPrefix(other.path, edit.path))).map((edit) => ({ ...edit, value: getPath(fixed, edit.path) }));
}

interface Outcome {
  fixes: Candidate[];
  fixed: Record<string, unknown>;
  /** Findings of the original that the fixed object no longer has. */
  resolved: Finding[];
  /** Notes (info) the fixed object has and the original did not: the change's known consequences. */
  notes: string[];
}

const score = (outcome: Outcome) => [0, 1, 2].map((rank) => outcome.resolved.filter((f) => severityRank[f.severity] === rank).length);

function better(a: Outcome, b: Outcome | undefined): boolean {
  if (!b) return true;
  const [x, y] = [score(a), score(b)];
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] > y[i];
  return a.fixes.length > b.fixes.length;
}

/** Every subset of `items` in which no two conflict and to which no item can be added. */
function maximalConsistentSets<T>(items: readonly T[], conflicts: (a: T, b: T) => boolean): T[][] {
  const sets: T[][] = [];
  const grow = (chosen: T[], index: number) => {
    if (index === items.length) {
      if (items.every((item) => chosen.includes(item) || chosen.some((c) => conflicts(c, item)))) sets.push(chosen);
      return;
    }
    const item = items[index];
    if (!chosen.some((c) => conflicts(c, item))) grow([...chosen, item], index + 1);
    grow(chosen, index + 1);
  };
  grow([], 0);
  return sets;
}

/**
 * The findings of one object with their fixes combined into one suggestion. `findings` are all the
 * object's findings (in the engine's order); the result has the same findings in the same order.
 */
export function combineFixes(findings: readonly Finding[], raw: Record<string, unknown>, reanalyse: Reanalyse): Finding[] {
  const candidates: Candidate[] = findings.flatMap((finding) => (finding.fix && finding.fix.edits.length > 0 ? [{ finding, fix: finding.fix }] : []));
  if (candidates.length === 0) return [...findings];
  // Most severe first, so a greedy combination keeps the fixes that matter most.
  candidates.sort((a, b) => severityRank[a.finding.severity] - severityRank[b.finding.severity]);
  const before = new Set(findings.map(findingKey));
  const order = new Map(candidates.map((c, i) => [c, i]));
  const memo = new Map<string, Outcome | 'rejected' | 'inconsistent'>();
  const rejectedBy = new Map<Candidate, string[]>();
  let reanalyses = 0;
  const evaluate = (fixes: Candidate[]): Outcome | 'rejected' | 'inconsistent' | 'unchecked' => {
    const id = fixes.map((c) => order.get(c)).join(',');
    const known = memo.get(id);
    if (known) return known;
    if (reanalyses >= maxReanalyses) return 'unchecked';
    const fixed = applyAll(raw, fixes);
    let result: Outcome | 'rejected' | 'inconsistent';
    if (!fixed) result = 'inconsistent';
    else {
      reanalyses++;
      const after = reanalyse(fixed);
      const added = after === undefined ? [] : [...after].filter(([key]) => !before.has(key));
      // A new error or warning rejects the change. A new note does not: it names a consequence
      // the fix chooses (deleting first leaves each node without the daemon for a moment).
      const raised = after === undefined ? ['an object that is no longer a valid workload'] : added.filter(([, severity]) => severity !== 'info').map(([key]) => ruleOf(key));
      if (raised.length > 0 || after === undefined) {
        if (fixes.length === 1) rejectedBy.set(fixes[0], [...new Set(raised)]);
        result = 'rejected';
      } else {
        result = { fixes, fixed, resolved: findings.filter((f) => !after.has(findingKey(f))), notes: [...new Set(added.map(([key]) => ruleOf(key)))] };
      }
    }
    memo.set(id, result);
    return result;
  };
  const pairMemo = new Map<string, boolean>();
  const conflicts = (a: Candidate, b: Candidate): boolean => {
    const id = [order.get(a) as number, order.get(b) as number].sort((x, y) => x - y).join(',');
    let conflict = pairMemo.get(id);
    if (conflict === undefined) pairMemo.set(id, (conflict = overlaps(a, b) && applyAll(raw, [a, b]) === undefined));
    return conflict;
  };

  /** The largest accepted set within `fixes`, adding them one by one in order of importance. */
  const greedy = (fixes: readonly Candidate[]): Outcome | undefined => {
    let best: Outcome | undefined;
    let chosen: Candidate[] = [];
    for (const candidate of fixes) {
      const outcome = evaluate([...chosen, candidate]);
      if (typeof outcome === 'string') continue;
      chosen = outcome.fixes;
      best = outcome;
    }
    return best;
  };

  let best: Outcome | undefined;
  // Fixes whose paths do not overlap cannot contradict each other: then all of them are the one set.
  const anyOverlap = candidates.some((a, i) => candidates.slice(i + 1).some((b) => overlaps(a, b)));
  const sets = anyOverlap && candidates.length <= exhaustiveLimit ? maximalConsistentSets(candidates, conflicts) : [candidates];
  for (const set of sets) {
    const whole = evaluate(set);
    const outcome = typeof whole === 'string' ? greedy(set) : whole;
    if (outcome && better(outcome, best)) best = outcome;
  }
  // Each fix alone, so a rejected fix can say what re-analysis found (within the budget).
  for (const candidate of candidates) if (!best?.fixes.includes(candidate)) evaluate([candidate]);
  const checked = (candidate: Candidate) => memo.has(String(order.get(candidate)));

  const primary = best ? pickPrimary(best, findings) : undefined;
  const combined: Finding['fix'] | undefined =
    best && primary ? { summary: combinedSummary(best, primary), edits: mergedEdits(primaryFirst(best.fixes, primary), best.fixed) } : undefined;
  return findings.map((finding) => {
    if (finding === primary && combined && best) {
      const notes = best.notes.length > 0 ? ` With the suggested change applied, termination-guard notes ${best.notes.join(', ')} (info) instead.` : '';
      return { ...finding, fix: combined, remediation: `${finding.remediation}${notes}` };
    }
    const own = candidates.find((c) => c.finding === finding);
    if (!own) return finding;
    const rest: Finding = { ...finding, remediation: `${finding.remediation} ${whyNotOffered(own, best, primary, rejectedBy.get(own), checked(own) && candidates.length <= exhaustiveLimit ? conflicts : undefined)}` };
    delete rest.fix;
    return rest;
  });
}

/** The finding that carries the combined fix: the most severe one it resolves, else the most severe fix owner. */
function pickPrimary(outcome: Outcome, findings: readonly Finding[]): Finding {
  const owners = new Set(outcome.fixes.map((c) => c.finding));
  const ranked = [...findings].sort(
    (a, b) =>
      severityRank[a.severity] - severityRank[b.severity] ||
      Number(owners.has(b)) - Number(owners.has(a)) ||
      a.line - b.line ||
      a.ruleId.localeCompare(b.ruleId),
  );
  return ranked.find((f) => owners.has(f) && outcome.resolved.includes(f)) ?? ranked.find((f) => owners.has(f)) ?? (outcome.fixes[0] as Candidate).finding;
}

function whyNotOffered(
  own: Candidate,
  best: Outcome | undefined,
  primary: Finding | undefined,
  raised: string[] | undefined,
  conflicts: ((a: Candidate, b: Candidate) => boolean) | undefined,
): string {
  const where = primary ? `${primary.ruleId}${primary.container ? ` (container "${primary.container}")` : ''}` : undefined;
  if (best && where && best.fixes.includes(own)) return `Its fix (${own.fix.summary}) is part of the one change suggested for this object, with ${where}.`;
  if (best && where && best.resolved.includes(own.finding)) return `The change suggested for this object with ${where} (${combinedSummary(best, primary)}) fixes this too; its own fix (${own.fix.summary}) is not offered.`;
  if (raised && raised.length > 0) return `No change is suggested: re-analysing the object with ${own.fix.summary} applied raises ${raised.join(', ')}, which it does not have now.`;
  if (!conflicts) return `No change is suggested for this one: the object has more fixes than are checked one by one (${own.fix.summary} was not); apply the suggested change and check again.`;
  const rival = best?.fixes.find((c) => conflicts(c, own));
  if (rival && where) return `No change is suggested: ${own.fix.summary} contradicts ${rival.fix.summary}, the fix suggested with ${where}.`;
  return `No change is suggested: applied together with the object's other fixes, ${own.fix.summary} raises findings the object does not have now.`;
}

/** The fixes with the primary finding's own first (its edits and summary lead the suggestion). */
function primaryFirst(fixes: readonly Candidate[], primary: Finding | undefined): Candidate[] {
  return [...fixes].sort((a, b) => Number(b.finding === primary) - Number(a.finding === primary));
}

function combinedSummary(outcome: Outcome, primary: Finding | undefined): string {
  return [...new Set(primaryFirst(outcome.fixes, primary).map((c) => c.fix.summary))].join('; ');
}
