// Base ↔ head: which findings a change introduces, which it leaves as they were, and which it
// fixes. Objects are matched by (kind, namespace, name); findings by rule and container too.
import { identityKey } from '../manifests/objects.js';
import type { ImageInputs } from '../images/evidence.js';
import type { SourceFile } from '../manifests/parse.js';
import type { SmokePlan } from '../measure/smoke-plan.js';
import type { Config } from './config.js';
import { type AnalysisResult, analyze, type Finding, rendersOf } from './engine.js';

export type FindingStatus = 'new' | 'existing' | 'fixed';

export interface ClassifiedFinding extends Finding {
  status: FindingStatus;
}


export interface Classification {
  /** Findings on objects the change added or modified: new or existing. */
  findings: ClassifiedFinding[];
  /** Findings of base that the change removed. */
  fixed: ClassifiedFinding[];
  /** Identities (kind/namespace/name) of the objects the change added, modified or deleted. */
  changedObjects: string[];
}

const findingKey = (finding: Finding, render: string | undefined) => `${finding.ruleId}|${identityKey(finding.object, render)}|${finding.container ?? ''}`;

/** A finding's renders one by one (the one undefined render of a plain file). */
const eachRender = (item: { render?: string; renders?: readonly string[] }): (string | undefined)[] => {
  const renders = rendersOf(item);
  return renders.length > 0 ? renders : [undefined];
};

/** The item narrowed to some of its renders (itself when that is all of them). */
function inRenders<T extends { render?: string; renders?: string[] }>(item: T, renders: readonly (string | undefined)[]): T {
  const kept = renders.filter((r): r is string => r !== undefined);
  if (kept.length === 0 || kept.length === rendersOf(item).length) return item;
  return { ...item, render: kept[0], renders: kept };
}

/** The item when any of its renders' objects is changed, narrowed to those renders. */
function changedPart<T extends { object: Finding['object']; render?: string; renders?: string[] }>(item: T, changed: ReadonlySet<string>): T | undefined {
  const renders = eachRender(item).filter((r) => changed.has(identityKey(item.object, r)));
  return renders.length > 0 ? inRenders(item, renders) : undefined;
}

/**
 * `head` and `base` must be analysed with `digests: true`. An object is changed when it is new
 * in head, differs from its base version, or was deleted. Unchanged objects are context only.
 */
export function classifyFindings(head: AnalysisResult, base: AnalysisResult | undefined): Classification {
  const digests = (result: AnalysisResult | undefined) => {
    const map = new Map<string, string[]>();
    for (const object of result?.objects ?? []) {
      const key = identityKey(object.ref, object.render);
      map.set(key, [...(map.get(key) ?? []), object.digest].sort());
    }
    return map;
  };
  const before = digests(base);
  const after = digests(head);
  const changedObjects = new Set<string>();
  for (const [key, list] of after) {
    if (before.get(key)?.join('\n') !== list.join('\n')) changedObjects.add(key);
  }
  for (const key of before.keys()) if (!after.has(key)) changedObjects.add(key);

  // A finding merged over several renders is compared render by render: it is new when it is
  // new in any of them, and fixed in the renders that no longer have it.
  const keysOf = (findings: readonly Finding[]) => new Set(findings.flatMap((f) => eachRender(f).map((r) => findingKey(f, r))));
  const baseKeys = keysOf(base?.findings ?? []);
  const headKeys = keysOf(head.findings);
  const findings = head.findings.flatMap((f): ClassifiedFinding[] => {
    const part = changedPart(f, changedObjects);
    if (!part) return [];
    return [{ ...part, status: eachRender(part).every((r) => baseKeys.has(findingKey(f, r))) ? 'existing' : 'new' }];
  });
  const fixed = (base?.findings ?? []).flatMap((f): ClassifiedFinding[] => {
    const renders = eachRender(f).filter((r) => changedObjects.has(identityKey(f.object, r)) && !headKeys.has(findingKey(f, r)));
    return renders.length > 0 ? [{ ...inRenders(f, renders), status: 'fixed' }] : [];
  });
  return { findings, fixed, changedObjects: [...changedObjects].sort() };
}

/** Analyses both trees and returns the PR view (the CLI's --base and the Action share it). */
export function analyzeChange(
  headFiles: readonly SourceFile[],
  baseFiles: readonly SourceFile[],
  config: Config,
  baseLabel: string,
  images?: { head: ImageInputs; base: ImageInputs },
  options: { drillPlans?: boolean; smokePlans?: boolean } = {},
): AnalysisResult {
  const plans = { ...(options.drillPlans ? { drillPlans: true } : {}), ...(options.smokePlans ? { smokePlans: true } : {}) };
  return prView(
    analyze(headFiles, { config, digests: true, ...(images ? { images: images.head } : {}), ...plans }),
    analyze(baseFiles, { config, digests: true, ...(images ? { images: images.base } : {}), ...(options.smokePlans ? { smokePlans: true } : {}) }),
    baseLabel,
  );
}

/** The result a PR review shows: only changed objects, each finding marked new or existing. */
export function prView(head: AnalysisResult, base: AnalysisResult | undefined, baseLabel: string): AnalysisResult {
  const classification = classifyFindings(head, base);
  const changed = new Set(classification.changedObjects);
  return {
    ...head,
    findings: classification.findings,
    suppressed: head.suppressed.flatMap((f) => changedPart(f, changed) ?? []),
    subjects: head.subjects.flatMap((s) => changedPart(s, changed) ?? []),
    ...(head.drillPlans ? { drillPlans: head.drillPlans.filter((p) => changed.has(identityKey(p.object, p.render))) } : {}),
    ...(head.smokePlans ? { smokePlans: withBase(head.smokePlans.filter((p) => changed.has(identityKey(p.object, p.render))), base?.smokePlans ?? []) } : {}),
    comparison: { base: baseLabel, changedObjects: classification.changedObjects.length, fixed: classification.fixed },
  };
}

/** Each head plan with its base version (manifest and companions), when the workload existed. */
function withBase(plans: readonly SmokePlan[], basePlans: readonly SmokePlan[]): SmokePlan[] {
  const before = new Map(basePlans.map((p) => [identityKey(p.object, p.render), p]));
  return plans.map((plan) => {
    const base = before.get(identityKey(plan.object, plan.render));
    return base ? { ...plan, base: base.head, baseCompanions: base.headCompanions } : plan;
  });
}
