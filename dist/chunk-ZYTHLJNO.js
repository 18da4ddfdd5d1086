import { createRequire as __tgCreateRequire } from 'node:module';
const require = __tgCreateRequire(import.meta.url);
import {
  PosNode,
  documentErrors,
  lineOf,
  lineStarts,
  loadDocuments
} from "./chunk-EDZ47NS3.js";
import {
  YamlTextError,
  asRecord,
  asString
} from "./chunk-FZMQJXAM.js";

// src/manifests/kinds.ts
var contextFreeKinds = /* @__PURE__ */ new Set([
  "Secret",
  "ServiceAccount",
  "Role",
  "RoleBinding",
  "ClusterRole",
  "ClusterRoleBinding",
  "CustomResourceDefinition",
  "Ingress",
  "NetworkPolicy",
  "ValidatingWebhookConfiguration",
  "MutatingWebhookConfiguration",
  "APIService",
  "Namespace",
  "StorageClass",
  "PriorityClass",
  "LimitRange",
  "ResourceQuota"
]);
var builtInKinds = /* @__PURE__ */ new Set([
  ...contextFreeKinds,
  "Service",
  "PodDisruptionBudget",
  "HorizontalPodAutoscaler",
  "ConfigMap",
  "PersistentVolumeClaim",
  "PersistentVolume",
  "Endpoints",
  "EndpointSlice"
]);

// src/manifests/document-head.ts
var topLevelKey = /^(apiVersion|kind|metadata)[ \t]*:/gm;
var kindValue = /^[ \t]*(["']?)([A-Za-z][A-Za-z0-9]*)\1[ \t]*(?:#.*)?\r?$/;
function lineEnd(text, from) {
  const end = text.indexOf("\n", from);
  return end === -1 ? text.length : end;
}
function documentHead(text) {
  const found = /* @__PURE__ */ new Map();
  for (const match of text.matchAll(topLevelKey)) {
    if (found.has(match[1])) return void 0;
    found.set(match[1], match.index);
  }
  const apiVersionAt = found.get("apiVersion");
  const kindAt = found.get("kind");
  const metadataAt = found.get("metadata");
  if (apiVersionAt === void 0 || kindAt === void 0 || metadataAt === void 0) return void 0;
  const kindLine = text.slice(kindAt, lineEnd(text, kindAt));
  const kind = kindValue.exec(kindLine.slice(kindLine.indexOf(":") + 1))?.[2];
  if (!kind) return void 0;
  const next = /\n(?=[^ \t\r\n#])/g;
  next.lastIndex = lineEnd(text, metadataAt);
  const metadataEnd = next.exec(text)?.index ?? text.length;
  return {
    kind,
    text: `${text.slice(apiVersionAt, lineEnd(text, apiVersionAt))}
${kindLine}
${text.slice(metadataAt, metadataEnd)}
`
  };
}
function topLevelKind(text) {
  const match = /^kind[ \t]*:(.*)$/m.exec(text);
  return match ? kindValue.exec(match[1])?.[2] : void 0;
}

// src/manifests/parse.ts
var defaultParseLimits = {
  maxFileBytes: 16 * 1024 * 1024,
  maxExpandedNodes: 1e6
};
var documentMarker = /^(---|\.\.\.)(?=[ \t\r\n]|$)/gm;
function splitDocuments(text) {
  const cuts = [0];
  for (const match of text.matchAll(documentMarker)) {
    if (match[1] === "---" && match.index > 0) cuts.push(match.index);
  }
  const chunks = [];
  for (let i = 0; i < cuts.length; i++) {
    const end = i + 1 < cuts.length ? cuts[i + 1] : text.length;
    chunks.push({ offset: cuts[i], text: text.slice(cuts[i], end) });
  }
  return chunks;
}
function parseManifestFile(file, limits = defaultParseLimits) {
  const result = { objects: [], errors: [], skippedDocuments: 0 };
  const { path, content } = file;
  const bytes = Buffer.byteLength(content, "utf8");
  if (bytes > limits.maxFileBytes) {
    result.errors.push({
      file: path,
      line: 1,
      message: `file is ${(bytes / 1048576).toFixed(1)} MiB, over the ${(limits.maxFileBytes / 1048576).toFixed(0)} MiB limit; it was not analysed`
    });
    return result;
  }
  const nul = content.indexOf("\0");
  if (nul !== -1 || content.includes("\uFFFD\uFFFD\uFFFD")) {
    const starts2 = lineStarts(content);
    result.errors.push({
      file: path,
      line: nul === -1 ? 1 : lineOf(starts2, nul),
      message: "file looks binary (NUL bytes or invalid UTF-8); it was not analysed"
    });
    return result;
  }
  const starts = lineStarts(content);
  const isJson = /\.json$/i.test(path);
  if (isJson && !(/"apiVersion"\s*:/.test(content) && /"kind"\s*:/.test(content))) {
    result.skippedDocuments++;
    return result;
  }
  const chunks = isJson ? [{ offset: 0, text: content }] : splitDocuments(content);
  const where = { path, starts, ...file.origin ? { origin: file.origin } : {} };
  for (const chunk of chunks) {
    const origin = { ...where, offset: chunk.offset };
    if (!isJson && headOnly(chunk.text) && readHead(chunk.text, origin, limits, result)) continue;
    readChunk(chunk.text, origin, limits, result);
  }
  return result;
}
function headOnly(text) {
  const kind = topLevelKind(text);
  return kind !== void 0 && contextFreeKinds.has(kind);
}
function unreadBodyErrors(file, limits = defaultParseLimits) {
  const { path, content } = file;
  if (/\.json$/i.test(path) || Buffer.byteLength(content, "utf8") > limits.maxFileBytes || content.includes("\0") || content.includes("\uFFFD\uFFFD\uFFFD")) return [];
  const errors = [];
  let starts;
  for (const chunk of splitDocuments(content)) {
    if (!headOnly(chunk.text)) continue;
    for (const loaded of documentErrors(chunk.text, limits.maxExpandedNodes)) {
      starts ??= lineStarts(content);
      errors.push({ file: path, line: lineOf(starts, chunk.offset + loaded.offset), message: documentErrorMessage(loaded, limits) });
    }
  }
  return errors;
}
function readChunk(text, origin, limits, result) {
  const documents = loadDocuments(text, limits.maxExpandedNodes);
  documents.forEach((loaded, index) => {
    if (loaded instanceof YamlTextError) {
      result.errors.push({ file: origin.path, line: lineOf(origin.starts, origin.offset + loaded.offset), message: documentErrorMessage(loaded, limits) });
      return;
    }
    if (loaded.hasAliases && countExpandedNodes(loaded.value, limits.maxExpandedNodes) > limits.maxExpandedNodes) {
      result.errors.push({ file: origin.path, line: lineOf(origin.starts, origin.offset + loaded.start), message: aliasBombMessage(limits) });
      return;
    }
    const kind = asString(asRecord(loaded.value)?.kind);
    let positions = kind !== void 0 && builtInKinds.has(kind) && kind !== "PodDisruptionBudget" ? void 0 : loaded.positions;
    const { start } = loaded;
    const tree = {
      positions: () => {
        positions ??= reloadPositions(text, index, start, limits);
        return positions;
      },
      release: () => {
        positions = void 0;
      }
    };
    collectObjects(loaded.value, tree, loaded.start, [], origin, result);
  });
}
function readHead(text, origin, limits, result) {
  const head = documentHead(text);
  if (!head) return false;
  const [loaded, ...more] = loadDocuments(head.text, limits.maxExpandedNodes);
  if (!loaded || more.length > 0 || loaded instanceof YamlTextError || loaded.hasAliases) return false;
  const start = firstContent(text);
  let positions;
  const tree = {
    // Only a finding on the object (rare for these kinds) needs the whole chunk's positions.
    positions: () => {
      positions ??= reloadPositions(text, 0, start, limits);
      return positions;
    },
    release: () => {
      positions = void 0;
    }
  };
  collectObjects(loaded.value, tree, start, [], origin, result);
  return true;
}
function reloadPositions(text, index, start, limits) {
  const loaded = loadDocuments(text, limits.maxExpandedNodes)[index];
  return loaded && !(loaded instanceof YamlTextError) ? loaded.positions : PosNode.leaf(start, start);
}
function aliasBombMessage(limits) {
  return `YAML aliases expand to more than ${limits.maxExpandedNodes.toLocaleString("en-US")} nodes (an alias bomb?); the document was not analysed`;
}
function documentErrorMessage(error, limits) {
  return error.code === "ALIAS_LIMIT" ? aliasBombMessage(limits) : `invalid YAML: ${error.message}`;
}
function firstContent(text) {
  const match = /^(?!\s*(#|$)|---\s*(#.*)?$)/m.exec(text);
  if (!match) return 0;
  let i = match.index;
  while (i < text.length && (text[i] === " " || text[i] === "	")) i++;
  return i;
}
function collectObjects(value, tree, start, basePath, origin, out) {
  const record = asRecord(value);
  const apiVersion = asString(record?.apiVersion);
  const kind = asString(record?.kind);
  if (!record || !apiVersion || !kind) {
    out.skippedDocuments++;
    return;
  }
  if ((kind === "List" || kind.endsWith("List")) && Array.isArray(record.items)) {
    record.items.forEach((item, index) => {
      collectObjects(item, tree, start, [...basePath, "items", index], origin, out);
    });
    return;
  }
  const metadata = asRecord(record.metadata);
  const name = asString(metadata?.name) ?? asString(metadata?.generateName);
  if (!name) {
    const line = lineOf(origin.starts, origin.offset + start);
    const mapped = origin.origin?.map(line);
    out.errors.push({ file: mapped?.file ?? origin.path, line: mapped?.line ?? line, message: `${kind} has no metadata.name; it was not analysed${origin.origin ? ` (${origin.origin.render})` : ""}` });
    return;
  }
  const namespace = asString(metadata?.namespace);
  out.objects.push({
    ref: { apiVersion, kind, name, ...namespace ? { namespace } : {} },
    raw: contextFreeKinds.has(kind) ? { apiVersion, kind, metadata } : record,
    source: { file: origin.path, ...tree, basePath, offset: origin.offset, lineStarts: origin.starts, ...origin.origin ? { origin: origin.origin } : {} },
    ordinal: out.objects.length
  });
}
function countExpandedNodes(value, limit) {
  const memo = /* @__PURE__ */ new Map();
  const visit = (node) => {
    if (node === null || typeof node !== "object") return 1;
    const known = memo.get(node);
    if (known !== void 0) return known;
    memo.set(node, limit + 1);
    let total = 1;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      total += visit(child);
      if (total > limit) break;
    }
    memo.set(node, total);
    return total;
  };
  return visit(value);
}

export {
  contextFreeKinds,
  builtInKinds,
  topLevelKind,
  defaultParseLimits,
  splitDocuments,
  parseManifestFile,
  unreadBodyErrors
};
