// The configuration file (.github/termination-guard.yml): severities, disabled rules,
// ignored paths, target version and gate. Parsed from text; the shell reads the file.
import { defaultKubernetesVersion, kubeVersionProblem } from '../k8s/version.js';
import type { InputError } from '../manifests/objects.js';
import { asArray, asRecord, type ObjectPath } from '../manifests/objects.js';
import { lineOf, lineStarts, loadDocuments, resolveOffsets } from '../manifests/yaml-positions.js';
import { YamlTextError } from '../manifests/yaml-text.js';
import { findRule } from '../rules/index.js';
import { pathsFilter } from './paths-filter.js';
import type { Severity } from '../rules/types.js';
import { type DrillVerdict, drillVerdicts } from '../measure/drill.js';
import { parseSmokeFailOn, type SmokeFailOn, smokeFailOnValues } from '../measure/smoke.js';

/** Gate policy. `new-errors` fails only on errors a change introduces (everything is new without a base). */
export type FailOn = 'new-errors' | 'error' | 'warning' | 'never';

/** Accepts the Action's plural spellings too (errors, warnings). */
export function parseFailOn(value: string): FailOn | undefined {
  const normalized = value === 'errors' ? 'error' : value === 'warnings' ? 'warning' : value;
  return ['new-errors', 'error', 'warning', 'never'].includes(normalized) ? (normalized as FailOn) : undefined;
}

export interface Config {
  kubernetesVersion: string;
  failOn: FailOn;
  /** Rule id → severity, or 'off'. */
  rules: Record<string, Severity | 'off'>;
  ignorePaths: string[];
  render: RenderConfig;
  /** Image repository → the Dockerfile that builds it. */
  images: Record<string, ImageMapping>;
  /** Read image configs from their registries (the `inspect-images` option). */
  inspectImages: boolean;
  /** An input of the change that cannot be analysed fails the gate (default true). */
  failOnInputErrors?: boolean;
  /** The SIGTERM drill's settings. */
  drill: DrillConfig;
  /** The rollout smoke test's settings. */
  smoke: SmokeConfig;
  /** The configuration file these settings came from, for evidence. */
  file?: string;
}

export interface DrillConfig {
  /** Requests per second in each prober mode. */
  rate: number;
  /**
   * A slow path (e.g. /slow?ms=5000) requested back to back on its own kept-alive connections, so
   * that requests are open when the stop signal arrives; per workload by annotation.
   */
  inFlightPath?: string;
  /** How many such connections stream the slow path (staggered); 0 tests no in-flight work. */
  inFlightCount: number;
  readyTimeoutSeconds: number;
  /** Bound on the whole drill. */
  maxSeconds: number;
  /** Verdicts that fail the gate. */
  failOn: DrillVerdict[];
}

export const defaultDrillConfig: DrillConfig = { rate: 20, inFlightCount: 3, readyTimeoutSeconds: 60, maxSeconds: 600, failOn: ['killed', 'abrupt'] };

export interface SmokeConfig {
  /** Requests per second in each prober mode. */
  rate: number;
  /** Bound on each rollout (and on the first deployment becoming available). */
  rolloutTimeoutSeconds: number;
  /** A rollout without any pod or status change this long has stalled (at least grace + 5 s). */
  stallSeconds: number;
  /** Quiet traffic before, between and after the rollouts. */
  settleSeconds: number;
  /** Failed requests the head may have beyond the base's before it is a regression (the measured noise floor when larger). */
  tolerance: number;
  /** How many times the head's restart is repeated (median and spread; failures and kills count in a majority). */
  trials: number;
  failOn: SmokeFailOn[];
  /** A text every good answer contains; per workload by annotation. */
  expectBody?: string;
  /** The kind node image (kind mode); default from kubernetesVersion. */
  kindNodeImage?: string;
  /** kind mode: kubeadm config patches for every node (kind's kubeadmConfigPatches), e.g. `failCgroupV1: false` on a cgroup v1 host. */
  kindConfigPatches?: string[];
  /** Probe from this network namespace (a path or a PID) in kubeconfig mode. */
  proberNetns?: string;
}

export const defaultSmokeConfig: SmokeConfig = { rate: 20, rolloutTimeoutSeconds: 300, stallSeconds: 60, settleSeconds: 2, tolerance: 2, trials: 1, failOn: ['regression', 'stalled'] };

/** `killed,abrupt`, `none` or `never`: the drill verdicts that fail the gate. */
export function parseDrillFailOn(text: string): DrillVerdict[] | undefined {
  const items = text.split(/[\s,]+/).filter(Boolean);
  if (items.length === 1 && (items[0] === 'never' || items[0] === 'none')) return [];
  if (items.length === 0 || items.some((item) => !drillVerdicts.includes(item as DrillVerdict) || item === 'graceful')) return undefined;
  return items as DrillVerdict[];
}

export interface ImageMapping {
  dockerfile: string;
  context?: string;
  target?: string;
}

/** How charts and overlays are rendered. */
export interface RenderConfig {
  enabled: boolean;
  /** Namespace passed to `helm template`. */
  namespace: string;
  timeoutSeconds: number;
  /** Release name for `helm template` (default: the chart's name). */
  releaseName?: string;
  /** Chart directory → extra values sets, each one render (a list of files relative to the chart). */
  values: Record<string, string[][]>;
  /** API versions the cluster serves beyond the built-in ones and the repository's CRDs (`helm template --api-versions`). */
  apiVersions: string[];
}

export const defaultRenderConfig: RenderConfig = { enabled: true, namespace: 'default', timeoutSeconds: 120, values: {}, apiVersions: [] };

export const defaultConfig: Config = {
  kubernetesVersion: defaultKubernetesVersion,
  failOn: 'new-errors',
  rules: {},
  ignorePaths: [],
  render: defaultRenderConfig,
  images: {},
  inspectImages: false,
  drill: defaultDrillConfig,
  smoke: defaultSmokeConfig,
};

export { defaultConfigPath } from './config-path.js';

const severities = new Set(['error', 'warning', 'info', 'off']);

/** Parses a config file; unknown keys and bad values are errors naming the line, never ignored. */
export function parseConfig(text: string, file: string): { config: Config; errors: InputError[] } {
  const errors: InputError[] = [];
  const config: Config = { ...defaultConfig, rules: {}, ignorePaths: [], render: { ...defaultRenderConfig, values: {}, apiVersions: [] }, images: {}, drill: { ...defaultDrillConfig }, smoke: { ...defaultSmokeConfig }, file };
  // Lines come from the parser's node positions: a setting's path (['drill', 'rate']) names the
  // line of its key, nested or not.
  const starts = lineStarts(text);
  const [loaded, extra] = loadDocuments(text, 1000);
  if (loaded instanceof YamlTextError || extra instanceof YamlTextError) {
    const error = loaded instanceof YamlTextError ? loaded : (extra as YamlTextError);
    errors.push({ file, line: lineOf(starts, error.offset), message: `invalid YAML: ${error.message}` });
    return { config, errors };
  }
  if (!loaded) return { config, errors };
  if (extra) {
    errors.push({ file, line: lineOf(starts, extra.start), message: 'the configuration must be one YAML document' });
    return { config, errors };
  }
  const lineAt = (path: ObjectPath) => lineOf(starts, resolveOffsets(loaded.positions, path).start);
  const record = asRecord(loaded.value);
  if (!record) {
    errors.push({ file, line: lineOf(starts, loaded.start), message: 'the configuration must be a mapping' });
    return { config, errors };
  }
  for (const [key, value] of Object.entries(record)) {
    switch (key) {
      case 'kubernetesVersion':
        if (kubeVersionProblem(String(value)) === undefined) config.kubernetesVersion = String(value);
        else errors.push({ file, line: lineAt([key]), message: `kubernetesVersion: ${kubeVersionProblem(String(value))}` });
        break;
      case 'failOn': {
        const failOn = parseFailOn(String(value));
        if (failOn) config.failOn = failOn;
        else errors.push({ file, line: lineAt([key]), message: `failOn must be new-errors, error, warning or never (got "${String(value)}")` });
        break;
      }
      case 'rules':
        for (const [id, level] of Object.entries(asRecord(value) ?? {})) {
          if (!findRule(id)) errors.push({ file, line: lineAt(['rules', id]), message: `unknown rule "${id}"` });
          else if (!severities.has(String(level))) errors.push({ file, line: lineAt(['rules', id]), message: `rule ${id}: "${String(level)}" is not one of error, warning, info, off` });
          else config.rules[id] = String(level) as Severity | 'off';
        }
        break;
      case 'ignorePaths': {
        const patterns = value === null || value === undefined ? [] : Array.isArray(value) ? value : [value];
        if (patterns.some((pattern) => typeof pattern !== 'string')) {
          errors.push({ file, line: lineAt([key]), message: 'ignorePaths must be a list of glob patterns (strings)' });
          break;
        }
        config.ignorePaths = patterns as string[];
        for (const problem of pathsFilter(config.ignorePaths).problems) errors.push({ file, line: lineAt(Array.isArray(value) ? [key, patterns.indexOf(problem.pattern)] : [key]), message: problem.message });
        break;
      }
      case 'render':
        parseRender(value, config.render, (path, message) => errors.push({ file, line: lineAt([key, ...path]), message }));
        break;
      case 'images':
        parseImages(value, config.images, (path, message) => errors.push({ file, line: lineAt([key, ...path]), message }));
        break;
      case 'inspectImages':
        if (typeof value === 'boolean') config.inspectImages = value;
        else errors.push({ file, line: lineAt([key]), message: 'inspectImages must be true or false' });
        break;
      case 'failOnInputErrors':
        if (typeof value === 'boolean') config.failOnInputErrors = value;
        else errors.push({ file, line: lineAt([key]), message: 'failOnInputErrors must be true or false' });
        break;
      case 'drill':
        parseDrill(value, config.drill, (path, message) => errors.push({ file, line: lineAt([key, ...path]), message }));
        break;
      case 'smoke':
        parseSmoke(value, config.smoke, (path, message) => errors.push({ file, line: lineAt([key, ...path]), message }));
        break;
      default:
        errors.push({ file, line: lineAt([key]), message: `unknown setting "${key}" (known: kubernetesVersion, failOn, failOnInputErrors, rules, ignorePaths, render, images, inspectImages, drill, smoke)` });
    }
  }
  return { config, errors };
}

const apiVersionPattern = /^(?:[a-z0-9]([-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?v\d+(?:(?:alpha|beta)\d+)?(?:\/[A-Za-z][A-Za-z0-9]*)?$/;

function parseRender(value: unknown, render: RenderConfig, error: ReportAt): void {
  const record = asRecord(value);
  if (!record) return error([], 'render must be a mapping (enabled, namespace, timeoutSeconds, releaseName, values, apiVersions)');
  for (const [key, item] of Object.entries(record)) {
    switch (key) {
      case 'enabled':
        if (typeof item === 'boolean') render.enabled = item;
        else error([key], 'render.enabled must be true or false');
        break;
      case 'namespace':
      case 'releaseName':
        if (typeof item === 'string' && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(item)) render[key] = item;
        else error([key], `render.${key} must be a DNS label like "shop"`);
        break;
      case 'timeoutSeconds':
        if (typeof item === 'number' && item > 0 && item <= 3600) render.timeoutSeconds = item;
        else error([key], 'render.timeoutSeconds must be a number of seconds between 1 and 3600');
        break;
      case 'values':
        for (const [chart, sets] of Object.entries(asRecord(item) ?? {})) {
          const list = asArray(sets).map((set) => (Array.isArray(set) ? set.map(String) : [String(set)]));
          if (list.length === 0) error(['values', chart], `render.values.${chart}: give a list of values files (or of lists, one per render)`);
          else render.values[chart.replace(/^\.\/?/, '').replace(/\/$/, '')] = list;
        }
        break;
      case 'apiVersions': {
        // What .Capabilities.APIVersions.Has asks for: "group/version" or "group/version/Kind".
        const list = Array.isArray(item) ? item : [item];
        list.forEach((entry, index) => {
          const at = Array.isArray(item) ? [key, index] : [key];
          if (typeof entry === 'string' && apiVersionPattern.test(entry)) render.apiVersions.push(entry);
          else error(at, `render.apiVersions: ${JSON.stringify(entry)} is not an API version like monitoring.coreos.com/v1 or monitoring.coreos.com/v1/ServiceMonitor`);
        });
        break;
      }
      default:
        error([key], `unknown render setting "${key}" (known: enabled, namespace, timeoutSeconds, releaseName, values, apiVersions)`);
    }
  }
}

/** Reports a problem at a path inside the section being parsed (the section itself for []). */
type ReportAt = (path: ObjectPath, message: string) => void;

/** Sets a numeric setting when it is a number in [low, high]; else reports `section.key`. */
function numberSetting(section: string, error: ReportAt) {
  return (key: string, item: unknown, low: number, high: number, set: (n: number) => void) => {
    if (typeof item === 'number' && Number.isFinite(item) && item >= low && item <= high) set(item);
    else error([key], `${section}.${key} must be a number from ${low} to ${high}`);
  };
}

function parseDrill(value: unknown, drill: DrillConfig, error: ReportAt): void {
  const record = asRecord(value);
  if (!record) return error([], 'drill must be a mapping (rate, inFlightPath, inFlightCount, readyTimeoutSeconds, maxSeconds, failOn)');
  const bounded = numberSetting('drill', error);
  for (const [key, item] of Object.entries(record)) {
    switch (key) {
      case 'rate':
        bounded(key, item, 1, 200, (n) => (drill.rate = n));
        break;
      case 'inFlightCount':
        bounded(key, item, 0, 20, (n) => (drill.inFlightCount = Math.round(n)));
        break;
      case 'readyTimeoutSeconds':
        bounded(key, item, 1, 600, (n) => (drill.readyTimeoutSeconds = n));
        break;
      case 'maxSeconds':
        bounded(key, item, 10, 3600, (n) => (drill.maxSeconds = n));
        break;
      case 'inFlightPath':
        if (typeof item === 'string' && item.startsWith('/')) drill.inFlightPath = item;
        else error([key], 'drill.inFlightPath must be a path starting with / (e.g. /slow?ms=5000)');
        break;
      case 'failOn': {
        const parsed = parseDrillFailOn(Array.isArray(item) ? item.join(',') : String(item));
        if (parsed) drill.failOn = parsed;
        else error([key], 'drill.failOn must list killed and/or abrupt, or be never');
        break;
      }
      default:
        error([key], `unknown drill setting "${key}" (known: rate, inFlightPath, inFlightCount, readyTimeoutSeconds, maxSeconds, failOn)`);
    }
  }
}

const smokeKeys = 'rate, rolloutTimeoutSeconds, stallSeconds, settleSeconds, tolerance, trials, failOn, expectBody, kindNodeImage, kindConfigPatches, proberNetns';

function parseSmoke(value: unknown, smoke: SmokeConfig, error: ReportAt): void {
  const record = asRecord(value);
  if (!record) return error([], `smoke must be a mapping (${smokeKeys})`);
  const bounded = numberSetting('smoke', error);
  const text = (key: string, item: unknown, set: (s: string) => void) => {
    if (typeof item === 'string' && item.trim() !== '') set(item);
    else error([key], `smoke.${key} must be a non-empty string`);
  };
  for (const [key, item] of Object.entries(record)) {
    switch (key) {
      case 'rate':
        bounded(key, item, 1, 200, (n) => (smoke.rate = n));
        break;
      case 'rolloutTimeoutSeconds':
        bounded(key, item, 10, 3600, (n) => (smoke.rolloutTimeoutSeconds = n));
        break;
      case 'stallSeconds':
        bounded(key, item, 5, 600, (n) => (smoke.stallSeconds = n));
        break;
      case 'settleSeconds':
        bounded(key, item, 0, 60, (n) => (smoke.settleSeconds = n));
        break;
      case 'tolerance':
        bounded(key, item, 0, 100000, (n) => (smoke.tolerance = Math.round(n)));
        break;
      case 'trials':
        bounded(key, item, 1, 25, (n) => (Number.isInteger(n) ? (smoke.trials = n) : error([key], 'smoke.trials must be a whole number from 1 to 25')));
        break;
      case 'failOn': {
        const parsed = parseSmokeFailOn(Array.isArray(item) ? item.join(',') : String(item));
        if (parsed) smoke.failOn = parsed;
        else error([key], `smoke.failOn must list ${smokeFailOnValues.join(', ')}, or be never`);
        break;
      }
      case 'expectBody':
        text(key, item, (s) => (smoke.expectBody = s));
        break;
      case 'kindNodeImage':
        text(key, item, (s) => (smoke.kindNodeImage = s));
        break;
      case 'kindConfigPatches':
        if (Array.isArray(item) && item.length <= 20 && item.every((patch) => typeof patch === 'string' && /^\s*kind:\s*\w+/m.test(patch))) smoke.kindConfigPatches = item as string[];
        else error([key], 'smoke.kindConfigPatches must be a list of kubeadm config patches, each a YAML text with its kind: (e.g. "kind: KubeletConfiguration\\nfailCgroupV1: false")');
        break;
      case 'proberNetns':
        text(key, item, (s) => (smoke.proberNetns = s));
        break;
      default:
        error([key], `unknown smoke setting "${key}" (known: ${smokeKeys})`);
    }
  }
}

function parseImages(value: unknown, images: Record<string, ImageMapping>, error: ReportAt): void {
  const record = asRecord(value);
  if (!record) return error([], 'images must map image names to Dockerfiles, e.g. ghcr.io/acme/api: services/api/Dockerfile');
  for (const [image, item] of Object.entries(record)) {
    if (typeof item === 'string' && item !== '') {
      images[image] = { dockerfile: item };
      continue;
    }
    const entry = asRecord(item);
    const dockerfile = entry?.dockerfile;
    if (typeof dockerfile !== 'string' || dockerfile === '') {
      error([image], `images.${image}: give the Dockerfile path, or { dockerfile, context, target }`);
      continue;
    }
    const unknown = Object.keys(entry ?? {}).filter((k) => !['dockerfile', 'context', 'target'].includes(k));
    if (unknown.length > 0) error([image, unknown[0]], `images.${image}: unknown key "${unknown[0]}" (known: dockerfile, context, target)`);
    images[image] = {
      dockerfile,
      ...(typeof entry?.context === 'string' ? { context: entry.context } : {}),
      ...(typeof entry?.target === 'string' ? { target: entry.target } : {}),
    };
  }
}
