// The sticky comment: found by its hidden marker and our own login, updated in place,
// left alone when the body is unchanged.
import type { GitHub } from './client.js';
import { explain } from './errors.js';

export interface PullRef {
  owner: string;
  repo: string;
  number: number;
}

export type CommentOutcome = 'created' | 'updated' | 'unchanged';

export async function upsertStickyComment(
  github: GitHub,
  pull: PullRef,
  body: string,
  marker: string,
  login: string,
  options: { onlyUpdate?: boolean } = {},
): Promise<{ outcome: CommentOutcome; url?: string }> {
  let existing: { id: number; body?: string; html_url: string } | undefined;
  try {
    const comments = await github.paginate(github.rest.issues.listComments, { owner: pull.owner, repo: pull.repo, issue_number: pull.number, per_page: 100 });
    existing = comments.find((c) => c.body?.includes(marker) && c.user?.login === login);
  } catch (error) {
    throw explain(error, 'list the pull request comments', 'pull-requests: read');
  }
  try {
    if (!existing) {
      if (options.onlyUpdate) return { outcome: 'unchanged' };
      const created = await github.rest.issues.createComment({ owner: pull.owner, repo: pull.repo, issue_number: pull.number, body });
      return { outcome: 'created', url: created.data.html_url };
    }
    if (existing.body === body) return { outcome: 'unchanged', url: existing.html_url };
    const updated = await github.rest.issues.updateComment({ owner: pull.owner, repo: pull.repo, comment_id: existing.id, body });
    return { outcome: 'updated', url: updated.data.html_url };
  } catch (error) {
    throw explain(error, 'write the pull request comment', 'pull-requests: write');
  }
}
