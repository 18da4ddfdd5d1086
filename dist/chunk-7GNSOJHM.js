import { createRequire as __tgCreateRequire } from 'node:module';
const require = __tgCreateRequire(import.meta.url);

// src/sources/registry.ts
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

// src/sources/proxy.ts
var proxyVariables = ["https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY"];
var variables = [...proxyVariables, "no_proxy", "NO_PROXY"];
var current;
async function proxyDispatcher() {
  const [{ getProxyUrl }, undici] = await Promise.all([import("./chunk-LOUGMRXD.js"), import("./chunk-66Q2PXKJ.js")]);
  const proxies = /* @__PURE__ */ new Map();
  const through = (proxyUrl) => {
    let agent2 = proxies.get(proxyUrl);
    if (!agent2) {
      const url = new URL(proxyUrl);
      const token = url.username || url.password ? `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString("base64")}` : void 0;
      url.username = "";
      url.password = "";
      agent2 = new undici.ProxyAgent({ uri: url.href, ...token ? { token } : {} });
      proxies.set(proxyUrl, agent2);
    }
    return agent2;
  };
  const agent = new undici.Agent({
    factory: (origin, options) => {
      const proxyUrl = getProxyUrl(String(origin));
      return proxyUrl ? through(proxyUrl) : new undici.Pool(origin, options);
    }
  });
  return { fetch: undici.fetch, dispatcher: agent };
}
async function proxyFor(url) {
  if (!proxyVariables.some((name) => process.env[name])) return void 0;
  const { getProxyUrl } = await import("./chunk-LOUGMRXD.js");
  const proxy = getProxyUrl(url);
  if (!proxy) return void 0;
  const shown = new URL(proxy);
  shown.username = "";
  shown.password = "";
  return shown.origin;
}
async function proxyFetch(url, init) {
  if (!proxyVariables.some((name) => process.env[name])) return fetch(url, init);
  const environment = variables.map((name) => process.env[name] ?? "").join("\n");
  if (current?.environment !== environment) current = { environment, made: proxyDispatcher() };
  const { fetch: undiciFetch, dispatcher } = await current.made;
  return await undiciFetch(url, { ...init, dispatcher });
}

// src/sources/registry.ts
function parseReference(reference) {
  let rest = reference.trim();
  let digest;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag;
  const slash = rest.lastIndexOf("/");
  const colon = rest.lastIndexOf(":");
  if (colon > slash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const first = rest.split("/")[0];
  const hasHost = rest.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost");
  let registry = hasHost ? first : "docker.io";
  let repository = hasHost ? rest.slice(first.length + 1) : rest;
  if (registry === "index.docker.io" || registry === "registry-1.docker.io") registry = "docker.io";
  if (registry === "docker.io" && !repository.includes("/")) repository = `library/${repository}`;
  return { registry, repository: repository.toLowerCase(), ...tag ? { tag } : {}, ...digest ? { digest } : !tag ? { tag: "latest" } : {} };
}
var manifestTypes = [
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.docker.distribution.manifest.v2+json"
];
var indexTypes = new Set(manifestTypes.slice(0, 2));
var RegistryProblem = class extends Error {
};
function apiHost(registry) {
  return registry === "docker.io" ? "registry-1.docker.io" : registry;
}
function isLoopback(host) {
  const name = host.replace(/:\d+$/, "").replace(/^\[|\]$/g, "");
  return name === "localhost" || /^127\./.test(name) || name === "::1";
}
function credentialsFor(registry, configPath) {
  const path = configPath ?? join(process.env.DOCKER_CONFIG ?? join(homedir(), ".docker"), "config.json");
  if (!existsSync(path)) return void 0;
  let config;
  try {
    config = JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return void 0;
  }
  const keys = registry === "docker.io" ? [dockerHubAddress, "index.docker.io", "docker.io", "registry-1.docker.io"] : [registry, `https://${registry}`, `http://${registry}`];
  for (const key of keys) {
    const entry = config.auths?.[key] ?? config.auths?.[`${key}/`];
    if (!entry) continue;
    if (entry.registrytoken) return { registryToken: entry.registrytoken };
    if (entry.identitytoken) return { identityToken: entry.identitytoken };
    if (entry.username && entry.password) return { username: entry.username, password: entry.password };
    if (entry.auth) {
      const decoded = Buffer.from(entry.auth, "base64").toString("utf8");
      const colon = decoded.indexOf(":");
      if (colon > 0) return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
    }
  }
  const helper = keys.map((k) => config.credHelpers?.[k]).find(Boolean) ?? config.credsStore;
  if (helper && /^[\w.-]+$/.test(helper)) {
    const result = spawnSync(`docker-credential-${helper}`, ["get"], { input: registry === "docker.io" ? dockerHubAddress : registry, timeout: 5e3, encoding: "utf8" });
    if (result.status === 0) {
      try {
        const answer = JSON.parse(result.stdout);
        if (answer.Username === "<token>" && answer.Secret) return { identityToken: answer.Secret };
        if (answer.Username && answer.Secret) return { username: answer.Username, password: answer.Secret };
      } catch {
      }
    }
  }
  return void 0;
}
var dockerHubAddress = "https://index.docker.io/v1/";
function registryAuthHeader(reference, configPath) {
  const { registry } = parseReference(reference);
  const credentials = credentialsFor(registry, configPath);
  if (!credentials) return void 0;
  const serveraddress = registry === "docker.io" ? dockerHubAddress : registry;
  const auth = credentials.identityToken ? { identitytoken: credentials.identityToken, serveraddress } : credentials.registryToken ? { registrytoken: credentials.registryToken, serveraddress } : { username: credentials.username, password: credentials.password, serveraddress };
  return Buffer.from(JSON.stringify(auth)).toString("base64").replace(/\+/g, "-").replace(/\//g, "_");
}
function parseChallenge(header) {
  const scheme = header.split(" ")[0];
  const params = {};
  for (const match of header.slice(scheme.length).matchAll(/(\w+)="([^"]*)"/g)) params[match[1]] = match[2];
  return { scheme: scheme.toLowerCase(), params };
}
function sha256(data) {
  return `sha256:${createHash("sha256").update(data).digest("hex")}`;
}
var RegistryClient = class {
  tokens = /* @__PURE__ */ new Map();
  memory = /* @__PURE__ */ new Map();
  /** Per registry: the docker config is read (and a credential helper run) once. */
  credentials = /* @__PURE__ */ new Map();
  options;
  constructor(options = {}) {
    this.options = {
      timeoutMs: 1e4,
      budgetMs: 3e4,
      cacheDir: join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "termination-guard", "images"),
      ...options
    };
  }
  /** Looks up several images, a few at a time. */
  async inspectAll(references, concurrency = 4) {
    const results = /* @__PURE__ */ new Map();
    const queue = [...new Set(references)];
    const worker = async () => {
      for (let next = queue.shift(); next !== void 0; next = queue.shift()) results.set(next, await this.inspect(next));
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
    return results;
  }
  async inspect(reference) {
    const known = this.memory.get(reference);
    if (known) return known;
    const deadline = Date.now() + this.options.budgetMs;
    let result;
    try {
      result = { ok: true, image: await this.lookup(parseReference(reference), deadline) };
    } catch (error) {
      const ref = parseReference(reference);
      const where = `${ref.registry}/${ref.repository}`;
      result = { ok: false, problem: error instanceof RegistryProblem ? `${reference}: ${error.message}` : `${reference}: cannot read from ${where}: ${error.message}` };
    }
    this.memory.set(reference, result);
    return result;
  }
  async lookup(ref, deadline) {
    const pinned = ref.digest;
    let manifest = pinned ? this.cached(pinned) : void 0;
    let digest = pinned;
    if (!manifest) {
      const fetched = await this.request(ref, `manifests/${pinned ?? ref.tag}`, deadline, manifestTypes.join(", "));
      digest = fetched.headers.get("docker-content-digest") ?? sha256(fetched.body);
      if (pinned && sha256(fetched.body) !== pinned) throw new RegistryProblem(`the registry's manifest does not match the pinned digest ${pinned}`);
      manifest = fetched.body;
      this.store(sha256(manifest), manifest);
    }
    let parsed = JSON.parse(manifest.toString("utf8"));
    let platform;
    if (parsed.mediaType && indexTypes.has(parsed.mediaType) || !parsed.config && Array.isArray(parsed.manifests)) {
      const want = this.options.platform ?? { os: "linux", architecture: "amd64" };
      const entry = parsed.manifests?.find((m) => m.platform?.os === want.os && m.platform?.architecture === want.architecture && (!want.variant || m.platform?.variant === want.variant));
      if (!entry) {
        const offered = (parsed.manifests ?? []).map((m) => `${m.platform?.os}/${m.platform?.architecture}`).join(", ");
        throw new RegistryProblem(`the index has no ${want.os}/${want.architecture} image (it offers ${offered || "none"})`);
      }
      platform = `${want.os}/${want.architecture}`;
      digest = entry.digest;
      let child = this.cached(entry.digest);
      if (!child) {
        child = (await this.request(ref, `manifests/${entry.digest}`, deadline, manifestTypes.join(", "))).body;
        if (sha256(child) !== entry.digest) throw new RegistryProblem(`manifest ${entry.digest} does not match its digest`);
        this.store(entry.digest, child);
      }
      parsed = JSON.parse(child.toString("utf8"));
    }
    const configDigest = parsed.config?.digest;
    if (!configDigest) throw new RegistryProblem("the manifest has no config (not an image)");
    let blob = this.cached(configDigest);
    if (!blob) {
      blob = (await this.request(ref, `blobs/${configDigest}`, deadline, "application/vnd.oci.image.config.v1+json, application/json, */*")).body;
      if (sha256(blob) !== configDigest) throw new RegistryProblem(`config blob ${configDigest} does not match its digest`);
      this.store(configDigest, blob);
    }
    const config = JSON.parse(blob.toString("utf8"));
    const c = config.config ?? {};
    return {
      digest: digest ?? configDigest,
      ...platform ? { platform } : config.os && config.architecture ? { platform: `${config.os}/${config.architecture}` } : {},
      ...c.Entrypoint ? { entrypoint: c.Entrypoint } : {},
      ...c.Cmd ? { cmd: c.Cmd } : {},
      ...c.StopSignal ? { stopSignal: c.StopSignal } : {},
      ...c.User ? { user: c.User } : {},
      labels: c.Labels ?? {},
      history: (config.history ?? []).map((h) => h.created_by ?? "").filter((h) => h !== "")
    };
  }
  credentialsOf(registry) {
    if (!this.credentials.has(registry)) this.credentials.set(registry, credentialsFor(registry, this.options.dockerConfig));
    return this.credentials.get(registry);
  }
  cachePath(digest) {
    const match = /^sha256:([a-f0-9]{64})$/.exec(digest);
    return match ? join(this.options.cacheDir, "sha256", match[1]) : void 0;
  }
  cached(digest) {
    const path = this.cachePath(digest);
    if (!path || !existsSync(path)) return void 0;
    const data = readFileSync(path);
    return sha256(data) === digest ? data : void 0;
  }
  store(digest, data) {
    const path = this.cachePath(digest);
    if (!path) return;
    try {
      mkdirSync(join(this.options.cacheDir, "sha256"), { recursive: true });
      const temporary = `${path}.${process.pid}.tmp`;
      writeFileSync(temporary, data);
      renameSync(temporary, path);
    } catch {
    }
  }
  baseUrl(ref) {
    const host = apiHost(ref.registry);
    const plain = isLoopback(host) || (this.options.insecure ?? []).includes(host);
    return `${plain ? "http" : "https"}://${host}/v2/${ref.repository}/`;
  }
  async send(url, headers, deadline, form) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw new RegistryProblem(`gave up after ${this.options.budgetMs / 1e3} s`);
    const timeout = Math.min(this.options.timeoutMs, remaining);
    try {
      return await (this.options.fetch ?? proxyFetch)(url, { headers, signal: AbortSignal.timeout(timeout), redirect: "follow", ...form ? { method: "POST", body: form } : {} });
    } catch (error) {
      const name = error.name;
      if (name === "TimeoutError" || name === "AbortError") throw new RegistryProblem(`${new URL(url).host} did not answer within ${(timeout / 1e3).toFixed(timeout % 1e3 ? 1 : 0)} s`);
      const cause = error.cause;
      const proxy = this.options.fetch ? void 0 : await proxyFor(url);
      throw new RegistryProblem(`${new URL(url).host} cannot be reached${proxy ? ` through the proxy ${proxy}` : ""} (${cause?.code ?? cause?.message ?? error.message})`);
    }
  }
  async request(ref, path, deadline, accept) {
    const url = `${this.baseUrl(ref)}${path}`;
    const scopeKey = `${ref.registry}/${ref.repository}`;
    const headers = () => {
      const token = this.tokens.get(scopeKey);
      return { Accept: accept, "User-Agent": "termination-guard", ...token ? { Authorization: token } : {} };
    };
    let response = await this.send(url, headers(), deadline);
    if (response.status === 401) {
      await response.body?.cancel();
      const challenge = response.headers.get("www-authenticate");
      if (!challenge) throw new RegistryProblem("401 without a WWW-Authenticate challenge");
      this.tokens.set(scopeKey, await this.authorize(ref, parseChallenge(challenge), deadline));
      response = await this.send(url, headers(), deadline);
    }
    if (!response.ok) {
      const text = (await response.text()).slice(0, 300);
      let code = "";
      try {
        code = JSON.parse(text).errors?.map((e) => e.code ?? e.message).join(", ") ?? "";
      } catch {
      }
      if (response.status === 401 || response.status === 403) {
        const creds = this.credentialsOf(ref.registry);
        throw new RegistryProblem(`access denied (${response.status}${code ? ` ${code}` : ""})${creds ? " with the docker config credentials" : "; add credentials to the docker config (docker login)"}`);
      }
      if (response.status === 404) throw new RegistryProblem(`not found (${code || "404"})`);
      throw new RegistryProblem(`HTTP ${response.status}${code ? ` ${code}` : ""}`);
    }
    return { body: Buffer.from(await response.arrayBuffer()), headers: response.headers };
  }
  /** Answers a 401 challenge: Basic with the docker config's credentials, or a Bearer token. */
  async authorize(ref, challenge, deadline) {
    const creds = this.credentialsOf(ref.registry);
    const basic = creds?.username ? `Basic ${Buffer.from(`${creds.username}:${creds.password ?? ""}`).toString("base64")}` : void 0;
    if (challenge.scheme === "basic") {
      if (!basic) throw new RegistryProblem("the registry wants a login; add credentials to the docker config (docker login)");
      return basic;
    }
    if (challenge.scheme !== "bearer") throw new RegistryProblem(`unsupported authentication scheme "${challenge.scheme}"`);
    if (creds?.registryToken) return `Bearer ${creds.registryToken}`;
    const realm = challenge.params.realm;
    if (!realm) throw new RegistryProblem("bearer challenge without a realm");
    const url = new URL(realm);
    const scope = challenge.params.scope ?? `repository:${ref.repository}:pull`;
    let response;
    if (creds?.identityToken) {
      const form = new URLSearchParams({ grant_type: "refresh_token", refresh_token: creds.identityToken, client_id: "termination-guard", scope });
      if (challenge.params.service) form.set("service", challenge.params.service);
      response = await this.send(url.toString(), { "User-Agent": "termination-guard", "Content-Type": "application/x-www-form-urlencoded" }, deadline, form);
    } else {
      if (challenge.params.service) url.searchParams.set("service", challenge.params.service);
      url.searchParams.set("scope", scope);
      response = await this.send(url.toString(), { "User-Agent": "termination-guard", ...basic ? { Authorization: basic } : {} }, deadline);
    }
    if (!response.ok) {
      await response.body?.cancel();
      const ours = creds?.identityToken ? " the docker config identity token" : basic ? " the docker config credentials" : "; add credentials to the docker config (docker login)";
      throw new RegistryProblem(`the token service ${url.host} refused (${response.status})${ours}`);
    }
    const answer = await response.json();
    const token = answer.token ?? answer.access_token;
    if (!token) throw new RegistryProblem(`the token service ${url.host} answered without a token`);
    return `Bearer ${token}`;
  }
};

export {
  registryAuthHeader,
  RegistryClient
};
