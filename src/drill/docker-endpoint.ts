// Where the Docker engine is, found the way the docker CLI finds it: DOCKER_HOST first (then the
// context is not consulted), else the context named by DOCKER_CONTEXT or by `currentContext` in
// the docker config, else the default socket. A context's endpoint is in
// contexts/meta/<sha256 of its name>/meta.json and its TLS material in
// contexts/tls/<sha256>/docker/{ca,cert,key}.pem, both under the docker config directory.
// A tcp:// DOCKER_HOST speaks TLS when DOCKER_TLS_VERIFY or DOCKER_CERT_PATH is set (the CLI's and
// the Go SDK's rules together): it verifies the engine's certificate only with DOCKER_TLS_VERIFY,
// and presents the client certificate from DOCKER_CERT_PATH (default: the config directory).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { RuntimeUnavailable } from './runtime.js';

export interface DockerTls {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  /** Check the engine's certificate (against `ca`). */
  verify: boolean;
}

export interface DockerEndpoint {
  /** The address and where it came from, for messages. */
  description: string;
  socketPath?: string;
  host?: string;
  port?: number;
  tls?: DockerTls;
}

type Environment = Record<string, string | undefined>;

export const defaultSocket = '/var/run/docker.sock';

function readPem(dir: string, name: string): Buffer | undefined {
  const path = join(dir, name);
  return existsSync(path) ? readFileSync(path) : undefined;
}

/** ca.pem, cert.pem and key.pem from `dir` (a client certificate needs its key). */
function tlsFrom(dir: string, verify: boolean, origin: string): DockerTls {
  const tls: DockerTls = { verify };
  const [ca, cert, key] = ['ca.pem', 'cert.pem', 'key.pem'].map((name) => readPem(dir, name));
  if (verify && !ca) throw new RuntimeUnavailable(`${origin} asks to verify the engine's certificate, but ${join(dir, 'ca.pem')} is missing`);
  if (Boolean(cert) !== Boolean(key)) throw new RuntimeUnavailable(`${origin}: ${join(dir, cert ? 'key.pem' : 'cert.pem')} is missing (a client certificate needs both cert.pem and key.pem)`);
  return { ...tls, ...(ca ? { ca } : {}), ...(cert && key ? { cert, key } : {}) };
}

/** A unix:// or tcp:// address; `tls` applies to tcp only. */
export function endpointFromHost(address: string, origin: string, tls?: () => DockerTls): DockerEndpoint {
  const described = `${address} (${origin})`;
  // A context's name is worth showing; DOCKER_HOST is what the user set, shown as set.
  const description = origin.startsWith('context') ? described : address;
  if (address.startsWith('unix://')) return { description, socketPath: address.slice('unix://'.length) };
  const tcp = /^tcp:\/\/(\[[^\]]+\]|[^:/[\]]+)(?::(\d+))?\/?$/.exec(address);
  if (tcp) {
    const secure = tls?.();
    return { description, host: tcp[1].replace(/^\[|\]$/g, ''), port: Number(tcp[2] ?? (secure ? 2376 : 2375)), ...(secure ? { tls: secure } : {}) };
  }
  const scheme = /^(\w+):\/\//.exec(address)?.[1];
  if (scheme === 'ssh') {
    throw new RuntimeUnavailable(
      `${described}: ssh:// is not supported; forward the engine's socket (ssh -nNT -L /tmp/docker.sock:/var/run/docker.sock <host>) and use DOCKER_HOST=unix:///tmp/docker.sock`,
    );
  }
  throw new RuntimeUnavailable(`${described} is not a unix:// or tcp://host[:port] address`);
}

function contextId(name: string): string {
  return createHash('sha256').update(name).digest('hex');
}

/** The engine to talk to, from the environment and the docker config directory. */
export function resolveDockerEndpoint(env: Environment = process.env, home: string = homedir()): DockerEndpoint {
  const configDir = env.DOCKER_CONFIG || join(home, '.docker');
  if (env.DOCKER_HOST) {
    const wantsTls = Boolean(env.DOCKER_TLS_VERIFY) || Boolean(env.DOCKER_CERT_PATH);
    const origin = 'DOCKER_HOST';
    return endpointFromHost(env.DOCKER_HOST, origin, wantsTls ? () => tlsFrom(env.DOCKER_CERT_PATH || configDir, Boolean(env.DOCKER_TLS_VERIFY), 'DOCKER_TLS_VERIFY/DOCKER_CERT_PATH') : undefined);
  }
  let name = env.DOCKER_CONTEXT;
  let origin = 'DOCKER_CONTEXT';
  if (!name) {
    const configFile = join(configDir, 'config.json');
    try {
      name = existsSync(configFile) ? (JSON.parse(readFileSync(configFile, 'utf8')) as { currentContext?: string }).currentContext : undefined;
    } catch {
      name = undefined; // an unreadable config names no context, as for the docker CLI's default
    }
    origin = `currentContext in ${configFile}`;
  }
  if (!name || name === 'default') return { description: `unix://${defaultSocket}`, socketPath: defaultSocket };
  const id = contextId(name);
  const metaFile = join(configDir, 'contexts', 'meta', id, 'meta.json');
  if (!existsSync(metaFile)) throw new RuntimeUnavailable(`Docker context "${name}" (${origin}) does not exist: no ${metaFile}; see docker context ls`);
  let meta: { Endpoints?: { docker?: { Host?: string; SkipTLSVerify?: boolean } } };
  try {
    meta = JSON.parse(readFileSync(metaFile, 'utf8'));
  } catch (error) {
    throw new RuntimeUnavailable(`Docker context "${name}": ${metaFile} is not JSON (${(error as Error).message})`);
  }
  const endpoint = meta.Endpoints?.docker;
  if (!endpoint?.Host) throw new RuntimeUnavailable(`Docker context "${name}" has no docker endpoint (Endpoints.docker.Host in ${metaFile})`);
  const tlsDir = join(configDir, 'contexts', 'tls', id, 'docker');
  const hasTls = existsSync(tlsDir) || Boolean(endpoint.SkipTLSVerify);
  return endpointFromHost(endpoint.Host, `context "${name}"`, hasTls ? () => tlsFrom(tlsDir, !endpoint.SkipTLSVerify, `context "${name}"`) : undefined);
}
