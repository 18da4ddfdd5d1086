// Our own check run: created in progress when the analysis starts, completed with the gate's
// conclusion at the end. The Checks API takes at most 50 annotations per request and appends the
// annotations of each update to those already there, so they go in batches.
import type { CheckAnnotation, CheckConclusion } from '../report/check-run.js';
import { annotationsPerRequest, checkRunName } from '../report/check-run.js';
import type { GitHub } from './client.js';
import { explain } from './errors.js';

export interface CheckRunRef {
  owner: string;
  repo: string;
  id: number;
  url?: string;
}

export interface CheckRunStart {
  owner: string;
  repo: string;
  /** The commit the check belongs to: the PR's head, the merge group's head, the pushed commit. */
  headSha: string;
  /** The workflow run's page. */
  detailsUrl?: string;
  /** Ours to recognise the check run by (the workflow run ID). */
  externalId?: string;
  title: string;
  summary: string;
}

export interface CheckRunCompletion {
  /** The gate's, or `cancelled` when the run was stopped. */
  conclusion: CheckConclusion | 'cancelled';
  title: string;
  summary: string;
  annotations: readonly CheckAnnotation[];
}

const permission = 'checks: write';

export async function createCheckRun(github: GitHub, start: CheckRunStart): Promise<CheckRunRef> {
  try {
    const { data } = await github.rest.checks.create({
      owner: start.owner,
      repo: start.repo,
      name: checkRunName,
      head_sha: start.headSha,
      status: 'in_progress',
      started_at: new Date().toISOString(),
      ...(start.detailsUrl ? { details_url: start.detailsUrl } : {}),
      ...(start.externalId ? { external_id: start.externalId } : {}),
      output: { title: start.title, summary: start.summary },
    });
    return { owner: start.owner, repo: start.repo, id: data.id, ...(data.html_url ? { url: data.html_url } : {}) };
  } catch (error) {
    throw explain(error, 'create the check run', permission);
  }
}

/**
 * Sends the annotations 50 at a time while the run is still in progress, and completes it with
 * the last batch: the check never shows as completed with half its annotations. A batch GitHub
 * refuses (other than for a missing permission) costs its annotations, not the completion: the
 * outcome says which batches were lost.
 */
export async function completeCheckRun(github: GitHub, ref: CheckRunRef, completion: CheckRunCompletion): Promise<{ requests: number; lost: string[] }> {
  const batches: (readonly CheckAnnotation[])[] = [];
  for (let i = 0; i < completion.annotations.length; i += annotationsPerRequest) batches.push(completion.annotations.slice(i, i + annotationsPerRequest));
  if (batches.length === 0) batches.push([]);
  const output = (annotations: readonly CheckAnnotation[]) => ({ title: completion.title, summary: completion.summary, ...(annotations.length > 0 ? { annotations: [...annotations] } : {}) });
  const lost: string[] = [];
  let requests = 0;
  for (const [index, batch] of batches.slice(0, -1).entries()) {
    try {
      requests++;
      await github.rest.checks.update({ owner: ref.owner, repo: ref.repo, check_run_id: ref.id, output: output(batch) });
    } catch (error) {
      const explained = explain(error, `add annotations ${index * annotationsPerRequest + 1}–${index * annotationsPerRequest + batch.length} to the check run`, permission);
      if (explained.status === 401 || explained.status === 403) throw explained;
      lost.push(explained.message);
    }
  }
  const complete = (annotations: readonly CheckAnnotation[]) => {
    requests++;
    return github.rest.checks.update({
      owner: ref.owner,
      repo: ref.repo,
      check_run_id: ref.id,
      status: 'completed',
      conclusion: completion.conclusion,
      completed_at: new Date().toISOString(),
      output: output(annotations),
    });
  };
  const last = batches[batches.length - 1];
  try {
    await complete(last);
  } catch (error) {
    const explained = explain(error, 'complete the check run', permission);
    // A check left in progress would hold a required check forever: complete it without the batch.
    if (explained.status === 401 || explained.status === 403 || last.length === 0) throw explained;
    lost.push(explained.message);
    try {
      await complete([]);
    } catch (again) {
      throw explain(again, 'complete the check run', permission);
    }
  }
  return { requests, lost };
}
