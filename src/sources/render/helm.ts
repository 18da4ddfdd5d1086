// Helm charts rendered with `helm template`: one render per values set (the chart's defaults,
// each ci/*-values.yaml as chart-testing does, and sets named in config or on the command line).
// Each rendered document keeps its template (`# Source:`) and a line map back into it.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { builtInApiVersions } from '../../k8s/api/api-versions.js';
import { parseKubeVersion } from '../../k8s/version.js';
import { topLevelKind } from '../../manifests/document-head.js';
import { contextFreeKinds } from '../../manifests/kinds.js';
import { asRecord, asString, type InputError } from '../../manifests/objects.js';
import { buildOrigin, type MappedLine } from '../../manifests/origin.js';
import { type SourceFile, splitDocuments } from '../../manifests/parse.js';
import { readYamlOrUndefined } from '../../manifests/yaml-text.js';
import { mapByMarkers, markTemplate } from './line-markers.js';
import { runTool, type Tool } from './tools.js';

export interface ValuesSet {
  /** "default values", "values ci/hpa-values.yaml". */
  label: string;
  /** Values files, relative to the chart directory. */
  files: string[];
  set: string[];
}

export interface ChartRoot {
  kind: 'helm';
  dir: string;
  name: string;
  inputs: Set<string>;
  valuesSets: ValuesSet[];
}

const chartFile = /(^|\/)Chart\.yaml$/;

/** Charts among `files`; a chart inside another chart's charts/ is a subchart, rendered with it. */
export function findCharts(files: readonly string[]): string[] {
  const dirs = files.filter((f) => chartFile.test(f)).map((f) => posix.dirname(f));
  return dirs.filter((dir) => !dirs.some((other) => other !== dir && (other === '.' || dir.startsWith(`${other}/`))));
}

export function chartName(chartYaml: string | undefined, dir: string): string {
  return asString(asRecord(readYamlOrUndefined(chartYaml ?? ''))?.name) ?? posix.basename(dir);
}

/** A library chart (`type: library`) defines helpers for others and renders nothing on its own. */
export function isLibraryChart(chartYaml: string | undefined): boolean {
  return asString(asRecord(readYamlOrUndefined(chartYaml ?? ''))?.type) === 'library';
}

/** The chart's defaults, then each ci/*-values.yaml (chart-testing's convention), then extra sets. */
export function valuesSetsOf(dir: string, files: readonly string[], extra: readonly ValuesSet[]): ValuesSet[] {
  const ci = files
    .map((f) => (dir === '.' ? f : f.slice(dir.length + 1)))
    .filter((f) => /^ci\/[^/]+-values\.ya?ml$/.test(f))
    .sort();
  return [{ label: 'default values', files: [], set: [] }, ...ci.map((f) => ({ label: `values ${f}`, files: [f], set: [] })), ...extra];
}

export interface RenderResult {
  files: SourceFile[];
  errors: InputError[];
  ms: number;
}

export interface HelmOptions {
  tool: Tool;
  /** Where the chart was copied to (the chart is at `${root}/${chart.dir}`). */
  root: string;
  kubernetesVersion: string;
  namespace: string;
  releaseName?: string;
  /** API versions the cluster serves beyond the built-in ones: render.apiVersions and the repository's CRDs. */
  apiVersions?: readonly string[];
  timeoutMs: number;
  /** Reads a file of the materialized copy (the template, for line maps). */
  read: (path: string) => string | undefined;
}

function firstLines(text: string, count = 6): string {
  return text.trim().split('\n').slice(0, count).join(' ⏎ ');
}

/**
 * `--api-versions` for what the target cluster serves: offline, `.Capabilities.APIVersions` only
 * holds Helm's own list of group/versions (no Kinds), so a chart that asks for
 * "policy/v1/PodDisruptionBudget" would fall back to an API the cluster removed.
 */
export function apiVersionArgs(options: Pick<HelmOptions, 'kubernetesVersion' | 'apiVersions'>): string[] {
  const version = parseKubeVersion(options.kubernetesVersion);
  const all = new Set([...(version ? builtInApiVersions(version) : []), ...(options.apiVersions ?? [])]);
  // One `--api-versions=<value>` each: the value can never be read as a flag of its own.
  return [...all].map((apiVersion) => `--api-versions=${apiVersion}`);
}

export function renderChart(chart: ChartRoot, values: ValuesSet, options: HelmOptions): RenderResult {
  const render = `chart ${chart.dir} · ${values.label}`;
  const where = { file: posix.join(chart.dir, 'Chart.yaml'), line: 1 };
  const args = [
    'template',
    options.releaseName ?? chart.name,
    posix.join(options.root, chart.dir),
    '--namespace',
    options.namespace,
    '--kube-version',
    `v${options.kubernetesVersion}.0`,
    '--skip-tests',
    ...apiVersionArgs(options),
    ...values.files.flatMap((f) => ['--values', posix.join(options.root, chart.dir, f)]),
    ...values.set.flatMap((s) => ['--set', s]),
  ];
  const run = runTool(options.tool, args, options.root, options.timeoutMs);
  if (run.timedOut) {
    return { files: [], errors: [{ ...where, message: `helm template (${render}) did not finish within ${options.timeoutMs / 1000} s; raise render.timeoutSeconds in the config, or check the chart for runaway loops` }], ms: run.ms };
  }
  if (!run.ok) {
    const missing = /found in Chart\.yaml, but missing in charts\/ directory: ([^\n]+)/.exec(run.stderr);
    const message = missing
      ? `chart ${chart.dir} needs dependencies that are not vendored in charts/ (${missing[1]?.trim()}); run \`helm dependency build ${chart.dir}\` and commit charts/, the render cannot download them`
      : `helm template failed (${render}): ${firstLines(run.stderr)}`;
    return { files: [], errors: [{ ...where, message }], ms: run.ms };
  }
  const rendered = byTemplate(chart, run.stdout);
  const marked = markedRender(chart, args, options, rendered);
  const files: SourceFile[] = [];
  for (const [path, content] of rendered) {
    const template = options.read(path);
    const aligned = buildOrigin(render, content, template === undefined ? [] : [{ file: path, content: template }], path);
    const markedOutput = marked?.output.get(path);
    // Both maps are built on the first lookup (a finding to place), like the alignment itself.
    let byMarkers: { lines?: (MappedLine | undefined)[] } | undefined;
    const markerLine = (line: number) => {
      byMarkers ??= { lines: markedOutput !== undefined && marked ? mapByMarkers(content, markedOutput, marked.templates) : undefined };
      return byMarkers.lines?.[line - 1];
    };
    const origin = { ...aligned, map: (line: number) => markerLine(line) ?? aligned.map(line) };
    files.push({ path, content, origin });
  }
  return { files, errors: [], ms: run.ms + (marked?.ms ?? 0) };
}

/** The rendered stream per template (`# Source: <chart>/templates/x.yaml` heads each document). */
function byTemplate(chart: ChartRoot, stdout: string): Map<string, string> {
  const documents = new Map<string, string[]>();
  for (const document of stdout.split(/^---[ \t]*$/m)) {
    const source = /^# Source: ([^\n]+)$/m.exec(document)?.[1]?.trim();
    if (!source || document.replace(/^#.*$/gm, '').trim() === '') continue;
    const path = posix.join(chart.dir, source.split('/').slice(1).join('/'));
    documents.set(path, [...(documents.get(path) ?? []), document.replace(/^\n/, '')]);
  }
  return new Map([...documents].map(([path, list]) => [path, list.join('---\n')]));
}

const templateFile = /(^|\/)templates\/.+\.(ya?ml|tpl)$/;

/**
 * Helm trims the whitespace around each template's output; a marker there (the `{{- if }}` that
 * opens a template) survives as a line of its own, which the plain render does not have.
 */
function withoutEdgeMarkers(stdout: string): string {
  return stdout
    .split(/^(?=---[ \t]*$)/m)
    .map((document) => {
      const lines = document.split('\n');
      const markerOnly = (line: string | undefined) => line !== undefined && /^\s*(#tg@\d+:\d+\s*)+$/.test(line);
      const start = lines.findIndex((line) => line.startsWith('# Source: ')) + 1;
      while (start > 0 && markerOnly(lines[start])) lines.splice(start, 1);
      let end = lines.length - 1;
      while (end >= 0 && (lines[end] === '' || markerOnly(lines[end]))) {
        if (markerOnly(lines[end])) lines.splice(end, 1);
        end--;
      }
      return lines.join('\n');
    })
    .join('');
}

/**
 * Whether a template can be left out of the marked render: it defines no named template others
 * include, and its plain output is nothing or only kinds no rule reports on (CRDs, RBAC…). No
 * finding is ever placed on its lines, and its size (an operator's CRDs: tens of thousands of
 * lines) would otherwise be rendered a second time.
 */
export function onlyInert(template: string, output: string | undefined): boolean {
  if (/\{\{-?\s*(define|block)\b/.test(template)) return false;
  if (output === undefined) return true;
  return splitDocuments(output).every((chunk) => {
    if (!/^[^#\s-]/m.test(chunk.text.replace(/^---.*$/m, ''))) return true; // comments only
    const kind = topLevelKind(chunk.text);
    return kind !== undefined && contextFreeKinds.has(kind);
  });
}

/**
 * The same render from a copy whose template lines carry their file and line (line-markers.ts),
 * so each rendered line maps through the branch that produced it. Undefined when that render
 * fails (markers inside a value some function parses): text alignment alone then.
 */
function markedRender(
  chart: ChartRoot,
  args: readonly string[],
  options: HelmOptions,
  rendered: ReadonlyMap<string, string>,
): { output: Map<string, string>; templates: { file: string; content: string }[]; ms: number } | undefined {
  const templates = [...chart.inputs].filter((path) => templateFile.test(path)).sort();
  const contents = templates.map((file) => ({ file, content: options.read(file) ?? '' }));
  const copy = mkdtempSync(join(tmpdir(), 'tg-marked-'));
  try {
    for (const path of chart.inputs) {
      const from = join(options.root, path);
      const to = join(copy, path);
      if (!existsSync(from)) continue;
      mkdirSync(dirname(to), { recursive: true });
      const index = templates.indexOf(path);
      if (index >= 0) writeFileSync(to, onlyInert(contents[index]?.content ?? '', rendered.get(path)) ? '' : markTemplate(contents[index]?.content ?? '', index));
      else copyFileSync(from, to);
    }
    const chartPath = posix.join(options.root, chart.dir);
    const run = runTool(options.tool, args.map((arg) => (arg === chartPath ? posix.join(copy, chart.dir) : arg)), copy, options.timeoutMs);
    return run.ok ? { output: byTemplate(chart, withoutEdgeMarkers(run.stdout)), templates: contents, ms: run.ms } : undefined;
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}
