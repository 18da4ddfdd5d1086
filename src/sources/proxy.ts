// Our own HTTP requests (the registry client's) follow HTTPS_PROXY/HTTP_PROXY/NO_PROXY by the
// same rules as the GitHub client, because the decision is @actions/http-client's getProxyUrl,
// the one @actions/github uses: lower-case variables win, NO_PROXY lists host or host:port
// suffixes (or `*`), and localhost/127.*/[::1] are never proxied. The decision is made per
// origin, so a redirect to another host (a registry's blob storage) gets its own.
//
// Without any proxy variable this is the global fetch, and the helpers are never loaded.
import type { Dispatcher } from 'undici';

const proxyVariables = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY'];
const variables = [...proxyVariables, 'no_proxy', 'NO_PROXY'];

/** The dispatcher for the environment it was made for (origins keep their first decision). */
let current: { environment: string; made: Promise<{ fetch: typeof import('undici').fetch; dispatcher: Dispatcher }> } | undefined;

async function proxyDispatcher() {
  const [{ getProxyUrl }, undici] = await Promise.all([import('@actions/http-client'), import('undici')]);
  const proxies = new Map<string, Dispatcher>();
  const through = (proxyUrl: string): Dispatcher => {
    let agent = proxies.get(proxyUrl);
    if (!agent) {
      const url = new URL(proxyUrl);
      const token = url.username || url.password ? `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}` : undefined;
      url.username = '';
      url.password = '';
      agent = new undici.ProxyAgent({ uri: url.href, ...(token ? { token } : {}) });
      proxies.set(proxyUrl, agent);
    }
    return agent;
  };
  const agent = new undici.Agent({
    factory: (origin, options) => {
      const proxyUrl = getProxyUrl(String(origin));
      return proxyUrl ? through(proxyUrl) : new undici.Pool(origin, options);
    },
  });
  return { fetch: undici.fetch, dispatcher: agent };
}

/** The proxy a request to `url` goes through (without its credentials), for messages. */
export async function proxyFor(url: string): Promise<string | undefined> {
  if (!proxyVariables.some((name) => process.env[name])) return undefined;
  const { getProxyUrl } = await import('@actions/http-client');
  const proxy = getProxyUrl(url);
  if (!proxy) return undefined;
  const shown = new URL(proxy);
  shown.username = '';
  shown.password = '';
  return shown.origin;
}

/** fetch, through the proxy the environment names for each origin. */
export async function proxyFetch(url: string, init?: RequestInit): Promise<Response> {
  if (!proxyVariables.some((name) => process.env[name])) return fetch(url, init);
  const environment = variables.map((name) => process.env[name] ?? '').join('\n');
  if (current?.environment !== environment) current = { environment, made: proxyDispatcher() };
  const { fetch: undiciFetch, dispatcher } = await current.made;
  return (await undiciFetch(url, { ...(init as object), dispatcher })) as unknown as Response;
}
