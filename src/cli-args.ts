// The CLI's inputs: argv → one typed settings object for the pipeline, plus how to write the
// report. The only reader of argv. The config parser (and the rules it validates against) is
// imported only once a command needs settings: --help and --version load nothing else.
import { relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultConfigPath } from './analysis/config-path.js';
import type { ConfigOverrides, RunSettings } from './pipeline/settings.js';

export const usage = `Usage: termination-guard check [paths…] [options]
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
                                        --base every finding counts as new; drill and smoke gate on
                                        their measurements only unless --fail-on is given)
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
  --color                               colours even when stdout is not a terminal (CI logs);
                                        FORCE_COLOR=1 does the same
  --no-color                            plain text even on a terminal (so does NO_COLOR)

Drill (run each workload's containers under Docker, keep traffic flowing, replay the kubelet's
preStop → stop signal → grace period → SIGKILL, and report what happened):
  --container <name>                    only containers with this name
  --workload <name>                     only workloads with this name
  --rate <n>                            requests per second in each prober mode (default 20)
  --in-flight-path <path>               a slow path kept in flight on a few connections at the stop
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
  --trials <n>                          restart the head n times (1–25): median and spread;
                                        failures and kills fail only in a majority of trials
                                        (default: config smoke.trials, else 1)
  --smoke-fail-on <regression,failures,killed,stalled|never>
                                        what fails (default: config, else regression,stalled)
  -h, --help                            show this help
  -v, --version                         show the version

Exit status: 0 the gate passes, 1 the gate fails, 2 usage or environment error.`;

export class UsageError extends Error {}

function fail(message: string): never {
  throw new UsageError(message);
}

export type Format = 'text' | 'markdown' | 'json' | 'sarif';

/** What argv asks for. */
export type Invocation =
  | { command: 'help'; text?: string }
  | { command: 'version' | 'rules' }
  | { command: 'probe'; spec: string | undefined }
  | { command: 'check' | 'drill' | 'smoke'; settings: RunSettings; format: Format; output?: string; color: boolean };

const options = {
  format: { type: 'string' },
  output: { type: 'string' },
  'kubernetes-version': { type: 'string' },
  config: { type: 'string' },
  'fail-on': { type: 'string' },
  base: { type: 'string' },
  head: { type: 'string' },
  color: { type: 'boolean' },
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
  trials: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>['values'];

/** The terminal the report goes to: stdout a TTY, and the colour variables (https://no-color.org, FORCE_COLOR). */
export interface TerminalEnv {
  isTTY: boolean;
  noColor: boolean;
  /** FORCE_COLOR set to anything but 0 or false. */
  forceColor?: boolean;
}

/** Colours: --no-color, then --color, then FORCE_COLOR, then NO_COLOR, then a terminal that is not a file. */
function colorWanted(values: { color?: boolean; 'no-color'?: boolean; output?: string }, env: TerminalEnv): boolean {
  if (values['no-color']) return false;
  if (values.color || env.forceColor) return true;
  return !values.output && env.isTTY && !env.noColor;
}

/** Our own message for what parseArgs refuses, with the option meant when one is close. */
function usageProblem(error: Error & { code?: string }): string {
  const unknown = /^Unknown option '(-{1,2}[^']*)'/.exec(error.message)?.[1];
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && unknown) {
    const name = unknown.replace(/^-+/, '').replace(/=.*$/, '');
    const near = Object.keys(options).filter((option) => editDistance(option, name) <= Math.max(1, Math.min(2, Math.floor(name.length / 3))));
    return `unknown option ${unknown}${near.length > 0 ? ` (did you mean ${near.map((o) => `--${o}`).join(' or ')}?)` : ''}`;
  }
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return error.message.replace(/^Option '(-[^' ]+)(?: <value>)?' argument missing$/, '$1 needs a value');
  return error.message;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] as number;
      row[j] = Math.min((row[j] as number) + 1, (row[j - 1] as number) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length] as number;
}

/** The help of one command: the usage line, its options and the common ones. */
export function commandUsage(command: 'check' | 'drill' | 'smoke' | 'rules'): string {
  const [head = '', rest = ''] = usage.split('\nOptions:\n');
  const common = `Options:\n${rest.split('\n\nDrill (')[0]}`;
  const drill = `Drill (${rest.split('\n\nDrill (')[1]?.split('\n\nSmoke (')[0] ?? ''}`;
  const smoke = `Smoke (${rest.split('\n\nSmoke (')[1]?.split('\n  -h, --help')[0] ?? ''}`;
  const line = head.split('\n').find((l) => l.includes(`termination-guard ${command}`))?.replace(/^Usage: +/, '').trim() ?? `termination-guard ${command}`;
  const sections = command === 'drill' ? [common, drill] : command === 'smoke' ? [common, smoke] : command === 'check' ? [common] : [];
  const exit = usage.slice(usage.indexOf('Exit status:'));
  return [`Usage: ${line}`, ...sections, `  -h, --help                            show this help\n\n${exit}`].join('\n\n');
}

export async function parseInvocation(argv: string[], cwd: string, env: TerminalEnv, programUrl: string): Promise<Invocation> {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options });
  } catch (error) {
    fail(usageProblem(error as Error & { code?: string }));
  }
  const { values, positionals } = parsed;
  const named = positionals[0];
  if (values.help && (named === 'check' || named === 'drill' || named === 'smoke' || named === 'rules')) return { command: 'help', text: commandUsage(named) };
  if (values.help) return { command: 'help' };
  if (values.version) return { command: 'version' };
  const [command, ...paths] = positionals;
  if (command === 'rules') return { command: 'rules' };
  if (command === 'probe') return { command: 'probe', spec: paths[0] };
  if (command !== 'check' && command !== 'drill' && command !== 'smoke') fail(command ? `unknown command "${command}"` : 'missing command');
  const format = values.format ?? 'text';
  if (!['text', 'markdown', 'json', 'sarif'].includes(format)) fail(`--format must be text, markdown, json or sarif (got "${format}")`);
  const { policyOf } = await import('./pipeline/settings.js');
  const { config, errors } = await configOf(values, command, cwd);
  if (values.head && !values.base) fail('--head needs --base');
  const clusterMode = values.cluster ?? 'kubeconfig';
  if (clusterMode !== 'kubeconfig' && clusterMode !== 'kind') fail(`--cluster must be kubeconfig or kind (got "${clusterMode}")`);
  const valuesFiles = values.values ?? [];
  const sets = values.set ?? [];
  const settings: RunSettings = {
    root: cwd,
    paths: scopesOf(paths, cwd),
    config,
    configErrors: errors,
    render: {
      ...config.render,
      enabled: config.render.enabled && !values['no-render'],
      kubernetesVersion: config.kubernetesVersion,
      ...(valuesFiles.length + sets.length > 0 ? { only: { files: valuesFiles, set: sets } } : {}),
    },
    ...(values.base ? { change: { source: 'git' as const, base: values.base, ...(values.head ? { head: values.head } : {}) } } : {}),
    ...(command === 'drill' ? { drill: { ...(values.container ? { container: values.container } : {}), ...(values.workload ? { workload: values.workload } : {}), pull: !values['no-pull'] } } : {}),
    ...(command === 'smoke'
      ? {
          smoke: {
            mode: clusterMode,
            ...(values.kubeconfig ? { kubeconfig: resolve(cwd, values.kubeconfig) } : {}),
            ...(values['kind-binary'] ? { kindBinary: values['kind-binary'] } : {}),
            ...(values.workload ? { workload: values.workload } : {}),
          },
        }
      : {}),
    policy: policyOf(config),
    programUrl,
  };
  return { command, settings, format: format as Format, ...(values.output ? { output: resolve(cwd, values.output) } : {}), color: colorWanted(values, env) };
}

/** The config file with the flags applied. The drill and smoke commands gate on their measurements unless --fail-on is given. */
async function configOf(values: Values, command: 'check' | 'drill' | 'smoke', cwd: string) {
  const [{ parseDrillFailOn, parseFailOn }, { kubeVersionProblem }, { parseSmokeFailOn, smokeFailOnValues }, { ConfigFileError, loadConfig }] = await Promise.all([
    import('./analysis/config.js'),
    import('./k8s/version.js'),
    import('./measure/smoke.js'),
    import('./pipeline/settings.js'),
  ]);
  const overrides: ConfigOverrides = { drill: {}, smoke: {} };
  const version = values['kubernetes-version'];
  if (version !== undefined) {
    const problem = kubeVersionProblem(version);
    if (problem) fail(`--kubernetes-version: ${problem}`);
    overrides.kubernetesVersion = version;
  }
  if (values.rate !== undefined) {
    const rate = values.rate;
    if (!/^\d+$/.test(rate) || Number(rate) < 1 || Number(rate) > 200) fail(`--rate must be a number of requests per second from 1 to 200 (got "${rate}")`);
    overrides.drill!.rate = Number(rate);
    overrides.smoke!.rate = Number(rate);
  }
  const inFlightPath = values['in-flight-path'];
  if (inFlightPath !== undefined) {
    if (!inFlightPath.startsWith('/')) fail(`--in-flight-path must start with / (got "${inFlightPath}")`);
    overrides.drill!.inFlightPath = inFlightPath;
  }
  const drillFailOn = values['drill-fail-on'];
  if (drillFailOn !== undefined) {
    const parsed = parseDrillFailOn(drillFailOn);
    if (!parsed) fail(`--drill-fail-on must list killed and/or abrupt, or be never (got "${drillFailOn}")`);
    overrides.drill!.failOn = parsed;
  }
  const smokeFailOn = values['smoke-fail-on'];
  if (smokeFailOn !== undefined) {
    const parsed = parseSmokeFailOn(smokeFailOn);
    if (!parsed) fail(`--smoke-fail-on must list ${smokeFailOnValues.join(', ')}, or be never (got "${smokeFailOn}")`);
    overrides.smoke!.failOn = parsed;
  }
  if (values['prober-netns'] !== undefined) overrides.smoke!.proberNetns = values['prober-netns'];
  if (values.trials !== undefined) {
    if (!/^\d+$/.test(values.trials) || Number(values.trials) < 1 || Number(values.trials) > 25) fail(`--trials must be a whole number from 1 to 25 (got "${values.trials}")`);
    overrides.smoke!.trials = Number(values.trials);
  }
  const failOn = values['fail-on'];
  if (failOn !== undefined) {
    const parsed = parseFailOn(failOn);
    if (!parsed) fail(`--fail-on must be new-errors, error, warning or never (got "${failOn}")`);
    overrides.failOn = parsed;
  } else if (command !== 'check') {
    overrides.failOn = 'never';
  }
  if (values['inspect-images']) overrides.inspectImages = true;
  try {
    return loadConfig(cwd, values.config, overrides);
  } catch (error) {
    if (error instanceof ConfigFileError) fail(error.message);
    throw error;
  }
}

/** Inside the working directory paths are relative to it; outside they stay absolute (the names the reports use for such files). */
function scopesOf(paths: readonly string[], cwd: string): string[] {
  return (paths.length > 0 ? paths : ['.']).map((p) => {
    const absolute = resolve(cwd, p);
    const rel = relative(cwd, absolute).split(sep).join('/');
    return rel === '' ? '.' : rel.startsWith('..') ? absolute : rel;
  });
}
