// The one run, behind both shells: sources (tree, git, API) → renders → analysis of base and head
// → measurements → one result with one gate decision. The result is built once and returned;
// nothing patches it afterwards.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { analyzeChange } from '../analysis/diff.js';
import { type AnalysisResult, analyze } from '../analysis/engine.js';
import { type GatedResult, withGate } from '../analysis/gate.js';
import { graceFindings } from '../measure/grace.js';
import type { InputError } from '../manifests/objects.js';
import { outsideRoots, PathNotFoundError, readManifestFiles } from '../sources/files.js';
import { imageInputs } from '../sources/images.js';
import { startBodyCheck, withoutRepeats } from '../sources/body-check.js';
import { analyzeWithImages } from '../sources/inspect-images.js';
import { RegistryClient } from '../sources/registry.js';
import { treeSources } from '../sources/render/index.js';
import { fsTree } from '../sources/tree.js';
import { changedTrees, changeInputs, imagesOf } from './change.js';
import { type MeasurementStatus, measureDrill, measureSmoke } from './measure.js';
import { NothingToAnalyse } from './errors.js';
import { type Adapters, type RunSettings, withProgress } from './settings.js';

export interface RunResult extends GatedResult {
  /** The PR view found no manifest, chart, overlay or image input changed: nothing was analysed. */
  readonly unchanged?: string;
  /** The measurements the settings asked for, and whether each ran. */
  readonly measured: { readonly drill?: MeasurementStatus; readonly smoke?: MeasurementStatus };
}

export async function runPipeline(settings: RunSettings, adapters: Adapters): Promise<RunResult> {
  const analysis = settings.change ? await analyseChange(settings, adapters) : await adapters.log.group('Analyse manifests', () => analyseTree(settings, adapters));
  if ('unchanged' in analysis) return analysis.unchanged;
  const notices = [...analysis.result.notices, ...analysis.refused.map((r) => `${r.file}:${r.line}: ${r.message}.`)];
  const drill = settings.drill ? await adapters.log.group('SIGTERM drill', () => measureDrill(analysis.result, settings, adapters)) : undefined;
  const smoke = settings.smoke ? await adapters.log.group('Rollout smoke test', () => measureSmoke(analysis.result, settings, adapters)) : undefined;
  for (const measured of [drill, smoke]) if (measured?.notice) notices.push(measured.notice);
  // A grace period shorter than the drill measured it needs is a finding on its line (the drill runs changed containers only: new in the PR view).
  const measuredGrace = drill?.value ? graceFindings(drill.value, analysis.result.drillPlans ?? []).map((f) => (settings.change ? { ...f, status: 'new' as const } : f)) : [];
  const result: AnalysisResult = {
    ...analysis.result,
    ...(measuredGrace.length > 0 ? { findings: [...analysis.result.findings, ...measuredGrace].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.ruleId.localeCompare(b.ruleId) || a.message.localeCompare(b.message)) } : {}),
    // By file and line whichever stage met them (reading, rendering, parsing): deterministic.
    errors: [...analysis.errors, ...analysis.result.errors.map((e) => ({ ...e, gating: analysis.aboutChange(e) }))].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line),
    notices,
    ...(drill?.value ? { drill: drill.value } : {}),
    ...(smoke?.value ? { smoke: smoke.value } : {}),
  };
  return { ...withGate(result, settings.policy), measured: { ...(drill ? { drill: drill.status } : {}), ...(smoke ? { smoke: smoke.status } : {}) } };
}

/**
 * An analysis, the input errors met before it (config, reading, rendering; marked whether they
 * gate), and which of the analysis' own errors (a document that does not parse) are about the change.
 */
interface Analysed {
  result: AnalysisResult;
  errors: InputError[];
  /** What the confined reader refused, where it was named: notices. */
  refused: InputError[];
  aboutChange: (error: InputError) => boolean;
}

const gating = (errors: readonly InputError[], about: (error: InputError) => boolean) => errors.map((e) => ({ ...e, gating: about(e) }));

function registryClient(settings: RunSettings, adapters: Adapters): RegistryClient | undefined {
  return settings.config.inspectImages ? new RegistryClient({ log: (m) => adapters.log.info(m) }) : undefined;
}

const plansWanted = (settings: RunSettings) => ({ drillPlans: Boolean(settings.drill), smokePlans: Boolean(settings.smoke) });

async function analyseTree(settings: RunSettings, adapters: Adapters): Promise<Analysed> {
  const tree = fsTree(settings.root, 'the checkout', outsideRoots(settings.paths));
  const read = await treeSources(tree, settings.paths, withProgress(settings.render, adapters), readManifestFiles(settings.paths, settings.root));
  for (const timing of read.timings) adapters.log.debug(`rendered ${timing}`);
  const images = await imagesOf(tree, settings);
  const bodies = startBodyCheck(read.files, settings.config);
  const result = await analyzeWithImages(
    (registry) => analyze(read.files, { config: settings.config, images: imageInputs(images, registry), ...plansWanted(settings) }),
    registryClient(settings, adapters),
    (m) => adapters.log.info(m),
  );
  const bodyErrors = withoutRepeats(await bodies.finish(), result.errors);
  adapters.log.debug(`${result.stats.files} files, ${result.stats.objects} objects, ${result.stats.workloads} workloads`);
  if (result.stats.files === 0 && result.subjects.length === 0 && read.errors.length === 0 && images.errors.length === 0) {
    throw new NothingToAnalyse(`no Kubernetes manifests, Helm charts, Kustomize overlays or Dockerfiles under ${settings.paths.join(', ')}: nothing was analysed (check the paths)`);
  }
  // Outside the PR view the whole tree is the change: whatever could not be analysed gates.
  const all = () => true;
  return { result, errors: gating([...settings.configErrors, ...images.errors, ...read.errors, ...bodyErrors], all), refused: images.refused, aboutChange: all };
}

async function analyseChange(settings: RunSettings, adapters: Adapters): Promise<Analysed | { unchanged: RunResult }> {
  const change = settings.change!;
  // The working tree is head: a path that is not there is a mistake, not "nothing changed".
  if (change.source === 'pull-request' || !change.head) {
    for (const path of settings.paths) if (!existsSync(resolve(settings.root, path))) throw new PathNotFoundError(`path not found: ${path}`);
  }
  const trees = await adapters.log.group('Changed files', () => changedTrees(settings, change, adapters));
  const inputs = trees.all.length > 0 ? await adapters.log.group('Render charts and overlays', () => changeInputs(trees, settings, adapters)) : undefined;
  if (!inputs) return { unchanged: unchangedResult(settings) };
  return adapters.log.group('Analyse base and head', async () => {
    const { head, base } = inputs.images;
    // The base's unread bodies are not the change's: only the head's are checked.
    const bodies = startBodyCheck(inputs.head.files, settings.config);
    const result = await analyzeWithImages(
      (registry) =>
        analyzeChange(inputs.head.files, inputs.base.files, settings.config, trees.baseLabel, { head: imageInputs(head, registry), base: imageInputs(base, registry) }, plansWanted(settings)),
      registryClient(settings, adapters),
      (m) => adapters.log.info(m),
    );
    adapters.log.debug(`${result.comparison?.changedObjects ?? 0} changed objects, ${result.findings.length} findings, ${result.comparison?.fixed.length ?? 0} fixed`);
    const { aboutChange } = inputs;
    return {
      result,
      errors: [
        ...gating([...settings.configErrors, ...head.errors, ...inputs.head.errors, ...withoutRepeats(await bodies.finish(), result.errors)], aboutChange),
        // Informational: the file list GitHub capped, and what base could not give.
        ...(trees.problem ? [trees.problem] : []),
        ...inputs.base.errors.map((e) => ({ ...e, message: `in base: ${e.message}` })),
      ],
      refused: head.refused,
      aboutChange,
    };
  });
}

/** The PR changed nothing under the paths: an empty result that passes and says so. */
function unchangedResult(settings: RunSettings): RunResult {
  const message = `No Kubernetes manifests changed under ${settings.paths.join(', ')}: nothing to check.`;
  const empty: AnalysisResult = {
    kubernetesVersion: settings.config.kubernetesVersion,
    findings: [],
    suppressed: [],
    errors: settings.configErrors.map((e) => ({ ...e, gating: false })),
    notices: [message],
    subjects: [],
    stats: { files: 0, objects: 0, workloads: 0, skippedDocuments: 0 },
  };
  return { ...withGate(empty, settings.policy), unchanged: message, measured: {} };
}
