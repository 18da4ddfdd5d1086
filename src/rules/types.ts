// A rule is metadata plus a pure check that returns object paths; the engine turns paths
// into file lines, applies configuration and suppressions.
import type { DockerfileEntry } from '../images/evidence.js';
import type { KubeVersion } from '../k8s/version.js';
import type { ObjectIndex, PdbView } from '../manifests/object-index.js';
import type { ObjectPath } from '../manifests/objects.js';
import type { Workload } from '../manifests/workloads.js';

export type Layer = 'pod' | 'runtime' | 'node' | 'cluster';
export type Severity = 'error' | 'warning' | 'info';

export const layers: readonly Layer[] = ['pod', 'runtime', 'node', 'cluster'];
export const layerTitles: Record<Layer, string> = {
  pod: 'Pod',
  runtime: 'Runtime (CRI)',
  node: 'Node',
  cluster: 'Cluster',
};

export interface RuleDocs {
  /** Why it matters, in the user's terms (what breaks, when). */
  why: string;
  /** The Kubernetes behaviour it rests on, with its KEP/doc. */
  fact: string;
  references: string[];
  /** A YAML snippet that fixes it. */
  fixYaml: string;
  /**
   * kubectl commands that verify the behaviour live. Placeholders: {namespace} {kind}
   * {name} {selector} {container} {file}.
   */
  verify: string[];
  /** Cases the rule deliberately does not flag. */
  exceptions?: string;
}

export interface RuleMeta {
  id: `${Layer}/${string}`;
  layer: Layer;
  name: string;
  severity: Severity;
  /** The checklist line, phrased as the property that holds when the check passes. */
  title: string;
  /** One sentence for tables. */
  summary: string;
  /** Equivalent checks of other linters whose ignore annotations we honour. */
  equivalents?: { kubeLinter?: string[]; kubeScore?: string[] };
  docs: RuleDocs;
}

/**
 * A concrete change that fixes a finding: set `value` at `path` (relative to the object). A rule
 * proposes the fix for its own finding only; the engine combines the fixes of one object into one
 * change, re-analyses the fixed object, and offers the result once (analysis/fix-combination.ts).
 */
export interface FixEdit {
  path: ObjectPath;
  value: unknown;
}

export interface Fix {
  summary: string;
  edits: FixEdit[];
}

export interface Hit {
  /** What is wrong, naming the container when there is one. Without the object's name. */
  message: string;
  /** Where, inside the object; missing fields point at their nearest parent. */
  path: ObjectPath;
  container?: string;
  /** Overrides the rule's default severity for this hit (e.g. error vs warning thresholds). */
  severity?: Severity;
  remediation: string;
  fix?: Fix;
  /** Measured/derived values the reports show ("grace": "30 s (default)"). */
  evidence?: Record<string, string>;
  /** Dockerfile hits: the instruction's lines (their `path` is empty). */
  lines?: { line: number; endLine: number };
  /** For files that are not YAML: new text for `lines` (a review suggestion). */
  replacement?: { text: string; summary: string };
}

export interface RuleContext {
  version: KubeVersion;
  index: ObjectIndex;
}

/** `null`: the rule does not apply to this subject. `[]`: it applies and passes. */
export type CheckResult = Hit[] | null;

export interface WorkloadRule {
  meta: RuleMeta;
  target: 'workload';
  check(workload: Workload, context: RuleContext): CheckResult;
}

export interface PdbRule {
  meta: RuleMeta;
  target: 'pdb';
  check(pdb: PdbView, context: RuleContext): CheckResult;
}

/** Runs after the others and sees their findings for the same workload. */
export interface FollowUpRule {
  meta: RuleMeta;
  target: 'followup';
  check(workload: Workload, context: RuleContext, prior: readonly { ruleId: string; severity: Severity }[]): CheckResult;
}

/** Checks a Dockerfile's final image; `consumers` are the workloads that run it (may be none). */
export interface DockerfileRule {
  meta: RuleMeta;
  target: 'dockerfile';
  check(dockerfile: DockerfileEntry, context: RuleContext, consumers: readonly Workload[]): CheckResult;
}

export type Rule = WorkloadRule | PdbRule | FollowUpRule | DockerfileRule;

export function defineRule<T extends Rule>(rule: T): T {
  return rule;
}
