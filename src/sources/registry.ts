// Reads image configs over the OCI distribution API: the manifest (an index or manifest list
// resolves to linux/amd64), then the config blob. Anonymous bearer tokens for public registries,
// credentials from the standard docker config (auths, credential helpers) when present. Every
// request is time-bound; results are cached by digest; a registry that is down or says no yields
// a problem to report as a notice, never a failure. HTTPS_PROXY/HTTP_PROXY/NO_PROXY apply as
// they do to the GitHub client (proxy.ts).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { RegistryImage, RegistryLookup } from '../images/evidence.js';
import { proxyFetch, proxyFor } from './proxy.js';

export interface ImageReference {
  /** Host[:port] as written (docker.io for Docker Hub). */
  registry: string;
  repository: string;
  tag?: string;
  digest?: string;
}

/** Docker's normalization: `nginx` → docker.io/library/nginx:latest. */
export function parseReference(reference: string): ImageReference {
  let rest = reference.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > slash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const first = rest.split('/')[0];
  const hasHost = rest.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  let registry = hasHost ? first : 'docker.io';
  let repository = hasHost ? rest.slice(first.length + 1) : rest;
  if (registry === 'index.docker.io' || registry === 'registry-1.docker.io') registry = 'docker.io';
  if (registry === 'docker.io' && !repository.includes('/')) repository = `library/${repository}`;
  return { registry, repository: repository.toLowerCase(), ...(tag ? { tag } : {}), ...(digest ? { digest } : !tag ? { tag: 'latest' } : {}) };
}

export interface DockerCredentials {
  username?: string;
  password?: string;
  /** A registry token to send as a bearer (auths[].registrytoken). */
  registryToken?: string;
  /**
   * An OAuth refresh token (auths[].identitytoken, or a credential helper's `<token>` user):
   * traded at the token service for an access token, never sent to the registry itself.
   */
  identityToken?: string;
}

export interface RegistryOptions {
  /** Per request (default 10 s). */
  timeoutMs?: number;
  /** For the whole lookup of one image (default 30 s). */
  budgetMs?: number;
  /** Directory for the digest cache (default ~/.cache/termination-guard/images). */
  cacheDir?: string;
  /** Path of the docker config (default $DOCKER_CONFIG/config.json, else ~/.docker/config.json). */
  dockerConfig?: string;
  platform?: { os: string; architecture: string; variant?: string };
  /** Hosts spoken to over plain HTTP (loopback always is). */
  insecure?: readonly string[];
  /** Instead of the proxy-aware fetch (proxy.ts). */
  fetch?: typeof fetch;
  log?: (message: string) => void;
}

const manifestTypes = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
];
const indexTypes = new Set(manifestTypes.slice(0, 2));

class RegistryProblem extends Error {}

function apiHost(registry: string): string {
  return registry === 'docker.io' ? 'registry-1.docker.io' : registry;
}

function isLoopback(host: string): boolean {
  const name = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return name === 'localhost' || /^127\./.test(name) || name === '::1';
}

/** The standard docker config: `auths` entries and credential helpers. */
export function credentialsFor(registry: string, configPath: string | undefined): DockerCredentials | undefined {
  const path = configPath ?? join(process.env.DOCKER_CONFIG ?? join(homedir(), '.docker'), 'config.json');
  if (!existsSync(path)) return undefined;
  let config: { auths?: Record<string, { auth?: string; username?: string; password?: string; registrytoken?: string; identitytoken?: string }>; credHelpers?: Record<string, string>; credsStore?: string };
  try {
    config = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
  const keys = registry === 'docker.io' ? [dockerHubAddress, 'index.docker.io', 'docker.io', 'registry-1.docker.io'] : [registry, `https://${registry}`, `http://${registry}`];
  for (const key of keys) {
    const entry = config.auths?.[key] ?? config.auths?.[`${key}/`];
    if (!entry) continue;
    if (entry.registrytoken) return { registryToken: entry.registrytoken };
    if (entry.identitytoken) return { identityToken: entry.identitytoken };
    if (entry.username && entry.password) return { username: entry.username, password: entry.password };
    if (entry.auth) {
      const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon > 0) return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
    }
  }
  const helper = keys.map((k) => config.credHelpers?.[k]).find(Boolean) ?? config.credsStore;
  if (helper && /^[\w.-]+$/.test(helper)) {
    const result = spawnSync(`docker-credential-${helper}`, ['get'], { input: registry === 'docker.io' ? dockerHubAddress : registry, timeout: 5000, encoding: 'utf8' });
    if (result.status === 0) {
      try {
        const answer = JSON.parse(result.stdout) as { Username?: string; Secret?: string };
        if (answer.Username === '<token>' && answer.Secret) return { identityToken: answer.Secret };
        if (answer.Username && answer.Secret) return { username: answer.Username, password: answer.Secret };
      } catch {
        // a helper that answers nonsense: anonymous
      }
    }
  }
  return undefined;
}

/** Where Docker files Docker Hub's credentials (and what it expects as their server address). */
const dockerHubAddress = 'https://index.docker.io/v1/';

/**
 * Docker Engine's X-Registry-Auth for pulling `reference`: the docker config's credentials for
 * its registry as JSON in base64url *with* padding (Go's base64.URLEncoding, which the engine
 * decodes with), or undefined when the config has none.
 */
export function registryAuthHeader(reference: string, configPath?: string): string | undefined {
  const { registry } = parseReference(reference);
  const credentials = credentialsFor(registry, configPath);
  if (!credentials) return undefined;
  const serveraddress = registry === 'docker.io' ? dockerHubAddress : registry;
  const auth = credentials.identityToken
    ? { identitytoken: credentials.identityToken, serveraddress }
    : credentials.registryToken
      ? { registrytoken: credentials.registryToken, serveraddress }
      : { username: credentials.username, password: credentials.password, serveraddress };
  return Buffer.from(JSON.stringify(auth)).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}

function parseChallenge(header: string): { scheme: string; params: Record<string, string> } {
  const scheme = header.split(' ')[0];
  const params: Record<string, string> = {};
  for (const match of header.slice(scheme.length).matchAll(/(\w+)="([^"]*)"/g)) params[match[1]] = match[2];
  return { scheme: scheme.toLowerCase(), params };
}

function sha256(data: Buffer): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

export class RegistryClient {
  private readonly tokens = new Map<string, string>();
  private readonly memory = new Map<string, RegistryLookup>();
  /** Per registry: the docker config is read (and a credential helper run) once. */
  private readonly credentials = new Map<string, DockerCredentials | undefined>();
  private readonly options: Required<Pick<RegistryOptions, 'timeoutMs' | 'budgetMs' | 'cacheDir'>> & RegistryOptions;

  constructor(options: RegistryOptions = {}) {
    this.options = {
      timeoutMs: 10_000,
      budgetMs: 30_000,
      cacheDir: join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'termination-guard', 'images'),
      ...options,
    };
  }

  /** Looks up several images, a few at a time. */
  async inspectAll(references: readonly string[], concurrency = 4): Promise<Map<string, RegistryLookup>> {
    const results = new Map<string, RegistryLookup>();
    const queue = [...new Set(references)];
    const worker = async () => {
      for (let next = queue.shift(); next !== undefined; next = queue.shift()) results.set(next, await this.inspect(next));
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
    return results;
  }

  async inspect(reference: string): Promise<RegistryLookup> {
    const known = this.memory.get(reference);
    if (known) return known;
    const deadline = Date.now() + this.options.budgetMs;
    let result: RegistryLookup;
    try {
      result = { ok: true, image: await this.lookup(parseReference(reference), deadline) };
    } catch (error) {
      const ref = parseReference(reference);
      const where = `${ref.registry}/${ref.repository}`;
      result = { ok: false, problem: error instanceof RegistryProblem ? `${reference}: ${error.message}` : `${reference}: cannot read from ${where}: ${(error as Error).message}` };
    }
    this.memory.set(reference, result);
    return result;
  }

  private async lookup(ref: ImageReference, deadline: number): Promise<RegistryImage> {
    const pinned = ref.digest;
    let manifest = pinned ? this.cached(pinned) : undefined;
    let digest = pinned;
    if (!manifest) {
      const fetched = await this.request(ref, `manifests/${pinned ?? ref.tag}`, deadline, manifestTypes.join(', '));
      digest = fetched.headers.get('docker-content-digest') ?? sha256(fetched.body);
      if (pinned && sha256(fetched.body) !== pinned) throw new RegistryProblem(`the registry's manifest does not match the pinned digest ${pinned}`);
      manifest = fetched.body;
      this.store(sha256(manifest), manifest);
    }
    let parsed = JSON.parse(manifest.toString('utf8')) as {
      mediaType?: string;
      manifests?: { digest: string; mediaType?: string; platform?: { os?: string; architecture?: string; variant?: string } }[];
      config?: { digest: string; mediaType?: string };
    };
    let platform: string | undefined;
    if ((parsed.mediaType && indexTypes.has(parsed.mediaType)) || (!parsed.config && Array.isArray(parsed.manifests))) {
      const want = this.options.platform ?? { os: 'linux', architecture: 'amd64' };
      const entry = parsed.manifests?.find((m) => m.platform?.os === want.os && m.platform?.architecture === want.architecture && (!want.variant || m.platform?.variant === want.variant));
      if (!entry) {
        const offered = (parsed.manifests ?? []).map((m) => `${m.platform?.os}/${m.platform?.architecture}`).join(', ');
        throw new RegistryProblem(`the index has no ${want.os}/${want.architecture} image (it offers ${offered || 'none'})`);
      }
      platform = `${want.os}/${want.architecture}`;
      digest = entry.digest;
      let child = this.cached(entry.digest);
      if (!child) {
        child = (await this.request(ref, `manifests/${entry.digest}`, deadline, manifestTypes.join(', '))).body;
        if (sha256(child) !== entry.digest) throw new RegistryProblem(`manifest ${entry.digest} does not match its digest`);
        this.store(entry.digest, child);
      }
      parsed = JSON.parse(child.toString('utf8'));
    }
    const configDigest = parsed.config?.digest;
    if (!configDigest) throw new RegistryProblem('the manifest has no config (not an image)');
    let blob = this.cached(configDigest);
    if (!blob) {
      blob = (await this.request(ref, `blobs/${configDigest}`, deadline, 'application/vnd.oci.image.config.v1+json, application/json, */*')).body;
      if (sha256(blob) !== configDigest) throw new RegistryProblem(`config blob ${configDigest} does not match its digest`);
      this.store(configDigest, blob);
    }
    const config = JSON.parse(blob.toString('utf8')) as {
      config?: { Entrypoint?: string[] | null; Cmd?: string[] | null; StopSignal?: string; User?: string; Labels?: Record<string, string> | null };
      history?: { created_by?: string }[];
      os?: string;
      architecture?: string;
    };
    const c = config.config ?? {};
    return {
      digest: digest ?? configDigest,
      ...(platform ? { platform } : config.os && config.architecture ? { platform: `${config.os}/${config.architecture}` } : {}),
      ...(c.Entrypoint ? { entrypoint: c.Entrypoint } : {}),
      ...(c.Cmd ? { cmd: c.Cmd } : {}),
      ...(c.StopSignal ? { stopSignal: c.StopSignal } : {}),
      ...(c.User ? { user: c.User } : {}),
      labels: c.Labels ?? {},
      history: (config.history ?? []).map((h) => h.created_by ?? '').filter((h) => h !== ''),
    };
  }

  private credentialsOf(registry: string): DockerCredentials | undefined {
    if (!this.credentials.has(registry)) this.credentials.set(registry, credentialsFor(registry, this.options.dockerConfig));
    return this.credentials.get(registry);
  }

  private cachePath(digest: string): string | undefined {
    const match = /^sha256:([a-f0-9]{64})$/.exec(digest);
    return match ? join(this.options.cacheDir, 'sha256', match[1]) : undefined;
  }

  private cached(digest: string): Buffer | undefined {
    const path = this.cachePath(digest);
    if (!path || !existsSync(path)) return undefined;
    const data = readFileSync(path);
    return sha256(data) === digest ? data : undefined;
  }

  private store(digest: string, data: Buffer): void {
    const path = this.cachePath(digest);
    if (!path) return;
    try {
      mkdirSync(join(this.options.cacheDir, 'sha256'), { recursive: true });
      const temporary = `${path}.${process.pid}.tmp`;
      writeFileSync(temporary, data);
      renameSync(temporary, path);
    } catch {
      // a read-only cache directory only costs a request next time
    }
  }

  private baseUrl(ref: ImageReference): string {
    const host = apiHost(ref.registry);
    const plain = isLoopback(host) || (this.options.insecure ?? []).includes(host);
    return `${plain ? 'http' : 'https'}://${host}/v2/${ref.repository}/`;
  }

  private async send(url: string, headers: Record<string, string>, deadline: number, form?: URLSearchParams): Promise<Response> {
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw new RegistryProblem(`gave up after ${this.options.budgetMs / 1000} s`);
    const timeout = Math.min(this.options.timeoutMs, remaining);
    try {
      return await (this.options.fetch ?? proxyFetch)(url, { headers, signal: AbortSignal.timeout(timeout), redirect: 'follow', ...(form ? { method: 'POST', body: form } : {}) });
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError') throw new RegistryProblem(`${new URL(url).host} did not answer within ${(timeout / 1000).toFixed(timeout % 1000 ? 1 : 0)} s`);
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const proxy = this.options.fetch ? undefined : await proxyFor(url);
      throw new RegistryProblem(`${new URL(url).host} cannot be reached${proxy ? ` through the proxy ${proxy}` : ''} (${cause?.code ?? cause?.message ?? (error as Error).message})`);
    }
  }

  private async request(ref: ImageReference, path: string, deadline: number, accept: string): Promise<{ body: Buffer; headers: Headers }> {
    const url = `${this.baseUrl(ref)}${path}`;
    const scopeKey = `${ref.registry}/${ref.repository}`;
    const headers = (): Record<string, string> => {
      const token = this.tokens.get(scopeKey);
      return { Accept: accept, 'User-Agent': 'termination-guard', ...(token ? { Authorization: token } : {}) };
    };
    let response = await this.send(url, headers(), deadline);
    if (response.status === 401) {
      await response.body?.cancel();
      const challenge = response.headers.get('www-authenticate');
      if (!challenge) throw new RegistryProblem('401 without a WWW-Authenticate challenge');
      this.tokens.set(scopeKey, await this.authorize(ref, parseChallenge(challenge), deadline));
      response = await this.send(url, headers(), deadline);
    }
    if (!response.ok) {
      const text = (await response.text()).slice(0, 300);
      let code = '';
      try {
        code = (JSON.parse(text) as { errors?: { code?: string; message?: string }[] }).errors?.map((e) => e.code ?? e.message).join(', ') ?? '';
      } catch {
        // not a registry error body
      }
      if (response.status === 401 || response.status === 403) {
        const creds = this.credentialsOf(ref.registry);
        throw new RegistryProblem(`access denied (${response.status}${code ? ` ${code}` : ''})${creds ? ' with the docker config credentials' : '; add credentials to the docker config (docker login)'}`);
      }
      if (response.status === 404) throw new RegistryProblem(`not found (${code || '404'})`);
      throw new RegistryProblem(`HTTP ${response.status}${code ? ` ${code}` : ''}`);
    }
    return { body: Buffer.from(await response.arrayBuffer()), headers: response.headers };
  }

  /** Answers a 401 challenge: Basic with the docker config's credentials, or a Bearer token. */
  private async authorize(ref: ImageReference, challenge: { scheme: string; params: Record<string, string> }, deadline: number): Promise<string> {
    const creds = this.credentialsOf(ref.registry);
    const basic = creds?.username ? `Basic ${Buffer.from(`${creds.username}:${creds.password ?? ''}`).toString('base64')}` : undefined;
    if (challenge.scheme === 'basic') {
      if (!basic) throw new RegistryProblem('the registry wants a login; add credentials to the docker config (docker login)');
      return basic;
    }
    if (challenge.scheme !== 'bearer') throw new RegistryProblem(`unsupported authentication scheme "${challenge.scheme}"`);
    if (creds?.registryToken) return `Bearer ${creds.registryToken}`;
    const realm = challenge.params.realm;
    if (!realm) throw new RegistryProblem('bearer challenge without a realm');
    const url = new URL(realm);
    const scope = challenge.params.scope ?? `repository:${ref.repository}:pull`;
    let response: Response;
    if (creds?.identityToken) {
      // The distribution spec's OAuth2 flow: the refresh token is traded in a form POST.
      const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: creds.identityToken, client_id: 'termination-guard', scope });
      if (challenge.params.service) form.set('service', challenge.params.service);
      response = await this.send(url.toString(), { 'User-Agent': 'termination-guard', 'Content-Type': 'application/x-www-form-urlencoded' }, deadline, form);
    } else {
      if (challenge.params.service) url.searchParams.set('service', challenge.params.service);
      url.searchParams.set('scope', scope);
      response = await this.send(url.toString(), { 'User-Agent': 'termination-guard', ...(basic ? { Authorization: basic } : {}) }, deadline);
    }
    if (!response.ok) {
      await response.body?.cancel();
      const ours = creds?.identityToken ? ' the docker config identity token' : basic ? ' the docker config credentials' : '; add credentials to the docker config (docker login)';
      throw new RegistryProblem(`the token service ${url.host} refused (${response.status})${ours}`);
    }
    const answer = (await response.json()) as { token?: string; access_token?: string };
    const token = answer.token ?? answer.access_token;
    if (!token) throw new RegistryProblem(`the token service ${url.host} answered without a token`);
    return `Bearer ${token}`;
  }
}
