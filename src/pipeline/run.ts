// The one run, behind both shells: sources (tree, git, API) → renders → analysis of base and head
// → measurements → one result with one gate decision. The result is built once and returned;
// nothing patches it afterwards.
import { analyzeChange } from '../analysis/diff.js';
import { type AnalysisResult, analyze } from '../analysis/engine.js';
import { type GatedResult, withGate } from '../analysis/gate.js';
import type { InputError } from '../manifests/objects.js';
import { readManifestFiles } from '../sources/files.js';
import { imageInputs } from '../sources/images.js';
import { analyzeWithImages } from '../sources/inspect-images.js';
import { RegistryClient } from '../sources/registry.js';
import { treeSources } from '../sources/render/index.js';
import { fsTree } from '../sources/tree.js';
import { changedTrees, changeInputs, imagesOf } from './change.js';
import { type MeasurementStatus, measureDrill, measureSmoke } from './measure.js';
import type { Adapters, RunSettings } from './settings.js';

export interface RunResult extends GatedResult {
  /** The PR view found no manifest, chart, overlay or image input changed: nothing was analysed. */
  readonly unchanged?: string;
  /** The measurements the settings asked for, and whether each ran. */
  readonly measured: { readonly drill?: MeasurementStatus; readonly smoke?: MeasurementStatus };
}

export async function runPipeline(settings: RunSettings, adapters: Adapters): Promise<RunResult> {
  const analysis = settings.change ? await analyseChange(settings, adapters) : await adapters.log.group('Analyse manifests', () => analyseTree(settings, adapters));
  if ('unchanged' in analysis) return analysis.unchanged;
  const notices = [...analysis.result.notices];
  const drill = settings.drill ? await adapters.log.group('SIGTERM drill', () => measureDrill(analysis.result, settings, adapters)) : undefined;
  const smoke = settings.smoke ? await adapters.log.group('Rollout smoke test', () => measureSmoke(analysis.result, settings, adapters)) : undefined;
  for (const measured of [drill, smoke]) if (measured?.notice) notices.push(measured.notice);
  const result: AnalysisResult = {
    ...analysis.result,
    errors: [...settings.configErrors, ...analysis.errors, ...analysis.result.errors],
    notices,
    ...(drill?.value ? { drill: drill.value } : {}),
    ...(smoke?.value ? { smoke: smoke.value } : {}),
  };
  return { ...withGate(result, settings.policy), measured: { ...(drill ? { drill: drill.status } : {}), ...(smoke ? { smoke: smoke.status } : {}) } };
}

/** An analysis and the input errors met before it (reading, rendering), which come first. */
interface Analysed {
  result: AnalysisResult;
  errors: InputError[];
}

function registryClient(settings: RunSettings, adapters: Adapters): RegistryClient | undefined {
  return settings.config.inspectImages ? new RegistryClient({ log: (m) => adapters.log.info(m) }) : undefined;
}

const plansWanted = (settings: RunSettings) => ({ drillPlans: Boolean(settings.drill), smokePlans: Boolean(settings.smoke) });

async function analyseTree(settings: RunSettings, adapters: Adapters): Promise<Analysed> {
  const tree = fsTree(settings.root);
  const read = await treeSources(tree, settings.paths, settings.render, readManifestFiles(settings.paths, settings.root));
  for (const timing of read.timings) adapters.log.debug(`rendered ${timing}`);
  const images = await imagesOf(tree, settings);
  const result = await analyzeWithImages(
    (registry) => analyze(read.files, { config: settings.config, images: imageInputs(images, registry), ...plansWanted(settings) }),
    registryClient(settings, adapters),
    (m) => adapters.log.info(m),
  );
  adapters.log.debug(`${result.stats.files} files, ${result.stats.objects} objects, ${result.stats.workloads} workloads`);
  return { result, errors: [...images.errors, ...read.errors] };
}

async function analyseChange(settings: RunSettings, adapters: Adapters): Promise<Analysed | { unchanged: RunResult }> {
  const change = settings.change!;
  const trees = await adapters.log.group('Changed files', () => changedTrees(settings, change, adapters));
  const inputs = trees.all.length > 0 ? await adapters.log.group('Render charts and overlays', () => changeInputs(trees, settings, adapters)) : undefined;
  if (!inputs) return { unchanged: unchangedResult(settings) };
  return adapters.log.group('Analyse base and head', async () => {
    const { head, base } = inputs.images;
    const result = await analyzeWithImages(
      (registry) =>
        analyzeChange(inputs.head.files, inputs.base.files, settings.config, trees.baseLabel, { head: imageInputs(head, registry), base: imageInputs(base, registry) }, plansWanted(settings)),
      registryClient(settings, adapters),
      (m) => adapters.log.info(m),
    );
    adapters.log.debug(`${result.comparison?.changedObjects ?? 0} changed objects, ${result.findings.length} findings, ${result.comparison?.fixed.length ?? 0} fixed`);
    return {
      result,
      errors: [...(trees.problem ? [trees.problem] : []), ...head.errors, ...inputs.head.errors, ...inputs.base.errors.map((e) => ({ ...e, message: `in base: ${e.message}` }))],
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
    errors: [...settings.configErrors],
    notices: [message],
    subjects: [],
    stats: { files: 0, objects: 0, workloads: 0, skippedDocuments: 0 },
  };
  return { ...withGate(empty, settings.policy), unchanged: message, measured: {} };
}
