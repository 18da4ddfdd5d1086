// Findings grouped the way people read them: per object, then per layer.
import { type AnalysisResult, type Finding, rendersOf, severityRank, type Subject, type SuppressedFinding } from '../analysis/engine.js';
import { identityKey } from '../manifests/objects.js';
import { type Layer, layers } from '../rules/types.js';
import type { DrillResult } from '../measure/drill.js';

// Plain variants of one object live in different files; a rendered object is one per render,
// and its findings may point at other files (patches) than its definition. A finding or subject
// merged over several renders (values sets) has a key per render.
const keysOf = (item: { object: Finding['object']; file: string; render?: string; renders?: readonly string[] }) => {
  const renders = rendersOf(item);
  return renders.length > 0 ? renders.map((render) => identityKey(item.object, render)) : [`${identityKey(item.object)}|${item.file}`];
};

/** Items by key, each under every key it has. */
function byKey<T extends Parameters<typeof keysOf>[0]>(items: readonly T[]): (subject: Subject) => T[] {
  const map = new Map<string, T[]>();
  const order = new Map<T, number>();
  items.forEach((item, i) => {
    order.set(item, i);
    for (const key of keysOf(item)) {
      const list = map.get(key);
      if (list) list.push(item);
      else map.set(key, [item]);
    }
  });
  // A subject gets the items of any of its renders, each once, in their order.
  return (subject) => {
    const keys = keysOf(subject);
    if (keys.length === 1) return map.get(keys[0] as string) ?? [];
    return [...new Set(keys.flatMap((key) => map.get(key) ?? []))].sort((x, y) => (order.get(x) as number) - (order.get(y) as number));
  };
}

export interface SubjectGroup {
  subject: Subject;
  findings: Finding[];
  suppressed: SuppressedFinding[];
  byLayer: { layer: Layer; findings: Finding[]; passed: string[]; applicable: number }[];
  /** The SIGTERM drill's measurements of this object's containers. */
  drill: DrillResult[];
  /**
   * Findings an earlier group lists too: one merged over renders whose objects differ elsewhere
   * (one values set adds a sidecar, say) belongs to each of them but is told in full only once.
   */
  shownAbove: ReadonlySet<Finding>;
}


export function groupBySubject(result: AnalysisResult): SubjectGroup[] {
  const findingsOf = byKey(result.findings);
  const suppressedOf = byKey<SuppressedFinding>(result.suppressed);
  const drillOf = byKey<DrillResult>(result.drill ?? []);
  const shown = new Set<Finding>();
  return result.subjects.map((subject) => {
    const own = findingsOf(subject);
    const shownAbove = new Set(own.filter((f) => shown.has(f)));
    for (const finding of own) shown.add(finding);
    return {
      subject,
      shownAbove,
      drill: drillOf(subject),
      findings: own,
      suppressed: suppressedOf(subject),
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
