// Docker's Engine API (v1.41: Docker 20.10 and later, and podman's compatible socket) over a unix
// socket or tcp (with TLS), found from DOCKER_HOST or the Docker context (docker-endpoint.ts).
// Image pulls carry the docker config's credentials for the image's registry (X-Registry-Auth),
// as `docker pull` sends them: the engine does the pulling, through its own proxy settings.
// Every call has a time bound.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { registryAuthHeader } from '../sources/registry.js';
import { type DockerEndpoint, endpointFromHost, resolveDockerEndpoint } from './docker-endpoint.js';
import { type ContainerRuntime, type ContainerSpec, type ContainerState, type ExecResult, type ImageInfo, type ProcessInfo, RuntimeUnavailable } from './runtime.js';

const apiVersion = 'v1.41';

const tlsFailure = /^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_)/;

interface Reply {
  status: number;
  body: Buffer;
}

export class EngineError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** Splits Docker's multiplexed stdout/stderr stream (8-byte frame headers) into text. */
export function demultiplex(data: Buffer): string {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= data.length && data[offset] <= 2 && data[offset + 1] === 0) {
    const size = data.readUInt32BE(offset + 4);
    parts.push(data.subarray(offset + 8, offset + 8 + size));
    offset += 8 + size;
  }
  if (offset < data.length && parts.length === 0) return data.toString('utf8');
  return Buffer.concat(parts).toString('utf8');
}

/** An RFC 3339 time with nanoseconds, as ms since the epoch with the fraction kept (0001-01-01: none). */
export function preciseTime(text: string | undefined): number | undefined {
  const match = text ? /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(text) : null;
  if (!match) return undefined;
  const whole = Date.parse(`${match[1]}${match[3]}`);
  if (Number.isNaN(whole) || whole <= 0) return undefined;
  return whole + Number(`0.${match[2] ?? '0'}`) * 1000;
}

export interface DockerRuntimeOptions {
  /** The docker config file credentials for pulls come from (default: as the docker CLI finds it). */
  dockerConfig?: string;
}

export class DockerRuntime implements ContainerRuntime {
  readonly name = 'docker';
  private readonly endpoint: DockerEndpoint;

  /** `endpoint`: a unix:// or tcp:// address, or a resolved endpoint (default: from the environment). */
  constructor(
    endpoint?: string | DockerEndpoint,
    private readonly options: DockerRuntimeOptions = {},
  ) {
    this.endpoint = typeof endpoint === 'string' ? endpointFromHost(endpoint, 'given') : (endpoint ?? resolveDockerEndpoint());
  }

  private call(method: string, path: string, options: { body?: unknown; timeoutMs?: number; raw?: Buffer; headers?: Record<string, string> } = {}): Promise<Reply> {
    const timeoutMs = options.timeoutMs ?? 15_000;
    const payload = options.raw ?? (options.body !== undefined ? Buffer.from(JSON.stringify(options.body)) : undefined);
    const { socketPath, host, port, tls } = this.endpoint;
    const where = socketPath ? { socketPath } : { host, port };
    const secure = tls ? { ...(tls.ca ? { ca: tls.ca } : {}), ...(tls.cert ? { cert: tls.cert, key: tls.key } : {}), rejectUnauthorized: tls.verify } : undefined;
    return new Promise((resolve, reject) => {
      const req = (secure ? httpsRequest : httpRequest)(
        {
          ...where,
          ...secure,
          method,
          path: `/${apiVersion}${path}`,
          headers: {
            // Over tcp, Node takes the engine's name for the certificate check from Host.
            ...(socketPath ? { Host: 'docker' } : {}),
            ...options.headers,
            ...(payload ? { 'Content-Type': options.raw ? 'application/x-tar' : 'application/json', 'Content-Length': payload.length } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
          res.on('error', reject);
        },
      );
      req.setTimeout(timeoutMs, () => req.destroy(new EngineError(`${method} ${path}: no answer within ${timeoutMs / 1000} s`)));
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (error instanceof EngineError) reject(error);
        else if (['ENOENT', 'ECONNREFUSED', 'EACCES', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT'].includes(error.code ?? ''))
          reject(new RuntimeUnavailable(`no Docker engine at ${this.describe()} (${error.code}); start one, or set DOCKER_HOST or DOCKER_CONTEXT`));
        else if (tls && (tlsFailure.test(error.code ?? '') || error.code === 'ECONNRESET'))
          reject(new RuntimeUnavailable(`TLS with the Docker engine at ${this.describe()} failed (${error.code}: ${error.message}); check DOCKER_CERT_PATH or the context's TLS files`));
        else reject(error);
      });
      if (payload) req.write(payload);
      req.end();
    });
  }

  private describe(): string {
    return this.endpoint.description;
  }

  private async json<T>(method: string, path: string, options: { body?: unknown; timeoutMs?: number; ok?: number[] } = {}): Promise<T> {
    const reply = await this.call(method, path, options);
    if (!(options.ok ?? [200, 201, 204]).includes(reply.status)) throw this.error(method, path, reply);
    return (reply.body.length > 0 ? JSON.parse(reply.body.toString('utf8')) : undefined) as T;
  }

  private error(method: string, path: string, reply: Reply): EngineError {
    let message = reply.body.toString('utf8').trim();
    try {
      message = JSON.parse(message).message ?? message;
    } catch {
      // plain text
    }
    return new EngineError(`${method} ${path.split('?')[0]}: ${reply.status} ${message}`, reply.status);
  }

  async version(): Promise<string> {
    const version = await this.json<{ Version: string; ApiVersion: string; Os: string }>('GET', '/version', { timeoutMs: 5000 });
    return `Docker Engine ${version.Version} (API ${version.ApiVersion}, ${version.Os}) at ${this.describe()}`;
  }

  async image(reference: string): Promise<ImageInfo | undefined> {
    const reply = await this.call('GET', `/images/${encodeURIComponent(reference)}/json`);
    if (reply.status === 404) return undefined;
    if (reply.status !== 200) throw this.error('GET', '/images/…/json', reply);
    const inspect = JSON.parse(reply.body.toString('utf8'));
    const config = inspect.Config ?? {};
    return {
      id: inspect.Id,
      ...(config.Entrypoint ? { entrypoint: config.Entrypoint } : {}),
      ...(config.Cmd ? { cmd: config.Cmd } : {}),
      ...(config.StopSignal ? { stopSignal: config.StopSignal } : {}),
      ...(config.User ? { user: config.User } : {}),
    };
  }

  async pull(reference: string, timeoutMs: number): Promise<void> {
    const at = reference.lastIndexOf('@');
    const colon = reference.lastIndexOf(':');
    const [name, tag] = at !== -1 ? [reference.slice(0, at), reference.slice(at + 1)] : colon > reference.lastIndexOf('/') ? [reference.slice(0, colon), reference.slice(colon + 1)] : [reference, 'latest'];
    const auth = registryAuthHeader(reference, this.options.dockerConfig);
    const reply = await this.call('POST', `/images/create?fromImage=${encodeURIComponent(name)}&tag=${encodeURIComponent(tag)}`, { timeoutMs, ...(auth ? { headers: { 'X-Registry-Auth': auth } } : {}) });
    if (reply.status !== 200) throw this.error('POST', '/images/create', reply);
    // Errors after the pull started arrive inside the progress stream.
    for (const line of reply.body.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        const event = JSON.parse(line);
        if (event.error) throw new EngineError(`pull ${reference}: ${event.error}`);
      } catch (error) {
        if (error instanceof EngineError) throw error;
      }
    }
  }

  async create(spec: ContainerSpec): Promise<string> {
    const body = {
      Image: spec.image,
      ...(spec.entrypoint ? { Entrypoint: spec.entrypoint } : {}),
      ...(spec.cmd ? { Cmd: spec.cmd } : {}),
      Env: spec.env,
      ...(spec.workingDir ? { WorkingDir: spec.workingDir } : {}),
      ...(spec.user ? { User: spec.user } : {}),
      Labels: spec.labels,
      AttachStdout: false,
      AttachStderr: false,
      HostConfig: {
        // The manifest's ports on the host's loopback; no bridge network or port mapping.
        NetworkMode: 'host',
        // Kubernetes adds no init process; neither do we.
        Init: false,
        Privileged: false,
        SecurityOpt: ['no-new-privileges'],
        AutoRemove: false,
      },
    };
    const created = await this.json<{ Id: string }>('POST', `/containers/create?name=${encodeURIComponent(spec.name)}`, { body });
    return created.Id;
  }

  async start(id: string): Promise<void> {
    await this.json('POST', `/containers/${id}/start`, { ok: [204, 304] });
  }

  async processes(id: string): Promise<ProcessInfo[]> {
    const top = await this.json<{ Titles: string[]; Processes: string[][] }>('GET', `/containers/${id}/top?ps_args=${encodeURIComponent('-o pid,ppid,args')}`);
    const column = (name: string) => top.Titles.findIndex((t) => t.toUpperCase() === name);
    const [pid, ppid] = [column('PID'), column('PPID')];
    const command = top.Titles.findIndex((t) => ['COMMAND', 'CMD', 'ARGS'].includes(t.toUpperCase()));
    const list = top.Processes.map((row) => ({ pid: Number(row[pid]), ppid: Number(row[ppid]), command: row[command] ?? '' }));
    // Host PIDs: PID 1 inside the container is the one whose parent is outside it.
    const pids = new Set(list.map((p) => p.pid));
    return list.sort((a, b) => Number(pids.has(a.ppid)) - Number(pids.has(b.ppid)) || a.pid - b.pid);
  }

  async exec(id: string, argv: string[], timeoutMs: number): Promise<ExecResult> {
    const created = await this.json<{ Id: string }>('POST', `/containers/${id}/exec`, { body: { Cmd: argv, AttachStdout: true, AttachStderr: true, Tty: false } });
    try {
      const reply = await this.call('POST', `/exec/${created.Id}/start`, { body: { Detach: false, Tty: false }, timeoutMs });
      const output = demultiplex(reply.body);
      const inspect = await this.json<{ ExitCode: number | null; Running: boolean }>('GET', `/exec/${created.Id}/json`);
      return { ...(inspect.ExitCode !== null && !inspect.Running ? { exitCode: inspect.ExitCode } : {}), output, timedOut: false };
    } catch (error) {
      if (error instanceof EngineError && /no answer within/.test(error.message)) return { output: '', timedOut: true };
      throw error;
    }
  }

  async kill(id: string, signal: string): Promise<void> {
    // 409: the container is not running any more; nothing to signal.
    await this.json('POST', `/containers/${id}/kill?signal=${encodeURIComponent(signal)}`, { ok: [204, 409] });
  }

  async wait(id: string): Promise<number> {
    // next-exit: called before start, not-running would answer at once for a created container.
    const result = await this.json<{ StatusCode: number }>('POST', `/containers/${id}/wait?condition=next-exit`, { timeoutMs: 3_600_000 });
    return result.StatusCode;
  }

  async state(id: string): Promise<ContainerState> {
    const inspect = await this.json<{ State: { Running: boolean; ExitCode: number; OOMKilled: boolean; Pid: number; Error?: string; FinishedAt?: string } }>('GET', `/containers/${id}/json`);
    const { State: state } = inspect;
    const finishedAtMs = state.Running ? undefined : preciseTime(state.FinishedAt);
    return { running: state.Running, exitCode: state.ExitCode, oomKilled: state.OOMKilled, pid: state.Pid, ...(finishedAtMs ? { finishedAtMs } : {}), ...(state.Error ? { error: state.Error } : {}) };
  }

  async logs(id: string, tail: number): Promise<string> {
    const reply = await this.call('GET', `/containers/${id}/logs?stdout=1&stderr=1&tail=${tail}`);
    return reply.status === 200 ? demultiplex(reply.body) : '';
  }

  async remove(id: string): Promise<void> {
    await this.json('DELETE', `/containers/${id}?force=1&v=1`, { ok: [204, 404] });
  }

  /** Loads an image archive (docker-archive tar) into the engine; the tests' images come this way. */
  async load(archive: Buffer): Promise<string[]> {
    const reply = await this.call('POST', '/images/load?quiet=1', { raw: archive, timeoutMs: 120_000 });
    if (reply.status !== 200) throw this.error('POST', '/images/load', reply);
    return [...reply.body.toString('utf8').matchAll(/Loaded image: ([^\\"\n]+)/g)].map((m) => m[1]);
  }
}
