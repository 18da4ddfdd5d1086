// The only writer of action outputs, annotations and the job summary.
import * as core from '@actions/core';
import type { AnalysisResult, Finding } from './analysis/engine.js';
import type { Summary } from './report/summary.js';

export function writeOutputs(summary: Summary, result: AnalysisResult, reportPath?: string): void {
  core.setOutput('verdict', summary.gate);
  core.setOutput('errors', summary.errors);
  core.setOutput('warnings', summary.warnings);
  core.setOutput('infos', summary.info);
  const count = (findings: readonly Finding[], status: string | undefined, severity: string) =>
    findings.filter((f) => (status === undefined || (f.status ?? 'new') === status) && f.severity === severity).length;
  for (const severity of ['error', 'warning', 'info'] as const) {
    const plural = severity === 'info' ? 'infos' : `${severity}s`;
    core.setOutput(`new-${plural}`, count(result.findings, 'new', severity));
    core.setOutput(`existing-${plural}`, count(result.findings, 'existing', severity));
    core.setOutput(`fixed-${plural}`, count(result.comparison?.fixed ?? [], undefined, severity));
  }
  if (reportPath) core.setOutput('report-json', reportPath);
}

export function writeAnnotations(result: AnalysisResult): void {
  for (const finding of result.findings) {
    const properties = { title: finding.ruleId, file: finding.file, startLine: finding.line, endLine: finding.endLine };
    const text = `${finding.status ? `[${finding.status}] ` : ''}${finding.message}\nFix: ${finding.remediation}`;
    if (finding.severity === 'error') core.error(text, properties);
    else if (finding.severity === 'warning') core.warning(text, properties);
    else core.notice(text, properties);
  }
  for (const error of result.errors) core.error(error.message, { title: 'termination-guard input', file: error.file, startLine: error.line });
}

export async function writeJobSummary(markdown: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  await core.summary.addRaw(markdown).write();
}

export const log = {
  info: (message: string) => core.info(message),
  notice: (message: string) => core.notice(message),
  warning: (message: string) => core.warning(message),
};
