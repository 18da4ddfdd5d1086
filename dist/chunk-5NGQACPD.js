import { createRequire as __tgCreateRequire } from 'node:module';
const require = __tgCreateRequire(import.meta.url);
import {
  lineOf,
  resolveOffsets
} from "./chunk-EDZ47NS3.js";
import {
  graceOf,
  portTrafficOfName,
  portTrafficOfNames,
  servingOf,
  workloadTrafficOf
} from "./chunk-OH4YQWZE.js";
import {
  asArray,
  asInteger,
  asRecord,
  asString,
  asStringMap,
  namespaceOf
} from "./chunk-FZMQJXAM.js";

// src/manifests/origin.ts
var keyPattern = /^(-\s+)?("[^"]*"|'[^']*'|[^\s:#{}[\],&*!|>'"%@`][^:#]*?)\s*:(\s|$)/;
function tokenize(text) {
  return text.split("\n").map((line) => {
    const trimmed = line.trim();
    const match = keyPattern.exec(trimmed);
    return { text: trimmed, key: match ? `${match[1] ? "- " : ""}${match[2]}` : trimmed.startsWith("- ") ? "- " : "", indent: line.length - line.trimStart().length };
  });
}
var actionOnly = /^(\{\{-?.*?-?\}\}\s*)+$/;
function alignLines(rendered, source) {
  const a = tokenize(rendered);
  const b = tokenize(source);
  const score = (x, y) => {
    if (x.text === "" || y.text === "" || x.text.startsWith("#") || actionOnly.test(y.text)) return 0;
    if (x.text === y.text) return 3;
    return x.key !== "" && x.key === y.key ? 1 : 0;
  };
  const n = a.length;
  const m = b.length;
  const table = new Uint32Array((n + 1) * (m + 1));
  const at = (i2, j2) => i2 * (m + 1) + j2;
  for (let i2 = n - 1; i2 >= 0; i2--) {
    for (let j2 = m - 1; j2 >= 0; j2--) {
      const s = score(a[i2], b[j2]);
      table[at(i2, j2)] = Math.max(s > 0 ? s + table[at(i2 + 1, j2 + 1)] : 0, table[at(i2 + 1, j2)], table[at(i2, j2 + 1)]);
    }
  }
  const mapped = new Array(n).fill(void 0);
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    const s = score(a[i], b[j]);
    if (s > 0 && table[at(i, j)] === s + table[at(i + 1, j + 1)]) {
      mapped[i] = { file: "", line: j + 1, exact: s === 3 && a[i].indent === b[j].indent, sameText: s === 3 };
      i++;
      j++;
    } else if (table[at(i + 1, j)] >= table[at(i, j + 1)]) {
      i++;
    } else {
      j++;
    }
  }
  return mapped;
}
function buildOrigin(render, rendered, candidates, fallbackFile) {
  let best;
  return { render, file: candidates[0]?.file ?? fallbackFile, map: (line) => (best ??= alignAll(rendered, candidates))[line - 1] };
}
function alignAll(rendered, candidates) {
  const alignments = candidates.map((candidate) => alignLines(rendered, candidate.content).map((m) => m ? { ...m, file: candidate.file } : void 0));
  const indexes = candidates.map((c) => ({ file: c.file, byPath: pathIndex(c.content), lines: c.content.split("\n") }));
  const renderedLines = rendered.split("\n");
  const renderedPaths = keyPaths(renderedLines);
  const best = [];
  for (let line = 0; line < renderedLines.length; line++) {
    const options = alignments.map((alignment) => alignment[line]);
    const exact = options[0]?.exact ? options[0] : options.find((m) => m?.exact);
    let mapped = exact ?? options.find((m) => m?.sameText) ?? options[0];
    const { path, item } = renderedPaths[line] ?? { path: "" };
    if (!mapped && (path || item)) {
      const here = renderedLines[line];
      for (const index of indexes) {
        const target = (path ? index.byPath.get(path)?.[0] : void 0) ?? (item && index === indexes[0] ? index.byPath.get(item)?.[0] : void 0);
        if (target === void 0) continue;
        const source = index.lines[target];
        mapped = { file: index.file, line: target + 1, exact: source === here, sameText: source.trim() === here.trim() };
        break;
      }
    }
    best.push(mapped);
  }
  return best;
}
function keyPaths(lines) {
  const stack = [];
  return lines.map((line) => {
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("#")) return { path: "" };
    let indent = line.length - line.trimStart().length;
    const match = keyPattern.exec(trimmed);
    const dash = trimmed.startsWith("- ");
    const closes = (top) => top.indent > indent || top.indent === indent && (!dash || top.key === "-");
    while (stack.length > 0 && closes(stack[stack.length - 1])) stack.pop();
    let item;
    if (dash) {
      stack.push({ indent, key: "-" });
      item = stack.map((s) => s.key).join("/");
      indent += 2;
    }
    if (!match) return { path: "", ...item ? { item } : {} };
    const key = match[2];
    const path = [...stack.map((s) => s.key), key].join("/");
    stack.push({ indent, key });
    return { path, ...item ? { item } : {} };
  });
}
function pathIndex(content) {
  const index = /* @__PURE__ */ new Map();
  keyPaths(content.split("\n")).forEach(({ path, item }, i) => {
    for (const key of [path, item]) if (key && !(key === item && index.has(key))) index.set(key, [...index.get(key) ?? [], i]);
  });
  return index;
}
function mapRange(origin, from, to) {
  const first = origin.map(from);
  let anchored = first?.exact === true;
  for (let line = from + 1; anchored && line <= to; line++) {
    const mapped = origin.map(line);
    anchored = mapped !== void 0 && mapped.exact && mapped.file === first?.file && mapped.line === (first?.line ?? 0) + (line - from);
  }
  if (first) return { file: first.file, line: first.line, endLine: anchored ? first.line + (to - from) : first.line, anchored };
  for (let line = from - 1; line >= 1; line--) {
    const mapped = origin.map(line);
    if (mapped) return { file: mapped.file, line: mapped.line, endLine: mapped.line, anchored: false };
  }
  return { file: origin.file, line: 1, endLine: 1, anchored: false };
}

// src/manifests/locate.ts
function locate(source, path) {
  const { start, end, exact, depth } = resolveOffsets(source.positions(), [...source.basePath, ...path]);
  const line = lineOf(source.lineStarts, source.offset + start);
  const endLine = lineOf(source.lineStarts, source.offset + end);
  const where = source.origin ? mapRange(source.origin, line, endLine) : { file: source.file, line, endLine };
  return {
    ...where,
    exact,
    // How many segments of `path` exist (the rest is what a fix must add).
    resolvedDepth: Math.max(0, depth - source.basePath.length)
  };
}

// src/measure/plan.ts
var inFlightAnnotation = "termination-guard.io/drill-in-flight-path";
function expandVariables(text, vars) {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== "$" || i + 1 >= text.length) {
      out += text[i];
      continue;
    }
    const next = text[i + 1];
    if (next === "$") {
      out += "$";
      i++;
    } else if (next === "(") {
      const close = text.indexOf(")", i + 2);
      if (close === -1) {
        out += text.slice(i);
        break;
      }
      const name = text.slice(i + 2, close);
      out += vars.has(name) ? vars.get(name) : text.slice(i, close + 1);
      i = close;
    } else {
      out += "$";
    }
  }
  return out;
}
function namedPort(container, port) {
  if (typeof port === "number") return port;
  const text = asString(port);
  if (text === void 0) return void 0;
  if (/^\d+$/.test(text)) return Number(text);
  for (const item of asArray(container.spec.ports)) {
    const record = asRecord(item);
    if (record && record.name === text) return asInteger(record.containerPort);
  }
  return void 0;
}
function httpTarget(container, spec) {
  const port = namedPort(container, spec.port);
  if (port === void 0) return void 0;
  const headers = {};
  for (const header of asArray(spec.httpHeaders)) {
    const record = asRecord(header);
    if (record && typeof record.name === "string") headers[record.name] = String(record.value ?? "");
  }
  return { kind: "http", port, path: asString(spec.path) ?? "/", scheme: asString(spec.scheme) === "HTTPS" ? "HTTPS" : "HTTP", headers };
}
function probeOf(container) {
  const probe = asRecord(container.spec.readinessProbe);
  if (!probe) return void 0;
  const http = asRecord(probe.httpGet);
  if (http) return httpTarget(container, http);
  const tcp = asRecord(probe.tcpSocket) ?? asRecord(probe.grpc);
  if (tcp) {
    const port = namedPort(container, tcp.port);
    return port === void 0 ? void 0 : { kind: "tcp", port };
  }
  const exec = asRecord(probe.exec);
  if (exec) return { kind: "exec", command: asArray(exec.command).map(String) };
  return void 0;
}
function fieldValue(path, workload) {
  const ref = workload.object.ref;
  switch (path) {
    case "metadata.name":
      return `${ref.name}-drill`;
    case "metadata.namespace":
      return namespaceOf(ref);
    case "metadata.uid":
      return "00000000-0000-4000-8000-000000000000";
    case "spec.nodeName":
    case "status.hostIP":
    case "status.podIP":
      return path === "spec.nodeName" ? "drill-node" : "127.0.0.1";
    case "status.podIPs":
    case "status.hostIPs":
      return "127.0.0.1";
    case "spec.serviceAccountName":
      return asString(workload.podSpec.serviceAccountName) ?? "default";
    default: {
      const label = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
      if (label) return (label[1] === "labels" ? workload.podLabels : workload.podAnnotations)[label[2]];
      return void 0;
    }
  }
}
function environmentOf(workload, container, index, notes) {
  const namespace = namespaceOf(workload.object.ref);
  const vars = /* @__PURE__ */ new Map();
  const unresolved = [];
  for (const source of asArray(container.spec.envFrom)) {
    const record = asRecord(source);
    const prefix = asString(record?.prefix) ?? "";
    const configMap = asString(asRecord(record?.configMapRef)?.name);
    const secret = asString(asRecord(record?.secretRef)?.name);
    if (configMap) {
      const data = index.configMapData(namespace, configMap);
      if (data) for (const [key, value] of Object.entries(data)) vars.set(prefix + key, value);
      else unresolved.push(`envFrom ConfigMap ${configMap} (not in the manifests)`);
    } else if (secret) unresolved.push(`envFrom Secret ${secret}`);
  }
  for (const item of asArray(container.spec.env)) {
    const record = asRecord(item);
    const name = asString(record?.name);
    if (!record || !name) continue;
    if (record.value !== void 0 || record.valueFrom === void 0) {
      vars.set(name, expandVariables(String(record.value ?? ""), vars));
      continue;
    }
    const from = asRecord(record.valueFrom) ?? {};
    const configMapKey = asRecord(from.configMapKeyRef);
    const field = asString(asRecord(from.fieldRef)?.fieldPath);
    const value = configMapKey ? index.configMapData(namespace, asString(configMapKey.name) ?? "")?.[asString(configMapKey.key) ?? ""] : field ? fieldValue(field, workload) : void 0;
    if (value !== void 0) vars.set(name, value);
    else unresolved.push(name);
  }
  if (unresolved.length > 0) notes.push(`not set in the drill (secrets or values outside the manifests): ${unresolved.join(", ")}`);
  return vars;
}
function preStopPlan(container, notes) {
  const hook = asRecord(asRecord(container.spec.lifecycle)?.preStop);
  if (!hook) return void 0;
  const sleep = asRecord(hook.sleep);
  if (sleep) return { kind: "sleep", seconds: asInteger(sleep.seconds) ?? 0 };
  const exec = asRecord(hook.exec);
  if (exec) return { kind: "exec", command: asArray(exec.command).map(String) };
  const http = asRecord(hook.httpGet);
  if (http) {
    if (asString(http.host)) notes.push(`the preStop httpGet host ${String(http.host)} is replaced by the container's own address`);
    return httpTarget(container, http);
  }
  notes.push("the preStop hook has no handler the kubelet runs (tcpSocket is not supported for hooks)");
  return void 0;
}
function drillPlans(workload, index, options = {}) {
  if (workload.isHook || workload.runsToCompletion) return [];
  const grace = graceOf(workload).seconds;
  const gracePath = [...workload.podSpecPath, "terminationGracePeriodSeconds"];
  const graceField = { path: gracePath, location: locate(workload.object.source, gracePath) };
  const podSecurity = asRecord(workload.podSpec.securityContext) ?? {};
  return workload.containers.filter((c) => c.role === "main" && c.image !== "").map((container) => {
    const notes = [];
    const vars = environmentOf(workload, container, index, notes);
    const expand = (list) => asArray(list).map((word) => expandVariables(String(word), vars));
    const security = { ...podSecurity, ...asRecord(container.spec.securityContext) ?? {} };
    const uid = asInteger(security.runAsUser);
    const gid = asInteger(security.runAsGroup);
    const volumes = asArray(container.spec.volumeMounts).length;
    if (volumes > 0) notes.push(`${volumes} volume mount(s) are not reproduced`);
    const stopSignal = asString(asRecord(container.spec.lifecycle)?.stopSignal);
    const inFlightPath = workload.podAnnotations[inFlightAnnotation] ?? asStringMap(asRecord(workload.object.raw.metadata)?.annotations)[inFlightAnnotation] ?? options.inFlightPath;
    const readiness = probeOf(container);
    const preStop = preStopPlan(container, notes);
    const workingDir = asString(container.spec.workingDir);
    return {
      object: workload.object.ref,
      ...workload.object.source.origin ? { render: workload.object.source.origin.render } : {},
      file: workload.object.source.file,
      container: container.name,
      image: container.image,
      ...container.spec.command !== void 0 ? { command: expand(container.spec.command) } : {},
      ...container.spec.args !== void 0 ? { args: expand(container.spec.args) } : {},
      env: [...vars].map(([name, value]) => ({ name, value })),
      ...workingDir ? { workingDir } : {},
      ...uid !== void 0 ? { user: gid !== void 0 ? `${uid}:${gid}` : String(uid) } : {},
      ports: asArray(container.spec.ports).flatMap((p) => {
        const record = asRecord(p);
        const port = asInteger(record?.containerPort);
        return port !== void 0 && (asString(record?.protocol) ?? "TCP") === "TCP" ? [port] : [];
      }),
      ...readiness ? { readiness } : {},
      ...preStop ? { preStop } : {},
      gracePeriodSeconds: grace,
      graceField,
      ...stopSignal ? { stopSignal } : {},
      ...inFlightPath ? { inFlightPath } : {},
      notes
    };
  });
}

// src/measure/smoke-plan.ts
var smokeKinds = ["Deployment", "DaemonSet", "StatefulSet"];
var expectBodyAnnotation = "termination-guard.io/smoke-expect-body";
var isHttpName = (name) => name !== void 0 && /^(https?|web|http-.*|.*-http)$/i.test(name);
function containerPorts(workload) {
  return workload.containers.filter((c) => c.role !== "init").map((c) => ({
    container: c.name,
    ports: asArray(c.spec.ports).flatMap((p) => {
      const record = asRecord(p);
      const containerPort = asInteger(record?.containerPort);
      if (!record || containerPort === void 0 || (asString(record.protocol) ?? "TCP") !== "TCP") return [];
      const name = asString(record.name);
      const hostPort = asInteger(record.hostPort);
      return [{ ...name !== void 0 ? { name } : {}, containerPort, ...hostPort !== void 0 ? { hostPort } : {} }];
    }),
    ...asRecord(asRecord(c.spec.readinessProbe)?.httpGet) ? { readiness: asRecord(asRecord(c.spec.readinessProbe)?.httpGet) } : {}
  }));
}
function protocolFor(containers, containerPort, portName, appProtocol) {
  for (const { ports, readiness } of containers) {
    const port = ports.find((p) => p.containerPort === containerPort);
    if (!port || !readiness) continue;
    const probePort = readiness.port;
    if (probePort === containerPort || typeof probePort === "string" && probePort === port.name) {
      const headers = {};
      for (const header of asArray(readiness.httpHeaders)) {
        const record = asRecord(header);
        const name = asString(record?.name);
        if (name) headers[name] = asString(record?.value) ?? "";
      }
      return { protocol: asString(readiness.scheme) === "HTTPS" ? "https" : "http", path: asString(readiness.path) ?? "/", headers };
    }
  }
  const containerName = containers.flatMap((c) => c.ports).find((p) => p.containerPort === containerPort)?.name;
  if (appProtocol && /^https?$/i.test(appProtocol)) return { protocol: appProtocol.toLowerCase(), path: "/", headers: {} };
  if (isHttpName(portName) || isHttpName(containerName) || containerPort === 80 || containerPort === 8080) return { protocol: "http", path: "/", headers: {} };
  return { protocol: "tcp", path: "", headers: {} };
}
function serviceEndpoint(workload, index) {
  const containers = containerPorts(workload);
  const clientServices = new Set(workload.containers.filter((c) => c.role !== "init").flatMap((c) => servingOf(c, workload, index).viaService));
  const services = index.servicesFor(workload).filter((s) => !s.headless && clientServices.has(s));
  for (const service of services) {
    for (const item of asArray(asRecord(service.object.raw.spec)?.ports)) {
      const port = asRecord(item);
      const number = asInteger(port?.port);
      if (!port || number === void 0 || (asString(port.protocol) ?? "TCP") !== "TCP") continue;
      const target = port.targetPort ?? number;
      const declared = containers.flatMap((c) => c.ports).find((p) => typeof target === "number" ? p.containerPort === target : p.name === target);
      const containerPort = typeof target === "number" ? target : declared?.containerPort;
      if (containerPort === void 0) continue;
      if (portTrafficOfNames([asString(port.name), typeof target === "string" ? target : void 0, declared?.name]) !== "client") continue;
      return { via: "service", name: service.object.ref.name, port: number, ...protocolFor(containers, containerPort, asString(port.name), asString(port.appProtocol)) };
    }
  }
  if (workload.kind === "DaemonSet") {
    for (const { container, ports } of containers) {
      const port = ports.find((p) => p.hostPort !== void 0 && portTrafficOfName(p.name) === "client");
      if (port) return { via: "host-port", name: container, port: port.hostPort, ...protocolFor(containers, port.containerPort, port.name, void 0) };
    }
  }
  const scrapeOrHealth = workloadTrafficOf(workload, index);
  if (scrapeOrHealth.traffic === "scrape" || scrapeOrHealth.traffic === "health") return `no client reaches it: it ${scrapeOrHealth.summary}`;
  if (index.servicesFor(workload).some((s) => s.headless)) return "only a headless Service selects it (clients resolve pod IPs themselves; there is no ClusterIP to probe)";
  return workload.kind === "DaemonSet" ? "no Service selects it and it has no host port" : "no Service selects it";
}
function referencedNames(workload) {
  const configMaps = /* @__PURE__ */ new Set();
  const secrets = /* @__PURE__ */ new Set();
  const visit = (value, key) => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item, key);
      return;
    }
    const record = asRecord(value);
    if (!record) return;
    const name = asString(record.name);
    if (name && (key === "configMapKeyRef" || key === "configMapRef" || key === "configMap")) configMaps.add(name);
    if (key === "secretKeyRef" || key === "secretRef") {
      if (name) secrets.add(name);
    }
    if (key === "secret") {
      const secretName = asString(record.secretName) ?? name;
      if (secretName) secrets.add(secretName);
    }
    for (const [child, item] of Object.entries(record)) visit(item, child);
  };
  visit(workload.podSpec);
  for (const secret of asArray(workload.podSpec.imagePullSecrets)) {
    const name = asString(asRecord(secret)?.name);
    if (name) secrets.add(name);
  }
  const serviceAccount = asString(workload.podSpec.serviceAccountName);
  return { configMaps, secrets, ...serviceAccount ? { serviceAccount } : {} };
}
function smokePlan(workload, index, options = {}) {
  if (!smokeKinds.includes(workload.kind) || workload.isHook) return void 0;
  const namespace = namespaceOf(workload.object.ref);
  const endpoint = serviceEndpoint(workload, index);
  const names = referencedNames(workload);
  const companions = [];
  for (const object of index.objects) {
    if (namespaceOf(object.ref) !== namespace || object.source.origin?.render !== workload.object.source.origin?.render) continue;
    const { kind, name } = object.ref;
    if (kind === "ConfigMap" && names.configMaps.has(name) || kind === "Secret" && names.secrets.has(name) || kind === "ServiceAccount" && names.serviceAccount === name) {
      companions.push(object.raw);
    }
  }
  for (const service of index.servicesFor(workload)) companions.push(service.object.raw);
  const annotation = (key) => workload.podAnnotations[key] ?? asString(asRecord(asRecord(workload.object.raw.metadata)?.annotations)?.[key]);
  const expectBody = annotation(expectBodyAnnotation) ?? options.expectBody;
  const inFlightPath = annotation(inFlightAnnotation) ?? options.inFlightPath;
  return {
    object: workload.object.ref,
    ...workload.object.source.origin ? { render: workload.object.source.origin.render } : {},
    file: workload.object.source.file,
    kind: workload.kind,
    head: workload.object.raw,
    headCompanions: companions,
    ...typeof endpoint === "string" ? { unreachable: endpoint } : { endpoint },
    images: [...new Set(workload.containers.map((c) => c.image).filter((image) => image !== ""))],
    gracePeriodSeconds: graceOf(workload).seconds,
    ...expectBody ? { expectBody } : {},
    ...inFlightPath ? { inFlightPath } : {}
  };
}
var serverOwned = ["uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "managedFields", "selfLink", "ownerReferences"];
function forCluster(manifest, namespace) {
  const copy = structuredClone(manifest);
  delete copy.status;
  const metadata = { ...asRecord(copy.metadata) ?? {} };
  for (const field of serverOwned) delete metadata[field];
  metadata.namespace = namespace;
  copy.metadata = metadata;
  if (copy.kind === "Service") {
    const spec = { ...asRecord(copy.spec) ?? {} };
    if (spec.clusterIP !== "None") {
      for (const field of ["clusterIP", "clusterIPs", "externalIPs", "loadBalancerIP", "loadBalancerSourceRanges", "loadBalancerClass", "externalTrafficPolicy", "healthCheckNodePort", "allocateLoadBalancerNodePorts", "externalName"]) delete spec[field];
      spec.type = "ClusterIP";
      spec.ports = asArray(spec.ports).map((port) => {
        const record = { ...asRecord(port) ?? {} };
        delete record.nodePort;
        return record;
      });
    }
    copy.spec = spec;
  }
  return copy;
}

export {
  buildOrigin,
  locate,
  drillPlans,
  smokePlan,
  forCluster
};
