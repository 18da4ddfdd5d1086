// Finding the Docker engine (DOCKER_HOST, Docker contexts, TLS from DOCKER_CERT_PATH or the
// context's files) and the credentials a pull carries (X-Registry-Auth), against small engines of
// our own on loopback: a TLS one that demands a client certificate (openssl-made), and a plain one
// on a unix socket that records what a pull sends. No dockerd needed.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerRuntime } from '../../src/drill/docker.js';
import { defaultSocket, resolveDockerEndpoint } from '../../src/drill/docker-endpoint.js';
import { RuntimeUnavailable } from '../../src/drill/runtime.js';

const dir = mkdtempSync(join(tmpdir(), 'tg-docker-endpoint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A docker config directory with these files (paths relative to it). */
function configDir(name: string, files: Record<string, string | { copy: string }>): string {
  const root = join(dir, name);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    if (typeof content === 'string') writeFileSync(join(root, path), content);
    else copyFileSync(content.copy, join(root, path));
  }
  return root;
}

const contextId = (name: string) => createHash('sha256').update(name).digest('hex');
const meta = (name: string, host: string, skipTlsVerify = false) => ({
  [`contexts/meta/${contextId(name)}/meta.json`]: JSON.stringify({ Name: name, Metadata: {}, Endpoints: { docker: { Host: host, SkipTLSVerify: skipTlsVerify } } }),
});

function engineAnswer(seen: { method: string; url: string; headers: IncomingHttpHeaders }[]) {
  return (request: IncomingMessage, response: ServerResponse) => {
    seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers });
    response.setHeader('content-type', 'application/json');
    if (request.url === '/v1.41/version') response.end(JSON.stringify({ Version: '99.0-test', ApiVersion: '1.41', Os: 'linux' }));
    else if (request.url?.startsWith('/v1.41/images/create')) response.end('{"status":"Pulling"}\n{"status":"Downloaded newer image"}\n');
    else response.writeHead(404).end('{"message":"not in the test engine"}');
  };
}

describe('resolveDockerEndpoint', () => {
  const home = join(dir, 'home');

  it('takes DOCKER_HOST as it is, before any context', () => {
    expect(resolveDockerEndpoint({}, home)).toEqual({ description: `unix://${defaultSocket}`, socketPath: defaultSocket });
    expect(resolveDockerEndpoint({ DOCKER_HOST: 'unix:///run/user/1000/docker.sock', DOCKER_CONTEXT: 'absent' }, home)).toEqual({
      description: 'unix:///run/user/1000/docker.sock',
      socketPath: '/run/user/1000/docker.sock',
    });
    expect(resolveDockerEndpoint({ DOCKER_HOST: 'tcp://10.0.0.5' }, home)).toMatchObject({ host: '10.0.0.5', port: 2375 });
    expect(resolveDockerEndpoint({ DOCKER_HOST: 'tcp://[::1]:2380/' }, home)).toMatchObject({ host: '::1', port: 2380 });
    expect(() => resolveDockerEndpoint({ DOCKER_HOST: 'ssh://me@build-host' }, home)).toThrow(/ssh:\/\/ is not supported; forward the engine's socket/);
    expect(() => resolveDockerEndpoint({ DOCKER_HOST: 'npipe:////./pipe/docker_engine' }, home)).toThrow(RuntimeUnavailable);
  });

  it('reads the TLS files of DOCKER_CERT_PATH (default port 2376), and verifies only with DOCKER_TLS_VERIFY', () => {
    const certs = configDir('env-certs', { 'ca.pem': 'CA', 'cert.pem': 'CERT', 'key.pem': 'KEY' });
    expect(resolveDockerEndpoint({ DOCKER_HOST: 'tcp://build-host', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs }, home)).toEqual({
      description: 'tcp://build-host',
      host: 'build-host',
      port: 2376,
      tls: { verify: true, ca: Buffer.from('CA'), cert: Buffer.from('CERT'), key: Buffer.from('KEY') },
    });
    expect(resolveDockerEndpoint({ DOCKER_HOST: 'tcp://build-host:2376', DOCKER_CERT_PATH: certs }, home).tls?.verify).toBe(false);
    // The CLI's default certificate directory is the docker config directory.
    const config = configDir('default-certs', { 'ca.pem': 'CA2' });
    expect(resolveDockerEndpoint({ DOCKER_HOST: 'tcp://build-host', DOCKER_TLS_VERIFY: '1', DOCKER_CONFIG: config }, home).tls).toEqual({ verify: true, ca: Buffer.from('CA2') });
    expect(() => resolveDockerEndpoint({ DOCKER_HOST: 'tcp://build-host', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: join(dir, 'nowhere') }, home)).toThrow(/ca\.pem is missing/);
    const halfPair = configDir('half-pair', { 'cert.pem': 'CERT' });
    expect(() => resolveDockerEndpoint({ DOCKER_HOST: 'tcp://build-host', DOCKER_CERT_PATH: halfPair }, home)).toThrow(/key\.pem is missing/);
  });

  it('follows DOCKER_CONTEXT, else currentContext in the docker config, to the context endpoint and its TLS files', () => {
    const config = configDir('contexts', {
      'config.json': JSON.stringify({ currentContext: 'remote' }),
      ...meta('remote', 'tcp://remote-host:2376'),
      [`contexts/tls/${contextId('remote')}/docker/ca.pem`]: 'REMOTE-CA',
      ...meta('rootless', 'unix:///run/user/1000/docker.sock'),
      ...meta('lab', 'tcp://lab-host:2376', true),
    });
    expect(resolveDockerEndpoint({ DOCKER_CONFIG: config }, home)).toEqual({
      description: 'tcp://remote-host:2376 (context "remote")',
      host: 'remote-host',
      port: 2376,
      tls: { verify: true, ca: Buffer.from('REMOTE-CA') },
    });
    expect(resolveDockerEndpoint({ DOCKER_CONFIG: config, DOCKER_CONTEXT: 'rootless' }, home)).toMatchObject({ socketPath: '/run/user/1000/docker.sock' });
    expect(resolveDockerEndpoint({ DOCKER_CONFIG: config, DOCKER_CONTEXT: 'lab' }, home)).toMatchObject({ host: 'lab-host', tls: { verify: false } });
    expect(resolveDockerEndpoint({ DOCKER_CONFIG: config, DOCKER_CONTEXT: 'default' }, home)).toMatchObject({ socketPath: defaultSocket });
    expect(() => resolveDockerEndpoint({ DOCKER_CONFIG: config, DOCKER_CONTEXT: 'gone' }, home)).toThrow(/Docker context "gone" \(DOCKER_CONTEXT\) does not exist/);
    // ~/.docker when DOCKER_CONFIG is not set.
    const homeWithContext = join(dir, 'home-with-context');
    configDir('home-with-context/.docker', { 'config.json': JSON.stringify({ currentContext: 'rootless' }), ...meta('rootless', 'unix:///run/user/1000/docker.sock') });
    expect(resolveDockerEndpoint({}, homeWithContext)).toMatchObject({ socketPath: '/run/user/1000/docker.sock', description: 'unix:///run/user/1000/docker.sock (context "rootless")' });
    // A config that is not JSON names no context.
    expect(resolveDockerEndpoint({ DOCKER_CONFIG: configDir('broken', { 'config.json': '{' }) }, home)).toMatchObject({ socketPath: defaultSocket });
  });
});

describe('an engine over tcp with TLS', () => {
  const pki = join(dir, 'pki');
  const seen: { method: string; url: string; headers: IncomingHttpHeaders }[] = [];
  let server: Server;
  let port: number;
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: pki, stdio: 'ignore' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

  beforeAll(async () => {
    mkdirSync(pki, { recursive: true });
    openssl('req', '-x509', ...ec, '-keyout', 'ca-key.pem', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=tg test engine CA');
    openssl('req', '-x509', ...ec, '-keyout', 'other-ca-key.pem', '-out', 'other-ca.pem', '-days', '2', '-subj', '/CN=someone else');
    for (const [name, usage] of [
      ['server', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth'],
      ['client', 'extendedKeyUsage=clientAuth'],
    ] as const) {
      writeFileSync(join(pki, `${name}.ext`), `${usage}\n`);
      openssl('req', ...ec, '-keyout', `${name}-key.pem`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
      openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial', '-out', `${name}-cert.pem`, '-days', '2', '-extfile', `${name}.ext`);
    }
    const read = (f: string) => readFileSync(join(pki, f));
    server = createHttpsServer({ key: read('server-key.pem'), cert: read('server-cert.pem'), ca: read('ca.pem'), requestCert: true, rejectUnauthorized: true }, engineAnswer(seen));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  }, 30_000);

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const certs = (name: string, files: Record<string, string>) => configDir(name, Object.fromEntries(Object.entries(files).map(([to, from]) => [to, { copy: join(pki, from) }])));

  it('verifies the engine and presents the client certificate from DOCKER_CERT_PATH', async () => {
    const certPath = certs('tls-env', { 'ca.pem': 'ca.pem', 'cert.pem': 'client-cert.pem', 'key.pem': 'client-key.pem' });
    const runtime = new DockerRuntime(resolveDockerEndpoint({ DOCKER_HOST: `tcp://127.0.0.1:${port}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certPath }));
    expect(await runtime.version()).toBe(`Docker Engine 99.0-test (API 1.41, linux) at tcp://127.0.0.1:${port}`);
  });

  it('takes the TLS files of the current context', async () => {
    const id = contextId('secure');
    const config = configDir('tls-context', { 'config.json': JSON.stringify({ currentContext: 'secure' }), ...meta('secure', `tcp://127.0.0.1:${port}`) });
    certs(`tls-context/contexts/tls/${id}/docker`, { 'ca.pem': 'ca.pem', 'cert.pem': 'client-cert.pem', 'key.pem': 'client-key.pem' });
    expect(await new DockerRuntime(resolveDockerEndpoint({ DOCKER_CONFIG: config })).version()).toMatch(/at tcp:\/\/127\.0\.0\.1:\d+ \(context "secure"\)$/);
  });

  it('says TLS failed, with advice, for an engine it cannot trust or that refuses it', async () => {
    const untrusted = certs('tls-wrong-ca', { 'ca.pem': 'other-ca.pem', 'cert.pem': 'client-cert.pem', 'key.pem': 'client-key.pem' });
    const wrongCa = new DockerRuntime(resolveDockerEndpoint({ DOCKER_HOST: `tcp://127.0.0.1:${port}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: untrusted }));
    await expect(wrongCa.version()).rejects.toThrow(/^TLS with the Docker engine at tcp:\/\/127\.0\.0\.1:\d+ failed \(.*\); check DOCKER_CERT_PATH or the context's TLS files$/);
    const noClientCert = certs('tls-no-client', { 'ca.pem': 'ca.pem' });
    const anonymous = new DockerRuntime(resolveDockerEndpoint({ DOCKER_HOST: `tcp://127.0.0.1:${port}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: noClientCert }));
    await expect(anonymous.version()).rejects.toBeInstanceOf(RuntimeUnavailable);
  });
});

describe('X-Registry-Auth on pulls', () => {
  const seen: { method: string; url: string; headers: IncomingHttpHeaders }[] = [];
  const socket = join(dir, 'engine.sock');
  let server: Server;

  beforeAll(async () => {
    server = createHttpServer(engineAnswer(seen));
    await new Promise<void>((resolve) => server.listen(socket, resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  async function pulled(reference: string, auths: Record<string, object>) {
    const config = join(configDir(`pull-${seen.length}`, { 'config.json': JSON.stringify({ auths }) }), 'config.json');
    await new DockerRuntime(`unix://${socket}`, { dockerConfig: config }).pull(reference, 5000);
    const request = seen.at(-1);
    expect(request?.url).toMatch(/^\/v1\.41\/images\/create\?fromImage=/);
    return request?.headers['x-registry-auth'] as string | undefined;
  }

  it("sends the docker config's credentials for the image's registry, as padded base64url JSON", async () => {
    const password = 'p>>>w???d';
    const header = await pulled('registry.example:5000/team/app:1.2', { 'registry.example:5000': { auth: Buffer.from(`deployer:${password}`).toString('base64') } });
    const json = JSON.stringify({ username: 'deployer', password, serveraddress: 'registry.example:5000' });
    expect(Buffer.from(json).toString('base64')).toMatch(/[+/]/); // the standard alphabet would differ
    expect(header).toMatch(/^[A-Za-z0-9_-]+={0,2}$/);
    expect((header as string).length % 4).toBe(0);
    expect(JSON.parse(Buffer.from(header as string, 'base64url').toString('utf8'))).toEqual(JSON.parse(json));
  });

  it("sends an identity token for Docker Hub with Docker Hub's server address", async () => {
    const header = await pulled('nginx:1.27', { 'https://index.docker.io/v1/': { auth: Buffer.from('<token>:').toString('base64'), identitytoken: 'refresh-me' } });
    expect(JSON.parse(Buffer.from(header as string, 'base64url').toString('utf8'))).toEqual({ identitytoken: 'refresh-me', serveraddress: 'https://index.docker.io/v1/' });
  });

  it('sends no header when the config has nothing for that registry', async () => {
    expect(await pulled('ghcr.io/acme/app:1', { 'registry.example:5000': { auth: Buffer.from('a:b').toString('base64') } })).toBeUndefined();
  });
});
