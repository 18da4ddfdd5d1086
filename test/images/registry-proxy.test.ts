// The registry client behind a proxy (HTTPS_PROXY/HTTP_PROXY/NO_PROXY), against the real
// registry on loopback. The proxy rules never proxy a host named as loopback (127.0.0.1,
// localhost), so the registry is also reached as registry.test: the proxy resolves that name
// itself, and this worker resolves it to 127.0.0.1 only through the hosts table the GitHub proxy
// tests preload, which records every lookup. A proxied lookup must never resolve the name here.
import dns from 'node:dns';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RegistryClient } from '../../src/sources/registry.js';
import { type LoopbackProxy, startLoopbackProxy } from '../github/loopback-proxy.js';
import { freePort, pushImage, type Registry, registryBinary, startRegistry, tempDir } from './registry-fixture.js';

const available = existsSync(registryBinary);
const name = 'registry.test';
const proxyVariables = ['HTTPS_PROXY', 'HTTP_PROXY', 'NO_PROXY', 'https_proxy', 'http_proxy', 'no_proxy', 'TG_TEST_HOSTS', 'TG_TEST_LOOKUPS'];

describe.skipIf(!available)('registry client behind a proxy', () => {
  const temp = tempDir('tg-registry-proxy-');
  const lookups = join(temp.dir, 'lookups');
  const saved = Object.fromEntries(proxyVariables.map((v) => [v, process.env[v]]));
  const originalLookup = dns.lookup;
  let registry: Registry;
  let proxy: LoopbackProxy;
  let port: string;
  let run = 0;

  beforeAll(async () => {
    registry = await startRegistry(temp.dir);
    port = registry.host.split(':')[1] as string;
    await pushImage(registry.host, 'shop/api', '1.0', { cmd: ['gunicorn', 'app:app'], stopSignal: 'SIGINT' });
    proxy = await startLoopbackProxy([name]);
    process.env.TG_TEST_HOSTS = name;
    process.env.TG_TEST_LOOKUPS = lookups;
    await import('../github/loopback-hosts.mjs');
  }, 60_000);

  afterEach(() => {
    for (const v of proxyVariables.slice(0, 6)) delete process.env[v];
    rmSync(lookups, { force: true });
  });

  afterAll(async () => {
    dns.lookup = originalLookup;
    for (const [v, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[v];
      else process.env[v] = value;
    }
    await proxy?.close();
    await registry?.stop();
    temp.remove();
  });

  const inspect = (host: string) =>
    new RegistryClient({ cacheDir: join(temp.dir, `cache-${run++}`), dockerConfig: join(temp.dir, 'none.json'), timeoutMs: 5000, insecure: [`${name}:${port}`] }).inspect(`${host}:${port}/shop/api:1.0`);
  const resolved = () => (existsSync(lookups) ? readFileSync(lookups, 'utf8').split('\n').filter((n) => n === name) : []);
  const image = { ok: true, image: { cmd: ['gunicorn', 'app:app'], stopSignal: 'SIGINT' } };

  it('sends its requests through HTTP_PROXY (a plain-HTTP registry) and never resolves the name itself', async () => {
    const before = proxy.tunnels.length + proxy.forwarded.length;
    process.env.HTTP_PROXY = proxy.url;
    process.env.HTTPS_PROXY = proxy.url;
    expect(await inspect(name)).toMatchObject(image);
    const carried = [...proxy.tunnels, ...proxy.forwarded.map((f) => new URL(f.split(' ')[1] as string).host)].slice(before);
    expect(new Set(carried)).toEqual(new Set([`${name}:${port}`]));
    expect(resolved()).toEqual([]);
    expect(proxy.refused).toEqual([]);
  });

  it('goes direct to a host NO_PROXY names, and to a loopback address', async () => {
    const before = proxy.tunnels.length + proxy.forwarded.length;
    process.env.http_proxy = proxy.url;
    process.env.no_proxy = `example.com,.test`;
    expect(await inspect(name)).toMatchObject(image);
    expect(resolved().length).toBeGreaterThan(0);
    delete process.env.no_proxy;
    expect(await inspect('127.0.0.1')).toMatchObject(image);
    expect(proxy.tunnels.length + proxy.forwarded.length).toBe(before);
  });

  it('says which proxy cannot be reached', async () => {
    const closed = await freePort();
    process.env.HTTP_PROXY = `http://someone:secret@127.0.0.1:${closed}`;
    expect(await inspect(name)).toEqual({ ok: false, problem: expect.stringContaining(`${name}:${port} cannot be reached through the proxy http://127.0.0.1:${closed} (ECONNREFUSED)`) });
  });
});
