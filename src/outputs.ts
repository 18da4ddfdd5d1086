// The only writer of action outputs, annotations and the job summary.
//
// Workflow commands: the annotation commands (core.error/warning/notice) escape their message and
// properties themselves (%0A, %3A…), so a file name or message is one annotation whatever it holds.
// core.info does not escape at all: every line written with it goes through logLine
// (src/report/escape.ts), so a name like `deploy/z\n::error file=x::pwned` or one holding
// `##[error]` cannot start a command of its own. Other code logs through `log` below.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import type { AnalysisResult, Finding } from './analysis/engine.js';
import type { GatedResult } from './analysis/gate.js';
import type { SmokeResult } from './measure/smoke.js';
import { isNote } from './report/blocking.js';
import { logLine, showControls } from './report/escape.js';
import { reviewedKey } from './report/suggestions.js';
import { summarize } from './report/summary.js';

export function writeOutputs(result: GatedResult, reportPath?: string): void {
  const summary = summarize(result);
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
  if (result.drill) {
    core.setOutput('drill-verdicts', JSON.stringify(Object.fromEntries(result.drill.map((r) => [`${r.object.kind}/${r.object.name}/${r.container}`, r.verdict ?? r.status]))));
  }
  if (result.smoke) {
    const figures = Object.fromEntries(
      result.smoke.results.map((r) => [
        `${r.object.kind}/${r.object.name}`,
        {
          status: r.status,
          failing: r.failing,
          rollouts: r.figures.map((f) => ({ name: f.name, seconds: Math.round(f.durationMs / 100) / 10, outcome: f.outcome, requests: f.sent, failed: f.failed, disruptedSeconds: f.disruptedSeconds, longestGapMs: f.longestGapMs, killed: f.killed.length })),
        },
      ]),
    );
    core.setOutput('smoke-results', JSON.stringify(figures));
    core.setOutput('smoke-failed-requests', smokeFailedRequests(result.smoke.results));
  }
}

let outputs: string | undefined;

/** Where the report files go: the runner's temp directory, else a fresh one (never the checkout). */
export function outputDir(): string {
  outputs ??= process.env.RUNNER_TEMP ?? mkdtempSync(join(tmpdir(), 'termination-guard-'));
  return outputs;
}

/** GitHub shows at most 10 annotations of each kind per step; more are dropped silently. */
export const annotationsPerKind = 10;

/**
 * Annotations, most important first (new before existing), at most 10 of a kind; the rest are
 * printed as plain log lines with a count, so nothing is lost silently.
 */
/** Where the publication file is (the two-workflow pattern uploads it). */
export function writePublicationOutput(path: string): void {
  core.setOutput('publication', path);
}

/** A run with nothing to check passes. */
export function writePassOutput(): void {
  core.setOutput('verdict', 'pass');
}

/**
 * `reviewed`: findings a posted review comment already shows on the PR's lines (reviewedKey);
 * they get no annotation of their own, so "Files changed" shows each once.
 */
export function writeAnnotations(result: AnalysisResult, reviewed: ReadonlySet<string> = new Set()): void {
  const shown = { error: 0, warning: 0, notice: 0 };
  let overflow = 0;
  const emit = (kind: keyof typeof shown, text: string, properties: core.AnnotationProperties) => {
    if (shown[kind] < annotationsPerKind) {
      shown[kind]++;
      // Line breaks are the toolkit's to escape; other control characters are shown, not sent.
      core[kind](showControls(text, { keepLineBreaks: true }), properties);
    } else {
      overflow++;
      core.info(logLine(`${kind}: ${properties.file}:${properties.startLine}: ${properties.title ? `${properties.title}: ` : ''}${text.replace(/\n/g, ' ')}`));
    }
  };
  for (const error of result.errors) emit('error', error.message, { title: 'termination-guard input', file: error.file, startLine: error.line });
  // Notes (a PDB does not guard rollouts) are context on the comment's PDB row, not annotations.
  const ordered = result.findings.filter((f) => !isNote(f) && !reviewed.has(reviewedKey(f, f.line))).sort((a, b) => Number(a.status === 'existing') - Number(b.status === 'existing'));
  for (const finding of ordered) {
    const properties = { title: finding.ruleId, file: finding.file, startLine: finding.line, endLine: finding.endLine };
    const text = `${finding.status ? `[${finding.status}] ` : ''}${finding.message}\nFix: ${finding.remediation}`;
    emit(finding.severity === 'error' ? 'error' : finding.severity === 'warning' ? 'warning' : 'notice', text, properties);
  }
  if (overflow > 0) core.info(`${overflow} more finding(s) than GitHub shows as annotations (${annotationsPerKind} of a kind per step) are listed above, in the job summary and in the SARIF file.`);
}

export async function writeJobSummary(markdown: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  await core.summary.addRaw(markdown).write();
}

/** The Action's log: info lines are escaped (logLine); notices and warnings are commands the toolkit escapes. */
export const log = {
  info: (message: string) => core.info(logLine(message)),
  notice: (message: string) => core.notice(message),
  warning: (message: string) => core.warning(message),
};

/**
 * Failed requests while the head's pods terminated, summed over the workloads: each counts the
 * median over its trials (the figure the gate judges), or its one restart's count.
 */
export function smokeFailedRequests(results: readonly SmokeResult[]): number {
  return results.reduce((sum, r) => sum + (r.trials?.failed.median ?? r.figures.find((f) => f.name === 'restart')?.failed ?? 0), 0);
}
