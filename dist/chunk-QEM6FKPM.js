import { createRequire as __tgCreateRequire } from 'node:module';
const require = __tgCreateRequire(import.meta.url);
import {
  asArray,
  asRecord,
  asString,
  readYamlOrUndefined
} from "./chunk-FZMQJXAM.js";

// src/manifests/file-roles.ts
import { posix } from "node:path";
var kustomizationName = /(^|\/)(kustomization\.ya?ml|Kustomization)$/;
function isManifestFile(path) {
  return /\.(ya?ml|json)$|(^|\/)Kustomization$/i.test(path);
}
function classifyFiles(files) {
  const chartDirs = files.filter((f) => /(^|\/)Chart\.ya?ml$/.test(f.path)).map((f) => posix.dirname(f.path));
  const chartOf = (path) => chartDirs.filter((dir) => dir === "." || path.startsWith(`${dir}/`)).sort((a, b) => b.length - a.length)[0];
  const patches = /* @__PURE__ */ new Map();
  const kustomizations = [];
  for (const file of files) {
    if (!kustomizationName.test(file.path)) continue;
    const dir = posix.dirname(file.path);
    let count = 0;
    for (const patch of patchPaths(file.content)) {
      patches.set(posix.normalize(posix.join(dir, patch)), dir);
      count++;
    }
    kustomizations.push({ dir, patches: count });
  }
  const manifests = [];
  const templatesPerChart = /* @__PURE__ */ new Map();
  for (const file of files) {
    if (file.origin) {
      manifests.push(file);
      continue;
    }
    if (kustomizationName.test(file.path) || patches.has(posix.normalize(file.path))) continue;
    const chart = chartOf(file.path);
    if (chart !== void 0) {
      const relative = chart === "." ? file.path : file.path.slice(chart.length + 1);
      if (/^(templates|charts)\//.test(relative)) templatesPerChart.set(chart, (templatesPerChart.get(chart) ?? 0) + 1);
      continue;
    }
    manifests.push(file);
  }
  const notices = [];
  for (const [chart, count] of [...templatesPerChart].sort()) {
    notices.push(`Helm chart ${chart}: ${count} template file${count === 1 ? "" : "s"} not rendered (rendering is off or the chart is outside the rendered paths)`);
  }
  for (const { dir, patches: count } of kustomizations.sort((a, b) => a.dir.localeCompare(b.dir))) {
    if (count > 0) notices.push(`Kustomize ${dir}: ${count} patch file${count === 1 ? "" : "s"} not applied (plain files are analysed as written; render with \`kubectl kustomize\` to see the patched objects)`);
  }
  return { manifests, notices };
}
function patchPaths(content) {
  const document = asRecord(readYamlOrUndefined(content));
  if (!document) return [];
  const paths = [];
  for (const entry of asArray(document.patchesStrategicMerge)) {
    if (typeof entry === "string" && !entry.includes("\n")) paths.push(entry);
  }
  for (const field of ["patches", "patchesJson6902"]) {
    for (const entry of asArray(document[field])) {
      const path = asString(asRecord(entry)?.path);
      if (path) paths.push(path);
    }
  }
  return paths;
}

export {
  isManifestFile,
  classifyFiles
};
