// The Action's own check run (`check-run: true`): opened in progress before the analysis, so a
// long drill or smoke test shows as running, and completed from the run's one gate decision. A
// token that cannot write checks (a fork PR's, or a workflow without `checks: write`) degrades to
// the job's status with one notice; nothing here fails the job.
import { completeCheckRun, type CheckRunCompletion, type CheckRunRef, createCheckRun } from './github/check-runs.js';
import { type GitHub, GitHubApiError, isWriteDenied } from './github/client.js';
import type { ChangeContext } from './github/event.js';
import { log } from './outputs.js';
import type { RunResult } from './pipeline/run.js';
import { type CheckRunReport, checkConclusion, checkTitle, inProgressOutput, maxCheckAnnotations, renderCheckRun } from './report/check-run.js';
import { markdownText } from './report/escape.js';

const readOnlyNotice =
  'termination-guard: the token cannot write checks, so there is no termination-guard check run (check-run: true needs `permissions: checks: write`; ' +
  'fork pull requests get a read-only GITHUB_TOKEN). The job status carries the verdict: make the job the required check.';

export interface CheckRunContext {
  /** The workflow run's page, the check run's details link. */
  detailsUrl?: string;
  /** The workflow run ID. */
  runId?: string;
  /** What runs after the analysis, for the in-progress summary. */
  measurements: { drill: boolean; smoke: boolean };
}

/** What the runner sends a cancelled step: SIGINT, then SIGTERM if it is still running. */
const cancelSignals = ['SIGINT', 'SIGTERM'] as const;

export class ActionCheckRun {
  private done = false;
  private readonly onCancel = new Map<NodeJS.Signals, () => void>();

  private constructor(
    private readonly github: GitHub,
    private readonly ref: CheckRunRef,
  ) {
    // A cancelled run (a newer push with cancel-in-progress, a timeout) completes its check run
    // as cancelled, then lets the signal end the process as it would have. Registered before the
    // drill's own handler, which removes its containers and then raises the signal again: when
    // one is there, the process ends when it says so, not when the check run is written.
    for (const signal of cancelSignals) {
      const handler = () => {
        const othersHandle = process.listenerCount(signal) > 0;
        void this.send({ conclusion: 'cancelled', title: 'Cancelled', summary: '⏹️ **termination-guard**: the run was cancelled before it completed.\n', annotations: [], omittedAnnotations: 0 }).finally(() => {
          if (!othersHandle) process.kill(process.pid, signal);
        });
      };
      this.onCancel.set(signal, handler);
      process.once(signal, handler);
    }
  }

  /** Creates the check run in progress on the change's head commit; undefined when it cannot. */
  static async open(github: GitHub | undefined, change: ChangeContext | undefined, context: CheckRunContext): Promise<ActionCheckRun | undefined> {
    if (!github) {
      log.notice('termination-guard: check-run is on but there is no github-token: no check run; the job status carries the verdict.');
      return undefined;
    }
    if (!change?.headSha) {
      log.warning('check-run: the event names no commit to attach a check run to (GITHUB_SHA is not set): no check run');
      return undefined;
    }
    try {
      const ref = await createCheckRun(github, {
        owner: change.owner,
        repo: change.repo,
        headSha: change.headSha,
        ...(context.detailsUrl ? { detailsUrl: context.detailsUrl } : {}),
        ...(context.runId ? { externalId: context.runId } : {}),
        ...inProgressOutput(context.measurements),
      });
      log.info(`check run ${ref.id} in progress on ${change.headSha.slice(0, 12)}`);
      return new ActionCheckRun(github, ref);
    } catch (error) {
      degrade(error);
      return undefined;
    }
  }

  /** Completes the check run from the result's gate decision, with the findings as annotations. */
  async complete(result: RunResult): Promise<void> {
    const report = renderCheckRun(result);
    if (report.omittedAnnotations > 0) {
      log.info(`check run: the first ${maxCheckAnnotations} findings are annotated; ${report.omittedAnnotations} more are in the job summary, the SARIF file and the JSON report`);
    }
    await this.send(report);
  }

  /** Completes the check run of a change with nothing to check: the job summary's one line. */
  async completeUnchanged(result: RunResult, message: string): Promise<void> {
    await this.send({ conclusion: checkConclusion(result.gate), title: checkTitle(message), summary: `✅ **termination-guard**: ${markdownText(message)}\n`, annotations: [], omittedAnnotations: 0 });
  }

  /** The run stopped on an error: the check run must not stay in progress (a required check would wait forever). */
  async fail(message: string): Promise<void> {
    await this.send({
      conclusion: 'failure',
      title: checkTitle(`could not complete the check: ${message.split('\n')[0]}`),
      summary: `❌ **termination-guard** could not complete the check: ${markdownText(message)}\n\nThe job log says more.\n`,
      annotations: [],
      omittedAnnotations: 0,
    });
  }

  private async send(report: Omit<CheckRunReport, 'conclusion'> & { conclusion: CheckRunCompletion['conclusion'] }): Promise<void> {
    if (this.done) return;
    this.done = true;
    for (const [signal, handler] of this.onCancel) process.off(signal, handler);
    try {
      const { requests, lost } = await completeCheckRun(this.github, this.ref, report);
      for (const problem of lost) log.warning(`check run: ${problem}`);
      log.info(`check run ${this.ref.id} completed: ${report.conclusion}, ${report.annotations.length} annotation(s) in ${requests} request(s)`);
    } catch (error) {
      degrade(error);
    }
  }
}

function degrade(error: unknown): void {
  if (isWriteDenied(error)) log.notice(readOnlyNotice);
  else if (error instanceof GitHubApiError) log.warning(`check run: ${error.message}; the job status carries the verdict`);
  else throw error;
}
