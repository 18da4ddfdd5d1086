// What the triggering event says about the change: repository, PR number, base and head.
// Pure: main.ts reads GITHUB_EVENT_PATH once and passes the parsed payload here.

export interface ChangeContext {
  event: string;
  owner: string;
  repo: string;
  /** The PR, when there is one (not for push or merge_group). */
  number?: number;
  baseSha?: string;
  headSha: string;
  /** The PR comes from a fork: its token is read-only. */
  fromFork: boolean;
}

type Payload = Record<string, any>;

export class EventError extends Error {}

export function changeContext(event: string, payload: Payload, repository: string | undefined, sha: string | undefined): ChangeContext {
  const [owner, repo] = (payload.repository?.full_name ?? repository ?? '/').split('/');
  if (!owner || !repo) throw new EventError('cannot tell the repository: GITHUB_REPOSITORY is not set and the event has none');
  switch (event) {
    case 'pull_request':
    case 'pull_request_target': {
      const pr = payload.pull_request;
      if (!pr) throw new EventError(`${event} payload has no pull_request`);
      return {
        event,
        owner,
        repo,
        number: pr.number,
        baseSha: pr.base.sha,
        headSha: pr.head.sha,
        fromFork: Boolean(pr.head.repo && pr.base.repo && pr.head.repo.full_name !== pr.base.repo.full_name),
      };
    }
    case 'merge_group':
      return { event, owner, repo, baseSha: payload.merge_group.base_sha, headSha: payload.merge_group.head_sha, fromFork: false };
    case 'push': {
      const zero = /^0+$/.test(payload.before ?? '');
      return { event, owner, repo, ...(zero || !payload.before ? {} : { baseSha: payload.before }), headSha: payload.after ?? sha ?? '', fromFork: false };
    }
    default:
      if (!sha) throw new EventError(`${event}: GITHUB_SHA is not set`);
      return { event, owner, repo, headSha: sha, fromFork: false };
  }
}
