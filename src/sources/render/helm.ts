// Helm charts rendered with `helm template`: one render per values set (the chart's defaults,
// each ci/*-values.yaml as chart-testing does, and sets named in config or on the command line).
// Each rendered document keeps its template (`# Source:`) and a line map back into it.
import { posix } from 'node:path';
import { asRecord, asString, type InputError } from '../../manifests/objects.js';
import { buildOrigin } from '../../manifests/origin.js';
import type { SourceFile } from '../../manifests/parse.js';
import { readYamlOrUndefined } from '../../manifests/yaml-text.js';
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
  timeoutMs: number;
  /** Reads a file of the materialized copy (the template, for line maps). */
  read: (path: string) => string | undefined;
}

function firstLines(text: string, count = 6): string {
  return text.trim().split('\n').slice(0, count).join(' ⏎ ');
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
  // Split the stream per template: `# Source: <chart>/templates/x.yaml` heads each document.
  const byTemplate = new Map<string, string[]>();
  for (const document of run.stdout.split(/^---[ \t]*$/m)) {
    const source = /^# Source: ([^\n]+)$/m.exec(document)?.[1]?.trim();
    if (!source || document.replace(/^#.*$/gm, '').trim() === '') continue;
    const inChart = source.split('/').slice(1).join('/');
    const path = posix.join(chart.dir, inChart);
    byTemplate.set(path, [...(byTemplate.get(path) ?? []), document.replace(/^\n/, '')]);
  }
  const files: SourceFile[] = [];
  for (const [path, documents] of byTemplate) {
    const content = documents.join('---\n');
    const template = options.read(path);
    files.push({ path, content, origin: buildOrigin(render, content, template === undefined ? [] : [{ file: path, content: template }], path) });
  }
  return { files, errors: [], ms: run.ms };
}
