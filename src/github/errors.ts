// What went wrong talking to GitHub, with the advice a user needs. No Octokit here: see client.ts.

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
