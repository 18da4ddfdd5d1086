// Composition root of the Action: inputs → event → files (git) → analysis → reports → gate.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as core from '@actions/core';
import { type Config, defaultConfigPath, parseConfig } from './analysis/config.js';
import { analyzeChange } from './analysis/diff.js';
import { type AnalysisResult, analyze } from './analysis/engine.js';
import { GitHubApiError, createGitHub, isWriteDenied, selfLogin } from './github/client.js';
import { type PullRef, upsertStickyComment } from './github/comments.js';
import { type ChangeContext, EventError, changeContext } from './github/event.js';
import { pullRequestShas } from './github/pulls.js';
import { postReview, pullRequestPatches } from './github/reviews.js';
import { type ActionInputs, InputError, readInputs } from './inputs.js';
import { isManifestFile } from './manifests/file-roles.js';
import type { InputError as ManifestInputError } from './manifests/objects.js';
import { log, writeAnnotations, writeJobSummary, writeOutputs } from './outputs.js';
import { commentMarker, renderComment } from './report/comment.js';
import { renderJson } from './report/json.js';
import { renderMarkdown } from './report/markdown.js';
import { renderSarif } from './report/sarif.js';
import { buildReviewComments, commentableLines, reviewMarker } from './report/suggestions.js';
import { summarize } from './report/summary.js';
import { PathNotFoundError, readManifestFiles } from './sources/files.js';
import { GitError, GitSource } from './sources/git.js';

const readOnlyNotice =
  'termination-guard: the token cannot write to this pull request (fork pull requests get a read-only GITHUB_TOKEN). ' +
  'The results are in the job summary, the annotations and the SARIF file, and the exit code carries the verdict. ' +
  'To comment on fork PRs, use the two-workflow pattern (pull_request → artifact → workflow_run) described in the README.';


function loadConfig(inputs: ActionInputs, workspace: string): { config: Config; errors: ManifestInputError[] } {
  const file = inputs.config ?? (existsSync(join(workspace, defaultConfigPath)) ? defaultConfigPath : undefined);
  const parsed = file ? parseConfig(readFileSync(resolve(workspace, file), 'utf8'), file) : parseConfig('', defaultConfigPath);
  return {
    config: { ...parsed.config, failOn: inputs.failOn, ...(inputs.kubernetesVersion ? { kubernetesVersion: inputs.kubernetesVersion } : {}) },
    errors: parsed.errors,
  };
}

function inScope(path: string, scopes: readonly string[]): boolean {
  return scopes.some((scope) => {
    const normalized = scope.replace(/^\.\/?/, '').replace(/\/$/, '');
    return normalized === '' || path === normalized || path.startsWith(`${normalized}/`);
  });
}

export async function run(): Promise<void> {
  try {
    const inputs = readInputs();
    const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
    const { config, errors: configErrors } = loadConfig(inputs, workspace);
    const event = process.env.GITHUB_EVENT_NAME ?? '';
    const payload = process.env.GITHUB_EVENT_PATH && existsSync(process.env.GITHUB_EVENT_PATH) ? JSON.parse(readFileSync(process.env.GITHUB_EVENT_PATH, 'utf8')) : {};
    const github = inputs.githubToken ? createGitHub({ token: inputs.githubToken, apiUrl: process.env.GITHUB_API_URL ?? 'https://api.github.com', log: (m) => core.debug(m) }) : undefined;

    let change: ChangeContext | undefined;
    if (event) {
      change = changeContext(event, payload, process.env.GITHUB_REPOSITORY, process.env.GITHUB_SHA);
      const number = inputs.pullRequest ?? (event === 'workflow_dispatch' ? Number(payload.inputs?.['pull-request'] ?? payload.inputs?.pr) || undefined : undefined);
      if (!change.number && number && github) change = { ...change, number, ...(await pullRequestShas(github, change.owner, change.repo, number)) };
    }

    const git = new GitSource(workspace);
    let result: AnalysisResult;
    if (change?.baseSha) {
      const baseSha = change.baseSha;
      const changed = await core.group('Changed files', async () => {
        git.ensureCommit(baseSha);
        const files = git.changedFiles(baseSha).filter((f) => isManifestFile(f.path) && (inScope(f.path, inputs.paths) || (f.previousPath !== undefined && inScope(f.previousPath, inputs.paths))));
        for (const file of files) core.info(`${file.status.padEnd(8)} ${file.previousPath ? `${file.previousPath} → ` : ''}${file.path}`);
        return files;
      });
      if (changed.length === 0) {
        const message = `No Kubernetes manifests changed under ${inputs.paths.join(', ')}: nothing to check.`;
        core.info(message);
        await writeJobSummary(`✅ **termination-guard**: ${message}\n`);
        core.setOutput('verdict', 'pass');
        // A PR that no longer changes manifests must not keep an outdated comment.
        if (github && change.number && inputs.comment === 'sticky') {
          const pull = { owner: change.owner, repo: change.repo, number: change.number };
          try {
            await upsertStickyComment(github, pull, `${commentMarker}\n✅ **termination-guard**: ${message}\n`, commentMarker, await selfLogin(github), { onlyUpdate: true });
          } catch (error) {
            if (!isWriteDenied(error)) throw error;
          }
        }
        return;
      }
      result = await core.group('Analyse base and head', async () => {
        const read = readManifestFiles(inputs.paths, workspace);
        const view = analyzeChange(read.files, git.filesAt(baseSha, inputs.paths), config, baseSha.slice(0, 12));
        view.errors.unshift(...configErrors, ...read.errors);
        core.info(`${view.comparison?.changedObjects ?? 0} changed objects, ${view.findings.length} findings, ${view.comparison?.fixed.length ?? 0} fixed`);
        return view;
      });
    } else {
      result = await core.group('Analyse manifests', async () => {
        const read = readManifestFiles(inputs.paths, workspace);
        const analysis = analyze(read.files, { config });
        analysis.errors.unshift(...configErrors, ...read.errors);
        core.info(`${analysis.stats.files} files, ${analysis.stats.objects} objects, ${analysis.stats.workloads} workloads`);
        return analysis;
      });
    }

    const summary = summarize(result, config.failOn);
    const markdown = renderMarkdown(result, { failOn: config.failOn });
    await core.group('Reports', async () => {
      if (inputs.annotations) writeAnnotations(result);
      await writeJobSummary(markdown);
      const reportPath = join(process.env.RUNNER_TEMP ?? workspace, 'termination-guard.json');
      writeFileSync(reportPath, renderJson(result, config.failOn));
      if (inputs.sarifFile) writeFileSync(resolve(workspace, inputs.sarifFile), renderSarif(result));
      writeOutputs(summary, result, reportPath);
    });

    if (github && change?.number && (inputs.comment === 'sticky' || inputs.reviewSuggestions)) {
      const pull: PullRef = { owner: change.owner, repo: change.repo, number: change.number };
      await core.group('Pull request', () => publish(github, pull, change as ChangeContext, inputs, result, workspace));
    }

    if (summary.gate === 'fail') {
      core.setFailed(`termination-guard: ${summary.errors} error(s), ${summary.warnings} warning(s) — the gate fails on ${config.failOn}`);
    }
  } catch (error) {
    if (error instanceof InputError || error instanceof PathNotFoundError || error instanceof GitError || error instanceof EventError || error instanceof GitHubApiError) {
      core.setFailed(error.message);
    } else {
      core.setFailed(`termination-guard failed: ${(error as Error).stack ?? String(error)}`);
    }
  }
}

/** Comment and review; a read-only token degrades to the other channels with one notice. */
async function publish(github: ReturnType<typeof createGitHub>, pull: PullRef, change: ChangeContext, inputs: ActionInputs, result: AnalysisResult, workspace: string): Promise<void> {
  const login = await selfLogin(github);
  const degrade = (error: unknown) => {
    if (isWriteDenied(error)) {
      log.notice(readOnlyNotice);
      return true;
    }
    throw error;
  };
  if (inputs.comment === 'sticky') {
    try {
      const body = renderComment(result, { failOn: inputs.failOn, linkBase: `${process.env.GITHUB_SERVER_URL ?? 'https://github.com'}/${pull.owner}/${pull.repo}/blob/${change.headSha}` });
      const { outcome, url } = await upsertStickyComment(github, pull, body, commentMarker, login);
      log.info(`comment ${outcome}${url ? `: ${url}` : ''}`);
    } catch (error) {
      if (degrade(error)) return;
    }
  }
  if (inputs.reviewSuggestions) {
    try {
      const { patches, capped } = await pullRequestPatches(github, pull);
      if (capped) log.warning('this pull request changes 3,000 files or more; GitHub lists only the first 3,000, so review comments cover those');
      const files = new Map<string, { content: string; commentable: Set<number> }>();
      for (const [path, patch] of patches) {
        const absolute = join(workspace, path);
        if (existsSync(absolute)) files.set(path, { content: readFileSync(absolute, 'utf8'), commentable: commentableLines(patch) });
      }
      const { comments, outside } = buildReviewComments(result.findings, files);
      const review = await postReview(github, pull, change.headSha, comments, reviewMarker, login, `termination-guard: ${comments.length} comment(s) on changed lines; ${outside.length} finding(s) outside the diff are in the sticky comment and the annotations. ${reviewMarker}`);
      log.info(review.skipped ? 'review unchanged' : `review: ${review.posted} comment(s) posted, ${review.deleted} earlier removed, ${review.rejected.length} rejected by GitHub`);
      for (const { comment, reason } of review.rejected) log.warning(`review comment on ${comment.path}:${comment.line} rejected: ${reason}`);
    } catch (error) {
      degrade(error);
    }
  }
}
