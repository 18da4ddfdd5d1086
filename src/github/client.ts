// The only Octokit user: a client with retries (5xx) and rate-limit handling (primary and
// secondary limits honour Retry-After), and errors that say which permission is missing.
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';

const GitHubOctokit = Octokit.plugin(retry, throttling);
export type GitHub = InstanceType<typeof GitHubOctokit>;

export interface ClientOptions {
  token: string;
  apiUrl: string;
  log: (message: string) => void;
}

export function createGitHub({ token, apiUrl, log }: ClientOptions): GitHub {
  return new GitHubOctokit({
    auth: token,
    baseUrl: apiUrl,
    userAgent: 'termination-guard',
    log: { debug: () => {}, info: () => {}, warn: log, error: log },
    retry: { doNotRetry: [400, 401, 403, 404, 410, 422, 451] },
    throttle: {
      onRateLimit: (retryAfter: number, options: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
        log(`rate limit on ${options.method} ${options.url}; retrying in ${retryAfter} s`);
        return retryCount < 2;
      },
      onSecondaryRateLimit: (retryAfter: number, options: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
        log(`secondary rate limit on ${options.method} ${options.url}; retrying in ${retryAfter} s`);
        return retryCount < 2;
      },
    },
  });
}

/** A GitHub API failure with the advice a user needs. */
export class GitHubApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export function explain(error: unknown, action: string, permission: string): GitHubApiError {
  const status = (error as { status?: number }).status ?? 0;
  const detail = (error as { message?: string }).message ?? String(error);
  const advice =
    status === 401
      ? 'the token is invalid or expired'
      : status === 403
        ? `the token lacks \`${permission}\` (fork pull requests get a read-only token: see the two-workflow pattern in the README)`
        : status === 404
          ? `not found, or the token cannot see it (needs \`${permission}\`)`
          : detail;
  return new GitHubApiError(`could not ${action}: ${advice} (HTTP ${status})`, status);
}

/** The token may not write here (a fork PR's read-only token, or a missing permission). */
export function isWriteDenied(error: unknown): boolean {
  return error instanceof GitHubApiError && (error.status === 403 || error.status === 401);
}

/** The login whose comments are ours. Installation tokens cannot call GET /user. */
export async function selfLogin(github: GitHub): Promise<string> {
  try {
    return (await github.rest.users.getAuthenticated()).data.login;
  } catch {
    return 'github-actions[bot]';
  }
}
