import type { GitHub } from './client.js';
import { explain } from './errors.js';

/** Base and head of a PR given by number (workflow_dispatch with a pull-request input). */
export async function pullRequestShas(github: GitHub, owner: string, repo: string, number: number): Promise<{ baseSha: string; headSha: string; fromFork: boolean }> {
  try {
    const { data } = await github.rest.pulls.get({ owner, repo, pull_number: number });
    return { baseSha: data.base.sha, headSha: data.head.sha, fromFork: data.head.repo?.full_name !== data.base.repo.full_name };
  } catch (error) {
    throw explain(error, `read pull request #${number}`, 'pull-requests: read');
  }
}
