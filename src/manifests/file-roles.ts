// Not every YAML file in a repository is a manifest: Helm templates need rendering, Kustomize
// patches are partial objects. This sorts a file list (pure: it reads the given contents only)
// so that plain analysis never reports a patch as a broken Deployment, and says what it left out.
import { posix } from 'node:path';
import { asArray, asRecord, asString } from './objects.js';
import type { SourceFile } from './parse.js';
import { readYamlOrUndefined } from './yaml-text.js';

export interface FileClassification {
  manifests: SourceFile[];
  /** What was left out and why, one line per chart/overlay. */
  notices: string[];
}

const kustomizationName = /(^|\/)(kustomization\.ya?ml|Kustomization)$/;

/** Files worth reading as manifests (by name or path): YAML, JSON, and Kustomize's bare name. */
export function isManifestFile(path: string): boolean {
  return /\.(ya?ml|json)$|(^|\/)Kustomization$/i.test(path);
}

export function classifyFiles(files: readonly SourceFile[]): FileClassification {
  const chartDirs = files.filter((f) => /(^|\/)Chart\.ya?ml$/.test(f.path)).map((f) => posix.dirname(f.path));
  const chartOf = (path: string) =>
    chartDirs.filter((dir) => dir === '.' || path.startsWith(`${dir}/`)).sort((a, b) => b.length - a.length)[0];

  const patches = new Map<string, string>();
  const kustomizations: { dir: string; patches: number }[] = [];
  for (const file of files) {
    if (!kustomizationName.test(file.path)) continue;
    const dir = posix.dirname(file.path);
    let count = 0;
    for (const patch of patchPaths(file.content)) {
      patches.set(posix.normalize(posix.join(dir, patch)), dir);
      count++;
    }
    kustomizations.push({ dir, patches: count });
  }

  const manifests: SourceFile[] = [];
  const templatesPerChart = new Map<string, number>();
  for (const file of files) {
    // Rendered output is what a chart or overlay produces: always analysed.
    if (file.origin) {
      manifests.push(file);
      continue;
    }
    if (kustomizationName.test(file.path) || patches.has(posix.normalize(file.path))) continue;
    const chart = chartOf(file.path);
    if (chart !== undefined) {
      const relative = chart === '.' ? file.path : file.path.slice(chart.length + 1);
      if (/^(templates|charts)\//.test(relative)) templatesPerChart.set(chart, (templatesPerChart.get(chart) ?? 0) + 1);
      // Chart.yaml, values files, ci/*-values.yaml and templates are not manifests.
      continue;
    }
    manifests.push(file);
  }
  const notices: string[] = [];
  for (const [chart, count] of [...templatesPerChart].sort()) {
    notices.push(`Helm chart ${chart}: ${count} template file${count === 1 ? '' : 's'} not rendered (rendering is off or the chart is outside the rendered paths)`);
  }
  for (const { dir, patches: count } of kustomizations.sort((a, b) => a.dir.localeCompare(b.dir))) {
    if (count > 0) notices.push(`Kustomize ${dir}: ${count} patch file${count === 1 ? '' : 's'} not applied (plain files are analysed as written; render with \`kubectl kustomize\` to see the patched objects)`);
  }
  return { manifests, notices };
}

function patchPaths(content: string): string[] {
  const document = asRecord(readYamlOrUndefined(content));
  if (!document) return [];
  const paths: string[] = [];
  for (const entry of asArray(document.patchesStrategicMerge)) {
    if (typeof entry === 'string' && !entry.includes('\n')) paths.push(entry);
  }
  for (const field of ['patches', 'patchesJson6902']) {
    for (const entry of asArray(document[field])) {
      const path = asString(asRecord(entry)?.path);
      if (path) paths.push(path);
    }
  }
  return paths;
}
