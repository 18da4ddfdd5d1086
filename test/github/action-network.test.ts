// The Action's network as a runner sees it: the token's own login from GraphQL (a GitHub App's
// installation token cannot call GET /user), and HTTPS_PROXY/HTTP_PROXY/NO_PROXY on a
// self-hosted runner behind a proxy.
//
// @actions/http-client never proxies a host it recognises as loopback by name (localhost,
// 127.*, [::1]), so for the proxy tests the local GitHub is api.github.test: the proxy resolves
// that name itself, and the Action's process resolves it to 127.0.0.1 only through a preloaded
// hosts table that also records every lookup. The proxy tells its upstream connections by port
// and the local GitHub records the port of every request, so the test proves that every request
// went through the proxy (and that the Action never even looked the name up), not just some.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { github, makeRepo, repo, runAction, startGitHub } from './action-harness.js';
import { type LoopbackProxy, startLoopbackProxy } from './loopback-proxy.js';

const marker = '<!-- termination-guard:sticky-comment -->';
let proxy: LoopbackProxy | undefined;

afterEach(async () => {
  expect(github.violations).toEqual([]);
  await github.stop();
  await proxy?.close();
  proxy = undefined;
});

describe('the token of a GitHub App', () => {
  it('updates its own sticky comment in place instead of posting another (GET /user is 403 for it)', async () => {
    const shas = makeRepo('10');
    await startGitHub({ git: { dir: repo, ...shas }, installationToken: true, login: 'acme-deployer[bot]' });
    const earlier = { html_url: '', created_at: '', updated_at: '' };
    // Ours from an earlier run, and one of the default token's (another workflow): same marker.
    github.comments.push({ id: 1, body: `${marker}\nan earlier run`, user: { login: 'acme-deployer[bot]', type: 'Bot' }, ...earlier });
    github.comments.push({ id: 2, body: `${marker}\nanother workflow's`, user: { login: 'github-actions[bot]', type: 'Bot' }, ...earlier });
    const run = await runAction(shas);
    expect(run.code).toBe(1);
    expect(github.requests.filter((r) => r.path === '/graphql' || r.path === '/user').map((r) => `${r.method} ${r.path}`)).toEqual(['POST /graphql']);
    expect(github.comments.map((c) => [c.id, c.user.login])).toEqual([
      [1, 'acme-deployer[bot]'],
      [2, 'github-actions[bot]'],
    ]);
    expect(github.comments[0].body).toContain('pod/prestop-exceeds-grace');
    expect(github.comments[1].body).toBe(`${marker}\nanother workflow's`);
    expect(github.reviews.map((r) => r.user.login)).toEqual(['acme-deployer[bot]']);
  });
});

describe('behind a proxy', () => {
  const apiHost = 'api.github.test';

  async function runBehindProxy(env: (proxyUrl: string) => Record<string, string>) {
    const shas = makeRepo('10');
    await startGitHub({ git: { dir: repo, ...shas }, host: apiHost });
    proxy = await startLoopbackProxy([apiHost]);
    const lookups = join(repo, '..', `lookups-${process.pid}-${Date.now()}`);
    const run = await runAction(shas, {}, false, {
      env: { NODE_OPTIONS: `--import=${join(import.meta.dirname, 'loopback-hosts.mjs')}`, TG_TEST_HOSTS: apiHost, TG_TEST_LOOKUPS: lookups, ...env(proxy.url) },
    });
    expect(run.code).toBe(1);
    expect(github.comments).toHaveLength(1);
    expect(proxy.refused).toEqual([]);
    return { resolved: existsSync(lookups) ? readFileSync(lookups, 'utf8').split('\n').filter((name) => name === apiHost) : [] };
  }

  it('sends every request through HTTPS_PROXY/HTTP_PROXY', async () => {
    const { resolved } = await runBehindProxy((url) => ({ HTTPS_PROXY: url, HTTP_PROXY: url }));
    expect(github.requests.map((r) => `${r.method} ${r.path}`)).toContain('POST /graphql');
    expect(github.requests.filter((r) => !proxy!.upstreamPorts.has(r.from as number))).toEqual([]);
    expect(new Set([...proxy!.tunnels, ...proxy!.forwarded.map((f) => new URL(f.split(' ')[1]).host)])).toEqual(new Set([new URL(github.url).host]));
    expect(resolved).toEqual([]);
  });

  it('goes direct to a host NO_PROXY names (lower-case variables too)', async () => {
    const { resolved } = await runBehindProxy((url) => ({ https_proxy: url, http_proxy: url, no_proxy: 'example.com, github.test' }));
    expect(proxy!.tunnels).toEqual([]);
    expect(proxy!.forwarded).toEqual([]);
    expect(github.requests.filter((r) => proxy!.upstreamPorts.has(r.from as number))).toEqual([]);
    expect(resolved.length).toBeGreaterThan(0);
  });
});
