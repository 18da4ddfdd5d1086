import { createRequire as __tgCreateRequire } from 'node:module';
const require = __tgCreateRequire(import.meta.url);

// src/manifests/objects.ts
function refKey(ref) {
  return `${ref.kind}/${ref.namespace ?? ""}/${ref.name}`;
}
function identityKey(ref, render) {
  return render ? `${render}|${refKey(ref)}` : refKey(ref);
}
function namespaceOf(ref) {
  return ref.namespace ?? "default";
}
function getPath(value, path) {
  let current = value;
  for (const segment of path) {
    if (current === null || typeof current !== "object") return void 0;
    current = current[segment];
  }
  return current;
}
function asRecord(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? value : void 0;
}
function asArray(value) {
  return Array.isArray(value) ? value : [];
}
function asString(value) {
  return typeof value === "string" ? value : void 0;
}
function asStringMap(value) {
  const record = asRecord(value);
  const out = {};
  if (!record) return out;
  for (const [key, item] of Object.entries(record)) {
    if (item !== null && item !== void 0) out[key] = String(item);
  }
  return out;
}
function asInteger(value) {
  if (typeof value === "number" && Number.isFinite(value)) return Math.trunc(value);
  if (typeof value === "string" && /^-?\d+$/.test(value.trim())) return Number.parseInt(value, 10);
  return void 0;
}

export {
  refKey,
  identityKey,
  namespaceOf,
  getPath,
  asRecord,
  asArray,
  asString,
  asStringMap,
  asInteger
};
