// What a run is asked to do — one typed settings object that both shells build from their own
// inputs (argv, action inputs) — and what the pipeline needs from its surroundings (adapters).
import { type Config, defaultConfigPath, parseConfig } from '../analysis/config.js';
import type { GatePolicy } from '../analysis/gate.js';
import type { InputError } from '../manifests/objects.js';
import type { RenderSettings } from '../sources/render/index.js';
import type { GitHub } from '../github/client.js';
import { ConfinedFs, decodeText } from '../sources/confined.js';

/** How base and head are found, in the PR view. */
export type ChangeRequest =
  /** The CLI's --base (and --head): git refs; head is the working tree without --head. */
  | { source: 'git'; base: string; head?: string }
  /** The Action: a pull request's (or push's) SHAs; git first, the REST API when git cannot answer. */
  | { source: 'pull-request'; owner: string; repo: string; baseSha: string; headSha: string; number?: number };

export interface DrillRequest {
  /** Only containers with this name / workloads with this name. */
  container?: string;
  workload?: string;
  /** Pull images that are not present locally. */
  pull: boolean;
}

export interface SmokeRequest {
  mode: 'kind' | 'kubeconfig';
  kubeconfig?: string;
  kindBinary?: string;
  workload?: string;
}

export interface RunSettings {
  /** The checkout or working directory: paths, the config and the trees are relative to it. */
  root: string;
  /** What to analyse under root (files or directories). */
  paths: string[];
  /** The configuration with every override of the shell applied. */
  config: Config;
  /** Problems in the config file: reported with the result, never fatal. */
  configErrors: InputError[];
  render: RenderSettings & { enabled: boolean };
  /** The PR view: compare with a base. Absent: analyse the tree as it is. */
  change?: ChangeRequest;
  /** owner/name, for build descriptors that name images by repository. */
  repository?: string;
  /** Measurements to run after the analysis (off when absent). */
  drill?: DrillRequest;
  smoke?: SmokeRequest;
  policy: GatePolicy;
  /** This program's module URL: the smoke prober runs its `probe` command. */
  programUrl: string;
}

export interface Logger {
  /** Detail of the run (changed files, render timings, counts): the Action's log, hidden in the CLI. */
  debug(message: string): void;
  /** Progress of long work (images, drill, rollouts). */
  info(message: string): void;
  warning(message: string): void;
  /** One phase of the run (a log group in the Action). */
  group<T>(name: string, work: () => Promise<T>): Promise<T>;
  /** Where long work is (rendered 3 of 12 charts): a terminal's status line; absent, nothing. */
  progress?(message: string): void;
}

export interface Adapters {
  log: Logger;
  /** The REST API, when the shell has a token: the change's files when git cannot answer. */
  github?: GitHub;
}

/** A config file named by the user that cannot be read. */
export class ConfigFileError extends Error {}

export interface ConfigOverrides {
  kubernetesVersion?: string;
  failOn?: Config['failOn'];
  inspectImages?: boolean;
  drill?: Partial<Config['drill']>;
  smoke?: Partial<Config['smoke']>;
}

/**
 * The config file (the one named, else the default path when it exists, else defaults) with the
 * shell's overrides applied. A named file that does not exist is a ConfigFileError.
 */
export function loadConfig(root: string, file: string | undefined, overrides: ConfigOverrides): { config: Config; errors: InputError[] } {
  // Read from the pull request like any manifest: through the confined reader.
  const confined = new ConfinedFs(root);
  // The default path is used when it is there; a symlink or the like there is refused, not skipped.
  const atDefault = confined.locate(defaultConfigPath);
  const chosen = file ?? (atDefault.ok || atDefault.reason !== 'not found' ? defaultConfigPath : undefined);
  let text = '';
  if (chosen !== undefined) {
    const read = confined.read(chosen);
    if (!read.ok) throw new ConfigFileError(read.reason === 'not found' ? `config file not found: ${chosen}` : `config file ${chosen} not read: ${read.reason}`);
    const decoded = decodeText(read.content);
    if (!decoded.ok) throw new ConfigFileError(`config file ${chosen} is not text (${decoded.reason})`);
    text = decoded.text;
  }
  const parsed = parseConfig(text, chosen ?? defaultConfigPath);
  const config = parsed.config;
  return {
    config: {
      ...config,
      ...(overrides.kubernetesVersion ? { kubernetesVersion: overrides.kubernetesVersion } : {}),
      ...(overrides.failOn ? { failOn: overrides.failOn } : {}),
      inspectImages: Boolean(overrides.inspectImages) || config.inspectImages,
      drill: { ...config.drill, ...overrides.drill },
      smoke: { ...config.smoke, ...overrides.smoke },
    },
    errors: parsed.errors,
  };
}

/** The gate's policy from the configuration. */
export function policyOf(config: Config): GatePolicy {
  return { failOn: config.failOn, drillFailOn: config.drill.failOn, smokeFailOn: config.smoke.failOn, failOnInputErrors: config.failOnInputErrors ?? true };
}

/** The render settings with each render's progress going to the logger's status line (a terminal's). */
export function withProgress<T extends object>(render: T, adapters: Adapters): T & { progress?: (message: string) => void } {
  const { log } = adapters;
  return log.progress ? { ...render, progress: (message: string) => log.progress?.(message) } : render;
}
