// Composition root of the Action: inputs → files → analysis → reports → outputs and gate.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as core from '@actions/core';
import { defaultConfigPath, parseConfig } from './analysis/config.js';
import { analyze } from './analysis/engine.js';
import { InputError, readInputs } from './inputs.js';
import { writeAnnotations, writeJobSummary, writeOutputs } from './outputs.js';
import { renderJson } from './report/json.js';
import { renderMarkdown } from './report/markdown.js';
import { renderSarif } from './report/sarif.js';
import { summarize } from './report/summary.js';
import { PathNotFoundError, readManifestFiles } from './sources/files.js';

export async function run(): Promise<void> {
  try {
    const inputs = readInputs();
    const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
    const configFile = inputs.config ?? (existsSync(join(workspace, defaultConfigPath)) ? defaultConfigPath : undefined);
    const parsedConfig = configFile
      ? parseConfig(readFileSync(resolve(workspace, configFile), 'utf8'), configFile)
      : parseConfig('', defaultConfigPath);
    const config = {
      ...parsedConfig.config,
      failOn: inputs.failOn,
      ...(inputs.kubernetesVersion ? { kubernetesVersion: inputs.kubernetesVersion } : {}),
    };
    const result = await core.group('Analyse manifests', async () => {
      const read = readManifestFiles(inputs.paths, workspace);
      const analysis = analyze(read.files, { config });
      analysis.errors.unshift(...parsedConfig.errors, ...read.errors);
      core.info(`${analysis.stats.files} files, ${analysis.stats.objects} objects, ${analysis.stats.workloads} workloads`);
      return analysis;
    });
    const summary = summarize(result, config.failOn);
    await core.group('Report', async () => {
      if (inputs.annotations) writeAnnotations(result);
      await writeJobSummary(renderMarkdown(result, { failOn: config.failOn }));
      const reportPath = join(process.env.RUNNER_TEMP ?? workspace, 'termination-guard.json');
      writeFileSync(reportPath, renderJson(result, config.failOn));
      if (inputs.sarifFile) writeFileSync(resolve(workspace, inputs.sarifFile), renderSarif(result));
      writeOutputs(summary, reportPath);
    });
    if (summary.gate === 'fail') {
      core.setFailed(`termination-guard: ${summary.errors} error(s), ${summary.warnings} warning(s) — gate fails on ${config.failOn}`);
    }
  } catch (error) {
    if (error instanceof InputError || error instanceof PathNotFoundError) core.setFailed(error.message);
    else core.setFailed(`termination-guard failed: ${(error as Error).stack ?? String(error)}`);
  }
}
