// The registry client against a real registry (Debian's docker-registry on loopback): single and
// multi-arch images, the bearer-token flow with and without docker-config credentials, digest
// pinning and the digest cache, timeouts and a registry that is down; then the CLI judging a
// manifest without `command` by its image's real config.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { webDocuments } from '../web-fixture.js';
import { RegistryClient } from '../../src/sources/registry.js';
import { freePort, pushImage, pushIndex, type Registry, registryBinary, startRegistry, startSilentServer, startTokenService, type TokenService, tempDir } from './registry-fixture.js';

const available = existsSync(registryBinary);
if (!available) console.warn(`registry tests skipped: ${registryBinary} is not installed (npm test installs Debian's docker-registry as root)`);

const debianHistory = ['/bin/sh -c #(nop) ADD file:0123 in / ', 'RUN /bin/sh -c apt-get update && apt-get install -y --no-install-recommends gunicorn # buildkit'];

describe.skipIf(!available)('registry client (docker-registry on loopback)', () => {
  const temp = tempDir('tg-registry-');
  let open: Registry;
  let guarded: Registry;
  let token: TokenService;
  let pinned: string;
  const cacheDir = join(temp.dir, 'cache');
  const client = (extra: ConstructorParameters<typeof RegistryClient>[0] = {}) => new RegistryClient({ cacheDir, dockerConfig: join(temp.dir, 'no-docker-config.json'), timeoutMs: 5000, ...extra });

  beforeAll(async () => {
    open = await startRegistry(temp.dir);
    await pushImage(open.host, 'shop/api', '1.0', { cmd: ['/bin/sh', '-c', 'gunicorn --bind 0.0.0.0:8000 app:app'], user: '10001', history: debianHistory });
    await pushImage(open.host, 'shop/nginx', '1.27', {
      entrypoint: ['/docker-entrypoint.sh'],
      cmd: ['nginx', '-g', 'daemon off;'],
      stopSignal: 'SIGQUIT',
      labels: { 'org.opencontainers.image.base.name': 'debian:bookworm-slim' },
    });
    pinned = (await pushImage(open.host, 'shop/worker', '2.0', { entrypoint: ['/usr/bin/tini', '--'], cmd: ['python', 'worker.py'], history: ['ADD alpine-minirootfs-3.20.0-x86_64.tar.gz / # buildkit'] })).digest;
    await pushIndex(open.host, 'shop/multi', '3.0', [
      { spec: { cmd: ['server-arm'] }, platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
      { spec: { cmd: ['server-amd'], stopSignal: 'SIGINT' }, platform: { os: 'linux', architecture: 'amd64' } },
    ]);
    await pushImage(open.host, 'public/app', '1', { cmd: ['app'] });
    await pushImage(open.host, 'private/app', '1', { cmd: ['secret-app'] });
    // The same storage behind token authentication.
    token = await startTokenService(temp.dir);
    guarded = await startRegistry(temp.dir, { storage: open.storage, token });
  }, 60_000);

  afterAll(async () => {
    await open?.stop();
    await guarded?.stop();
    await token?.close();
    temp.remove();
  });

  it('reads ENTRYPOINT, CMD, STOPSIGNAL, USER, labels and history of an image', async () => {
    const api = await client().inspect(`${open.host}/shop/api:1.0`);
    expect(api).toMatchObject({ ok: true, image: { cmd: ['/bin/sh', '-c', 'gunicorn --bind 0.0.0.0:8000 app:app'], user: '10001', platform: 'linux/amd64' } });
    expect(api.ok && api.image.history[1]).toContain('apt-get');
    const nginx = await client().inspect(`${open.host}/shop/nginx:1.27`);
    expect(nginx).toMatchObject({ ok: true, image: { entrypoint: ['/docker-entrypoint.sh'], stopSignal: 'SIGQUIT', labels: { 'org.opencontainers.image.base.name': 'debian:bookworm-slim' } } });
  });

  it('resolves a multi-arch index to linux/amd64', async () => {
    const multi = await client().inspect(`${open.host}/shop/multi:3.0`);
    expect(multi).toMatchObject({ ok: true, image: { cmd: ['server-amd'], stopSignal: 'SIGINT', platform: 'linux/amd64' } });
    const arm = await client({ platform: { os: 'linux', architecture: 's390x' } }).inspect(`${open.host}/shop/multi:3.0`);
    expect(arm).toEqual({ ok: false, problem: expect.stringContaining('the index has no linux/s390x image (it offers linux/arm64, linux/amd64)') });
  });

  it('follows a digest-pinned reference and answers it from the digest cache when the registry is gone', async () => {
    const reference = `${open.host}/shop/worker@${pinned}`;
    expect(await client().inspect(reference)).toMatchObject({ ok: true, image: { digest: pinned, entrypoint: ['/usr/bin/tini', '--'] } });
    const forged = `${open.host}/shop/worker@sha256:${'0'.repeat(64)}`;
    expect(await client().inspect(forged)).toMatchObject({ ok: false });
    // A stopped registry: the pinned image comes from the cache, a tag cannot.
    const offline = await startRegistry(temp.dir, { storage: open.storage });
    await pushImage(offline.host, 'shop/cached', '1', { cmd: ['cached'] });
    const cachedPin = (await client().inspect(`${offline.host}/shop/cached:1`)) as { ok: true; image: { digest: string } };
    await offline.stop();
    expect(await client().inspect(`${offline.host}/shop/cached@${cachedPin.image.digest}`)).toMatchObject({ ok: true, image: { cmd: ['cached'] } });
    expect(await client().inspect(`${offline.host}/shop/cached:1`)).toEqual({ ok: false, problem: expect.stringMatching(/cannot be reached \(ECONNREFUSED\)/) });
  });

  it('takes an anonymous bearer token for a public repository', async () => {
    const before = token.requests.length;
    expect(await client().inspect(`${guarded.host}/public/app:1`)).toMatchObject({ ok: true, image: { cmd: ['app'] } });
    expect(token.requests.slice(before)).toEqual([{ scope: 'repository:public/app:pull' }]);
  });

  it('says what to do when a private repository denies access, and uses docker-config credentials', async () => {
    const denied = await client().inspect(`${guarded.host}/private/app:1`);
    expect(denied).toEqual({ ok: false, problem: expect.stringMatching(/access denied \(401 UNAUTHORIZED\); add credentials to the docker config \(docker login\)/) });
    const config = join(temp.dir, 'docker', 'config.json');
    mkdirSync(join(temp.dir, 'docker'), { recursive: true });
    writeFileSync(config, JSON.stringify({ auths: { [guarded.host]: { auth: Buffer.from('user:secret').toString('base64') } } }));
    const before = token.requests.length;
    expect(await client({ dockerConfig: config }).inspect(`${guarded.host}/private/app:1`)).toMatchObject({ ok: true, image: { cmd: ['secret-app'] } });
    expect(token.requests.slice(before)).toEqual([{ scope: 'repository:private/app:pull', user: 'user' }]);
    writeFileSync(config, JSON.stringify({ auths: { [guarded.host]: { username: 'user', password: 'wrong' } } }));
    expect(await client({ dockerConfig: config }).inspect(`${guarded.host}/private/app:1`)).toEqual({ ok: false, problem: expect.stringContaining('refused (401) the docker config credentials') });
  });

  it('trades a docker config identity token (OAuth refresh token) for an access token, never sending it to the registry', async () => {
    const config = join(temp.dir, 'docker-identity', 'config.json');
    mkdirSync(join(temp.dir, 'docker-identity'), { recursive: true });
    writeFileSync(config, JSON.stringify({ auths: { [guarded.host]: { auth: Buffer.from('00000000-0000-0000-0000-000000000000:').toString('base64'), identitytoken: 'refresh-secret' } } }));
    const before = token.requests.length;
    expect(await client({ dockerConfig: config }).inspect(`${guarded.host}/private/app:1`)).toMatchObject({ ok: true, image: { cmd: ['secret-app'] } });
    expect(token.requests.slice(before)).toEqual([{ scope: 'repository:private/app:pull', user: 'refresh-token:refresh-secret' }]);
    writeFileSync(config, JSON.stringify({ auths: { [guarded.host]: { identitytoken: 'expired' } } }));
    expect(await client({ dockerConfig: config }).inspect(`${guarded.host}/private/app:1`)).toEqual({ ok: false, problem: expect.stringContaining('refused (401) the docker config identity token') });
  });

  it('gives up on a registry that does not answer, within its time bound', async () => {
    const silent = await startSilentServer();
    try {
      const started = Date.now();
      const result = await client({ timeoutMs: 500 }).inspect(`${silent.host}/shop/api:1`);
      expect(result).toEqual({ ok: false, problem: expect.stringContaining(`${silent.host} did not answer within 0.5 s`) });
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      await silent.close();
    }
  });

  describe('the CLI with --inspect-images', () => {
    const manifest = (image: string, preStopCommand?: string[]) => webDocuments({ name: 'api', replicas: '2', grace: '30', image, ...(preStopCommand ? { preStopCommand } : {}) }).deployment;
    const run = async (dir: string, args: string[]) => {
      let stdout = '';
      let stderr = '';
      const io = { stdout: { write: (s: string) => ((stdout += s), true) } as never, stderr: { write: (s: string) => ((stderr += s), true) } as never, cwd: dir };
      const saved = { cache: process.env.XDG_CACHE_HOME, docker: process.env.DOCKER_CONFIG };
      process.env.XDG_CACHE_HOME = join(temp.dir, 'cli-cache');
      process.env.DOCKER_CONFIG = join(temp.dir, 'cli-docker');
      try {
        const code = await main(['check', '.', '--format', 'json', ...args], io);
        return { code, report: JSON.parse(stdout), stderr };
      } finally {
        for (const [key, value] of [['XDG_CACHE_HOME', saved.cache], ['DOCKER_CONFIG', saved.docker]] as const) {
          if (value === undefined) delete process.env[key];
          else process.env[key] = value;
        }
      }
    };

    it('judges a manifest without command by the image it runs', async () => {
      const dir = join(temp.dir, 'cli-a');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'deploy.yaml'), manifest(`${open.host}/shop/api:1.0`));
      const without = await run(dir, []);
      expect(without.report.findings.filter((f: { ruleId: string }) => f.ruleId === 'runtime/shell-pid1')).toEqual([]);
      const inspected = await run(dir, ['--inspect-images']);
      const finding = inspected.report.findings.find((f: { ruleId: string }) => f.ruleId === 'runtime/shell-pid1');
      expect(finding).toMatchObject({ file: 'deploy.yaml', line: 18 });
      expect(finding.message).toContain('PID 1 will be `/bin/sh` (dash, the image history: Debian/Ubuntu (it runs apt-get/dpkg): /bin/sh is dash)');
      expect(finding.message).toContain('`gunicorn --bind 0.0.0.0:8000 app:app` never receives it');
      expect(finding.message).toMatch(/the registry image config \(sha256:[0-9a-f]{12}, linux\/amd64\)/);
      expect(inspected.stderr).toMatch(/inspect-images: read 1 of 1 image config\(s\)/);
    });

    it('flags a preStop that sends SIGTERM to an image whose STOPSIGNAL is SIGQUIT', async () => {
      const dir = join(temp.dir, 'cli-b');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'deploy.yaml'), manifest(`${open.host}/shop/nginx:1.27`, ['/bin/sh', '-c', 'sleep 5; kill 1']));
      const inspected = await run(dir, ['--inspect-images']);
      const finding = inspected.report.findings.find((f: { ruleId: string }) => f.ruleId === 'runtime/stop-signal-bypassed');
      expect(finding?.message).toContain('the image\'s graceful SIGQUIT (StopSignal in the registry image config');
      expect(inspected.report.findings.map((f: { ruleId: string }) => f.ruleId)).not.toContain('pod/prestop-kills-pid1');
    });

    it('turns a registry that is down into a notice, not a failure', async () => {
      const dir = join(temp.dir, 'cli-c');
      mkdirSync(dir, { recursive: true });
      const port = await freePort();
      writeFileSync(join(dir, 'deploy.yaml'), manifest(`127.0.0.1:${port}/shop/api:1.0`));
      const result = await run(dir, ['--inspect-images']);
      expect(result.code).toBe(0);
      expect(result.report.errors).toEqual([]);
      expect(result.report.notices).toEqual([expect.stringMatching(new RegExp(`^inspect-images: 127.0.0.1:${port}/shop/api:1.0: 127.0.0.1:${port} cannot be reached \\(ECONNREFUSED\\)`))]);
    });
  });
});
