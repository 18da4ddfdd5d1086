// The pure core: files in, findings and a per-workload checklist out. No I/O, no clock.
import { type GraceFacts, graceOf, preStopOf, servingOf } from '../k8s/pod.js';
import { analyzeImagePid1, analyzePid1, describeStays, type Pid1Analysis } from '../k8s/pid1.js';
import { describeReplicas, replicasOf } from '../k8s/strategy.js';
import { defaultKubernetesVersion, formatKubeVersion, type KubeVersion, parseKubeVersion } from '../k8s/version.js';
import { classifyFiles } from '../manifests/file-roles.js';
import { locate } from '../manifests/locate.js';
import { buildIndex, type ObjectIndex, type PdbView, pdbViewOf } from '../manifests/object-index.js';
import type { InputError, KubeObject, Location, ObjectRef } from '../manifests/objects.js';
import { getPath, refKey } from '../manifests/objects.js';
import { defaultParseLimits, type ParseLimits, parseManifestFile, type SourceFile } from '../manifests/parse.js';
import { formatSelector } from '../manifests/selectors.js';
import type { ContainerView, Workload } from '../manifests/workloads.js';
import { docsUrl, rules } from '../rules/index.js';
import type { CheckResult, Fix, Hit, Layer, RuleContext, RuleMeta, Severity } from '../rules/types.js';
import { buildsFromConfig } from '../images/build-map.js';
import { type DockerfileEntry, ImageCatalog, type ImageInputs } from '../images/evidence.js';
import type { DrillResult } from '../measure/drill.js';
import { type DrillPlan, drillPlans } from '../measure/plan.js';
import type { SmokeRun } from '../measure/smoke.js';
import { type SmokePlan, smokePlan } from '../measure/smoke-plan.js';
import { type Config, defaultConfig, defaultConfigPath } from './config.js';
import { pathsFilter } from './paths-filter.js';
import { fnv1a } from './hash.js';
import { type Suppression, suppressionsOf } from './suppressions.js';
import { combineFixes, findingKey } from './fix-combination.js';
import { buildWorkload } from '../manifests/workloads.js';

export interface FixEditLocated {
  path: readonly (string | number)[];
  value: unknown;
  /** Where the edit lands: the field itself when `exact`, else its deepest existing ancestor. */
  location: Location & { exact: boolean; resolvedDepth: number };
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  layer: Layer;
  /** Full sentence naming the object (and container). */
  message: string;
  /** The same without the object, for renderers that group by object. */
  detail: string;
  object: ObjectRef;
  container?: string;
  file: string;
  line: number;
  endLine: number;
  remediation: string;
  docsUrl: string;
  fix?: { summary: string; edits: FixEditLocated[] };
  evidence?: Record<string, string>;
  /** Set in the PR view: whether the change introduced the finding. */
  status?: 'new' | 'existing' | 'fixed';
  /** For rendered objects: which render (chart values set, overlay) it comes from — the first of `renders`. */
  render?: string;
  /**
   * For rendered objects: every render it occurs in, in render order. The same finding (rule,
   * object, source line, message, fix) from several values sets of one chart is one finding.
   */
  renders?: string[];
  /** A text fix for files that are not YAML (Dockerfiles): lines from..to become `text`. */
  replacement?: { from: number; to: number; text: string; summary: string };
}

export interface SuppressedFinding extends Finding {
  suppression: Suppression;
}

export type CheckStatus = 'pass' | 'fail' | 'suppressed';

export interface CheckOutcome {
  ruleId: string;
  layer: Layer;
  title: string;
  status: CheckStatus;
  /** Worst severity among its findings (for ❌ vs ⚠️). */
  severity?: Severity;
}

/** Facts shown in the checklist next to each layer. */
export interface SubjectFacts {
  grace?: string;
  replicas?: string;
  containers?: { name: string; role: string; preStop: string; pid1: string; traffic: string; readiness: string; image: string }[];
  selector?: string;
  /** Dockerfiles: the final image's base, PID 1 and stop signal; who runs it. */
  image?: { base: string; pid1: string; stopSignal: string; usedBy: string };
}

export interface Subject {
  object: ObjectRef;
  /** The first of `renders`. */
  render?: string;
  /** Every render whose object has exactly these facts and check outcomes (see Finding.renders). */
  renders?: string[];
  kind: 'workload' | 'pdb' | 'dockerfile';
  file: string;
  line: number;
  /** Pod label selector, for kubectl commands. */
  selector: string;
  facts: SubjectFacts;
  checks: CheckOutcome[];
}

export interface ObjectDigest {
  ref: ObjectRef;
  render?: string;
  file: string;
  /** Content fingerprint, to tell changed objects from unchanged ones between two trees. */
  digest: string;
}

export interface AnalysisResult {
  kubernetesVersion: string;
  /** Present when analysed with `digests: true`. */
  objects?: ObjectDigest[];
  findings: Finding[];
  suppressed: SuppressedFinding[];
  errors: InputError[];
  /** Inputs deliberately not analysed (unrendered charts, patches), one line each. */
  notices: string[];
  /** The PR view: what the change was compared with, and the findings it removed. */
  comparison?: { base: string; changedObjects: number; fixed: Finding[] };
  subjects: Subject[];
  stats: { files: number; objects: number; workloads: number; skippedDocuments: number; dockerfiles?: number };
  /** With `drillPlans: true`: what the SIGTERM drill would run, per main container. */
  drillPlans?: DrillPlan[];
  /** The SIGTERM drill's measurements (the `drill` option). */
  drill?: DrillResult[];
  /** With `smokePlans: true`: what the rollout smoke test would apply and probe, per workload. */
  smokePlans?: SmokePlan[];
  /** The rollout smoke test's measurements. */
  smoke?: SmokeRun;
}

export interface AnalysisOptions {
  config?: Config;
  limits?: ParseLimits;
  /** Compute per-object content digests (for base ↔ head comparison). */
  digests?: boolean;
  /** Dockerfiles, build descriptors and registry configs: what the images run. */
  images?: ImageInputs;
  /** Also derive the SIGTERM drill's plans (result.drillPlans). */
  drillPlans?: boolean;
  /** Also derive the rollout smoke test's plans (result.smokePlans). */
  smokePlans?: boolean;
}

export const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function worstSeverity(severities: Iterable<Severity>): Severity | undefined {
  let worst: Severity | undefined;
  for (const severity of severities) if (worst === undefined || severityRank[severity] < severityRank[worst]) worst = severity;
  return worst;
}

/** The files analyze() parses as manifests (ignorePaths left out, values files and workflows set aside), with the notices about them. */
export function manifestFilesOf(files: readonly SourceFile[], config: Pick<Config, 'ignorePaths'>, ignored = pathsFilter(config.ignorePaths)) {
  return classifyFiles(files.filter((file) => !ignored.ignores(file.path)));
}

export function analyze(files: readonly SourceFile[], options: AnalysisOptions = {}): AnalysisResult {
  const config = options.config ?? defaultConfig;
  const version: KubeVersion = parseKubeVersion(config.kubernetesVersion) ?? (parseKubeVersion(defaultKubernetesVersion) as KubeVersion);
  const errors: InputError[] = [];
  const objects: KubeObject[] = [];
  let skippedDocuments = 0;
  const ignored = pathsFilter(config.ignorePaths);
  const { manifests: analysedFiles, notices } = manifestFilesOf(files, config, ignored);
  for (const file of analysedFiles) {
    const parsed = parseManifestFile(file, options.limits ?? defaultParseLimits);
    objects.push(...parsed.objects);
    errors.push(...parsed.errors);
    skippedDocuments += parsed.skippedDocuments;
  }
  const catalog = new ImageCatalog(options.images && { ...options.images, builds: [...(options.images.builds ?? []), ...buildsFromConfig(config.images, config.file ?? defaultConfigPath)] });
  errors.push(...catalog.errors);
  notices.push(...catalog.notices);
  const index = buildIndex(objects, catalog);
  const context: RuleContext = { version, index };
  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const subjects: Subject[] = [];
  const drillPlanList: DrillPlan[] | undefined = options.drillPlans ? [] : undefined;
  const smokePlanList: SmokePlan[] | undefined = options.smokePlans ? [] : undefined;
  const suppressionCache = new Map<KubeObject, Suppression[]>();
  const suppressionsFor = (object: KubeObject) => {
    let list = suppressionCache.get(object);
    if (!list) {
      const result = suppressionsOf(object);
      errors.push(...result.errors);
      list = result.suppressions;
      suppressionCache.set(object, list);
    }
    return list;
  };

  const evaluate = (meta: RuleMeta, target: Target, result: CheckResult, checks: CheckOutcome[]) => {
    if (result === null) return;
    const level = config.rules[meta.id];
    if (level === 'off') return;
    const produced: Finding[] = result.map((hit) => toFinding(meta, target, hit, level));
    const suppression = target.object ? suppressionsFor(target.object).find((s) => s.ruleId === meta.id) : undefined;
    if (suppression) {
      for (const finding of produced) suppressed.push({ ...finding, suppression });
      checks.push({ ruleId: meta.id, layer: meta.layer, title: meta.title, status: produced.length > 0 ? 'suppressed' : 'pass' });
      return;
    }
    findings.push(...produced);
    const severity = worstSeverity(produced.map((f) => f.severity));
    checks.push({
      ruleId: meta.id,
      layer: meta.layer,
      title: meta.title,
      status: produced.length > 0 ? 'fail' : 'pass',
      ...(severity ? { severity } : {}),
    });
  };

  // The fixed object analysed again, as the engine would (rules turned off and suppressed ones do not count).
  const keysOf = (object: KubeObject) => {
    const keys = new Map<string, Severity>();
    const prior: { ruleId: string; severity: Severity }[] = [];
    const add = (meta: RuleMeta, result: CheckResult) => {
      const level = config.rules[meta.id];
      if (!result || level === 'off' || suppressionsFor(object).some((s) => s.ruleId === meta.id)) return;
      for (const hit of result) {
        const severity = level ?? hit.severity ?? meta.severity;
        const key = findingKey({ ruleId: meta.id, ...(hit.container ? { container: hit.container } : {}) });
        if (keys.get(key) === undefined || severityRank[severity] < severityRank[keys.get(key) as Severity]) keys.set(key, severity);
        prior.push({ ruleId: meta.id, severity });
      }
    };
    return { keys, prior, add };
  };
  const reanalyseWorkload = (original: Workload, raw: Record<string, unknown>): Map<string, Severity> | undefined => {
    const { object } = original;
    const built = buildWorkload(withRaw(object, raw));
    if (!built) return undefined;
    const fixed = withUnchangedContainers(original, built, index);
    const { keys, prior, add } = keysOf(object);
    for (const rule of rules) if (rule.target === 'workload') add(rule.meta, rule.check(fixed, context));
    const before = [...prior];
    for (const rule of rules) if (rule.target === 'followup') add(rule.meta, rule.check(fixed, context, before));
    return keys;
  };
  const reanalysePdb = (object: KubeObject, raw: Record<string, unknown>): Map<string, Severity> | undefined => {
    const fixed = pdbViewOf(withRaw(object, raw));
    const { keys, add } = keysOf(object);
    for (const rule of rules) if (rule.target === 'pdb') add(rule.meta, rule.check(fixed, context));
    return keys;
  };

  for (const workload of index.workloads) {
    if (workload.isHook) continue;
    const checks: CheckOutcome[] = [];
    const before = findings.length;
    const target = objectTarget(workload.object);
    for (const rule of rules) {
      if (rule.target === 'workload') evaluate(rule.meta, target, rule.check(workload, context), checks);
    }
    const prior = findings.slice(before).map((f) => ({ ruleId: f.ruleId, severity: f.severity }));
    for (const rule of rules) {
      if (rule.target === 'followup') evaluate(rule.meta, target, rule.check(workload, context, prior), checks);
    }
    findings.push(...combineFixes(findings.splice(before), workload.object.raw, (raw) => reanalyseWorkload(workload, raw)));
    subjects.push(workloadSubject(workload, index, checks));
    if (drillPlanList) drillPlanList.push(...drillPlans(workload, index, { ...(config.drill?.inFlightPath ? { inFlightPath: config.drill.inFlightPath } : {}) }));
    const smoke = smokePlanList ? smokePlan(workload, index, { ...(config.smoke.expectBody ? { expectBody: config.smoke.expectBody } : {}), ...(config.drill.inFlightPath ? { inFlightPath: config.drill.inFlightPath } : {}) }) : undefined;
    if (smoke) smokePlanList?.push(smoke);
    workload.object.source.release();
  }
  const dockerfileDigests: ObjectDigest[] = [];
  const consumersOf = new Map<string, Workload[]>();
  if (catalog.dockerfiles.length > 0) {
    for (const workload of index.workloads) {
      if (workload.isHook) continue;
      const built = new Set(workload.containers.map((c) => catalog.buildFor(c.image)?.dockerfile).filter((d): d is string => d !== undefined));
      for (const dockerfile of built) {
        const list = consumersOf.get(dockerfile);
        if (list) list.push(workload);
        else consumersOf.set(dockerfile, [workload]);
      }
    }
  }
  for (const entry of catalog.dockerfiles) {
    if (ignored.ignores(entry.source.path) || !entry.image) continue;
    const consumers = consumersOf.get(entry.source.path) ?? [];
    if (consumers.length === 0 && !catalog.inScope(entry.source.path)) continue;
    const ref = dockerfileRef(entry.source.path);
    const from = entry.image.stage.fromLine;
    // Dockerfile hits name their instruction's lines (the final stage's FROM otherwise).
    const target: Target = { ref, where: (hit) => ({ file: entry.source.path, ...(hit.lines ?? { line: from, endLine: from }) }) };
    const checks: CheckOutcome[] = [];
    for (const rule of rules) {
      if (rule.target === 'dockerfile') evaluate(rule.meta, target, rule.check(entry, context, consumers), checks);
    }
    subjects.push(dockerfileSubject(entry, consumers, index, checks));
    dockerfileDigests.push({ ref, file: entry.source.path, digest: `${fnv1a(entry.source.content)}:${entry.source.content.length}` });
  }
  for (const pdb of index.pdbs) {
    const checks: CheckOutcome[] = [];
    const before = findings.length;
    for (const rule of rules) {
      if (rule.target === 'pdb') evaluate(rule.meta, objectTarget(pdb.object), rule.check(pdb, context), checks);
    }
    findings.push(...combineFixes(findings.splice(before), pdb.object.raw, (raw) => reanalysePdb(pdb.object, raw)));
    subjects.push(pdbSubject(pdb, checks));
    pdb.object.source.release();
  }

  const workloadOf = new Map(index.workloads.map((w) => [w.object, w]));
  const byLocation = (a: { file: string; line: number }, b: { file: string; line: number }) =>
    a.file.localeCompare(b.file) || a.line - b.line;
  findings.sort((a, b) => byLocation(a, b) || a.ruleId.localeCompare(b.ruleId) || a.message.localeCompare(b.message));
  suppressed.sort((a, b) => byLocation(a, b) || a.ruleId.localeCompare(b.ruleId));
  errors.sort((a, b) => byLocation(a, b) || a.message.localeCompare(b.message));
  subjects.sort((a, b) => byLocation(a, b) || refKey(a.object).localeCompare(refKey(b.object)));
  return {
    kubernetesVersion: formatKubeVersion(version),
    ...(options.digests
      ? {
          objects: [
            ...objects.map((o) => ({ ref: o.ref, ...(o.source.origin ? { render: o.source.origin.render } : {}), file: o.source.file, digest: digestOf(o.raw) + imagesDigest(workloadOf.get(o), index) })),
            ...dockerfileDigests,
          ],
        }
      : {}),
    findings: mergeRenders(findings),
    suppressed: mergeRenders(suppressed),
    errors,
    notices,
    subjects: mergeRenders(subjects),
    stats: { files: analysedFiles.length, objects: objects.length, workloads: index.workloads.length, skippedDocuments, ...(catalog.dockerfiles.length > 0 ? { dockerfiles: catalog.dockerfiles.length } : {}) },
    ...(drillPlanList ? { drillPlans: drillPlanList } : {}),
    ...(smokePlanList ? { smokePlans: smokePlanList } : {}),
  };
}

/**
 * The fixed workload with the original's view of every container the fix left alone, so the
 * per-container facts memoised on it (servingOf, analyzePid1: the costly part of an analysis) are
 * not computed again. Only when nothing those facts read changed: the fix shares every untouched
 * subtree with the original (fix-combination.ts copies on write), so identity says "unchanged" —
 * the object's metadata, the pod template's metadata, every pod-level field, and each container's
 * spec and ports.
 */
function withUnchangedContainers(original: Workload, fixed: Workload, index: ObjectIndex): Workload {
  const same = (path: readonly (string | number)[]) => getPath(original.object.raw, path) === getPath(fixed.object.raw, path);
  if (!same(['metadata']) || !same(original.podMetadataPath) || fixed.containers.length !== original.containers.length) return fixed;
  for (const key of new Set([...Object.keys(original.podSpec), ...Object.keys(fixed.podSpec)])) {
    if (key !== 'containers' && key !== 'initContainers' && original.podSpec[key] !== fixed.podSpec[key]) return fixed;
  }
  if (fixed.containers.some((c, i) => c.spec.ports !== original.containers[i]?.spec.ports)) return fixed;
  const containers = fixed.containers.map((c, i) => {
    const before = original.containers[i] as ContainerView;
    if (before.name !== c.name || before.role !== c.role) return c;
    if (before.spec === c.spec) return before;
    // Changed elsewhere (a preStop hook added): what it serves reads only names, roles and ports,
    // all unchanged; its PID 1 facts read the hook, so they are computed again.
    servingOf.reuse(before, original, index, c);
    return c;
  });
  return { ...fixed, containers };
}

/** The object with another raw value (a fix applied): its apiVersion may be what changed. */
function withRaw(object: KubeObject, raw: Record<string, unknown>): KubeObject {
  const apiVersion = typeof raw.apiVersion === 'string' ? raw.apiVersion : object.ref.apiVersion;
  return { ...object, ref: { ...object.ref, apiVersion }, raw };
}

/** JSON with object keys sorted, so equal values give equal text whatever their key order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item) =>
    item && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : item,
  );
}

/** Key-order-independent fingerprint of a value (FNV-1a over canonical JSON). */
function digestOf(value: unknown): string {
  const canonical = canonicalJson(value);
  return `${fnv1a(canonical)}:${canonical.length}`;
}

/** The renders an item occurs in (several once merged), in render order; [] for plain files. */
export function rendersOf(item: { render?: string; renders?: readonly string[] }): string[] {
  return item.renders ? [...item.renders] : item.render !== undefined ? [item.render] : [];
}

/**
 * Identical items of several renders become one that names them all. A chart is rendered once
 * per values set, and a problem in a template line the values do not touch is found in every
 * render: it is one problem with one fix, not one per values set. Items equal in everything but
 * their render merge, in order of first occurrence; `render` stays the first render (the field
 * consumers had before `renders`). Items of plain files (no render) are left as they are.
 */
export function mergeRenders<T extends { render?: string; renders?: string[] }>(items: readonly T[]): T[] {
  const out: T[] = [];
  const byContent = new Map<string, string[]>();
  for (const item of items) {
    const renders = rendersOf(item);
    if (renders.length === 0) {
      out.push(item);
      continue;
    }
    const key = canonicalJson({ ...item, render: undefined, renders: undefined });
    const known = byContent.get(key);
    if (known) {
      for (const render of renders) if (!known.includes(render)) known.push(render);
      continue;
    }
    byContent.set(key, renders);
    out.push({ ...item, render: renders[0], renders });
  }
  return out;
}

/** What a rule checked: an object (with suppressions and fixes), or a Dockerfile. */
interface Target {
  ref: ObjectRef;
  object?: KubeObject;
  where: (hit: Hit) => Location;
}

function objectTarget(object: KubeObject): Target {
  return { ref: object.ref, object, where: (hit) => locate(object.source, hit.path) };
}

function toFinding(meta: RuleMeta, { ref, object, where }: Target, hit: Hit, level: Severity | undefined): Finding {
  const location = where(hit);
  const name = ref.namespace ? `${ref.namespace}/${ref.name}` : ref.name;
  return {
    ruleId: meta.id,
    severity: level ?? hit.severity ?? meta.severity,
    layer: meta.layer,
    message: `${ref.kind} ${name}: ${hit.message}`,
    detail: hit.message,
    object: ref,
    ...(hit.container ? { container: hit.container } : {}),
    file: location.file,
    line: location.line,
    endLine: location.endLine,
    remediation: hit.remediation,
    docsUrl: docsUrl(meta),
    ...(hit.fix && object ? { fix: locateFix(object, hit.fix) } : {}),
    ...(hit.replacement && hit.lines ? { replacement: { from: hit.lines.line, to: hit.lines.endLine, ...hit.replacement } } : {}),
    ...(hit.evidence ? { evidence: hit.evidence } : {}),
    ...(object?.source.origin ? { render: object.source.origin.render } : {}),
  };
}

/** Dockerfiles are subjects too; their identity is their path. */
export function dockerfileRef(path: string): ObjectRef {
  return { apiVersion: 'dockerfile', kind: 'Dockerfile', name: path };
}

/** A workload is changed when what its images run changes (its Dockerfile, say), not only its YAML. */
function imagesDigest(workload: Workload | undefined, index: ObjectIndex): string {
  if (!workload) return '';
  const prints = workload.containers.map((c) => index.images.evidence(c.image)).filter((e) => e.source !== 'name');
  return prints.length > 0 ? `:${fnv1a(prints.map((e) => e.fingerprint).join('\n'))}` : '';
}

function locateFix(object: KubeObject, fix: Fix): Finding['fix'] {
  return {
    summary: fix.summary,
    edits: fix.edits.map((edit) => ({ path: edit.path, value: edit.value, location: locate(object.source, edit.path) })),
  };
}

function describeGrace(grace: GraceFacts): string {
  return `${grace.seconds} s${grace.explicit ? '' : ' (default)'}`;
}

function workloadSubject(workload: Workload, index: ObjectIndex, checks: CheckOutcome[]): Subject {
  const { object } = workload;
  const where = locate(object.source, ['metadata', 'name']);
  const containers = workload.containers
    .filter((c) => c.role !== 'init')
    .map((container) => {
      const hook = preStopOf(container);
      const serving = servingOf(container, workload, index);
      const pid1Text = describePid1(analyzePid1(container, workload, index));
      return {
        name: container.name,
        role: container.role,
        preStop: hook ? `${hook.kind}${hook.delaySeconds !== undefined ? ` ${hook.delaySeconds} s` : ''}` : 'none',
        pid1: pid1Text,
        traffic: serving.serving ? serving.reasons.join('; ') : serving.summary,
        readiness: container.spec.readinessProbe ? 'yes' : 'no',
        image: container.image,
      };
    });
  const replicas = ['Deployment', 'StatefulSet', 'ReplicaSet', 'Rollout', 'ReplicationController'].includes(workload.kind)
    ? describeReplicas(replicasOf(workload, index))
    : undefined;
  return {
    object: object.ref,
    ...(object.source.origin ? { render: object.source.origin.render } : {}),
    kind: 'workload',
    file: where.file,
    line: where.line,
    selector: formatSelector(workload.selector ?? workload.podLabels),
    facts: { grace: describeGrace(graceOf(workload)), ...(replicas ? { replicas } : {}), containers },
    checks,
  };
}

/** The checklist's PID 1 cell: what runs, what wraps it, and where that comes from. */
export function describePid1(analysis: Pid1Analysis): string {
  const { pid1, shell, program } = analysis;
  const cut = (argv: readonly string[]) => `\`${argv.join(' ').slice(0, 80)}\``;
  const init = pid1.init ? `${pid1.init.name} → ` : '';
  const from = pid1.imageWhere ? ` (${pid1.imageWhere})` : '';
  if (shell.kind === 'stays') return `${describeStays(analysis, shell, shell.child ? cut(shell.child) : 'the app')}${from}`;
  if (shell.kind === 'trap-deferred') return `/bin/sh, TERM trap deferred by \`${shell.blocker}\`${from}`;
  if (shell.kind === 'no-shell') return `a shell wrapper, but the image has no shell (${shell.basis}): the container cannot start${from}`;
  if (program) return `${init}${cut(program)}${from}`;
  if (pid1.argv) return `${cut(pid1.argv)}${from}`;
  return pid1.image.source === 'name' ? 'image entrypoint (unknown)' : `image entrypoint (unknown in ${pid1.image.describe})`;
}

function dockerfileSubject(entry: DockerfileEntry, consumers: readonly Workload[], index: ObjectIndex, checks: CheckOutcome[]): Subject {
  const image = entry.image as NonNullable<DockerfileEntry['image']>;
  const evidence = index.images.evidenceOfDockerfile(entry);
  const analysis = analyzeImagePid1(evidence);
  const users = consumers.map((w) => `${w.kind} ${w.object.ref.name}`);
  return {
    object: dockerfileRef(entry.source.path),
    kind: 'dockerfile',
    file: entry.source.path,
    line: image.stage.fromLine,
    selector: '',
    facts: {
      image: {
        base: image.base ? `\`${image.base}\` (${evidence.shell === 'unknown' ? 'unknown shell' : evidence.shell === 'none' ? 'no shell' : evidence.shell})` : 'unresolved build argument',
        pid1: analysis.pid1.argv ? describePid1(analysis) : 'inherited from the base image',
        stopSignal: evidence.stopSignal ? `${evidence.stopSignal.signal} (${evidence.stopSignal.basis})` : 'SIGTERM (default)',
        usedBy: users.length > 0 ? users.slice(0, 5).join(', ') + (users.length > 5 ? ` and ${users.length - 5} more` : '') : 'no workload in the analysed manifests',
      },
    },
    checks,
  };
}

function pdbSubject(pdb: PdbView, checks: CheckOutcome[]): Subject {
  const where = locate(pdb.object.source, ['metadata', 'name']);
  const selector = pdb.selector ? formatSelector(pdb.selector) : '';
  return { object: pdb.object.ref, ...(pdb.object.source.origin ? { render: pdb.object.source.origin.render } : {}), kind: 'pdb', file: where.file, line: where.line, selector, facts: { selector }, checks };
}
