// Findings grouped the way people read them: per object, then per layer.
import { type AnalysisResult, type Finding, severityRank, type Subject, type SuppressedFinding } from '../analysis/engine.js';
import { identityKey } from '../manifests/objects.js';

// Plain variants of one object live in different files; a rendered object is one per render,
// and its findings may point at other files (patches) than its definition.
const keyOf = (item: { object: Finding['object']; file: string; render?: string }) => (item.render ? identityKey(item.object, item.render) : `${identityKey(item.object)}|${item.file}`);
import { type Layer, layers } from '../rules/types.js';
import type { DrillResult } from '../measure/drill.js';

export interface SubjectGroup {
  subject: Subject;
  findings: Finding[];
  suppressed: SuppressedFinding[];
  byLayer: { layer: Layer; findings: Finding[]; passed: string[]; applicable: number }[];
  /** The SIGTERM drill's measurements of this object's containers. */
  drill: DrillResult[];
}


export function groupBySubject(result: AnalysisResult): SubjectGroup[] {
  const findings = new Map<string, Finding[]>();
  for (const finding of result.findings) {
    const key = keyOf(finding);
    findings.set(key, [...(findings.get(key) ?? []), finding]);
  }
  const suppressed = new Map<string, SuppressedFinding[]>();
  for (const finding of result.suppressed) {
    const key = keyOf(finding);
    suppressed.set(key, [...(suppressed.get(key) ?? []), finding]);
  }
  const drill = new Map<string, DrillResult[]>();
  for (const measured of result.drill ?? []) {
    const key = keyOf(measured);
    drill.set(key, [...(drill.get(key) ?? []), measured]);
  }
  return result.subjects.map((subject) => {
    const own = findings.get(keyOf(subject)) ?? [];
    return {
      subject,
      drill: drill.get(keyOf(subject)) ?? [],
      findings: own,
      suppressed: suppressed.get(keyOf(subject)) ?? [],
      byLayer: layers.map((layer) => {
        const checks = subject.checks.filter((c) => c.layer === layer);
        return {
          layer,
          findings: own.filter((f) => f.layer === layer).sort((a, b) => severityRank[a.severity] - severityRank[b.severity] || a.line - b.line),
          passed: checks.filter((c) => c.status === 'pass').map((c) => c.title),
          applicable: checks.length,
        };
      }),
    };
  });
}

export function worstIcon(findings: readonly Finding[]): string {
  if (findings.some((f) => f.severity === 'error')) return '❌';
  if (findings.some((f) => f.severity === 'warning')) return '⚠️';
  if (findings.length > 0) return 'ℹ️';
  return '✅';
}

/** Plain text (the manifest's kind, namespace and name): renderers escape it for their context. */
export function subjectName(subject: Subject): string {
  const { kind, namespace, name } = subject.object;
  return `${kind} ${namespace ? `${namespace}/` : ''}${name}`;
}

/** The facts shown under a subject's name: grace and replicas, or a Dockerfile's image (plain text, backticks mark code). */
export function subjectFacts(subject: Subject): string[] {
  const image = subject.facts.image;
  if (image) return [`base ${image.base}`, `PID 1 ${image.pid1}`, `stop signal ${image.stopSignal}`, `run by ${image.usedBy}`];
  return [subject.facts.grace && `grace period ${subject.facts.grace}`, subject.facts.replicas && `replicas ${subject.facts.replicas}`].filter((f): f is string => Boolean(f));
}

/** Why a layer has nothing to check for a workload (the checklist still shows the row). */
export function notApplicableReason(layer: Layer, subject: Subject): string | undefined {
  if (subject.kind !== 'workload') return undefined;
  switch (layer) {
    case 'runtime':
      return 'PID 1 is the image\'s ENTRYPOINT/CMD (no `command` in the manifest), and no Dockerfile here or registry config (inspect-images) says what that is';
    case 'node':
      return `no rollout strategy applies to a ${subject.object.kind}`;
    case 'cluster':
      // What holds for every kind: a DaemonSet has no replicas to speak of, and drains leave its pods.
      return subject.object.kind === 'DaemonSet' ? 'no PodDisruptionBudget selects it (kubectl drain leaves DaemonSet pods in place)' : 'no PodDisruptionBudget selects it';
    default:
      return 'no container serves traffic or has a termination hook';
  }
}
