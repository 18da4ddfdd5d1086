// The only Octokit user. `@actions/github`'s getOctokit gives the client the runner's network
// setup: the GitHub API URL of the runner (GHES), HTTPS_PROXY/HTTP_PROXY/NO_PROXY through
// @actions/http-client's proxy agent (self-hosted runners behind a proxy), and the Actions user
// agent. On top of it: retries (5xx) and rate-limit handling (primary and secondary limits
// honour Retry-After), and errors that say which permission is missing.
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';

// The errors live apart so that modules needing only them (and the GitHub type) do not load
// Octokit: the CLI reaches changes.ts through the pipeline and must not pay for it.
export { explain, GitHubApiError, isWriteDenied } from './errors.js';

export type GitHub = ReturnType<typeof getOctokit>;

export interface ClientOptions {
  token: string;
  /**
   * The REST API root, when it must differ from the runner's GITHUB_API_URL (which
   * @actions/github reads when it loads, and picks the proxy for).
   */
  apiUrl?: string;
  log: (message: string) => void;
}

interface Throttled {
  method: string;
  url: string;
}

export function createGitHub({ token, apiUrl, log }: ClientOptions): GitHub {
  const onLimit = (kind: string) => (retryAfter: number, options: Throttled, _octokit: unknown, retryCount: number) => {
    log(`${kind} on ${options.method} ${options.url}; retrying in ${retryAfter} s`);
    return retryCount < 2;
  };
  // No `request` option here: it would replace the proxy-aware fetch getOctokit installs.
  return getOctokit(
    token,
    {
      ...(apiUrl ? { baseUrl: apiUrl } : {}),
      userAgent: 'termination-guard',
      log: { debug: () => {}, info: () => {}, warn: log, error: log },
      retry: { doNotRetry: [400, 401, 403, 404, 410, 422, 451] },
      throttle: { onRateLimit: onLimit('rate limit'), onSecondaryRateLimit: onLimit('secondary rate limit') },
    },
    retry,
    throttling,
  );
}

/** The login of the workflow's default GITHUB_TOKEN. */
export const actionsBotLogin = 'github-actions[bot]';

const logins = new WeakMap<GitHub, Promise<string>>();

/**
 * The login whose comments are ours. GraphQL's `viewer` answers for every kind of token: a
 * user's, the default GITHUB_TOKEN (`github-actions[bot]`) and a GitHub App's installation token
 * (`<app-slug>[bot]`), whereas `GET /user` refuses installation tokens. When neither answers,
 * the default token's login is the best guess; `warn` says what that costs with an App token.
 * Asked once per client.
 */
export function selfLogin(github: GitHub, warn: (message: string) => void = (message) => github.log.warn(message)): Promise<string> {
  let login = logins.get(github);
  if (!login) {
    login = askLogin(github, warn);
    logins.set(github, login);
  }
  return login;
}

async function askLogin(github: GitHub, warn: (message: string) => void): Promise<string> {
  let reason: string;
  try {
    const answer = await github.graphql<{ viewer?: { login?: string } }>('query { viewer { login } }');
    if (answer.viewer?.login) return answer.viewer.login;
    reason = 'GraphQL viewer has no login';
  } catch (error) {
    reason = `GraphQL viewer: ${(error as Error).message}`;
  }
  try {
    return (await github.rest.users.getAuthenticated()).data.login;
  } catch (error) {
    reason += `; GET /user: ${(error as Error).message}`;
  }
  warn(
    `cannot tell which account the token belongs to (${reason}); assuming ${actionsBotLogin}, the default GITHUB_TOKEN. ` +
      'With another token (a GitHub App or a personal token) our earlier comment is not recognised, so a new one is posted each run.',
  );
  return actionsBotLogin;
}
