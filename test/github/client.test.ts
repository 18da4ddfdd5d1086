// The GitHub client in process against the local GitHub: which account the token belongs to
// (GraphQL viewer first, since installation tokens cannot call GET /user), and what happens when
// GitHub will not say.
import { afterEach, describe, expect, it } from 'vitest';
import { actionsBotLogin, createGitHub, selfLogin } from '../../src/github/client.js';
import { FakeGitHub, type FakeGitHubOptions } from './fake-github.js';

let fake: FakeGitHub | undefined;

afterEach(async () => {
  expect(fake?.violations).toEqual([]);
  await fake?.stop();
  fake = undefined;
});

async function clientFor(options: FakeGitHubOptions) {
  fake = new FakeGitHub(options);
  await fake.start();
  const logged: string[] = [];
  return { github: createGitHub({ token: 'ghs_app_installation', apiUrl: fake.url, log: (m) => logged.push(m) }), logged, fake };
}

const routes = (f: FakeGitHub) => f.requests.map((r) => `${r.method} ${r.path} ${r.status}`);

describe('selfLogin', () => {
  it("asks GraphQL's viewer, which answers for a GitHub App's installation token (GET /user would be 403)", async () => {
    const { github, fake } = await clientFor({ installationToken: true, login: 'acme-deployer[bot]' });
    expect(await selfLogin(github)).toBe('acme-deployer[bot]');
    expect(routes(fake)).toEqual(['POST /graphql 200']);
    // Asked once per client.
    expect(await selfLogin(github)).toBe('acme-deployer[bot]');
    expect(fake.requests).toHaveLength(1);
  });

  it('falls back to GET /user when GraphQL fails', async () => {
    const { github, fake } = await clientFor({ login: 'octo-user' });
    fake.faults.push({ match: /^POST \/graphql/, status: 200, body: { errors: [{ type: 'FORBIDDEN', message: 'GraphQL is disabled here' }] } });
    expect(await selfLogin(github)).toBe('octo-user');
    expect(routes(fake)).toEqual(['POST /graphql 200', 'GET /user 200']);
  });

  it('assumes the default GITHUB_TOKEN when neither answers, and warns what that costs', async () => {
    const { github, fake } = await clientFor({ installationToken: true, login: 'acme-deployer[bot]' });
    fake.faults.push({ match: /^POST \/graphql/, status: 401, body: { message: 'Bad credentials' } });
    const warnings: string[] = [];
    expect(await selfLogin(github, (m) => warnings.push(m))).toBe(actionsBotLogin);
    expect(routes(fake)).toEqual(['POST /graphql 401', 'GET /user 403']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^cannot tell which account the token belongs to \(GraphQL viewer: Bad credentials.*; GET \/user: Resource not accessible by integration.*\); assuming github-actions\[bot\]/);
    expect(warnings[0]).toContain('a new one is posted each run');
  });

  it("sends termination-guard's user agent", async () => {
    const { github } = await clientFor({});
    const agents: string[] = [];
    github.hook.before('request', (options) => {
      agents.push(String(options.headers['user-agent']));
    });
    await selfLogin(github);
    expect(agents).toEqual([expect.stringMatching(/^termination-guard octokit-core\.js\//)]);
  });
});
