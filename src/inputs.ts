// The only reader of action inputs. Read once in main.ts and passed down as plain values.
import * as core from '@actions/core';
import { type FailOn, parseDrillFailOn, parseFailOn } from './analysis/config.js';
import { kubeVersionProblem } from './k8s/version.js';
import type { DrillVerdict } from './measure/drill.js';
import { parseSmokeFailOn, type SmokeFailOn, smokeFailOnValues } from './measure/smoke.js';
import { type CommentOn, commentOnValues } from './report/comment.js';

export interface ActionInputs {
  githubToken: string;
  paths: string[];
  config?: string;
  kubernetesVersion?: string;
  failOn: FailOn;
  comment: 'sticky' | 'off';
  /** When a new sticky comment is posted: always, when the PR changes findings, or when the gate fails. An existing one is always updated. */
  commentOn: CommentOn;
  reviewSuggestions: boolean;
  annotations: boolean;
  /** Create and complete a check run named termination-guard (needs checks: write). */
  checkRun: boolean;
  sarifFile?: string;
  /** workflow_dispatch: the PR to review. */
  pullRequest?: number;
  /** The privileged half of the two-workflow pattern: a stored publication to post. */
  publish?: string;
  /** Read image configs from their registries. */
  inspectImages: boolean;
  /** Run the SIGTERM drill on changed containers (pull_request only). */
  drill: boolean;
  /** Drill verdicts that fail the gate (undefined: the config's). */
  drillFailOn?: DrillVerdict[];
  /** Roll the changed workloads out in a cluster (pull_request only). */
  smokeTest: 'off' | 'kind' | 'kubeconfig';
  /** Smoke conditions that fail the gate (undefined: the config's). */
  smokeFailOn?: SmokeFailOn[];
  /** kubeconfig mode: the file (default $KUBECONFIG, ~/.kube/config). */
  kubeconfig?: string;
}

export class InputError extends Error {}

function list(value: string): string[] {
  return value
    .split(/[\n,]/)
    .map((item) => item.trim())
    .filter(Boolean);
}

function booleanInput(name: string, fallback: boolean): boolean {
  return core.getInput(name) === '' ? fallback : core.getBooleanInput(name);
}

export function readInputs(): ActionInputs {
  const failOnText = core.getInput('fail-on') || 'new-errors';
  const failOn = parseFailOn(failOnText);
  if (!failOn) throw new InputError(`input fail-on must be new-errors, errors, warnings or never (got "${failOnText}")`);
  const comment = core.getInput('comment') || 'sticky';
  if (comment !== 'sticky' && comment !== 'off') throw new InputError(`input comment must be sticky or off (got "${comment}")`);
  const commentOn = (core.getInput('comment-on') || 'always') as CommentOn;
  if (!commentOnValues.includes(commentOn)) throw new InputError(`input comment-on must be always, changes or failures (got "${commentOn}")`);
  const pullRequestText = core.getInput('pull-request');
  const pullRequest = pullRequestText ? Number(pullRequestText) : undefined;
  if (pullRequest !== undefined && !Number.isInteger(pullRequest)) throw new InputError(`input pull-request must be a PR number (got "${pullRequestText}")`);
  const config = core.getInput('config');
  const kubernetesVersion = core.getInput('kubernetes-version');
  const versionProblem = kubernetesVersion ? kubeVersionProblem(kubernetesVersion) : undefined;
  if (versionProblem) throw new InputError(`input kubernetes-version: ${versionProblem}`);
  const sarifFile = core.getInput('sarif-file');
  const publish = core.getInput('publish');
  const drillFailOnText = core.getInput('drill-fail-on');
  const drillFailOn = drillFailOnText ? parseDrillFailOn(drillFailOnText) : undefined;
  if (drillFailOnText && !drillFailOn) throw new InputError(`input drill-fail-on must list killed and/or abrupt, or be never (got "${drillFailOnText}")`);
  const smokeTest = core.getInput('smoke-test') || 'off';
  if (smokeTest !== 'off' && smokeTest !== 'kind' && smokeTest !== 'kubeconfig') throw new InputError(`input smoke-test must be off, kind or kubeconfig (got "${smokeTest}")`);
  const smokeFailOnText = core.getInput('smoke-fail-on');
  const smokeFailOn = smokeFailOnText ? parseSmokeFailOn(smokeFailOnText) : undefined;
  if (smokeFailOnText && !smokeFailOn) throw new InputError(`input smoke-fail-on must list ${smokeFailOnValues.join(', ')}, or be never (got "${smokeFailOnText}")`);
  const kubeconfig = core.getInput('kubeconfig');
  return {
    githubToken: core.getInput('github-token'),
    paths: list(core.getInput('paths') || '.'),
    ...(config ? { config } : {}),
    ...(kubernetesVersion ? { kubernetesVersion } : {}),
    failOn,
    comment,
    commentOn,
    reviewSuggestions: booleanInput('review-suggestions', true),
    annotations: booleanInput('annotations', true),
    checkRun: booleanInput('check-run', false),
    ...(sarifFile ? { sarifFile } : {}),
    ...(pullRequest !== undefined ? { pullRequest } : {}),
    ...(publish ? { publish } : {}),
    inspectImages: booleanInput('inspect-images', false),
    drill: booleanInput('drill', false),
    ...(drillFailOn ? { drillFailOn } : {}),
    smokeTest,
    ...(smokeFailOn ? { smokeFailOn } : {}),
    ...(kubeconfig ? { kubeconfig } : {}),
  };
}
