// A real registry for the tests: Debian's docker-registry (distribution 2.8) started on loopback
// with its storage in a temporary directory, optionally behind token authentication served by a
// small token service of ours (JWTs signed with a throwaway certificate made by openssl). Images
// are pushed with the distribution API itself (blob uploads, then the manifest).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes, sign, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { tarOf } from '../../scripts/test-images/image-archive.js';

export const registryBinary = process.env.TG_REGISTRY ?? '/usr/bin/docker-registry';

export async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const sha256 = (data: Buffer) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

export interface TokenService {
  realm: string;
  service: string;
  issuer: string;
  certFile: string;
  /** Requests the service answered (to assert the flow happened). */
  requests: { scope: string; user?: string }[];
  close(): Promise<void>;
}

/**
 * Issues registry tokens: anonymous callers may pull `public/*`; `user:secret` (Basic, on GET) and
 * the refresh token `refresh-secret` (the OAuth2 form POST) may pull and push anything. Everything
 * else gets a token with no access, so the registry answers 401.
 */
export async function startTokenService(dir: string): Promise<TokenService> {
  const keyFile = join(dir, 'token-key.pem');
  const certFile = join(dir, 'token-cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', '/CN=termination-guard test token issuer'], { stdio: 'ignore' });
  const key = readFileSync(keyFile);
  const certDer = new X509Certificate(readFileSync(certFile)).raw.toString('base64');
  const issuer = 'tg-test-issuer';
  const service = 'tg-test-registry';
  const requests: TokenService['requests'] = [];
  const base64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');
  const answer = (req: IncomingMessage, res: ServerResponse, form: URLSearchParams | undefined) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const scope = (form ?? url.searchParams).get('scope') ?? '';
    const header = req.headers.authorization ?? '';
    let user = header.startsWith('Basic ') ? Buffer.from(header.slice(6), 'base64').toString('utf8') : undefined;
    if (form) {
      const refreshed = form.get('grant_type') === 'refresh_token' && form.get('refresh_token') === 'refresh-secret';
      requests.push({ scope, user: `refresh-token:${form.get('refresh_token')}` });
      if (!refreshed) {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"details":"bad refresh token"}');
        return;
      }
      user = 'user:secret';
    } else requests.push({ scope, ...(user ? { user: user.split(':')[0] } : {}) });
    if (user !== undefined && user !== 'user:secret') {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"details":"bad credentials"}');
      return;
    }
    const [type, name, actionList] = scope.split(':');
    const wanted = (actionList ?? '').split(',').filter(Boolean);
    const granted = user ? wanted : name?.startsWith('public/') ? wanted.filter((a) => a === 'pull') : [];
    const now = Math.floor(Date.now() / 1000);
    const head = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', x5c: [certDer] }));
    const claims = base64url(
      JSON.stringify({ iss: issuer, sub: user ? 'user' : '', aud: service, exp: now + 300, nbf: now - 10, iat: now, jti: randomBytes(8).toString('hex'), access: type ? [{ type, name, actions: granted }] : [] }),
    );
    const signature = base64url(sign('sha256', Buffer.from(`${head}.${claims}`), key));
    const token = `${head}.${claims}.${signature}`;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(form ? { access_token: token, expires_in: 300 } : { token, expires_in: 300 }));
  };
  const server: Server = createServer((req, res) => {
    if (req.method !== 'POST') return answer(req, res, undefined);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => answer(req, res, new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    realm: `http://127.0.0.1:${port}/token`,
    service,
    issuer,
    certFile,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface Registry {
  host: string;
  storage: string;
  /** The process, ended by its PID on stop. */
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts docker-registry on a free loopback port; `storage` may be shared with another instance. */
export async function startRegistry(dir: string, options: { storage?: string; token?: TokenService } = {}): Promise<Registry> {
  const port = await freePort();
  const storage = options.storage ?? join(dir, `storage-${port}`);
  const auth = options.token
    ? `auth:\n  token:\n    realm: ${options.token.realm}\n    service: ${options.token.service}\n    issuer: ${options.token.issuer}\n    rootcertbundle: ${options.token.certFile}\n`
    : '';
  const config = join(dir, `registry-${port}.yml`);
  writeFileSync(
    config,
    `version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: ${storage}\nhttp:\n  addr: 127.0.0.1:${port}\n  secret: ${randomBytes(16).toString('hex')}\n${auth}`,
  );
  const child = spawn(registryBinary, ['serve', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr = (stderr + String(chunk)).slice(-4000);
  });
  const host = `127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited (${child.exitCode}): ${stderr}`);
    try {
      const response = await fetch(`http://${host}/v2/`, { signal: AbortSignal.timeout(1000) });
      await response.body?.cancel();
      if (response.status === 200 || response.status === 401) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      if (child.pid) process.kill(child.pid, 'SIGKILL');
      throw new Error(`docker-registry did not answer on ${host} within 15 s: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    host,
    storage,
    process: child,
    stop: async () => {
      if (child.exitCode !== null || !child.pid) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(child.pid, 'SIGTERM');
      const timer = setTimeout(() => child.pid && child.exitCode === null && process.kill(child.pid, 'SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export interface ImageSpec {
  entrypoint?: string[];
  cmd?: string[];
  stopSignal?: string;
  user?: string;
  labels?: Record<string, string>;
  history?: string[];
  architecture?: string;
}

async function upload(host: string, repository: string, data: Buffer): Promise<string> {
  const digest = sha256(data);
  const start = await fetch(`http://${host}/v2/${repository}/blobs/uploads/`, { method: 'POST' });
  await start.body?.cancel();
  if (start.status !== 202) throw new Error(`blob upload start: ${start.status}`);
  const location = new URL(start.headers.get('location') ?? '', `http://${host}`);
  location.searchParams.set('digest', digest);
  const put = await fetch(location, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: new Uint8Array(data) });
  await put.body?.cancel();
  if (put.status !== 201) throw new Error(`blob upload: ${put.status}`);
  return digest;
}

async function putManifest(host: string, repository: string, reference: string, body: Buffer, mediaType: string): Promise<string> {
  const response = await fetch(`http://${host}/v2/${repository}/manifests/${reference}`, { method: 'PUT', headers: { 'content-type': mediaType }, body: new Uint8Array(body) });
  const text = await response.text();
  if (response.status !== 201) throw new Error(`manifest put ${repository}:${reference}: ${response.status} ${text}`);
  return sha256(body);
}

/** Pushes a single-platform OCI image; returns its manifest digest and size. */
export async function pushImage(host: string, repository: string, tag: string | undefined, spec: ImageSpec): Promise<{ digest: string; size: number }> {
  const tar = tarOf([{ path: 'etc/termination-guard-test', type: 'file', content: `${repository}\n` }]);
  const layer = gzipSync(tar);
  const layerDigest = await upload(host, repository, layer);
  const diffId = sha256(tar);
  const config = Buffer.from(
    JSON.stringify({
      architecture: spec.architecture ?? 'amd64',
      os: 'linux',
      config: {
        ...(spec.entrypoint ? { Entrypoint: spec.entrypoint } : {}),
        ...(spec.cmd ? { Cmd: spec.cmd } : {}),
        ...(spec.stopSignal ? { StopSignal: spec.stopSignal } : {}),
        ...(spec.user ? { User: spec.user } : {}),
        ...(spec.labels ? { Labels: spec.labels } : {}),
      },
      rootfs: { type: 'layers', diff_ids: [diffId] },
      history: (spec.history ?? []).map((created_by) => ({ created: '2026-01-01T00:00:00Z', created_by })),
    }),
  );
  const configDigest = await upload(host, repository, config);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: config.length },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: layerDigest, size: layer.length }],
    }),
  );
  const digest = await putManifest(host, repository, tag ?? sha256(manifest), manifest, 'application/vnd.oci.image.manifest.v1+json');
  return { digest, size: manifest.length };
}

/** Pushes an OCI index over per-platform images. */
export async function pushIndex(host: string, repository: string, tag: string, images: { spec: ImageSpec; platform: { os: string; architecture: string; variant?: string } }[]): Promise<string> {
  const manifests = [];
  for (const { spec, platform } of images) {
    const pushed = await pushImage(host, repository, undefined, { ...spec, architecture: platform.architecture });
    manifests.push({ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: pushed.digest, size: pushed.size, platform });
  }
  const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests }));
  return putManifest(host, repository, tag, index, 'application/vnd.oci.image.index.v1+json');
}

/** A loopback server that accepts connections and never answers (for timeouts). */
export async function startSilentServer(): Promise<{ host: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: NetServer = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    host: `127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export function tempDir(prefix: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
