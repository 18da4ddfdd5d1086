// The CLI: `termination-guard check [paths…]`. Exit 0 = gate passes, 1 = gate fails,
// 2 = usage or environment error.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { type Config, defaultConfigPath, parseConfig, parseDrillFailOn, parseFailOn } from './analysis/config.js';
import { analyzeChange } from './analysis/diff.js';
import { type AnalysisResult, analyze, failingDrills, failingSmoke, gateFails } from './analysis/engine.js';
import { parseSmokeFailOn, smokeFailOnValues } from './measure/smoke.js';
import { renderSmokeDetail, renderSmokeSection, renderSmokeText } from './report/smoke.js';
import { type ProbeSpec, proberCommand, runProbeProcess } from './smoke/prober.js';
import { runSmokeSession, type SmokeMode, type SmokeSession, SmokeUnavailable } from './smoke/session.js';
import { DockerRuntime } from './drill/docker.js';
import { runDrill } from './drill/run.js';
import { RuntimeUnavailable } from './drill/runtime.js';
import { identityKey } from './manifests/objects.js';
import { renderDrillText } from './report/drill.js';
import { parseKubeVersion } from './k8s/version.js';
import { renderJson } from './report/json.js';
import { renderMarkdown } from './report/markdown.js';
import { renderSarif, toolVersion } from './report/sarif.js';
import { renderText } from './report/text.js';
import { ruleMetas } from './rules/index.js';
import { analyzeWithImages } from './sources/inspect-images.js';
import { RegistryClient } from './sources/registry.js';
import { PathNotFoundError, readManifestFiles } from './sources/files.js';
import { imageInputs, readImageFiles } from './sources/images.js';
import { GitError, GitSource } from './sources/git.js';
import { changeSources, treeSources } from './sources/render/index.js';
import { fsTree, gitTree } from './sources/tree.js';

const usage = `Usage: termination-guard check [paths…] [options]
       termination-guard drill [paths…] [--container name] [--workload name] [drill options]
       termination-guard smoke [paths…] [--base ref] [--workload name] [smoke options]
       termination-guard rules

Checks Kubernetes manifests for termination safety: grace periods, preStop hooks,
signal delivery to PID 1, rollout strategies and PodDisruptionBudgets.

Options:
  --format <text|markdown|json|sarif>   output format (default: text)
  --output <file>                       write the report to a file instead of stdout
  --kubernetes-version <X.Y>            target cluster version (default: config, else 1.34)
  --config <file>                       configuration file (default: ${defaultConfigPath} if present)
  --fail-on <new-errors|error|warning|never>
                                        gate threshold (default: config, else new-errors; without
                                        --base every finding counts as new)
  --base <git-ref>                      PR view: compare with this commit (merge base with --head);
                                        report only changed objects, marking findings new/existing
                                        and listing the ones the change fixed
  --head <git-ref>                      compare this commit instead of the working tree
  --values <file>                       render charts with this values file instead of their own
                                        values sets (repeatable; relative to the chart)
  --set <key=value>                     a value for the charts' render (repeatable)
  --no-render                           do not render Helm charts or Kustomize overlays
  --inspect-images                      read the images' configs from their registries (ENTRYPOINT,
                                        CMD, STOPSIGNAL); credentials from the docker config
  --no-color                            plain text even on a terminal

Drill (run each workload's containers under Docker, keep traffic flowing, replay the kubelet's
preStop → stop signal → grace period → SIGKILL, and report what happened):
  --container <name>                    only containers with this name
  --workload <name>                     only workloads with this name
  --rate <n>                            requests per second in each prober mode (default 20)
  --in-flight-path <path>               a slow path to hold requests in flight across the stop
  --drill-fail-on <killed,abrupt|never> verdicts that fail (default: config, else killed,abrupt)
  --no-pull                             do not pull images that are not present locally
  (the engine is DOCKER_HOST, else /var/run/docker.sock; with --base only changed workloads)

Smoke (roll each workload out in a real cluster with traffic flowing: apply the base, apply the
head, restart the head; report failed requests per rollout and the pods' exits; with --base only
changed workloads, compared with their base version; without it every workload is new):
  --cluster <kubeconfig|kind>           use the kubeconfig's cluster (a fresh namespace per
                                        workload, deleted afterwards), or make one with kind
                                        (default: kubeconfig)
  --kubeconfig <file>                   kubeconfig (default: $KUBECONFIG, ~/.kube/config)
  --prober-netns <path|pid>             send the traffic from this network namespace (a node's),
                                        where ClusterIPs work (default: config, else this host)
  --kind-binary <file>                  the kind CLI (default: kind on PATH)
  --smoke-fail-on <regression,failures,killed,stalled|never>
                                        what fails (default: config, else regression,stalled)
  -h, --help                            show this help
  -v, --version                         show the version

Exit status: 0 the gate passes, 1 the gate fails, 2 usage or environment error.`;

class UsageError extends Error {}

function fail(message: string): never {
  throw new UsageError(message);
}

export async function main(argv: string[], io = { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() }): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    if (error instanceof UsageError || error instanceof PathNotFoundError || error instanceof GitError) {
      io.stderr.write(`termination-guard: ${error.message}\n${error instanceof UsageError ? 'Run `termination-guard --help` for usage.\n' : ''}`);
      return 2;
    }
    io.stderr.write(`termination-guard: internal error: ${(error as Error).stack ?? String(error)}\n`);
    return 2;
  }
}

async function run(argv: string[], io: { stdout: NodeJS.WritableStream & { isTTY?: boolean }; stderr: NodeJS.WritableStream; cwd: string }): Promise<number> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string' },
        output: { type: 'string' },
        'kubernetes-version': { type: 'string' },
        config: { type: 'string' },
        'fail-on': { type: 'string' },
        base: { type: 'string' },
        head: { type: 'string' },
        'no-color': { type: 'boolean' },
        values: { type: 'string', multiple: true },
        set: { type: 'string', multiple: true },
        'no-render': { type: 'boolean' },
        'inspect-images': { type: 'boolean' },
        container: { type: 'string' },
        workload: { type: 'string' },
        rate: { type: 'string' },
        'in-flight-path': { type: 'string' },
        'drill-fail-on': { type: 'string' },
        'no-pull': { type: 'boolean' },
        cluster: { type: 'string' },
        kubeconfig: { type: 'string' },
        'prober-netns': { type: 'string' },
        'kind-binary': { type: 'string' },
        'smoke-fail-on': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    fail((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(`${usage}\n`);
    return 0;
  }
  if (values.version) {
    io.stdout.write(`${toolVersion}\n`);
    return 0;
  }
  const [command, ...paths] = positionals;
  if (command === 'rules') {
    for (const meta of ruleMetas) io.stdout.write(`${meta.id.padEnd(38)} ${meta.severity.padEnd(8)} ${meta.title}\n`);
    return 0;
  }
  if (command === 'probe') return probe(paths[0], io);
  if (command !== 'check' && command !== 'drill' && command !== 'smoke') fail(command ? `unknown command "${command}"` : 'missing command');
  const drilling = command === 'drill';
  const smoking = command === 'smoke';

  const format = (values.format as string | undefined) ?? 'text';
  if (!['text', 'markdown', 'json', 'sarif'].includes(format)) fail(`--format must be text, markdown, json or sarif (got "${format}")`);

  const configPath = values.config as string | undefined;
  let config: Config | undefined;
  const defaultPath = resolve(io.cwd, defaultConfigPath);
  const chosen = configPath ? resolve(io.cwd, configPath) : existsSync(defaultPath) ? defaultPath : undefined;
  if (configPath && !existsSync(chosen as string)) fail(`config file not found: ${configPath}`);
  const configErrors = [];
  if (chosen) {
    const { config: loaded, errors } = parseConfig(readFileSync(chosen, 'utf8'), configPath ?? defaultConfigPath);
    config = loaded;
    configErrors.push(...errors);
  }
  config = { ...(config ?? parseConfig('', '').config) };
  const version = values['kubernetes-version'] as string | undefined;
  if (version !== undefined) {
    if (!parseKubeVersion(version)) fail(`--kubernetes-version must look like 1.31 (got "${version}")`);
    config.kubernetesVersion = version;
  }
  config.drill = { ...config.drill };
  const rate = values.rate as string | undefined;
  if (rate !== undefined) {
    if (!/^\d+$/.test(rate) || Number(rate) < 1 || Number(rate) > 200) fail(`--rate must be a number of requests per second from 1 to 200 (got "${rate}")`);
    config.drill.rate = Number(rate);
    config.smoke = { ...config.smoke, rate: Number(rate) };
  }
  const inFlightPath = values['in-flight-path'] as string | undefined;
  if (inFlightPath !== undefined) {
    if (!inFlightPath.startsWith('/')) fail(`--in-flight-path must start with / (got "${inFlightPath}")`);
    config.drill.inFlightPath = inFlightPath;
  }
  const drillFailOn = values['drill-fail-on'] as string | undefined;
  if (drillFailOn !== undefined) {
    const parsedDrillFailOn = parseDrillFailOn(drillFailOn);
    if (!parsedDrillFailOn) fail(`--drill-fail-on must list killed and/or abrupt, or be never (got "${drillFailOn}")`);
    config.drill.failOn = parsedDrillFailOn;
  }
  const smokeFailOn = values['smoke-fail-on'] as string | undefined;
  if (smokeFailOn !== undefined) {
    const parsedSmokeFailOn = parseSmokeFailOn(smokeFailOn);
    if (!parsedSmokeFailOn) fail(`--smoke-fail-on must list ${smokeFailOnValues.join(', ')}, or be never (got "${smokeFailOn}")`);
    config.smoke = { ...config.smoke, failOn: parsedSmokeFailOn };
  }
  if (values['prober-netns'] !== undefined) config.smoke = { ...config.smoke, proberNetns: values['prober-netns'] as string };
  const clusterMode = (values.cluster as string | undefined) ?? 'kubeconfig';
  if (clusterMode !== 'kubeconfig' && clusterMode !== 'kind') fail(`--cluster must be kubeconfig or kind (got "${clusterMode}")`);
  const failOn = values['fail-on'] as string | undefined;
  if (failOn !== undefined) {
    const parsedFailOn = parseFailOn(failOn);
    if (!parsedFailOn) fail(`--fail-on must be new-errors, error, warning or never (got "${failOn}")`);
    config.failOn = parsedFailOn;
  }

  // Inside the working directory paths are relative to it; outside they stay absolute (the
  // names the reports use for such files).
  const scope = (paths.length > 0 ? paths : ['.']).map((p) => {
    const absolute = resolve(io.cwd, p);
    const rel = relative(io.cwd, absolute).split(sep).join('/');
    return rel === '' ? '.' : rel.startsWith('..') ? absolute : rel;
  });
  const valuesFiles = (values.values as string[] | undefined) ?? [];
  const sets = (values.set as string[] | undefined) ?? [];
  const settings = {
    ...config.render,
    enabled: config.render.enabled && !values['no-render'],
    kubernetesVersion: config.kubernetesVersion,
    ...(valuesFiles.length + sets.length > 0 ? { only: { files: valuesFiles, set: sets } } : {}),
  };
  const base = values.base as string | undefined;
  const head = values.head as string | undefined;
  if (head && !base) fail('--head needs --base');
  const configFile = configPath ?? defaultConfigPath;
  const client = values['inspect-images'] || config.inspectImages ? new RegistryClient() : undefined;
  const log = (message: string) => io.stderr.write(`${message}\n`);
  let result: AnalysisResult;
  if (base) {
    const git = new GitSource(io.cwd);
    const baseCommit = git.resolve(base);
    const headCommit = head ? git.resolve(head) : undefined;
    const from = headCommit ? git.mergeBase(baseCommit, headCommit) : git.forkPoint(baseCommit);
    const read = headCommit ? { files: git.filesAt(headCommit, scope), errors: [] } : readManifestFiles(scope, io.cwd);
    const changed = git.changedFiles(from, headCommit);
    const sources = await changeSources(
      { head: headCommit ? gitTree(git, headCommit) : fsTree(io.cwd), base: gitTree(git, from, `base ${from.slice(0, 12)}`) },
      new Set(changed.flatMap((c) => [c.path, ...(c.previousPath ? [c.previousPath] : [])])),
      scope,
      settings,
      { head: read, base: async () => git.filesAt(from, scope) },
    );
    const headImages = await readImageFiles(headCommit ? gitTree(git, headCommit) : fsTree(io.cwd), scope, config.images, configFile);
    const baseImages = await readImageFiles(gitTree(git, from), scope, config.images, configFile);
    const chosen = config;
    result = await analyzeWithImages(
      (registry) =>
        analyzeChange(
          sources.head.files,
          sources.base.files,
          chosen,
          `${base} (${from.slice(0, 12)})`,
          { head: imageInputs(headImages, registry), base: imageInputs(baseImages, registry) },
          { drillPlans: drilling, smokePlans: smoking },
        ),
      client,
      log,
    );
    result.errors.unshift(...configErrors, ...headImages.errors, ...sources.head.errors, ...sources.base.errors.map((e) => ({ ...e, message: `in base: ${e.message}` })));
  } else {
    const sources = await treeSources(fsTree(io.cwd), scope, settings, readManifestFiles(scope, io.cwd));
    const images = await readImageFiles(fsTree(io.cwd), scope, config.images, configFile);
    const chosen = config;
    result = await analyzeWithImages((registry) => analyze(sources.files, { config: chosen, images: imageInputs(images, registry), drillPlans: drilling, smokePlans: smoking }), client, log);
    result.errors.unshift(...configErrors, ...images.errors, ...sources.errors);
  }

  if (drilling) return drill(result, config, values, format, io);
  if (smoking) return smoke(result, config, values, clusterMode as SmokeMode, format, io);

  const output =
    format === 'json'
      ? renderJson(result, config.failOn)
      : format === 'sarif'
        ? renderSarif(result)
        : format === 'markdown'
          ? renderMarkdown(result, { failOn: config.failOn })
          : renderText(result, { failOn: config.failOn, color: !values['no-color'] && !values.output && Boolean(io.stdout.isTTY) && !process.env.NO_COLOR });
  if (values.output) writeFileSync(resolve(io.cwd, values.output as string), output);
  else io.stdout.write(output);
  return gateFails(result.findings, config.failOn) ? 1 : 0;
}

/** The result narrowed to the drilled objects (their static findings stay beside the measurements). */
function drilledOnly(result: AnalysisResult): AnalysisResult {
  const drilled = new Set((result.drill ?? []).map((d) => identityKey(d.object, d.render)));
  const keep = (item: { object: { kind: string; name: string; apiVersion: string; namespace?: string }; render?: string }) => drilled.has(identityKey(item.object, item.render));
  return { ...result, findings: result.findings.filter(keep), suppressed: result.suppressed.filter(keep), subjects: result.subjects.filter(keep) };
}

/** The `drill` command: the selected containers measured under Docker. */
async function drill(
  result: AnalysisResult,
  config: Config,
  values: Record<string, unknown>,
  format: string,
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; cwd: string },
): Promise<number> {
  const plans = (result.drillPlans ?? []).filter(
    (plan) => (values.container === undefined || plan.container === values.container) && (values.workload === undefined || plan.object.name === values.workload),
  );
  for (const error of result.errors) io.stderr.write(`termination-guard: input error ${error.file}:${error.line} ${error.message}\n`);
  if (plans.length === 0) {
    io.stderr.write(`termination-guard: no long-running workload container matches${values.workload ? ` --workload ${String(values.workload)}` : ''}${values.container ? ` --container ${String(values.container)}` : ''}: nothing to drill\n`);
    return 2;
  }
  const runtime = new DockerRuntime();
  try {
    io.stderr.write(`drill: ${await runtime.version()}\n`);
  } catch (error) {
    if (error instanceof RuntimeUnavailable) {
      io.stderr.write(`termination-guard: the drill needs a container runtime: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const { drill: settings } = config;
  result.drill = await runDrill(plans, runtime, { ...settings, pull: !values['no-pull'], log: (message) => io.stderr.write(`${message}\n`) });
  result.drillFailOn = settings.failOn;
  const output =
    format === 'json'
      ? `${JSON.stringify({ drill: result.drill, failOn: settings.failOn }, null, 2)}\n`
      : format === 'markdown'
        ? renderMarkdown(drilledOnly(result), { failOn: config.failOn })
        : renderDrillText(result.drill);
  if (values.output) writeFileSync(resolve(io.cwd, values.output as string), output);
  else io.stdout.write(output);
  return failingDrills(result).length > 0 ? 1 : 0;
}

/** The `smoke` command: each selected workload rolled out in a real cluster with traffic flowing. */
async function smoke(
  result: AnalysisResult,
  config: Config,
  values: Record<string, unknown>,
  mode: SmokeMode,
  format: string,
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; cwd: string },
): Promise<number> {
  const plans = (result.smokePlans ?? []).filter((plan) => values.workload === undefined || plan.object.name === values.workload);
  for (const error of result.errors) io.stderr.write(`termination-guard: input error ${error.file}:${error.line} ${error.message}\n`);
  if (plans.length === 0) {
    io.stderr.write(`termination-guard: no Deployment, DaemonSet or StatefulSet ${values.workload ? `named ${String(values.workload)} ` : ''}${values.base ? 'changed' : 'found'}: nothing to smoke-test\n`);
    return 2;
  }
  let run: SmokeSession;
  try {
    run = await runSmokeSession(plans, {
      mode,
      ...(values.kubeconfig ? { kubeconfig: resolve(io.cwd, values.kubeconfig as string) } : {}),
      kubernetesVersion: config.kubernetesVersion,
      settings: config.smoke,
      proberCommand: proberCommand(import.meta.url),
      ...(values['kind-binary'] ? { kindBinary: values['kind-binary'] as string } : {}),
      log: (message) => io.stderr.write(`${message}\n`),
    });
  } catch (error) {
    if (error instanceof SmokeUnavailable) {
      io.stderr.write(`termination-guard: the smoke test needs a cluster: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  result.smoke = run;
  result.smokeFailOn = config.smoke.failOn;
  const output =
    format === 'json'
      ? `${JSON.stringify({ cluster: run.cluster, seconds: run.seconds, failOn: config.smoke.failOn, results: run.results }, null, 2)}\n`
      : format === 'markdown'
        ? `${[...renderSmokeSection(run, { timeline: true }), ...renderSmokeDetail(run)].join('\n').trimEnd()}\n`
        : renderSmokeText(run);
  if (values.output) writeFileSync(resolve(io.cwd, values.output as string), output);
  else io.stdout.write(output);
  return failingSmoke(result).length > 0 ? 1 : 0;
}

/** The smoke test's prober process (internal): a JSON spec in, one JSON line per request out. */
async function probe(spec: string | undefined, io: { stdout: NodeJS.WritableStream }): Promise<number> {
  if (!spec) fail('probe needs a JSON spec');
  let parsed: ProbeSpec;
  try {
    parsed = JSON.parse(spec) as ProbeSpec;
  } catch (error) {
    fail(`probe: the spec is not JSON: ${(error as Error).message}`);
  }
  await runProbeProcess(parsed, process.stdin, io.stdout);
  return 0;
}

// Run when executed (the bundle's entry), not when imported by tests.
const entry = process.argv[1] ?? '';
if (/(^|[\\/])(cli\.(js|ts)|termination-guard)$/.test(entry)) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
