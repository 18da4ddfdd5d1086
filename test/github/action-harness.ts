// Shared by the Action's end-to-end tests: a real git repository with base and head commits,
// real webhook payloads, the bundle run as a real process, and the local GitHub.
import { type ChildProcess, execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { expectGolden, gitIn, makeGitRepo, writeIn } from '../helpers.js';
import { web } from '../web-fixture.js';

export { web };
import { FakeGitHub, type FakeGitHubOptions } from './fake-github.js';

const require = createRequire(import.meta.url);
const examples = require('@octokit/webhooks-examples/api.github.com/index.json') as { name: string; examples: Record<string, any>[] }[];

export let repo: string;
export let github: FakeGitHub;
export const git = (...args: string[]) => gitIn(repo, ...args);
export const write = (path: string, content: string) => writeIn(repo, path, content);

/** A repository from file maps: base on main, head on feature (null deletes); returns both SHAs. */
export function makeRepoFrom(base: Record<string, string>, head: Record<string, string | null>) {
  const made = makeGitRepo(base, head);
  repo = made.dir;
  return { base: made.base, head: made.head as string };
}

/** A repository whose feature branch changes deploy/web.yaml; returns base and head SHAs. */
export function makeRepo(headGrace: string, extra?: (write: (p: string, c: string) => void) => void, baseGrace = '45') {
  const head: Record<string, string> = { 'deploy/web.yaml': web(headGrace) };
  extra?.((path, content) => {
    head[path] = content;
  });
  return makeRepoFrom({ 'deploy/web.yaml': web(baseGrace), 'docs/README.md': '# shop\n' }, head);
}

/** A webhook example of `name` (and `action`), moved to acme/shop. */
export function examplePayload(name: string, action?: string): Record<string, any> {
  const example = examples.find((e) => e.name === name)?.examples.find((e) => action === undefined || e.action === action);
  if (!example) throw new Error(`no ${name} ${action ?? ''} example in @octokit/webhooks-examples`);
  const payload = structuredClone(example);
  payload.repository.full_name = 'acme/shop';
  payload.repository.name = 'shop';
  payload.repository.owner.login = 'acme';
  return payload;
}

/** The pull_request `opened` example for PR #7 with these base and head commits. */
export function pullRequestPayload(shas: { base: string; head: string }, fork = false): Record<string, any> {
  const payload = examplePayload('pull_request', 'opened');
  payload.number = 7;
  payload.pull_request.number = 7;
  payload.pull_request.base.sha = shas.base;
  payload.pull_request.head.sha = shas.head;
  payload.pull_request.base.repo.full_name = 'acme/shop';
  payload.pull_request.head.repo.full_name = fork ? 'someone/shop' : 'acme/shop';
  return payload;
}

/** GITHUB_RUN_ID of every run (the two-workflow tests put it in the workflow_run payload). */
export const runId = 4242;

export interface RunOptions {
  inputs?: Record<string, string>;
  fork?: boolean;
  event?: string;
  /** The event payload; a pull_request payload for `shas` by default. */
  payload?: Record<string, any>;
  /** The checkout (GITHUB_WORKSPACE); the test repository by default. */
  workspace?: string;
  /** GITHUB_SHA; the head commit by default. */
  sha?: string;
  /** More environment for the process (DOCKER_HOST for the drill). */
  env?: Record<string, string>;
  /** The process, once started (to signal it). */
  onSpawn?: (child: ChildProcess) => void;
}

export interface ActionRun {
  code: number;
  /** The signal that ended the process, if one did. */
  signal?: string;
  stdout: string;
  outputs: string;
  summary: string;
  /** RUNNER_TEMP of the run. */
  runner: string;
}

/** Runs the bundled Action as a real process, as the runner would. */
export async function runAction(shas: { base: string; head: string }, inputs: Record<string, string> = {}, fork = false, options: RunOptions = {}): Promise<ActionRun> {
  const payload = options.payload ?? pullRequestPayload(shas, fork);
  const runner = mkdtempSync(join(tmpdir(), 'tg-runner-'));
  const eventPath = join(runner, 'event.json');
  writeFileSync(eventPath, JSON.stringify(payload));
  for (const file of ['output', 'summary.md']) writeFileSync(join(runner, file), '');
  const workspace = options.workspace ?? repo;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    GITHUB_EVENT_NAME: options.event ?? 'pull_request',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_SHA: options.sha ?? shas.head,
    GITHUB_RUN_ID: String(runId),
    GITHUB_WORKSPACE: workspace,
    GITHUB_API_URL: github.url,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_OUTPUT: join(runner, 'output'),
    GITHUB_STEP_SUMMARY: join(runner, 'summary.md'),
    RUNNER_TEMP: runner,
    'INPUT_GITHUB-TOKEN': 'ghs_test_token',
    INPUT_PATHS: 'deploy',
    ...options.env,
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const result = await new Promise<{ code: number; signal?: string; stdout: string }>((resolve) => {
    const child = execFile(process.execPath, [join(inject('freshDist'), 'index.js')], { cwd: workspace, env, encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 }, (error, stdout) => {
      const signal = (error as { signal?: string } | null)?.signal ?? undefined;
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, ...(signal ? { signal } : {}), stdout });
    });
    options.onSpawn?.(child);
  });
  return { ...result, runner, outputs: readFileSync(join(runner, 'output'), 'utf8'), summary: readFileSync(join(runner, 'summary.md'), 'utf8') };
}

/** The value of one output in a GITHUB_OUTPUT file. */
export function output(run: ActionRun, name: string): string | undefined {
  return new RegExp(`^${name}<<(\\S+)\\n([\\s\\S]*?)\\n\\1$`, 'm').exec(run.outputs)?.[2];
}

export async function startGitHub(options: FakeGitHubOptions) {
  github = new FakeGitHub(options);
  await github.start();
}

export const golden = (name: string, actual: string) => expectGolden(`comments/${name}`, actual);

