// The check run's content, from one gated result: its conclusion (the gate's decision), its
// title (the gate's headline), its summary (the job summary, bounded to what the Checks API
// accepts) and its annotations (the findings). Pure: src/github/check-runs.ts sends it.
import type { GatedResult, GateDecision } from '../analysis/gate.js';
import { renderBounded, truncateSafely } from './comment.js';
import { showControls } from './escape.js';
import { renderFixYaml } from './fix.js';

/** The check run's name: what branch protection and rulesets select, whatever the job is called. */
export const checkRunName = 'termination-guard';

/** The Checks API refuses an output summary (or text) longer than 65,535 characters. */
export const maxCheckSummaryLength = 65_535;
/** …and more than 50 annotations in one request; more are sent in further requests, which append. */
export const annotationsPerRequest = 50;
/** At most this many annotations (20 requests); the rest are in the summary, SARIF and JSON report. */
export const maxCheckAnnotations = 1000;
/** GitHub's bounds on one annotation: a 255-character title, a 64 KB message. */
const maxAnnotationTitle = 255;
const maxAnnotationMessage = 16_000;

export type CheckConclusion = 'success' | 'failure' | 'neutral';

export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  message: string;
  title?: string;
  /** The fix a reviewer can paste (shown under "Raw details"). */
  raw_details?: string;
}

export interface CheckRunReport {
  conclusion: CheckConclusion;
  title: string;
  summary: string;
  annotations: CheckAnnotation[];
  /** Annotations left out past maxCheckAnnotations. */
  omittedAnnotations: number;
}

/**
 * The gate's verdict as a conclusion. With the gate switched off (`fail-on: never`) a passing run
 * is `neutral`: informational, and still accepted by a required check.
 */
export function checkConclusion(gate: GateDecision): CheckConclusion {
  if (gate.verdict === 'fail') return 'failure';
  return gate.policy.failOn === 'never' ? 'neutral' : 'success';
}

/** The headline as a title: one plain line of bounded length. */
export function checkTitle(headline: string): string {
  const line = showControls(headline.replace(/\s+/g, ' ').trim());
  const capitalised = line.charAt(0).toUpperCase() + line.slice(1);
  return capitalised.length <= maxAnnotationTitle ? capitalised : `${truncateSafely(capitalised, maxAnnotationTitle - 1)}…`;
}

/** The job summary, cut down in the comment's order until it fits the Checks API's limit. */
export function renderCheckSummary(result: GatedResult): string {
  const limit = maxCheckSummaryLength;
  return renderBounded(result, { smokeDetail: true, fullReportHint: 'the full report is in the job summary, the SARIF file and the JSON report' }, (body) => body.length <= limit, limit);
}

const bounded = (text: string, length: number) => (text.length <= length ? text : `${truncateSafely(text, length - 1)}…`);

/**
 * The findings as annotations, as the workflow annotations order them: input errors, then new
 * findings before existing ones. Annotations are plain text on GitHub; control characters other
 * than line breaks are shown, not sent.
 */
export function checkAnnotations(result: GatedResult): CheckAnnotation[] {
  const annotations: CheckAnnotation[] = [];
  const line = (n: number) => (Number.isInteger(n) && n >= 1 ? n : 1);
  for (const error of result.errors) {
    annotations.push({
      path: error.file,
      start_line: line(error.line),
      end_line: line(error.line),
      annotation_level: error.gating ? 'failure' : 'warning',
      title: 'termination-guard input',
      message: bounded(showControls(error.message, { keepLineBreaks: true }), maxAnnotationMessage),
    });
  }
  const ordered = [...result.findings].sort((a, b) => Number(a.status === 'existing') - Number(b.status === 'existing'));
  for (const finding of ordered) {
    const start = line(finding.line);
    annotations.push({
      path: finding.file,
      start_line: start,
      end_line: Math.max(start, line(finding.endLine)),
      annotation_level: finding.severity === 'error' ? 'failure' : finding.severity === 'warning' ? 'warning' : 'notice',
      title: bounded(showControls(finding.ruleId), maxAnnotationTitle),
      message: bounded(showControls(`${finding.status ? `[${finding.status}] ` : ''}${finding.message}\nFix: ${finding.remediation}`, { keepLineBreaks: true }), maxAnnotationMessage),
    });
    const fix = finding.fix ? `${finding.fix.summary}\n${renderFixYaml(finding.fix)}` : finding.replacement ? `${finding.replacement.summary}\n${finding.replacement.text}` : undefined;
    if (fix) annotations[annotations.length - 1].raw_details = bounded(showControls(fix, { keepLineBreaks: true }), maxAnnotationMessage);
  }
  return annotations;
}

/** Everything the completed check run shows. */
export function renderCheckRun(result: GatedResult): CheckRunReport {
  const annotations = checkAnnotations(result);
  return {
    conclusion: checkConclusion(result.gate),
    title: checkTitle(result.gate.headline),
    summary: renderCheckSummary(result),
    annotations: annotations.slice(0, maxCheckAnnotations),
    omittedAnnotations: Math.max(0, annotations.length - maxCheckAnnotations),
  };
}

/** The check run while the analysis (and any drill or smoke test) runs. */
export function inProgressOutput(measurements: { drill: boolean; smoke: boolean }): { title: string; summary: string } {
  const steps = ['the changed manifests are being analysed against their base'];
  if (measurements.drill) steps.push('then the SIGTERM drill runs each changed container');
  if (measurements.smoke) steps.push('then the rollout smoke test rolls the changed workloads out in a cluster');
  return { title: 'Checking termination safety…', summary: `⏳ **termination-guard**: ${steps.join('; ')}. The verdict, the report and the findings appear here when the run completes.\n` };
}
