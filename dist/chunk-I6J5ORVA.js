import { createRequire as __tgCreateRequire } from 'node:module';
const require = __tgCreateRequire(import.meta.url);
import {
  RuntimeUnavailable
} from "./chunk-THEDVBIK.js";
import {
  registryAuthHeader
} from "./chunk-7GNSOJHM.js";
import "./chunk-6CTQYBGU.js";

// src/drill/docker.ts
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";

// src/drill/docker-endpoint.ts
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
var defaultSocket = "/var/run/docker.sock";
function readPem(dir, name) {
  const path = join(dir, name);
  return existsSync(path) ? readFileSync(path) : void 0;
}
function tlsFrom(dir, verify, origin) {
  const tls = { verify };
  const [ca, cert, key] = ["ca.pem", "cert.pem", "key.pem"].map((name) => readPem(dir, name));
  if (verify && !ca) throw new RuntimeUnavailable(`${origin} asks to verify the engine's certificate, but ${join(dir, "ca.pem")} is missing`);
  if (Boolean(cert) !== Boolean(key)) throw new RuntimeUnavailable(`${origin}: ${join(dir, cert ? "key.pem" : "cert.pem")} is missing (a client certificate needs both cert.pem and key.pem)`);
  return { ...tls, ...ca ? { ca } : {}, ...cert && key ? { cert, key } : {} };
}
function endpointFromHost(address, origin, tls) {
  const described = `${address} (${origin})`;
  const description = origin.startsWith("context") ? described : address;
  if (address.startsWith("unix://")) return { description, socketPath: address.slice("unix://".length) };
  const tcp = /^tcp:\/\/(\[[^\]]+\]|[^:/[\]]+)(?::(\d+))?\/?$/.exec(address);
  if (tcp) {
    const secure = tls?.();
    return { description, host: tcp[1].replace(/^\[|\]$/g, ""), port: Number(tcp[2] ?? (secure ? 2376 : 2375)), ...secure ? { tls: secure } : {} };
  }
  const scheme = /^(\w+):\/\//.exec(address)?.[1];
  if (scheme === "ssh") {
    throw new RuntimeUnavailable(
      `${described}: ssh:// is not supported; forward the engine's socket (ssh -nNT -L /tmp/docker.sock:/var/run/docker.sock <host>) and use DOCKER_HOST=unix:///tmp/docker.sock`
    );
  }
  throw new RuntimeUnavailable(`${described} is not a unix:// or tcp://host[:port] address`);
}
function contextId(name) {
  return createHash("sha256").update(name).digest("hex");
}
function resolveDockerEndpoint(env = process.env, home = homedir()) {
  const configDir = env.DOCKER_CONFIG || join(home, ".docker");
  if (env.DOCKER_HOST) {
    const wantsTls = Boolean(env.DOCKER_TLS_VERIFY) || Boolean(env.DOCKER_CERT_PATH);
    const origin2 = "DOCKER_HOST";
    return endpointFromHost(env.DOCKER_HOST, origin2, wantsTls ? () => tlsFrom(env.DOCKER_CERT_PATH || configDir, Boolean(env.DOCKER_TLS_VERIFY), "DOCKER_TLS_VERIFY/DOCKER_CERT_PATH") : void 0);
  }
  let name = env.DOCKER_CONTEXT;
  let origin = "DOCKER_CONTEXT";
  if (!name) {
    const configFile = join(configDir, "config.json");
    try {
      name = existsSync(configFile) ? JSON.parse(readFileSync(configFile, "utf8")).currentContext : void 0;
    } catch {
      name = void 0;
    }
    origin = `currentContext in ${configFile}`;
  }
  if (!name || name === "default") return { description: `unix://${defaultSocket}`, socketPath: defaultSocket };
  const id = contextId(name);
  const metaFile = join(configDir, "contexts", "meta", id, "meta.json");
  if (!existsSync(metaFile)) throw new RuntimeUnavailable(`Docker context "${name}" (${origin}) does not exist: no ${metaFile}; see docker context ls`);
  let meta;
  try {
    meta = JSON.parse(readFileSync(metaFile, "utf8"));
  } catch (error) {
    throw new RuntimeUnavailable(`Docker context "${name}": ${metaFile} is not JSON (${error.message})`);
  }
  const endpoint = meta.Endpoints?.docker;
  if (!endpoint?.Host) throw new RuntimeUnavailable(`Docker context "${name}" has no docker endpoint (Endpoints.docker.Host in ${metaFile})`);
  const tlsDir = join(configDir, "contexts", "tls", id, "docker");
  const hasTls = existsSync(tlsDir) || Boolean(endpoint.SkipTLSVerify);
  return endpointFromHost(endpoint.Host, `context "${name}"`, hasTls ? () => tlsFrom(tlsDir, !endpoint.SkipTLSVerify, `context "${name}"`) : void 0);
}

// src/drill/docker.ts
var apiVersion = "v1.41";
var tlsFailure = /^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_)/;
var EngineError = class extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
  status;
};
function demultiplex(data) {
  const parts = [];
  let offset = 0;
  while (offset + 8 <= data.length && data[offset] <= 2 && data[offset + 1] === 0) {
    const size = data.readUInt32BE(offset + 4);
    parts.push(data.subarray(offset + 8, offset + 8 + size));
    offset += 8 + size;
  }
  if (offset < data.length && parts.length === 0) return data.toString("utf8");
  return Buffer.concat(parts).toString("utf8");
}
function preciseTime(text) {
  const match = text ? /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(text) : null;
  if (!match) return void 0;
  const whole = Date.parse(`${match[1]}${match[3]}`);
  if (Number.isNaN(whole) || whole <= 0) return void 0;
  return whole + Number(`0.${match[2] ?? "0"}`) * 1e3;
}
var DockerRuntime = class {
  /** `endpoint`: a unix:// or tcp:// address, or a resolved endpoint (default: from the environment). */
  constructor(endpoint, options = {}) {
    this.options = options;
    this.endpoint = typeof endpoint === "string" ? endpointFromHost(endpoint, "given") : endpoint ?? resolveDockerEndpoint();
  }
  options;
  name = "docker";
  endpoint;
  call(method, path, options = {}) {
    const timeoutMs = options.timeoutMs ?? 15e3;
    const payload = options.raw ?? (options.body !== void 0 ? Buffer.from(JSON.stringify(options.body)) : void 0);
    const { socketPath, host, port, tls } = this.endpoint;
    const where = socketPath ? { socketPath } : { host, port };
    const secure = tls ? { ...tls.ca ? { ca: tls.ca } : {}, ...tls.cert ? { cert: tls.cert, key: tls.key } : {}, rejectUnauthorized: tls.verify } : void 0;
    return new Promise((resolve, reject) => {
      const req = (secure ? httpsRequest : httpRequest)(
        {
          ...where,
          ...secure,
          method,
          path: `/${apiVersion}${path}`,
          headers: {
            // Over tcp, Node takes the engine's name for the certificate check from Host.
            ...socketPath ? { Host: "docker" } : {},
            ...options.headers,
            ...payload ? { "Content-Type": options.raw ? "application/x-tar" : "application/json", "Content-Length": payload.length } : {}
          }
        },
        (res) => {
          const chunks = [];
          res.on("data", (chunk) => chunks.push(chunk));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
          res.on("error", reject);
        }
      );
      req.setTimeout(timeoutMs, () => req.destroy(new EngineError(`${method} ${path}: no answer within ${timeoutMs / 1e3} s`)));
      req.on("error", (error) => {
        if (error instanceof EngineError) reject(error);
        else if (["ENOENT", "ECONNREFUSED", "EACCES", "ENOTFOUND", "EHOSTUNREACH", "ETIMEDOUT"].includes(error.code ?? ""))
          reject(new RuntimeUnavailable(`no Docker engine at ${this.describe()} (${error.code}); start one, or set DOCKER_HOST or DOCKER_CONTEXT`));
        else if (tls && (tlsFailure.test(error.code ?? "") || error.code === "ECONNRESET"))
          reject(new RuntimeUnavailable(`TLS with the Docker engine at ${this.describe()} failed (${error.code}: ${error.message}); check DOCKER_CERT_PATH or the context's TLS files`));
        else reject(error);
      });
      if (payload) req.write(payload);
      req.end();
    });
  }
  describe() {
    return this.endpoint.description;
  }
  async json(method, path, options = {}) {
    const reply = await this.call(method, path, options);
    if (!(options.ok ?? [200, 201, 204]).includes(reply.status)) throw this.error(method, path, reply);
    return reply.body.length > 0 ? JSON.parse(reply.body.toString("utf8")) : void 0;
  }
  error(method, path, reply) {
    let message = reply.body.toString("utf8").trim();
    try {
      message = JSON.parse(message).message ?? message;
    } catch {
    }
    return new EngineError(`${method} ${path.split("?")[0]}: ${reply.status} ${message}`, reply.status);
  }
  async version() {
    const version = await this.json("GET", "/version", { timeoutMs: 5e3 });
    return `Docker Engine ${version.Version} (API ${version.ApiVersion}, ${version.Os}) at ${this.describe()}`;
  }
  async image(reference) {
    const reply = await this.call("GET", `/images/${encodeURIComponent(reference)}/json`);
    if (reply.status === 404) return void 0;
    if (reply.status !== 200) throw this.error("GET", "/images/\u2026/json", reply);
    const inspect = JSON.parse(reply.body.toString("utf8"));
    const config = inspect.Config ?? {};
    return {
      id: inspect.Id,
      ...config.Entrypoint ? { entrypoint: config.Entrypoint } : {},
      ...config.Cmd ? { cmd: config.Cmd } : {},
      ...config.StopSignal ? { stopSignal: config.StopSignal } : {},
      ...config.User ? { user: config.User } : {}
    };
  }
  async pull(reference, timeoutMs) {
    const at = reference.lastIndexOf("@");
    const colon = reference.lastIndexOf(":");
    const [name, tag] = at !== -1 ? [reference.slice(0, at), reference.slice(at + 1)] : colon > reference.lastIndexOf("/") ? [reference.slice(0, colon), reference.slice(colon + 1)] : [reference, "latest"];
    const auth = registryAuthHeader(reference, this.options.dockerConfig);
    const reply = await this.call("POST", `/images/create?fromImage=${encodeURIComponent(name)}&tag=${encodeURIComponent(tag)}`, { timeoutMs, ...auth ? { headers: { "X-Registry-Auth": auth } } : {} });
    if (reply.status !== 200) throw this.error("POST", "/images/create", reply);
    for (const line of reply.body.toString("utf8").split("\n")) {
      if (!line.trim()) continue;
      try {
        const event = JSON.parse(line);
        if (event.error) throw new EngineError(`pull ${reference}: ${event.error}`);
      } catch (error) {
        if (error instanceof EngineError) throw error;
      }
    }
  }
  async create(spec) {
    const body = {
      Image: spec.image,
      ...spec.entrypoint ? { Entrypoint: spec.entrypoint } : {},
      ...spec.cmd ? { Cmd: spec.cmd } : {},
      Env: spec.env,
      ...spec.workingDir ? { WorkingDir: spec.workingDir } : {},
      ...spec.user ? { User: spec.user } : {},
      Labels: spec.labels,
      AttachStdout: false,
      AttachStderr: false,
      HostConfig: {
        // The manifest's ports on the host's loopback; no bridge network or port mapping.
        NetworkMode: "host",
        // Kubernetes adds no init process; neither do we.
        Init: false,
        Privileged: false,
        SecurityOpt: ["no-new-privileges"],
        AutoRemove: false
      }
    };
    const created = await this.json("POST", `/containers/create?name=${encodeURIComponent(spec.name)}`, { body });
    return created.Id;
  }
  async start(id) {
    await this.json("POST", `/containers/${id}/start`, { ok: [204, 304] });
  }
  async processes(id) {
    const top = await this.json("GET", `/containers/${id}/top?ps_args=${encodeURIComponent("-o pid,ppid,args")}`);
    const column = (name) => top.Titles.findIndex((t) => t.toUpperCase() === name);
    const [pid, ppid] = [column("PID"), column("PPID")];
    const command = top.Titles.findIndex((t) => ["COMMAND", "CMD", "ARGS"].includes(t.toUpperCase()));
    const list = top.Processes.map((row) => ({ pid: Number(row[pid]), ppid: Number(row[ppid]), command: row[command] ?? "" }));
    const pids = new Set(list.map((p) => p.pid));
    return list.sort((a, b) => Number(pids.has(a.ppid)) - Number(pids.has(b.ppid)) || a.pid - b.pid);
  }
  async exec(id, argv, timeoutMs) {
    const created = await this.json("POST", `/containers/${id}/exec`, { body: { Cmd: argv, AttachStdout: true, AttachStderr: true, Tty: false } });
    try {
      const reply = await this.call("POST", `/exec/${created.Id}/start`, { body: { Detach: false, Tty: false }, timeoutMs });
      const output = demultiplex(reply.body);
      const inspect = await this.json("GET", `/exec/${created.Id}/json`);
      return { ...inspect.ExitCode !== null && !inspect.Running ? { exitCode: inspect.ExitCode } : {}, output, timedOut: false };
    } catch (error) {
      if (error instanceof EngineError && /no answer within/.test(error.message)) return { output: "", timedOut: true };
      throw error;
    }
  }
  async kill(id, signal) {
    await this.json("POST", `/containers/${id}/kill?signal=${encodeURIComponent(signal)}`, { ok: [204, 409] });
  }
  async wait(id) {
    const result = await this.json("POST", `/containers/${id}/wait?condition=next-exit`, { timeoutMs: 36e5 });
    return result.StatusCode;
  }
  async state(id) {
    const inspect = await this.json("GET", `/containers/${id}/json`);
    const { State: state } = inspect;
    const finishedAtMs = state.Running ? void 0 : preciseTime(state.FinishedAt);
    return { running: state.Running, exitCode: state.ExitCode, oomKilled: state.OOMKilled, pid: state.Pid, ...finishedAtMs ? { finishedAtMs } : {}, ...state.Error ? { error: state.Error } : {} };
  }
  async logs(id, tail) {
    const reply = await this.call("GET", `/containers/${id}/logs?stdout=1&stderr=1&tail=${tail}`);
    return reply.status === 200 ? demultiplex(reply.body) : "";
  }
  async remove(id) {
    await this.json("DELETE", `/containers/${id}?force=1&v=1`, { ok: [204, 404] });
  }
  /** Loads an image archive (docker-archive tar) into the engine; the tests' images come this way. */
  async load(archive) {
    const reply = await this.call("POST", "/images/load?quiet=1", { raw: archive, timeoutMs: 12e4 });
    if (reply.status !== 200) throw this.error("POST", "/images/load", reply);
    return [...reply.body.toString("utf8").matchAll(/Loaded image: ([^\\"\n]+)/g)].map((m) => m[1]);
  }
};
export {
  DockerRuntime,
  EngineError,
  demultiplex,
  preciseTime
};
