// The Action's inputs and environment → one typed settings object for the pipeline. The event
// payload and GITHUB_* variables are read here once and passed down as plain values.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type ChangeContext, changeContext } from './github/event.js';
import type { GitHub } from './github/client.js';
import { pullRequestShas } from './github/pulls.js';
import type { ActionInputs } from './inputs.js';
import { log } from './outputs.js';
import { loadConfig, policyOf, type RunSettings } from './pipeline/settings.js';

export interface ActionEnvironment {
  workspace: string;
  event: string;
  payload: Record<string, any>;
  repository?: string;
  sha?: string;
}

export function actionEnvironment(): ActionEnvironment {
  const path = process.env.GITHUB_EVENT_PATH;
  return {
    workspace: process.env.GITHUB_WORKSPACE ?? process.cwd(),
    event: process.env.GITHUB_EVENT_NAME ?? '',
    payload: path && existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : {},
    ...(process.env.GITHUB_REPOSITORY ? { repository: process.env.GITHUB_REPOSITORY } : {}),
    ...(process.env.GITHUB_SHA ? { sha: process.env.GITHUB_SHA } : {}),
  };
}

/** The change the event describes; workflow_dispatch names its PR in an input. */
export async function actionChange(inputs: ActionInputs, env: ActionEnvironment, github: GitHub | undefined): Promise<ChangeContext | undefined> {
  if (!env.event) return undefined;
  const change = changeContext(env.event, env.payload, env.repository, env.sha);
  const number = inputs.pullRequest ?? (env.event === 'workflow_dispatch' ? Number(env.payload.inputs?.['pull-request'] ?? env.payload.inputs?.pr) || undefined : undefined);
  if (!change.number && number && github) return { ...change, number, ...(await pullRequestShas(github, change.owner, change.repo, number)) };
  return change;
}

/**
 * The drill and the smoke test run the PR's images: only on `pull_request`, whose token is
 * read-only for forks and whose runner holds no secrets of the base repository — never on
 * pull_request_target, workflow_run or push, where they would run untrusted code with privileges.
 */
export function measurementsAllowed(event: string): boolean {
  return event === 'pull_request';
}

function measureAllowed(what: 'drill' | 'smoke-test', event: string): boolean {
  if (measurementsAllowed(event)) return true;
  log.warning(`${what}: runs only on pull_request events (this run is ${event || 'not from an event'}); skipped`);
  return false;
}

export function actionSettings(inputs: ActionInputs, env: ActionEnvironment, change: ChangeContext | undefined, programUrl: string): RunSettings {
  const { config, errors } = loadConfig(env.workspace, inputs.config, {
    failOn: inputs.failOn,
    ...(inputs.kubernetesVersion ? { kubernetesVersion: inputs.kubernetesVersion } : {}),
    inspectImages: inputs.inspectImages,
    drill: inputs.drillFailOn ? { failOn: inputs.drillFailOn } : {},
    smoke: inputs.smokeFailOn ? { failOn: inputs.smokeFailOn } : {},
  });
  const smokeMode = inputs.smokeTest;
  return {
    root: env.workspace,
    paths: inputs.paths,
    config,
    configErrors: errors,
    render: { ...config.render, kubernetesVersion: config.kubernetesVersion },
    ...(change?.baseSha
      ? { change: { source: 'pull-request' as const, owner: change.owner, repo: change.repo, baseSha: change.baseSha, headSha: change.headSha, ...(change.number ? { number: change.number } : {}) } }
      : {}),
    ...(env.repository ? { repository: env.repository } : {}),
    ...(inputs.drill && measureAllowed('drill', env.event) ? { drill: { pull: true } } : {}),
    ...(smokeMode !== 'off' && measureAllowed('smoke-test', env.event) ? { smoke: { mode: smokeMode, ...(inputs.kubeconfig ? { kubeconfig: resolve(env.workspace, inputs.kubeconfig) } : {}) } } : {}),
    policy: policyOf(config),
    programUrl,
  };
}
