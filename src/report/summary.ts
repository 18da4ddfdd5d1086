// Counts and the gate's decision, as every renderer states them.
import type { FailOn } from '../analysis/config.js';
import type { GateDecision, GatedResult } from '../analysis/gate.js';

export interface Summary {
  errors: number;
  warnings: number;
  info: number;
  suppressed: number;
  inputErrors: number;
  files: number;
  objects: number;
  workloads: number;
  failOn: FailOn;
  gate: 'pass' | 'fail';
  /** What blocks the merge, or why it passes (plain text). */
  headline: string;
  /** PR view only: findings the change introduced, left as they were, and removed. */
  new?: number;
  existing?: number;
  fixed?: number;
  /** With the drill: containers measured, and how many of them fail the gate. */
  drilled?: number;
  drillFailures?: number;
  /** With the smoke test: workloads measured, and how many of them fail the gate. */
  smoked?: number;
  smokeFailures?: number;
}

export function summarize(result: GatedResult): Summary {
  const { gate } = result;
  const count = (severity: string) => result.findings.filter((f) => f.severity === severity).length;
  return {
    errors: count('error'),
    warnings: count('warning'),
    info: count('info'),
    suppressed: result.suppressed.length,
    inputErrors: result.errors.length,
    files: result.stats.files,
    objects: result.stats.objects,
    workloads: result.stats.workloads,
    failOn: gate.policy.failOn,
    gate: gate.verdict,
    headline: gate.headline,
    ...(result.drill ? { drilled: result.drill.filter((r) => r.status === 'measured').length, drillFailures: gate.failingDrills.length } : {}),
    ...(result.smoke ? { smoked: result.smoke.results.filter((r) => r.status === 'measured').length, smokeFailures: gate.failingSmoke.length } : {}),
    ...(result.comparison
      ? {
          new: result.findings.filter((f) => f.status === 'new').length,
          existing: result.findings.filter((f) => f.status === 'existing').length,
          fixed: result.comparison.fixed.length,
        }
      : {}),
  };
}

export { plural } from '../rules/helpers.js';

/**
 * The Action's failure message: the gate's headline and the policies that made it fail, only
 * those (a drill-only failure names drill-fail-on, not fail-on).
 */
export function failureMessage(gate: GateDecision): string {
  const policies: string[] = [];
  if (gate.blocking.length > 0) policies.push(`fail-on ${gate.policy.failOn}`);
  if (gate.blockingErrors.length > 0) policies.push('failOnInputErrors');
  if (gate.failingDrills.length > 0) policies.push(`drill-fail-on ${gate.policy.drillFailOn.join(', ')}`);
  if (gate.failingSmoke.length > 0) policies.push(`smoke-fail-on ${gate.policy.smokeFailOn.join(', ') || 'never'}`);
  return `termination-guard: ${gate.headline}${policies.length > 0 ? ` (${policies.join('; ')})` : ''}`;
}
