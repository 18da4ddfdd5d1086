// Kustomize overlays rendered with `kustomize build` (or `kubectl kustomize`): plugins and exec
// functions stay off and load restrictions on (the defaults). The copy that is built gets
// `buildMetadata: [originAnnotations]`, so every object says which file defined it; the
// annotation is removed again before analysis. Patches that touch an object are line-map
// candidates too, so a finding on a patched field points at the patch.
import { posix } from 'node:path';
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { asArray, asRecord, asString, type InputError } from '../../manifests/objects.js';
import { buildOrigin, type OriginSource } from '../../manifests/origin.js';
import type { SourceFile } from '../../manifests/parse.js';
import { lineOf, lineStarts } from '../../manifests/yaml-positions.js';
import { readYaml, YamlTextError, yamlOptions } from '../../manifests/yaml-text.js';
import type { TreeReader } from '../tree.js';
import type { RenderResult } from './helm.js';
import { runTool, type Tool } from './tools.js';

export const kustomizationNames = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
const kustomizationFile = /(^|\/)(kustomization\.ya?ml|Kustomization)$/;

export interface KustomizeRoot {
  kind: 'kustomize';
  dir: string;
  /** Every local file the build reads. */
  inputs: Set<string>;
  /** Kustomization directories it builds on (bases, components). */
  references: Set<string>;
  patches: string[];
  /** The kustomization file of `dir`. */
  file: string;
  /** A reference that would leave the repository or reach the network: the overlay is not built. */
  refused?: boolean;
}

export function findKustomizations(files: readonly string[]): string[] {
  return files.filter((f) => kustomizationFile.test(f)).map((f) => posix.dirname(f));
}

const remote = (entry: string) => /^[a-z]+:\/\/|^git@|github\.com\/|\?ref=/.test(entry);

/** Local paths a kustomization names, by role. */
function referencedPaths(document: Record<string, unknown>): { resources: string[]; files: string[]; patches: string[] } {
  const strings = (value: unknown) => asArray(value).filter((v): v is string => typeof v === 'string' && !v.includes('\n'));
  const resources = [...strings(document.resources), ...strings(document.bases), ...strings(document.components), ...strings(document.crds)];
  const patches: string[] = [...strings(document.patchesStrategicMerge)];
  for (const field of ['patches', 'patchesJson6902', 'replacements']) {
    for (const entry of asArray(document[field])) {
      const path = asString(asRecord(entry)?.path);
      if (path) patches.push(path);
    }
  }
  const files: string[] = [];
  for (const field of ['configMapGenerator', 'secretGenerator']) {
    for (const generator of asArray(document[field]).map(asRecord)) {
      for (const entry of [...strings(generator?.files), ...strings(generator?.envs)]) files.push(entry.includes('=') ? entry.slice(entry.indexOf('=') + 1) : entry);
      const env = asString(generator?.env);
      if (env) files.push(env);
    }
  }
  const openapi = asString(asRecord(document.openapi)?.path);
  if (openapi) files.push(openapi);
  return { resources, files, patches };
}

/**
 * Why a path a kustomization (or a chart's values set) names may not be followed, if it may not: a URL, git or remote
 * reference (renders never fetch), an absolute path, or one that climbs out of the repository.
 */
export function refusedReference(kdir: string, entry: string): string | undefined {
  if (remote(entry) || /^[a-z][a-z0-9+.-]*:/i.test(entry)) return 'a remote reference (renders never fetch anything)';
  if (posix.isAbsolute(entry)) return 'an absolute path (outside the repository)';
  const path = posix.normalize(posix.join(kdir, entry));
  if (path === '..' || path.startsWith('../')) return 'outside the repository';
  return undefined;
}

/** What a kustomization reads, following local bases and components. */
export async function kustomizeRoot(tree: TreeReader, dir: string, errors: InputError[]): Promise<KustomizeRoot> {
  const root: KustomizeRoot = { kind: 'kustomize', dir, inputs: new Set(), references: new Set(), patches: [], file: '' };
  const seen = new Set<string>();
  const visit = async (kdir: string): Promise<void> => {
    if (seen.has(kdir)) return;
    seen.add(kdir);
    const listing = await tree.files(kdir);
    const file = kustomizationNames.map((n) => posix.join(kdir, n)).find((p) => listing.includes(p));
    if (!file) return;
    if (kdir === dir) root.file = file;
    else root.references.add(kdir);
    root.inputs.add(file);
    const text = (await tree.read(file))?.toString('utf8') ?? '';
    let document: Record<string, unknown> | undefined;
    try {
      document = asRecord(readYaml(text));
    } catch (error) {
      if (!(error instanceof YamlTextError)) throw error;
      errors.push({ file, line: lineOf(lineStarts(text), error.offset), message: `invalid kustomization: ${error.message}` });
      return;
    }
    if (!document) return;
    const { resources, files, patches } = referencedPaths(document);
    const lines = text.split('\n');
    for (const entry of [...resources, ...files, ...patches]) {
      const reason = refusedReference(kdir, entry);
      if (!reason) continue;
      root.refused = true;
      const line = lines.findIndex((l) => l.includes(entry)) + 1 || 1;
      errors.push({ file, line, message: `not built: \`${entry}\` is ${reason}` });
    }
    if (root.refused) return;
    for (const entry of files) root.inputs.add(posix.normalize(posix.join(kdir, entry)));
    for (const entry of patches) {
      const path = posix.normalize(posix.join(kdir, entry));
      root.inputs.add(path);
      root.patches.push(path);
    }
    for (const entry of resources) {
      const path = posix.normalize(posix.join(kdir, entry));
      const under = listing.length > 0 ? await tree.files(path) : [];
      if (under.length === 1 && under[0] === path) root.inputs.add(path);
      else if (under.some((p) => kustomizationFile.test(p) && posix.dirname(p) === path)) await visit(path);
      else root.inputs.add(path); // missing: the build reports it
    }
  };
  await visit(dir);
  return root;
}

/**
 * Adds `originAnnotations` to a kustomization's `buildMetadata`, editing the parsed document so
 * the rest of the file (comments, order, quoting) stays as written. Throws YamlTextError on
 * invalid YAML (the build then reports it).
 */
export function withOriginAnnotations(text: string): string {
  const document = parseDocument(text, yamlOptions);
  const [error] = document.errors;
  if (error) throw new YamlTextError(error.message, error.pos[0], error.code);
  if (document.contents !== null && !isMap(document.contents)) throw new YamlTextError('a kustomization must be a mapping', document.contents.range?.[0] ?? 0);
  const current = document.get('buildMetadata', true);
  if (isSeq(current)) {
    if (!current.items.some((item) => isScalar(item) && item.value === 'originAnnotations')) current.add(document.createNode('originAnnotations'));
  } else {
    document.set('buildMetadata', document.createNode(['originAnnotations'], { flow: true }));
  }
  return document.toString({ lineWidth: 0 });
}

interface Parsed {
  text: string;
  origin?: string;
  kind?: string;
  name?: string;
}

/** Removes the origin annotation from a rendered document (and an `annotations:` left empty). */
export function stripOrigin(document: string): Parsed {
  const lines = document.split('\n');
  const at = lines.findIndex((l) => /^\s+config\.kubernetes\.io\/origin:\s*\|/.test(l));
  if (at === -1) return { text: document };
  const indent = (l: string) => l.length - l.trimStart().length;
  let end = at + 1;
  while (end < lines.length && (lines[end]?.trim() === '' || indent(lines[end] as string) > indent(lines[at] as string))) end++;
  const body = lines.slice(at + 1, end).map((l) => l.trim());
  const value = (key: string) => body.find((l) => l.startsWith(`${key}:`))?.slice(key.length + 1).trim();
  let start = at;
  const parent = lines[at - 1];
  if (parent !== undefined && /^\s*annotations:\s*$/.test(parent) && (end >= lines.length || indent(lines[end] as string) <= indent(parent))) start = at - 1;
  lines.splice(start, end - start);
  const text = lines.join('\n');
  const origin = value('path') ?? value('configuredIn');
  return { text, ...(origin ? { origin } : {}) };
}

export interface KustomizeOptions {
  tool: Tool;
  root: string;
  timeoutMs: number;
  read: (path: string) => string | undefined;
}

export function renderKustomization(k: KustomizeRoot, options: KustomizeOptions): RenderResult {
  const render = `overlay ${k.dir}`;
  const where = { file: k.file || posix.join(k.dir, 'kustomization.yaml'), line: 1 };
  const args = options.tool.argv.length > 1 ? [posix.join(options.root, k.dir)] : ['build', posix.join(options.root, k.dir)];
  const run = runTool(options.tool, args, options.root, options.timeoutMs);
  if (run.timedOut) return { files: [], errors: [{ ...where, message: `kustomize build of ${k.dir} did not finish within ${options.timeoutMs / 1000} s` }], ms: run.ms };
  if (!run.ok) {
    const text = run.stderr.trim().split('\n').slice(-4).join(' ⏎ ').replaceAll(options.root + '/', '');
    return { files: [], errors: [{ ...where, message: `kustomize build ${k.dir} failed: ${text}` }], ms: run.ms };
  }
  const byOrigin = new Map<string, string[]>();
  for (const raw of run.stdout.split(/^---[ \t]*$/m)) {
    if (raw.trim() === '') continue;
    const { text, origin } = stripOrigin(raw.replace(/^\n/, ''));
    const file = origin ? posix.normalize(posix.join(k.dir, origin)) : where.file;
    byOrigin.set(file, [...(byOrigin.get(file) ?? []), text]);
  }
  const files: SourceFile[] = [];
  const patchTexts = k.patches.map((path) => ({ file: path, content: options.read(path) ?? '' })).filter((p) => p.content !== '');
  for (const [file, documents] of byOrigin) {
    const content = documents.join('---\n');
    const names = [...content.matchAll(/^\s{2}name:\s*(\S+)\s*$/gm)].map((m) => m[1] as string);
    // Patches that name one of these objects (by its name before prefixes and suffixes).
    const patches = patchTexts.filter((p) => [...p.content.matchAll(/^\s*name:\s*(\S+)\s*$/gm)].some((m) => names.some((n) => n.includes(m[1] as string))));
    const own = options.read(file);
    const candidates: OriginSource[] = [...(own === undefined ? [] : [{ file, content: own }]), ...patches];
    files.push({ path: file, content, origin: buildOrigin(render, content, candidates, file) });
  }
  return { files, errors: [], ms: run.ms };
}
