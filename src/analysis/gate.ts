// The gate: one decision, from the result and the policy, that every report, the exit code and
// the Action's failure message read. Nothing else decides whether a run passes.
import type { DrillResult, DrillVerdict } from '../measure/drill.js';
import type { SmokeFailOn, SmokeResult } from '../measure/smoke.js';
import type { FailOn } from './config.js';
import type { InputError } from '../manifests/objects.js';
import type { AnalysisResult, Finding } from './engine.js';

export interface GatePolicy {
  /** Which findings fail: new errors (the PR view), any error, any warning or error, none. */
  failOn: FailOn;
  /** Drill verdicts that fail. */
  drillFailOn: readonly DrillVerdict[];
  /** Smoke conditions that fail (the smoke run already judged each result against them). */
  smokeFailOn: readonly SmokeFailOn[];
  /** Whether an input the change is about that could not be analysed fails the gate (default: yes). */
  failOnInputErrors: boolean;
}

export interface GateDecision {
  verdict: 'pass' | 'fail';
  policy: GatePolicy;
  /** The findings that fail the gate under `policy.failOn`. */
  blocking: Finding[];
  /** Inputs of the change that could not be analysed (a failed render, an unreadable file). */
  blockingErrors: InputError[];
  /** Drilled containers whose verdict fails the gate. */
  failingDrills: DrillResult[];
  /** Smoke-tested workloads that fail the gate. */
  failingSmoke: SmokeResult[];
  /**
   * One plain-text sentence: what blocks the merge, or why it passes. Plain text from the
   * analysis (object names included): renderers escape it for their context.
   */
  headline: string;
}

/** A result with its gate decision: what the pipeline returns and every renderer reads. */
export interface GatedResult extends AnalysisResult {
  readonly gate: GateDecision;
}

/** `count word(s)`, the count formatted for people (6,200). */
const plural = (count: number, word: string) => `${count.toLocaleString('en-US')} ${word}${count === 1 ? '' : 's'}`;

export function findingBlocks(finding: Finding, failOn: FailOn): boolean {
  switch (failOn) {
    case 'never':
      return false;
    case 'new-errors':
      return finding.severity === 'error' && finding.status !== 'existing';
    case 'error':
      return finding.severity === 'error';
    case 'warning':
      return finding.severity === 'error' || finding.severity === 'warning';
  }
}

export function decideGate(result: AnalysisResult, policy: GatePolicy): GateDecision {
  const blocking = result.findings.filter((f) => findingBlocks(f, policy.failOn));
  const failingDrills = (result.drill ?? []).filter((r) => r.verdict !== undefined && policy.drillFailOn.includes(r.verdict));
  // A smoke result carries the conditions it failed under smokeFailOn; a run that could not
  // complete (status failed) fails whatever the conditions.
  const failingSmoke = (result.smoke?.results ?? []).filter((r) => r.failing.length > 0 || r.status === 'failed');
  const blockingErrors = policy.failOnInputErrors ? result.errors.filter((e) => e.gating) : [];
  const verdict = blocking.length + blockingErrors.length + failingDrills.length + failingSmoke.length > 0 ? 'fail' : 'pass';
  return { verdict, policy, blocking, blockingErrors, failingDrills, failingSmoke, headline: headline(result, policy, { blocking, blockingErrors, failingDrills, failingSmoke }) };
}

export function withGate(result: AnalysisResult, policy: GatePolicy): GatedResult {
  return { ...result, gate: decideGate(result, policy) };
}

function headline(result: AnalysisResult, policy: GatePolicy, { blocking, blockingErrors, failingDrills: drills, failingSmoke: smoke }: Omit<GateDecision, 'verdict' | 'policy' | 'headline'>): string {
  const reasons: string[] = [];
  if (blockingErrors.length > 0) {
    const files = [...new Set(blockingErrors.map((e) => e.file))];
    reasons.push(`${plural(files.length, 'changed input')} that could not be analysed (${files.slice(0, 3).join(', ')}${files.length > 3 ? `, ${(files.length - 3).toLocaleString('en-US')} more` : ''})`);
  }
  if (blocking.length > 0) {
    const errors = blocking.filter((f) => f.severity === 'error').length;
    const warnings = blocking.length - errors;
    const adjective = policy.failOn === 'new-errors' ? 'new ' : '';
    const parts = [errors > 0 ? plural(errors, `${adjective}error`) : '', warnings > 0 ? plural(warnings, 'warning') : ''].filter(Boolean);
    reasons.push(parts.join(' and '));
  }
  if (drills.length > 0) {
    const what = drills.map((r) => `${r.object.name}/${r.container} ${r.verdict === 'killed' ? 'was SIGKILLed' : 'dropped requests at the stop'}`);
    reasons.push(`the SIGTERM drill (${what.slice(0, 3).join('; ')}${what.length > 3 ? `; ${what.length - 3} more` : ''})`);
  }
  if (smoke.length > 0) {
    const what = smoke.map((r) => `${r.object.name}: ${r.status === 'failed' ? 'the rollout could not be run' : r.failing.join(', ')}`);
    reasons.push(`the rollout smoke test (${what.slice(0, 3).join('; ')}${what.length > 3 ? `; ${what.length - 3} more` : ''})`);
  }
  if (reasons.length > 0) {
    const count = blocking.length + blockingErrors.length + drills.length + smoke.length;
    return `${reasons.join(', ')} ${count === 1 ? 'blocks' : 'block'} this merge`;
  }
  const remaining = result.findings.filter((f) => f.severity !== 'info');
  const prView = result.comparison !== undefined;
  const counted = remaining.length > 0 ? ` (${plural(remaining.length, prView ? 'existing or non-blocking finding' : 'non-blocking finding')})` : '';
  if (policy.failOn === 'never' && blocking.length === 0 && result.findings.some((f) => f.severity === 'error')) return `passes: the gate is off (fail-on never)${counted}`;
  return `${prView ? 'no new problems' : 'no blocking problems'}${counted}`;
}
