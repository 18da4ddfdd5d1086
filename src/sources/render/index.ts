// Charts and overlays as sources: find them in a tree, copy each one's inputs out of the tree,
// render it, and hand back rendered files with their origins. Everything a render reads is
// "consumed": it is not analysed again as a plain manifest.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { crdApiVersions } from '../../k8s/api/crd-versions.js';
import type { InputError } from '../../manifests/objects.js';
import type { SourceFile } from '../../manifests/parse.js';
import { materialize, removeDir, type TreeReader } from '../tree.js';
import { type ChartRoot, chartName, findCharts, isLibraryChart, renderChart, type ValuesSet, valuesSetsOf } from './helm.js';
import { findKustomizations, type KustomizeRoot, kustomizeRoot, refusedReference, renderKustomization, withOriginAnnotations } from './kustomize.js';
import { findTool, type Tool } from './tools.js';

export type RenderRoot = ChartRoot | KustomizeRoot;

export interface RenderSettings {
  kubernetesVersion: string;
  namespace: string;
  timeoutSeconds: number;
  releaseName?: string;
  /** API versions the cluster serves beyond the built-in ones (render.apiVersions; treeSources adds the tree's CRDs). */
  apiVersions?: string[];
  /** Chart directory → extra values sets (each a list of values files relative to the chart). */
  values: Record<string, string[][]>;
  /** CLI --values/--set: replace the chart's own values sets with this one. */
  only?: { files: string[]; set: string[] };
  /** Told after each render ("rendered 3 of 12: chart charts/api · values ci/a-values.yaml"): progress for a terminal. */
  progress?: (message: string) => void;
}

export interface Discovery {
  roots: RenderRoot[];
  /** Every file some chart or overlay reads. */
  consumed: Set<string>;
  errors: InputError[];
}

/**
 * Charts and top-level overlays under `scopes`. A kustomization another one builds on (a base,
 * a component) is rendered only through it, as it is deployed.
 */
export async function discover(tree: TreeReader, scopes: readonly string[], settings: RenderSettings): Promise<Discovery> {
  const errors: InputError[] = [];
  const files = (await Promise.all(scopes.map((s) => tree.files(s)))).flat();
  const roots: RenderRoot[] = [];
  const consumed = new Set<string>();
  for (const dir of findCharts(files)) {
    const chartFiles = await tree.files(dir);
    const chartYaml = (await tree.read(posix.join(dir, 'Chart.yaml')))?.toString('utf8');
    if (isLibraryChart(chartYaml)) {
      // helm refuses to render it ("library charts are not installable"); its parents render it.
      for (const f of chartFiles) consumed.add(f);
      continue;
    }
    const name = chartName(chartYaml, dir);
    const extra: ValuesSet[] = (settings.values[dir] ?? []).map((list) => ({ label: `values ${list.join(', ')}`, files: list, set: [] }));
    const valuesSets = settings.only ? [{ label: `values ${[...settings.only.files, ...settings.only.set.map((s) => `--set ${s}`)].join(', ') || 'defaults'}`, files: settings.only.files, set: settings.only.set }] : valuesSetsOf(dir, chartFiles, extra);
    // Values files are read from the copy like the chart: inside the repository only, and copied
    // with it (a path that climbs out would reach the runner's own files from the copy).
    const inputs = new Set(chartFiles);
    const confinedSets = valuesSets.filter((set) => {
      const outside = set.files.map((f) => ({ f, reason: refusedReference(dir, f) })).find((r) => r.reason !== undefined);
      if (outside !== undefined) {
        errors.push({ file: posix.join(dir, 'Chart.yaml'), line: 1, message: `not rendered with ${set.label}: \`${outside.f}\` is ${outside.reason}` });
        return false;
      }
      for (const f of set.files) inputs.add(posix.normalize(posix.join(dir, f)));
      return true;
    });
    // helm validates values against values.schema.json and follows its $refs, over the network or
    // to local files by file:// URLs: a schema that refers outside itself is not rendered.
    const schemaRefs = await externalSchemaRefs(tree, chartFiles);
    if (schemaRefs) {
      errors.push({ file: schemaRefs.file, line: schemaRefs.line, message: `chart not rendered: the values schema refers to \`${schemaRefs.ref}\`, outside itself (renders never fetch anything)` });
      for (const f of chartFiles) consumed.add(f);
      continue;
    }
    roots.push({ kind: 'helm', dir, name, inputs, valuesSets: confinedSets });
    for (const f of chartFiles) consumed.add(f);
  }
  const charts = new Set(roots.map((r) => r.dir));
  const kustomizations: KustomizeRoot[] = [];
  for (const dir of [...new Set(findKustomizations(files))].sort()) {
    if ([...charts].some((c) => dir === c || dir.startsWith(`${c}/`))) continue;
    kustomizations.push(await kustomizeRoot(tree, dir, errors));
  }
  const referenced = new Set(kustomizations.flatMap((k) => [...k.references]));
  for (const k of kustomizations) {
    for (const f of k.inputs) consumed.add(f);
    if (!referenced.has(k.dir)) roots.push(k);
  }
  return { roots, consumed, errors };
}

/** The first `$ref` of a chart's (or subchart's) values schema that is not a fragment of the schema itself. */
async function externalSchemaRefs(tree: TreeReader, chartFiles: readonly string[]): Promise<{ file: string; line: number; ref: string } | undefined> {
  for (const file of chartFiles.filter((f) => posix.basename(f) === 'values.schema.json')) {
    const lines = ((await tree.read(file))?.toString('utf8') ?? '').split('\n');
    for (const [index, line] of lines.entries()) {
      for (const match of line.matchAll(/"\$(?:ref|dynamicRef|recursiveRef)"\s*:\s*"([^"]*)"/g)) {
        const ref = match[1] as string;
        if (!ref.startsWith('#')) return { file, line: index + 1, ref };
      }
    }
  }
  return undefined;
}

export interface Rendered {
  files: SourceFile[];
  errors: InputError[];
  /** One line per render with its time, for logs and the closing note. */
  timings: string[];
}

function missingTool(name: string, root: RenderRoot): InputError {
  const file = root.kind === 'helm' ? posix.join(root.dir, 'Chart.yaml') : root.file;
  const install =
    name === 'helm'
      ? 'install Helm 3 (on GitHub runners it is preinstalled; locally `npm run setup-tools` builds it), or set TG_HELM to its path'
      : 'install kustomize or kubectl (preinstalled on GitHub runners; locally `npm run setup-tools` builds kustomize), or set TG_KUSTOMIZE';
  return { file, line: 1, message: `${root.kind === 'helm' ? `chart ${root.dir}` : `overlay ${root.dir}`} was not rendered: \`${name}\` is not available; ${install}` };
}

/** Renders `roots` from `tree` (each from its own temporary copy). */
export async function renderRoots(tree: TreeReader, roots: readonly RenderRoot[], settings: RenderSettings): Promise<Rendered> {
  const out: Rendered = { files: [], errors: [], timings: [] };
  const tools = new Map<string, Tool | undefined>();
  const tool = (name: 'helm' | 'kustomize') => {
    if (!tools.has(name)) tools.set(name, findTool(name));
    return tools.get(name);
  };
  const renderable = roots.filter((root) => !(root.kind === 'kustomize' && root.refused));
  const total = renderable.reduce((sum, root) => sum + (root.kind === 'helm' ? root.valuesSets.length : 1), 0);
  let done = 0;
  const rendered = (label: string) => settings.progress?.(`rendered ${++done} of ${total}: ${label}`);
  for (const root of roots) {
    if (root.kind === 'kustomize' && root.refused) continue; // its references were refused at discovery
    const helm = root.kind === 'helm' ? tool('helm') : undefined;
    const kustomize = root.kind === 'kustomize' ? tool('kustomize') : undefined;
    if (!helm && !kustomize) {
      out.errors.push(missingTool(root.kind === 'helm' ? 'helm' : 'kustomize', root));
      continue;
    }
    const copy = mkdtempSync(join(tmpdir(), 'tg-render-'));
    try {
      // Each input is read once: copied for the tool, and kept as text for the line maps.
      const copied = await materialize(tree, root.inputs, copy);
      const read = (path: string) => copied.get(path)?.toString('utf8');
      const timeoutMs = settings.timeoutSeconds * 1000;
      if (root.kind === 'helm' && helm) {
        for (const values of root.valuesSets) {
          const result = renderChart(root, values, { tool: helm, root: copy, kubernetesVersion: settings.kubernetesVersion, namespace: settings.namespace, timeoutMs, read, apiVersions: settings.apiVersions ?? [], ...(settings.releaseName ? { releaseName: settings.releaseName } : {}) });
          out.files.push(...result.files);
          out.errors.push(...result.errors);
          out.timings.push(`chart ${root.dir} · ${values.label}: ${Math.round(result.ms)} ms, ${result.files.length} templates (${tree.label})`);
          rendered(`chart ${root.dir} · ${values.label}`);
        }
      } else if (root.kind === 'kustomize' && kustomize) {
        const original = read(root.file);
        if (original !== undefined) {
          try {
            writeFileSync(join(copy, root.file), withOriginAnnotations(original));
          } catch {
            // an invalid kustomization: the build reports it
          }
        }
        const result = renderKustomization(root, { tool: kustomize, root: copy, timeoutMs, read });
        out.files.push(...result.files);
        out.errors.push(...result.errors);
        out.timings.push(`overlay ${root.dir}: ${Math.round(result.ms)} ms, ${result.files.length} source files (${tree.label})`);
        rendered(`overlay ${root.dir}`);
      }
    } finally {
      removeDir(copy);
    }
  }
  return out;
}

/** Roots whose inputs include a changed path (a changed chart or overlay re-renders). */
export function touchedRoots(roots: readonly RenderRoot[], changed: ReadonlySet<string>): RenderRoot[] {
  return roots.filter((root) => [...changed].some((path) => root.inputs.has(path) || (root.kind === 'helm' && (root.dir === '.' || path.startsWith(`${root.dir}/`)))));
}

export interface TreeSources {
  files: SourceFile[];
  errors: InputError[];
  timings: string[];
}

/** One tree's analysis input: its plain manifests, minus what charts and overlays read, plus their renders. */
export async function treeSources(
  tree: TreeReader,
  scopes: readonly string[],
  settings: RenderSettings & { enabled: boolean },
  plain: { files: SourceFile[]; errors: InputError[] },
  select: (roots: RenderRoot[]) => RenderRoot[] = (roots) => roots,
): Promise<TreeSources & { discovery: Discovery }> {
  if (!settings.enabled) return { ...plain, timings: [], discovery: { roots: [], consumed: new Set(), errors: [] } };
  const discovery = await discover(tree, scopes, settings);
  const roots = select(discovery.roots);
  // The CRDs the repository defines are installed with it: charts render as on a cluster that has them.
  const apiVersions = roots.some((root) => root.kind === 'helm') ? [...(settings.apiVersions ?? []), ...crdApiVersions(plain.files)] : [];
  const rendered = await renderRoots(tree, roots, { ...settings, apiVersions });
  return {
    files: [...plain.files.filter((f) => !discovery.consumed.has(f.path)), ...rendered.files],
    errors: [...plain.errors, ...discovery.errors, ...rendered.errors],
    timings: rendered.timings,
    discovery,
  };
}

/**
 * Both trees of a change. Charts and overlays re-render only when one of their inputs changed
 * (in either tree); the others produce the same objects on both sides and are left out.
 */
export async function changeSources(
  trees: { head: TreeReader; base: TreeReader },
  changedPaths: ReadonlySet<string>,
  scopes: readonly string[],
  settings: RenderSettings & { enabled: boolean },
  plain: { head: { files: SourceFile[]; errors: InputError[] }; base: () => Promise<SourceFile[]> },
): Promise<{ head: TreeSources; base: TreeSources; rendered: string[]; renderedDirs: string[]; consumed: Set<string> }> {
  const select = (roots: RenderRoot[]) => touchedRoots(roots, changedPaths);
  const head = await treeSources(trees.head, scopes, settings, plain.head, select);
  const base = await treeSources(trees.base, scopes, settings, { files: await plain.base(), errors: [] }, select);
  const roots = [...select(head.discovery.roots), ...select(base.discovery.roots)];
  const rendered = [...new Set(roots.map((r) => `${r.kind === 'helm' ? 'chart' : 'overlay'} ${r.dir}`))];
  return { head, base, rendered, renderedDirs: [...new Set(roots.map((r) => r.dir))], consumed: new Set([...head.discovery.consumed, ...base.discovery.consumed]) };
}
