// Suppressions written on the objects themselves: our annotation (reason required), and the
// kube-linter / kube-score annotations where their check means the same as ours.
import { locate } from '../manifests/locate.js';
import type { InputError, KubeObject } from '../manifests/objects.js';
import { asRecord, asStringMap } from '../manifests/objects.js';
import { findRule, ruleMetas } from '../rules/index.js';

export const ignoreAnnotation = 'termination-guard.io/ignore';

export interface Suppression {
  ruleId: string;
  reason: string;
  /** Which annotation said so. */
  source: string;
}

export function suppressionsOf(object: KubeObject): { suppressions: Suppression[]; errors: InputError[] } {
  const annotations = asStringMap(asRecord(object.raw.metadata)?.annotations);
  const suppressions: Suppression[] = [];
  const errors: InputError[] = [];
  const own = annotations[ignoreAnnotation];
  if (own !== undefined) {
    const { file, line } = locate(object.source, ['metadata', 'annotations', ignoreAnnotation]);
    // Entries are separated by newlines, or by `;`/`,` right before the next `<layer>/<rule>=`.
    const entries = own.split(/\n|[;,]\s*(?=(?:pod|runtime|node|cluster)\/[\w-]+\s*=)/);
    for (const entry of entries.map((e) => e.trim()).filter(Boolean)) {
      const separator = entry.indexOf('=');
      const ruleId = (separator === -1 ? entry : entry.slice(0, separator)).trim();
      const reason = separator === -1 ? '' : entry.slice(separator + 1).trim();
      if (!findRule(ruleId)) {
        errors.push({ file, line, message: `${ignoreAnnotation}: unknown rule "${ruleId}"` });
      } else if (!reason) {
        errors.push({ file, line, message: `${ignoreAnnotation}: "${ruleId}" needs a reason ("${ruleId}=<why this is safe>"); the finding is kept` });
      } else {
        suppressions.push({ ruleId, reason, source: ignoreAnnotation });
      }
    }
  }
  for (const [key, value] of Object.entries(annotations)) {
    const check = /^ignore-check\.kube-linter\.io\/(.+)$/.exec(key)?.[1];
    if (!check) continue;
    for (const meta of ruleMetas) {
      if (meta.equivalents?.kubeLinter?.includes(check)) {
        suppressions.push({ ruleId: meta.id, reason: value || `kube-linter ${check} ignored`, source: key });
      }
    }
  }
  const kubeScore = annotations['kube-score/ignore'];
  if (kubeScore) {
    for (const check of kubeScore.split(',').map((c) => c.trim())) {
      for (const meta of ruleMetas) {
        if (meta.equivalents?.kubeScore?.includes(check)) {
          suppressions.push({ ruleId: meta.id, reason: `kube-score ${check} ignored`, source: 'kube-score/ignore' });
        }
      }
    }
  }
  return { suppressions, errors };
}
