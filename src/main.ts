// The Action's shell: inputs → settings → the pipeline → outputs, reports and the PR publication;
// the gate's decision becomes the step's status.
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as core from '@actions/core';
import { ActionCheckRun } from './action-check-run.js';
import { actionChange, actionEnvironment, actionSettings, measurementsAllowed } from './action-settings.js';
import { passUnchanged, publish, publishStored } from './action-publish.js';
import { createGitHub, GitHubApiError } from './github/client.js';
import { EventError } from './github/event.js';
import { PublicationError } from './github/publication.js';
import { InputError, readInputs } from './inputs.js';
import { log, outputDir, writeAnnotations, writeJobSummary, writeOutputs } from './outputs.js';
import { runPipeline } from './pipeline/run.js';
import { ConfigFileError, type Logger } from './pipeline/settings.js';
import { renderSummary } from './report/comment.js';
import { renderJson } from './report/json.js';
import { renderSarif } from './report/sarif.js';
import { failureMessage } from './report/summary.js';
import { GitError, NothingToAnalyse, PathNotFoundError } from './pipeline/errors.js';

// Every line may hold a file name from the pull request: through the log escaping, never raw.
const actionsLogger: Logger = { debug: (m) => log.info(m), info: (m) => log.info(m), warning: (m) => log.warning(m), group: (name, work) => core.group(name, work) };

/** The workflow run's page, where the check run's details link points. */
function workflowRunUrl(repository: string | undefined): string | undefined {
  const runId = process.env.GITHUB_RUN_ID;
  if (!repository || !runId) return undefined;
  return `${process.env.GITHUB_SERVER_URL ?? 'https://github.com'}/${repository}/actions/runs/${runId}`;
}

export async function run(): Promise<void> {
  let checkRun: ActionCheckRun | undefined;
  try {
    const inputs = readInputs();
    const env = actionEnvironment();
    // getOctokit takes the API URL from the runner (GITHUB_API_URL: GHES too) and honours its proxy.
    const github = inputs.githubToken ? createGitHub({ token: inputs.githubToken, log: (m) => core.debug(m) }) : undefined;
    if (inputs.publish && inputs.checkRun) log.notice('termination-guard: check-run is for the analysing run (part 1 of the two-workflow pattern); this publishing run creates no check run.');
    if (inputs.publish) return await publishStored({ ...inputs, publish: inputs.publish }, github, env.event, env.payload, env.workspace);
    const change = await actionChange(inputs, env, github);
    // Opened before the settings are built: a config file that cannot be read completes it as failure.
    if (inputs.checkRun) {
      const detailsUrl = workflowRunUrl(change ? `${change.owner}/${change.repo}` : env.repository);
      const measured = measurementsAllowed(env.event);
      const measurements = { drill: inputs.drill && measured, smoke: inputs.smokeTest !== 'off' && measured };
      checkRun = await ActionCheckRun.open(github, change, { ...(detailsUrl ? { detailsUrl } : {}), ...(process.env.GITHUB_RUN_ID ? { runId: process.env.GITHUB_RUN_ID } : {}), measurements });
    }
    const settings = actionSettings(inputs, env, change, import.meta.url);
    const result = await runPipeline(settings, { log: actionsLogger, ...(github ? { github } : {}) });
    if (result.unchanged !== undefined && change) {
      await passUnchanged(github, change, inputs, result.unchanged);
      return await checkRun?.completeUnchanged(result, result.unchanged);
    }
    await core.group('Reports', async () => {
      await writeJobSummary(renderSummary(result, {}));
      const reportPath = join(outputDir(), 'termination-guard.json');
      writeFileSync(reportPath, renderJson(result));
      if (inputs.sarifFile) writeFileSync(resolve(env.workspace, inputs.sarifFile), renderSarif(result));
      writeOutputs(result, reportPath);
    });
    const reviewed = change?.number ? await core.group('Pull request', () => publish(github, { owner: change.owner, repo: change.repo, number: change.number! }, change, inputs, result, env.workspace)) : new Set<string>();
    // After the review: a finding it shows on the PR's lines gets no annotation as well.
    if (inputs.annotations) writeAnnotations(result, reviewed);
    await checkRun?.complete(result);
    if (result.gate.verdict === 'fail') core.setFailed(failureMessage(result.gate));
  } catch (error) {
    const expected = [InputError, ConfigFileError, PathNotFoundError, NothingToAnalyse, GitError, EventError, GitHubApiError, PublicationError].some((type) => error instanceof type);
    core.setFailed(expected ? (error as Error).message : `termination-guard failed: ${(error as Error).stack ?? String(error)}`);
    await checkRun?.fail(expected ? (error as Error).message : `termination-guard failed: ${(error as Error).message}`).catch((again: unknown) => core.warning(`check run: ${(again as Error).message}`));
  }
}
