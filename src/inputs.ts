// The only reader of action inputs. Read once in main.ts and passed down as plain values.
import * as core from '@actions/core';
import { type FailOn, parseFailOn } from './analysis/config.js';

export interface ActionInputs {
  paths: string[];
  config?: string;
  kubernetesVersion?: string;
  failOn: FailOn;
  annotations: boolean;
  sarifFile?: string;
}

export class InputError extends Error {}

function list(value: string): string[] {
  return value
    .split(/[\n,]/)
    .map((item) => item.trim())
    .filter(Boolean);
}

export function readInputs(): ActionInputs {
  const failOnText = core.getInput('fail-on') || 'new-errors';
  const failOn = parseFailOn(failOnText);
  if (!failOn) throw new InputError(`input fail-on must be new-errors, errors, warnings or never (got "${failOnText}")`);
  const config = core.getInput('config');
  const kubernetesVersion = core.getInput('kubernetes-version');
  const sarifFile = core.getInput('sarif-file');
  return {
    paths: list(core.getInput('paths') || '.'),
    ...(config ? { config } : {}),
    ...(kubernetesVersion ? { kubernetesVersion } : {}),
    failOn,
    annotations: core.getInput('annotations') === '' ? true : core.getBooleanInput('annotations'),
    ...(sarifFile ? { sarifFile } : {}),
  };
}
