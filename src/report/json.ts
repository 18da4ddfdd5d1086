// The JSON report: a stable contract other tools read (README documents it).
import { type Finding, rendersOf } from '../analysis/engine.js';
import type { GatedResult } from '../analysis/gate.js';
import { summarize } from './summary.js';

function findingJson(finding: Finding) {
  const { namespace, ...ref } = finding.object;
  return {
    ruleId: finding.ruleId,
    severity: finding.severity,
    layer: finding.layer,
    message: finding.message,
    object: { apiVersion: ref.apiVersion, kind: ref.kind, namespace: namespace ?? null, name: ref.name },
    ...(finding.container ? { container: finding.container } : {}),
    file: finding.file,
    line: finding.line,
    endLine: finding.endLine,
    remediation: finding.remediation,
    docsUrl: finding.docsUrl,
    ...(finding.fix
      ? {
          fix: {
            summary: finding.fix.summary,
            edits: finding.fix.edits.map((e) => ({ path: e.path, value: e.value ?? null, remove: e.value === undefined, line: e.location.line, exact: e.location.exact })),
          },
        }
      : {}),
    ...(finding.replacement ? { replacement: finding.replacement } : {}),
    ...(finding.evidence ? { evidence: finding.evidence } : {}),
    ...(finding.status ? { status: finding.status } : {}),
    // `render` is the first render (as before `renders`); `renders` names every one it occurs in.
    ...(finding.render ? { render: finding.render, renders: rendersOf(finding) } : {}),
  };
}

export function renderJson(result: GatedResult): string {
  const report = {
    kubernetesVersion: result.kubernetesVersion,
    findings: result.findings.map(findingJson),
    suppressed: result.suppressed.map((f) => ({ ...findingJson(f), suppression: f.suppression })),
    errors: result.errors.map((e) => ({ file: e.file, line: e.line, message: e.message })),
    notices: result.notices,
    ...(result.comparison
      ? { comparison: { base: result.comparison.base, changedObjects: result.comparison.changedObjects, fixed: result.comparison.fixed.map(findingJson) } }
      : {}),
    ...(result.drill ? { drill: result.drill, drillFailOn: result.gate.policy.drillFailOn } : {}),
    ...(result.smoke ? { smoke: result.smoke, smokeFailOn: result.gate.policy.smokeFailOn } : {}),
    summary: summarize(result),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
