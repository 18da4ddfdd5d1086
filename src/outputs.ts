// The only writer of action outputs, annotations and the job summary.
import * as core from '@actions/core';
import type { AnalysisResult } from './analysis/engine.js';
import type { Summary } from './report/summary.js';

export function writeOutputs(summary: Summary, reportPath?: string): void {
  core.setOutput('verdict', summary.gate);
  core.setOutput('errors', summary.errors);
  core.setOutput('warnings', summary.warnings);
  core.setOutput('infos', summary.info);
  if (reportPath) core.setOutput('report-json', reportPath);
}

export function writeAnnotations(result: AnalysisResult): void {
  for (const finding of result.findings) {
    const properties = { title: finding.ruleId, file: finding.file, startLine: finding.line, endLine: finding.endLine };
    const text = `${finding.message}\nFix: ${finding.remediation}`;
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
