import { createRequire as __tgCreateRequire } from 'node:module';
const require = __tgCreateRequire(import.meta.url);
import {
  analyze,
  buildsFromConfig,
  buildsFromSkaffold,
  buildsFromWorkflow,
  copiedSource,
  graceFindings,
  graceSizing,
  imageOf,
  isDockerfile,
  isSkaffoldFile,
  isUnder,
  isWorkflowFile,
  manifestFilesOf,
  normalizeScope,
  parseDockerfile,
  rendersOf
} from "./chunk-BOMKFTLZ.js";
import {
  withProgress
} from "./chunk-RIQ6LANK.js";
import {
  RegistryClient
} from "./chunk-7GNSOJHM.js";
import {
  buildOrigin
} from "./chunk-5NGQACPD.js";
import {
  GitError,
  GitSource,
  NothingToAnalyse,
  PathNotFoundError,
  outsideRoots,
  readManifestFiles
} from "./chunk-FZ7MAV7X.js";
import {
  isManifestFile
} from "./chunk-QEM6FKPM.js";
import {
  ConfinedFs,
  decodeText
} from "./chunk-UPBOSQEA.js";
import {
  defaultConfigPath
} from "./chunk-RF4X2UR6.js";
import {
  contextFreeKinds,
  defaultParseLimits,
  splitDocuments,
  topLevelKind,
  unreadBodyErrors
} from "./chunk-ZYTHLJNO.js";
import {
  lineOf,
  lineStarts
} from "./chunk-EDZ47NS3.js";
import {
  YamlTextError,
  asArray,
  asRecord,
  asString,
  identityKey,
  readYaml,
  readYamlOrUndefined,
  require_dist,
  yamlOptions
} from "./chunk-FZMQJXAM.js";
import {
  parseKubeVersion
} from "./chunk-MPLI4E57.js";
import {
  __toESM
} from "./chunk-6CTQYBGU.js";

// src/pipeline/run.ts
import { existsSync as existsSync4 } from "node:fs";
import { resolve } from "node:path";

// src/analysis/diff.ts
var findingKey = (finding, render) => `${finding.ruleId}|${identityKey(finding.object, render)}|${finding.container ?? ""}`;
var eachRender = (item) => {
  const renders = rendersOf(item);
  return renders.length > 0 ? renders : [void 0];
};
function inRenders(item, renders) {
  const kept = renders.filter((r) => r !== void 0);
  if (kept.length === 0 || kept.length === rendersOf(item).length) return item;
  return { ...item, render: kept[0], renders: kept };
}
function changedPart(item, changed) {
  const renders = eachRender(item).filter((r) => changed.has(identityKey(item.object, r)));
  return renders.length > 0 ? inRenders(item, renders) : void 0;
}
function classifyFindings(head, base) {
  const digests = (result) => {
    const map = /* @__PURE__ */ new Map();
    for (const object of result?.objects ?? []) {
      const key = identityKey(object.ref, object.render);
      map.set(key, [...map.get(key) ?? [], object.digest].sort());
    }
    return map;
  };
  const before = digests(base);
  const after = digests(head);
  const changedObjects = /* @__PURE__ */ new Set();
  for (const [key, list] of after) {
    if (before.get(key)?.join("\n") !== list.join("\n")) changedObjects.add(key);
  }
  for (const key of before.keys()) if (!after.has(key)) changedObjects.add(key);
  const keysOf2 = (findings2) => new Set(findings2.flatMap((f) => eachRender(f).map((r) => findingKey(f, r))));
  const baseKeys = keysOf2(base?.findings ?? []);
  const headKeys = keysOf2(head.findings);
  const findings = head.findings.flatMap((f) => {
    const part = changedPart(f, changedObjects);
    if (!part) return [];
    return [{ ...part, status: eachRender(part).every((r) => baseKeys.has(findingKey(f, r))) ? "existing" : "new" }];
  });
  const fixed = (base?.findings ?? []).flatMap((f) => {
    const renders = eachRender(f).filter((r) => changedObjects.has(identityKey(f.object, r)) && !headKeys.has(findingKey(f, r)));
    return renders.length > 0 ? [{ ...inRenders(f, renders), status: "fixed" }] : [];
  });
  return { findings, fixed, changedObjects: [...changedObjects].sort() };
}
function analyzeChange(headFiles, baseFiles, config, baseLabel, images, options = {}) {
  const plans = { ...options.drillPlans ? { drillPlans: true } : {}, ...options.smokePlans ? { smokePlans: true } : {} };
  return prView(
    analyze(headFiles, { config, digests: true, ...images ? { images: images.head } : {}, ...plans }),
    analyze(baseFiles, { config, digests: true, ...images ? { images: images.base } : {}, ...options.smokePlans ? { smokePlans: true } : {} }),
    baseLabel
  );
}
function prView(head, base, baseLabel) {
  const classification = classifyFindings(head, base);
  const changed = new Set(classification.changedObjects);
  return {
    ...head,
    findings: classification.findings,
    suppressed: head.suppressed.flatMap((f) => changedPart(f, changed) ?? []),
    subjects: head.subjects.flatMap((s) => changedPart(s, changed) ?? []),
    ...head.drillPlans ? { drillPlans: head.drillPlans.filter((p) => changed.has(identityKey(p.object, p.render))) } : {},
    ...head.smokePlans ? { smokePlans: withBase(head.smokePlans.filter((p) => changed.has(identityKey(p.object, p.render))), base?.smokePlans ?? []) } : {},
    comparison: { base: baseLabel, changedObjects: classification.changedObjects.length, fixed: classification.fixed }
  };
}
function withBase(plans, basePlans) {
  const before = new Map(basePlans.map((p) => [identityKey(p.object, p.render), p]));
  return plans.map((plan) => {
    const base = before.get(identityKey(plan.object, plan.render));
    return base ? { ...plan, base: base.head, baseCompanions: base.headCompanions } : plan;
  });
}

// src/analysis/gate.ts
var plural = (count, word) => `${count.toLocaleString("en-US")} ${word}${count === 1 ? "" : "s"}`;
function findingBlocks(finding, failOn) {
  switch (failOn) {
    case "never":
      return false;
    case "new-errors":
      return finding.severity === "error" && finding.status !== "existing";
    case "error":
      return finding.severity === "error";
    case "warning":
      return finding.severity === "error" || finding.severity === "warning";
  }
}
function decideGate(result, policy) {
  const blocking = result.findings.filter((f) => findingBlocks(f, policy.failOn));
  const failingDrills = (result.drill ?? []).filter((r) => r.verdict !== void 0 && policy.drillFailOn.includes(r.verdict));
  const failingSmoke = (result.smoke?.results ?? []).filter((r) => r.failing.length > 0 || r.status === "failed");
  const blockingErrors = policy.failOnInputErrors ? result.errors.filter((e) => e.gating) : [];
  const verdict = blocking.length + blockingErrors.length + failingDrills.length + failingSmoke.length > 0 ? "fail" : "pass";
  return { verdict, policy, blocking, blockingErrors, failingDrills, failingSmoke, headline: headline(result, policy, { blocking, blockingErrors, failingDrills, failingSmoke }) };
}
function withGate(result, policy) {
  return { ...result, gate: decideGate(result, policy) };
}
function headline(result, policy, { blocking, blockingErrors, failingDrills: drills, failingSmoke: smoke }) {
  const reasons = [];
  if (blockingErrors.length > 0) {
    const files = [...new Set(blockingErrors.map((e) => e.file))];
    reasons.push(`${plural(files.length, "changed input")} that could not be analysed (${files.slice(0, 3).join(", ")}${files.length > 3 ? `, ${(files.length - 3).toLocaleString("en-US")} more` : ""})`);
  }
  if (blocking.length > 0) {
    const errors = blocking.filter((f) => f.severity === "error").length;
    const warnings = blocking.length - errors;
    const adjective = policy.failOn === "new-errors" ? "new " : "";
    const parts = [errors > 0 ? plural(errors, `${adjective}error`) : "", warnings > 0 ? plural(warnings, "warning") : ""].filter(Boolean);
    reasons.push(parts.join(" and "));
  }
  if (drills.length > 0) {
    const what = drills.map((r) => `${r.object.name}/${r.container} ${r.verdict === "killed" ? "was SIGKILLed" : "dropped requests at the stop"}`);
    reasons.push(`the SIGTERM drill (${what.slice(0, 3).join("; ")}${what.length > 3 ? `; ${what.length - 3} more` : ""})`);
  }
  if (smoke.length > 0) {
    const what = smoke.map((r) => `${r.object.name}: ${r.status === "failed" ? "the rollout could not be run" : r.failing.join(", ")}`);
    reasons.push(`the rollout smoke test (${what.slice(0, 3).join("; ")}${what.length > 3 ? `; ${what.length - 3} more` : ""})`);
  }
  if (reasons.length > 0) {
    const count = blocking.length + blockingErrors.length + drills.length + smoke.length;
    return `${reasons.join(", ")} ${count === 1 ? "blocks" : "block"} this merge`;
  }
  const remaining = result.findings.filter((f) => f.severity !== "info");
  const prView2 = result.comparison !== void 0;
  const counted = remaining.length > 0 ? ` (${plural(remaining.length, prView2 ? "existing or non-blocking finding" : "non-blocking finding")})` : "";
  if (policy.failOn === "never" && blocking.length === 0 && result.findings.some((f) => f.severity === "error")) return `passes: the gate is off (fail-on never)${counted}`;
  return `${prView2 ? "no new problems" : "no blocking problems"}${counted}`;
}

// src/sources/images.ts
import { posix } from "node:path";
var maxScriptBytes = 256 * 1024;
var maxDockerfileBytes = 1024 * 1024;
function imageInputs(images, registry) {
  return { files: images.files, scopes: images.scopes, ...images.repository ? { repository: images.repository } : {}, ...registry ? { registry } : {} };
}
function scriptCandidates(argv) {
  return argv.filter((word) => /^(\/|\.\/)?[\w./-]+$/.test(word) && (/\.(sh|bash)$/.test(word) || /entrypoint|start|run|docker-/i.test(word)));
}
async function readImageFiles(tree, scopes, mappings, configFile, repository) {
  const errors = [];
  const refused = [];
  const files = /* @__PURE__ */ new Map();
  const read = async (path, limit, from) => {
    if (files.has(path)) return files.get(path);
    const buffer = await tree.read(path);
    const reason = tree.refused?.get(path);
    if (reason) refused.push({ file: from?.file ?? path, line: from?.line ?? 1, message: `not read: ${path} (${reason})` });
    if (!buffer) return void 0;
    if (buffer.length > limit) {
      errors.push({ file: path, line: 1, message: `file is ${(buffer.length / 1024).toFixed(0)} KiB, over the ${(limit / 1024).toFixed(0)} KiB limit for image inputs; it was not read` });
      return void 0;
    }
    const text = decodeText(buffer);
    if (!text.ok) {
      errors.push({ file: path, line: 1, message: `file is not text (${text.reason}); it was not read` });
      return void 0;
    }
    const file = { path, content: text.text };
    files.set(path, file);
    return file;
  };
  const listed = new Set(await tree.files(""));
  for (const scope of scopes) if (scope.startsWith("/")) for (const path of await tree.files(scope)) listed.add(path);
  const builds = buildsFromConfig(mappings, configFile);
  for (const path of [...listed].sort()) {
    if (!isWorkflowFile(path) && !isSkaffoldFile(path)) continue;
    const file = await read(path, maxDockerfileBytes);
    if (!file) continue;
    builds.push(...isWorkflowFile(path) ? buildsFromWorkflow(file, repository) : buildsFromSkaffold(file));
  }
  const dockerfiles = new Set([...listed].filter((p) => isDockerfile(p)));
  for (const build of builds) dockerfiles.add(build.dockerfile);
  for (const path of [...dockerfiles].sort()) {
    const file = await read(path, maxDockerfileBytes);
    if (!file) continue;
    const model = parseDockerfile(path, file.content);
    const contexts = /* @__PURE__ */ new Set([...builds.filter((b) => b.dockerfile === path).map((b) => b.context), posix.dirname(path)]);
    const targets = [void 0, ...builds.filter((b) => b.dockerfile === path && b.target).map((b) => b.target)];
    for (const target of targets) {
      const image = imageOf(model, target);
      if (!image) continue;
      for (const word of scriptCandidates([...image.entrypoint?.argv ?? [], ...image.cmd?.argv ?? []])) {
        for (const context of contexts) {
          const source = copiedSource(image.copies, context, word);
          if (source) await read(source, maxScriptBytes, { file: path, line: copyLine(image.copies, context, source) });
        }
      }
    }
  }
  return { files: [...files.values()].sort((a, b) => a.path.localeCompare(b.path)), errors, refused, scopes, ...repository ? { repository } : {} };
}
function copyLine(copies, context, source) {
  const inContext = (path) => posix.normalize(posix.join(context, path.replace(/^\.\//, "")));
  const copy = [...copies].reverse().find((c) => c.sources.some((s) => source === inContext(s) || source.startsWith(`${inContext(s)}/`)));
  return copy?.line ?? 1;
}

// src/sources/body-check.ts
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
var workerFromBytes = 1024 * 1024;
function startBodyCheck(files, config) {
  const manifests = manifestFilesOf(files, config).manifests.filter((file) => !file.origin).map(({ path, content }) => ({ path, content }));
  const job = { files: manifests, next: new SharedArrayBuffer(4) };
  const next = new Int32Array(job.next);
  const found = /* @__PURE__ */ new Map();
  const checkHere = () => {
    for (let i = Atomics.add(next, 0, 1); i < manifests.length; i = Atomics.add(next, 0, 1)) found.set(i, unreadBodyErrors(manifests[i], defaultParseLimits));
  };
  const collect = () => [...found].sort((a, b) => a[0] - b[0]).flatMap(([, errors]) => errors);
  const bytes = manifests.reduce((sum, f) => sum + f.content.length, 0);
  const script = new URL("./body-check-worker.js", import.meta.url);
  let worker;
  if (bytes >= workerFromBytes && script.protocol === "file:" && existsSync(fileURLToPath(script))) {
    try {
      worker = new Worker(script, { workerData: job });
    } catch {
      worker = void 0;
    }
  }
  const answered = worker ? new Promise((resolve2) => {
    worker.once("message", (reply) => resolve2(reply));
    worker.once("error", () => resolve2(void 0));
    worker.once("exit", () => resolve2(void 0));
  }) : Promise.resolve(void 0);
  return {
    async finish() {
      checkHere();
      const reply = await answered;
      void worker?.terminate();
      for (const [index, errors] of reply ?? []) found.set(index, errors);
      for (let i = 0; i < manifests.length; i++) if (!found.has(i)) found.set(i, unreadBodyErrors(manifests[i], defaultParseLimits));
      return collect();
    }
  };
}
function withoutRepeats(bodyErrors, reported) {
  const key = (e) => `${e.file}\0${e.line}\0${e.message}`;
  const known = new Set(reported.map(key));
  return bodyErrors.filter((e) => !known.has(key(e)));
}

// src/sources/inspect-images.ts
var maxInspectedImages = 50;
var looksLikeReference = /^[a-z0-9][a-z0-9._:/@-]*$/i;
async function analyzeWithImages(run, client, log = () => {
}) {
  const first = run();
  if (!client) return first;
  const references = [...new Set(first.subjects.flatMap((s) => (s.facts.containers ?? []).map((c) => c.image)))].filter((r) => looksLikeReference.test(r)).sort();
  if (references.length === 0) return first;
  const chosen = references.slice(0, maxInspectedImages);
  const started = Date.now();
  const registry = await client.inspectAll(chosen);
  const read = [...registry.values()].filter((r) => r.ok).length;
  log(`inspect-images: read ${read} of ${chosen.length} image config(s) in ${((Date.now() - started) / 1e3).toFixed(1)} s`);
  const second = run(registry);
  for (const lookup of registry.values()) {
    if (!lookup.ok) second.notices.push(`inspect-images: ${lookup.problem} \u2014 judged without its registry config.`);
  }
  if (references.length > chosen.length) second.notices.push(`inspect-images: ${references.length} images, only the first ${chosen.length} were read from their registries.`);
  return second;
}

// src/sources/render/index.ts
import { mkdtempSync as mkdtempSync3, writeFileSync as writeFileSync3 } from "node:fs";
import { tmpdir as tmpdir3 } from "node:os";
import { join as join4, posix as posix4 } from "node:path";

// src/k8s/api/crd-versions.ts
var scalar = (text) => {
  const value = text?.replace(/\s+#.*$/, "").trim().replace(/^(["'])(.*)\1$/, "$2");
  return value && !value.includes("{{") && /^[A-Za-z0-9./-]+$/.test(value) ? value : void 0;
};
function block(lines, from, keyIndent) {
  const out = [];
  for (const line of lines.slice(from)) {
    if (line.indent < keyIndent || line.indent === keyIndent && !line.text.startsWith("- ")) break;
    out.push(line);
  }
  return out;
}
function keysOf(lines) {
  const keys = /* @__PURE__ */ new Map();
  const indent = Math.min(...lines.map((l) => l.indent));
  lines.forEach((line, index) => {
    if (line.indent !== indent) return;
    const match = /^([A-Za-z]+):(?:\s+(.*))?$/.exec(line.text);
    if (match && !keys.has(match[1])) keys.set(match[1], { index, value: match[2] ?? "" });
  });
  return keys;
}
function sequenceItems(lines) {
  const items = [];
  const dashIndent = lines.find((l) => l.text.startsWith("- "))?.indent;
  if (dashIndent === void 0) return items;
  let current;
  let keyIndent = dashIndent + 2;
  for (const line of lines) {
    let text = line.text;
    let indent = line.indent;
    if (indent === dashIndent && text.startsWith("- ")) {
      current = /* @__PURE__ */ new Map();
      items.push(current);
      const rest = text.slice(2);
      indent += 2 + (rest.length - rest.trimStart().length);
      keyIndent = indent;
      text = rest.trimStart();
    }
    if (!current || indent !== keyIndent) continue;
    const match = /^([A-Za-z]+):(?:\s+(.*))?$/.exec(text);
    if (match && !current.has(match[1])) current.set(match[1], match[2] ?? "");
  }
  return items;
}
function crdDocument(text) {
  const lines = [];
  for (const raw of text.split("\n")) {
    const indent = raw.length - raw.trimStart().length;
    if (indent > 12) continue;
    const trimmed = raw.trim();
    if (trimmed === "" || trimmed.startsWith("#") || trimmed.startsWith("{{") && trimmed.endsWith("}}")) continue;
    lines.push({ indent, text: trimmed });
  }
  const top = keysOf(lines.filter((l) => l.indent === 0));
  if (scalar(top.get("kind")?.value) !== "CustomResourceDefinition") return [];
  if (!/^apiextensions\.k8s\.io\//.test(scalar(top.get("apiVersion")?.value) ?? "")) return [];
  const specAt = lines.findIndex((l) => l.indent === 0 && /^spec:\s*$/.test(l.text));
  if (specAt < 0) return [];
  const spec = block(lines, specAt + 1, 0);
  if (spec.length === 0) return [];
  const keys = keysOf(spec);
  const group = scalar(keys.get("group")?.value);
  const namesAt = keys.get("names");
  const names = namesAt ? block(spec, namesAt.index + 1, spec[namesAt.index].indent) : [];
  const kind = names.length > 0 ? scalar(keysOf(names).get("kind")?.value) : void 0;
  if (!group || !kind) return [];
  const versions = [];
  const versionsAt = keys.get("versions");
  if (versionsAt) {
    for (const item of sequenceItems(block(spec, versionsAt.index + 1, spec[versionsAt.index].indent))) {
      const name = scalar(item.get("name"));
      if (name && scalar(item.get("served")) !== "false") versions.push(name);
    }
  }
  const single = scalar(keys.get("version")?.value);
  if (single && !versions.includes(single)) versions.push(single);
  return versions.flatMap((version) => [`${group}/${version}`, `${group}/${version}/${kind}`]);
}
function crdApiVersions(files) {
  const out = /* @__PURE__ */ new Set();
  for (const file of files) {
    if (!file.content.includes("CustomResourceDefinition")) continue;
    for (const document of file.content.split(/^---[ \t]*(?:#.*)?$/m)) {
      if (document.includes("CustomResourceDefinition")) for (const entry of crdDocument(document)) out.add(entry);
    }
  }
  return [...out].sort();
}

// src/sources/tree.ts
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
var norm = normalizeScope;
function fsTree(root, label = "the checkout", outside = []) {
  const confined = new ConfinedFs(root, outside);
  const display = (absolute) => {
    const rel = relative(confined.root, absolute);
    return rel.startsWith("..") ? absolute : rel.split(sep).join("/");
  };
  const refused = /* @__PURE__ */ new Map();
  return {
    label,
    refused,
    async files(dir) {
      return confined.walk(norm(dir) || ".").map(display).sort();
    },
    async read(path) {
      const read = confined.read(path);
      if (read.ok) return read.content;
      if (read.reason !== "not found") refused.set(path, read.reason);
      return void 0;
    }
  };
}
function gitTree(git, commit, label = `commit ${commit.slice(0, 12)}`) {
  return {
    label,
    async files(dir) {
      return git.listAt(commit, [dir]).sort();
    },
    async read(path) {
      return git.blobAt(commit, path);
    }
  };
}
function undoneTree(head, changes2, readBase, label) {
  const gone = /* @__PURE__ */ new Set();
  const restored = /* @__PURE__ */ new Set();
  for (const change of changes2) {
    if (change.status === "added") gone.add(change.path);
    else if (change.status === "renamed") {
      gone.add(change.path);
      if (change.previousPath) restored.add(change.previousPath);
    } else restored.add(change.path);
  }
  return {
    label,
    async files(dir) {
      const files = new Set((await head.files(dir)).filter((p) => !gone.has(p)));
      for (const path of restored) if (isUnder(path, [dir])) files.add(path);
      return [...files].sort();
    },
    async read(path) {
      if (gone.has(path) && !restored.has(path)) return void 0;
      if (restored.has(path)) {
        const content = await readBase(path);
        return content === void 0 ? void 0 : Buffer.from(content, "utf8");
      }
      return head.read(path);
    }
  };
}
async function materialize(tree, paths, dest) {
  const copied = /* @__PURE__ */ new Map();
  for (const path of paths) {
    const target = join(dest, path);
    if (!target.startsWith(`${dest}${sep}`)) continue;
    const content = await tree.read(path);
    if (content === void 0) continue;
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
    copied.set(path, content);
  }
  return copied;
}
function removeDir(dir) {
  rmSync(dir, { recursive: true, force: true });
}

// src/sources/render/helm.ts
import { copyFileSync, existsSync as existsSync3, mkdirSync as mkdirSync2, mkdtempSync as mkdtempSync2, rmSync as rmSync2, writeFileSync as writeFileSync2 } from "node:fs";
import { tmpdir as tmpdir2 } from "node:os";
import { dirname as dirname2, join as join3, posix as posix2 } from "node:path";

// src/k8s/api/api-versions-1.34.json
var api_versions_1_34_default = {
  kubernetes: "v1.34.4",
  source: "kube-apiserver v1.34.4 (the test cluster), read by scripts/gen-kube-api.ts: /api, /apis and each group/version's resource list",
  kinds: {
    "admissionregistration.k8s.io/v1": ["MutatingWebhookConfiguration", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding", "ValidatingWebhookConfiguration"],
    "apiextensions.k8s.io/v1": ["CustomResourceDefinition"],
    "apiregistration.k8s.io/v1": ["APIService"],
    "apps/v1": ["ControllerRevision", "DaemonSet", "Deployment", "ReplicaSet", "Scale", "StatefulSet"],
    "authentication.k8s.io/v1": ["SelfSubjectReview", "TokenReview"],
    "authorization.k8s.io/v1": ["LocalSubjectAccessReview", "SelfSubjectAccessReview", "SelfSubjectRulesReview", "SubjectAccessReview"],
    "autoscaling/v1": ["HorizontalPodAutoscaler"],
    "autoscaling/v2": ["HorizontalPodAutoscaler"],
    "batch/v1": ["CronJob", "Job"],
    "certificates.k8s.io/v1": ["CertificateSigningRequest"],
    "coordination.k8s.io/v1": ["Lease"],
    "discovery.k8s.io/v1": ["EndpointSlice"],
    "events.k8s.io/v1": ["Event"],
    "flowcontrol.apiserver.k8s.io/v1": ["FlowSchema", "PriorityLevelConfiguration"],
    "networking.k8s.io/v1": ["IPAddress", "Ingress", "IngressClass", "NetworkPolicy", "ServiceCIDR"],
    "node.k8s.io/v1": ["RuntimeClass"],
    "policy/v1": ["PodDisruptionBudget"],
    "rbac.authorization.k8s.io/v1": ["ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"],
    "resource.k8s.io/v1": ["DeviceClass", "ResourceClaim", "ResourceClaimTemplate", "ResourceSlice"],
    "scheduling.k8s.io/v1": ["PriorityClass"],
    "storage.k8s.io/v1": ["CSIDriver", "CSINode", "CSIStorageCapacity", "StorageClass", "VolumeAttachment", "VolumeAttributesClass"],
    v1: ["Binding", "ComponentStatus", "ConfigMap", "Endpoints", "Event", "Eviction", "LimitRange", "Namespace", "Node", "NodeProxyOptions", "PersistentVolume", "PersistentVolumeClaim", "Pod", "PodAttachOptions", "PodExecOptions", "PodPortForwardOptions", "PodProxyOptions", "PodTemplate", "ReplicationController", "ResourceQuota", "Scale", "Secret", "Service", "ServiceAccount", "ServiceProxyOptions", "TokenRequest"]
  }
};

// src/k8s/api/api-versions.ts
var apiTableMinor = 34;
var changes = [
  // Removed in 1.22.
  { apiVersion: "admissionregistration.k8s.io/v1beta1", kinds: ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"], removedIn: 22 },
  { apiVersion: "apiextensions.k8s.io/v1beta1", kinds: ["CustomResourceDefinition"], removedIn: 22 },
  { apiVersion: "apiregistration.k8s.io/v1beta1", kinds: ["APIService"], removedIn: 22 },
  { apiVersion: "authentication.k8s.io/v1beta1", kinds: ["TokenReview"], removedIn: 22 },
  { apiVersion: "authorization.k8s.io/v1beta1", kinds: ["LocalSubjectAccessReview", "SelfSubjectAccessReview", "SelfSubjectRulesReview", "SubjectAccessReview"], removedIn: 22 },
  { apiVersion: "certificates.k8s.io/v1beta1", kinds: ["CertificateSigningRequest"], removedIn: 22 },
  { apiVersion: "coordination.k8s.io/v1beta1", kinds: ["Lease"], removedIn: 22 },
  { apiVersion: "extensions/v1beta1", kinds: ["Ingress"], removedIn: 22 },
  { apiVersion: "networking.k8s.io/v1beta1", kinds: ["Ingress", "IngressClass"], removedIn: 22 },
  { apiVersion: "rbac.authorization.k8s.io/v1beta1", kinds: ["ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"], removedIn: 22 },
  { apiVersion: "scheduling.k8s.io/v1beta1", kinds: ["PriorityClass"], removedIn: 22 },
  { apiVersion: "storage.k8s.io/v1beta1", kinds: ["CSIDriver", "CSINode", "StorageClass", "VolumeAttachment"], removedIn: 22 },
  // Removed in 1.25.
  { apiVersion: "autoscaling/v2beta1", kinds: ["HorizontalPodAutoscaler"], removedIn: 25 },
  { apiVersion: "batch/v1beta1", kinds: ["CronJob"], removedIn: 25 },
  { apiVersion: "discovery.k8s.io/v1beta1", kinds: ["EndpointSlice"], removedIn: 25 },
  { apiVersion: "events.k8s.io/v1beta1", kinds: ["Event"], removedIn: 25 },
  { apiVersion: "node.k8s.io/v1beta1", kinds: ["RuntimeClass"], removedIn: 25 },
  { apiVersion: "policy/v1beta1", kinds: ["PodDisruptionBudget", "PodSecurityPolicy"], removedIn: 25 },
  // Removed in 1.26, 1.27, 1.29, 1.32.
  { apiVersion: "autoscaling/v2beta2", kinds: ["HorizontalPodAutoscaler"], removedIn: 26 },
  { apiVersion: "flowcontrol.apiserver.k8s.io/v1beta1", kinds: ["FlowSchema", "PriorityLevelConfiguration"], removedIn: 26 },
  { apiVersion: "storage.k8s.io/v1beta1", kinds: ["CSIStorageCapacity"], since: 21, removedIn: 27 },
  { apiVersion: "flowcontrol.apiserver.k8s.io/v1beta2", kinds: ["FlowSchema", "PriorityLevelConfiguration"], since: 23, removedIn: 29 },
  { apiVersion: "flowcontrol.apiserver.k8s.io/v1beta3", kinds: ["FlowSchema", "PriorityLevelConfiguration"], since: 26, removedIn: 32 },
  // Served by 1.34, but not by default from 1.20 on.
  { apiVersion: "batch/v1", kinds: ["CronJob"], since: 21 },
  { apiVersion: "discovery.k8s.io/v1", kinds: ["EndpointSlice"], since: 21 },
  { apiVersion: "policy/v1", kinds: ["PodDisruptionBudget"], since: 21 },
  { apiVersion: "autoscaling/v2", kinds: ["HorizontalPodAutoscaler"], since: 23 },
  { apiVersion: "storage.k8s.io/v1", kinds: ["CSIStorageCapacity"], since: 24 },
  { apiVersion: "authentication.k8s.io/v1", kinds: ["SelfSubjectReview"], since: 28 },
  { apiVersion: "flowcontrol.apiserver.k8s.io/v1", kinds: ["FlowSchema", "PriorityLevelConfiguration"], since: 29 },
  { apiVersion: "admissionregistration.k8s.io/v1", kinds: ["ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding"], since: 30 },
  { apiVersion: "networking.k8s.io/v1", kinds: ["IPAddress", "ServiceCIDR"], since: 33 },
  { apiVersion: "resource.k8s.io/v1", kinds: ["DeviceClass", "ResourceClaim", "ResourceClaimTemplate", "ResourceSlice"], since: 34 },
  { apiVersion: "storage.k8s.io/v1", kinds: ["VolumeAttributesClass"], since: 34 }
];
var servedAt = (served, minor) => (served.since === void 0 || served.since <= minor) && (served.removedIn === void 0 || minor < served.removedIn);
function builtInKinds(version) {
  const minor = version.major === 1 ? Math.min(version.minor, apiTableMinor) : apiTableMinor;
  const kinds = new Map(Object.entries(api_versions_1_34_default.kinds).map(([gv, list]) => [gv, new Set(list)]));
  for (const change of changes) {
    const served = servedAt(change, minor);
    const set = kinds.get(change.apiVersion) ?? /* @__PURE__ */ new Set();
    for (const kind of change.kinds) {
      if (served) set.add(kind);
      else set.delete(kind);
    }
    if (set.size > 0) kinds.set(change.apiVersion, set);
    else kinds.delete(change.apiVersion);
  }
  return kinds;
}
function builtInApiVersions(version) {
  const out = [];
  for (const [gv, set] of [...builtInKinds(version)].sort(([a], [b]) => a.localeCompare(b))) {
    out.push(gv, ...[...set].sort().map((kind) => `${gv}/${kind}`));
  }
  return out;
}

// src/sources/render/line-markers.ts
var markerPattern = / #tg@(\d+):(\d+)/g;
var actionOnly = /^(\{\{.*?\}\}\s*)+$/;
function markTemplate(text, fileIndex) {
  let depth = 0;
  return text.split("\n").map((line, index) => {
    const before = depth;
    depth += (line.match(/\{\{/g) ?? []).length - (line.match(/\}\}/g) ?? []).length;
    if (depth < 0) depth = 0;
    if (before > 0 || depth > 0 || line.trim() === "" || line.endsWith("\\")) return line;
    const trimmed = line.trim();
    if (trimmed.endsWith("-}}") || actionOnly.test(trimmed) && !trimmed.startsWith("{{-")) return line;
    return `${line} #tg@${fileIndex}:${index + 1}`;
  }).join("\n");
}
function readMarkers(line) {
  const marks = [...line.matchAll(markerPattern)].map((m) => ({ file: Number(m[1]), line: Number(m[2]) }));
  return { text: marks.length === 0 ? line : line.replace(markerPattern, ""), marks };
}
var keyOf = (line) => /^\s*(?:-\s+)?([^\s:#{}[\],]+)\s*:(\s|$)/.exec(line)?.[1];
function mapByMarkers(rendered, marked, files) {
  const lines = rendered.split("\n");
  const markedLines = marked.split("\n");
  if (lines.length !== markedLines.length) return void 0;
  const sources = files.map((f) => f.content.split("\n"));
  const mapped = [];
  for (let i = 0; i < lines.length; i++) {
    const here = lines[i];
    const { text, marks } = readMarkers(markedLines[i]);
    if (text.trimEnd() !== here.trimEnd()) {
      mapped.push(void 0);
      continue;
    }
    const key = keyOf(here);
    const chosen = (key !== void 0 ? marks.find((m) => keyOf(sources[m.file]?.[m.line - 1] ?? "") === key) : void 0) ?? marks[0];
    const file = chosen ? files[chosen.file] : void 0;
    if (!chosen || !file) {
      mapped.push(void 0);
      continue;
    }
    const source = sources[chosen.file]?.[chosen.line - 1] ?? "";
    mapped.push({ file: file.file, line: chosen.line, exact: source === here, sameText: source.trim() === here.trim() });
  }
  return mapped;
}

// src/sources/render/tools.ts
import { spawnSync } from "node:child_process";
import { existsSync as existsSync2, mkdtempSync, readdirSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { delimiter, join as join2 } from "node:path";
function toolCacheDir() {
  return join2(process.env.XDG_CACHE_HOME ?? join2(homedir(), ".cache"), "termination-guard", "go");
}
function onPath(binary) {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (dir && existsSync2(join2(dir, binary))) return join2(dir, binary);
  }
  return void 0;
}
function inCache(name) {
  const cache = toolCacheDir();
  if (!existsSync2(cache)) return void 0;
  const dirs = readdirSync(cache).filter((d) => d.startsWith(`bin-${name}-`)).sort().reverse();
  for (const dir of dirs) if (existsSync2(join2(cache, dir, name))) return join2(cache, dir, name);
  return void 0;
}
function findTool(name) {
  const override = process.env[name === "helm" ? "TG_HELM" : "TG_KUSTOMIZE"];
  if (override !== void 0) return override === "" || !existsSync2(override) ? void 0 : { name, argv: [override] };
  const binary = onPath(name) ?? inCache(name);
  if (binary) return { name, argv: [binary] };
  if (name === "kustomize") {
    const kubectl = onPath("kubectl");
    if (kubectl) return { name, argv: [kubectl, "kustomize"] };
  }
  return void 0;
}
var helmHome;
var renderMemoryBytes = 3 * 1024 ** 3;
var nowhere = "http://127.0.0.1:9";
var isolation;
function renderIsolation() {
  if (isolation) return isolation;
  const works = (argv) => spawnSync(argv[0], [...argv.slice(1), "true"], { stdio: "ignore", timeout: 5e3 }).status === 0;
  const netns = process.platform !== "linux" ? [] : [["unshare", "--net"], ["unshare", "--map-root-user", "--net"]].find(works) ?? [];
  const memory = process.platform === "linux" && works(["prlimit", `--as=${renderMemoryBytes}`, "--"]) ? ["prlimit", `--as=${renderMemoryBytes}`, "--"] : [];
  isolation = [...netns, ...netns.length > 0 ? ["--"] : [], ...memory];
  return isolation;
}
function runTool(tool, args, cwd, timeoutMs) {
  helmHome ??= mkdtempSync(join2(tmpdir(), "tg-helm-home-"));
  const env = {
    PATH: process.env.PATH ?? "",
    HOME: helmHome,
    HELM_CACHE_HOME: join2(helmHome, "cache"),
    HELM_CONFIG_HOME: join2(helmHome, "config"),
    HELM_DATA_HOME: join2(helmHome, "data"),
    HELM_PLUGINS: join2(helmHome, "plugins"),
    KUBECONFIG: join2(helmHome, "no-kubeconfig"),
    // The second line of defence, where no namespace could be had (Go's clients read these).
    HTTP_PROXY: nowhere,
    HTTPS_PROXY: nowhere,
    ALL_PROXY: nowhere,
    http_proxy: nowhere,
    https_proxy: nowhere,
    NO_PROXY: "",
    no_proxy: "",
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_TERMINAL_PROMPT: "0"
  };
  const started = performance.now();
  const command = [...renderIsolation(), ...tool.argv, ...args];
  const result = spawnSync(command[0], command.slice(1), {
    cwd,
    env,
    encoding: "utf8",
    timeout: timeoutMs,
    killSignal: "SIGKILL",
    maxBuffer: 256 * 1024 * 1024
  });
  const timedOut = result.error?.code === "ETIMEDOUT";
  return {
    ok: result.status === 0 && !result.error,
    stdout: result.stdout ?? "",
    stderr: (result.stderr ?? "") + (result.error && !timedOut ? String(result.error.message) : ""),
    timedOut,
    ms: performance.now() - started
  };
}

// src/sources/render/helm.ts
var chartFile = /(^|\/)Chart\.yaml$/;
function findCharts(files) {
  const dirs = files.filter((f) => chartFile.test(f)).map((f) => posix2.dirname(f));
  return dirs.filter((dir) => !dirs.some((other) => other !== dir && (other === "." || dir.startsWith(`${other}/`))));
}
function chartName(chartYaml, dir) {
  return asString(asRecord(readYamlOrUndefined(chartYaml ?? ""))?.name) ?? posix2.basename(dir);
}
function isLibraryChart(chartYaml) {
  return asString(asRecord(readYamlOrUndefined(chartYaml ?? ""))?.type) === "library";
}
function valuesSetsOf(dir, files, extra) {
  const ci = files.map((f) => dir === "." ? f : f.slice(dir.length + 1)).filter((f) => /^ci\/[^/]+-values\.ya?ml$/.test(f)).sort();
  return [{ label: "default values", files: [], set: [] }, ...ci.map((f) => ({ label: `values ${f}`, files: [f], set: [] })), ...extra];
}
function firstLines(text, count = 6) {
  return text.trim().split("\n").slice(0, count).join(" \u23CE ");
}
function apiVersionArgs(options) {
  const version = parseKubeVersion(options.kubernetesVersion);
  const all = /* @__PURE__ */ new Set([...version ? builtInApiVersions(version) : [], ...options.apiVersions ?? []]);
  return [...all].map((apiVersion) => `--api-versions=${apiVersion}`);
}
function renderChart(chart, values, options) {
  const render = `chart ${chart.dir} \xB7 ${values.label}`;
  const where = { file: posix2.join(chart.dir, "Chart.yaml"), line: 1 };
  const args = [
    "template",
    options.releaseName ?? chart.name,
    posix2.join(options.root, chart.dir),
    "--namespace",
    options.namespace,
    "--kube-version",
    `v${options.kubernetesVersion}.0`,
    "--skip-tests",
    ...apiVersionArgs(options),
    ...values.files.flatMap((f) => ["--values", posix2.join(options.root, chart.dir, f)]),
    ...values.set.flatMap((s) => ["--set", s])
  ];
  const run = runTool(options.tool, args, options.root, options.timeoutMs);
  if (run.timedOut) {
    return { files: [], errors: [{ ...where, message: `helm template (${render}) did not finish within ${options.timeoutMs / 1e3} s; raise render.timeoutSeconds in the config, or check the chart for runaway loops` }], ms: run.ms };
  }
  if (!run.ok) {
    const missing = /found in Chart\.yaml, but missing in charts\/ directory: ([^\n]+)/.exec(run.stderr);
    const message = missing ? `chart ${chart.dir} needs dependencies that are not vendored in charts/ (${missing[1]?.trim()}); run \`helm dependency build ${chart.dir}\` and commit charts/, the render cannot download them` : `helm template failed (${render}): ${firstLines(run.stderr)}`;
    return { files: [], errors: [{ ...where, message }], ms: run.ms };
  }
  const rendered = byTemplate(chart, run.stdout);
  const marked = markedRender(chart, args, options, rendered);
  const files = [];
  for (const [path, content] of rendered) {
    const template = options.read(path);
    const aligned = buildOrigin(render, content, template === void 0 ? [] : [{ file: path, content: template }], path);
    const markedOutput = marked?.output.get(path);
    let byMarkers;
    const markerLine = (line) => {
      byMarkers ??= { lines: markedOutput !== void 0 && marked ? mapByMarkers(content, markedOutput, marked.templates) : void 0 };
      return byMarkers.lines?.[line - 1];
    };
    const origin = { ...aligned, map: (line) => markerLine(line) ?? aligned.map(line) };
    files.push({ path, content, origin });
  }
  return { files, errors: [], ms: run.ms + (marked?.ms ?? 0) };
}
function byTemplate(chart, stdout) {
  const documents = /* @__PURE__ */ new Map();
  for (const document of stdout.split(/^---[ \t]*$/m)) {
    const source = /^# Source: ([^\n]+)$/m.exec(document)?.[1]?.trim();
    if (!source || document.replace(/^#.*$/gm, "").trim() === "") continue;
    const path = posix2.join(chart.dir, source.split("/").slice(1).join("/"));
    documents.set(path, [...documents.get(path) ?? [], document.replace(/^\n/, "")]);
  }
  return new Map([...documents].map(([path, list]) => [path, list.join("---\n")]));
}
var templateFile = /(^|\/)templates\/.+\.(ya?ml|tpl)$/;
function withoutEdgeMarkers(stdout) {
  return stdout.split(/^(?=---[ \t]*$)/m).map((document) => {
    const lines = document.split("\n");
    const markerOnly = (line) => line !== void 0 && /^\s*(#tg@\d+:\d+\s*)+$/.test(line);
    const start = lines.findIndex((line) => line.startsWith("# Source: ")) + 1;
    while (start > 0 && markerOnly(lines[start])) lines.splice(start, 1);
    let end = lines.length - 1;
    while (end >= 0 && (lines[end] === "" || markerOnly(lines[end]))) {
      if (markerOnly(lines[end])) lines.splice(end, 1);
      end--;
    }
    return lines.join("\n");
  }).join("");
}
function onlyInert(template, output) {
  if (/\{\{-?\s*(define|block)\b/.test(template)) return false;
  if (output === void 0) return true;
  return splitDocuments(output).every((chunk) => {
    if (!/^[^#\s-]/m.test(chunk.text.replace(/^---.*$/m, ""))) return true;
    const kind = topLevelKind(chunk.text);
    return kind !== void 0 && contextFreeKinds.has(kind);
  });
}
function markedRender(chart, args, options, rendered) {
  const templates = [...chart.inputs].filter((path) => templateFile.test(path)).sort();
  const contents = templates.map((file) => ({ file, content: options.read(file) ?? "" }));
  const copy = mkdtempSync2(join3(tmpdir2(), "tg-marked-"));
  try {
    for (const path of chart.inputs) {
      const from = join3(options.root, path);
      const to = join3(copy, path);
      if (!existsSync3(from)) continue;
      mkdirSync2(dirname2(to), { recursive: true });
      const index = templates.indexOf(path);
      if (index >= 0) writeFileSync2(to, onlyInert(contents[index]?.content ?? "", rendered.get(path)) ? "" : markTemplate(contents[index]?.content ?? "", index));
      else copyFileSync(from, to);
    }
    const chartPath = posix2.join(options.root, chart.dir);
    const run = runTool(options.tool, args.map((arg) => arg === chartPath ? posix2.join(copy, chart.dir) : arg), copy, options.timeoutMs);
    return run.ok ? { output: byTemplate(chart, withoutEdgeMarkers(run.stdout)), templates: contents, ms: run.ms } : void 0;
  } finally {
    rmSync2(copy, { recursive: true, force: true });
  }
}

// src/sources/render/kustomize.ts
var import_yaml = __toESM(require_dist(), 1);
import { posix as posix3 } from "node:path";
var kustomizationNames = ["kustomization.yaml", "kustomization.yml", "Kustomization"];
var kustomizationFile = /(^|\/)(kustomization\.ya?ml|Kustomization)$/;
function findKustomizations(files) {
  return files.filter((f) => kustomizationFile.test(f)).map((f) => posix3.dirname(f));
}
var remote = (entry) => /^[a-z]+:\/\/|^git@|github\.com\/|\?ref=/.test(entry);
function referencedPaths(document) {
  const strings = (value) => asArray(value).filter((v) => typeof v === "string" && !v.includes("\n"));
  const resources = [...strings(document.resources), ...strings(document.bases), ...strings(document.components), ...strings(document.crds)];
  const patches = [...strings(document.patchesStrategicMerge)];
  for (const field of ["patches", "patchesJson6902", "replacements"]) {
    for (const entry of asArray(document[field])) {
      const path = asString(asRecord(entry)?.path);
      if (path) patches.push(path);
    }
  }
  const files = [];
  for (const field of ["configMapGenerator", "secretGenerator"]) {
    for (const generator of asArray(document[field]).map(asRecord)) {
      for (const entry of [...strings(generator?.files), ...strings(generator?.envs)]) files.push(entry.includes("=") ? entry.slice(entry.indexOf("=") + 1) : entry);
      const env = asString(generator?.env);
      if (env) files.push(env);
    }
  }
  const openapi = asString(asRecord(document.openapi)?.path);
  if (openapi) files.push(openapi);
  return { resources, files, patches };
}
function refusedReference(kdir, entry) {
  if (remote(entry) || /^[a-z][a-z0-9+.-]*:/i.test(entry)) return "a remote reference (renders never fetch anything)";
  if (posix3.isAbsolute(entry)) return "an absolute path (outside the repository)";
  const path = posix3.normalize(posix3.join(kdir, entry));
  if (path === ".." || path.startsWith("../")) return "outside the repository";
  return void 0;
}
async function kustomizeRoot(tree, dir, errors) {
  const root = { kind: "kustomize", dir, inputs: /* @__PURE__ */ new Set(), references: /* @__PURE__ */ new Set(), patches: [], file: "" };
  const seen = /* @__PURE__ */ new Set();
  const visit = async (kdir) => {
    if (seen.has(kdir)) return;
    seen.add(kdir);
    const listing = await tree.files(kdir);
    const file = kustomizationNames.map((n) => posix3.join(kdir, n)).find((p) => listing.includes(p));
    if (!file) return;
    if (kdir === dir) root.file = file;
    else root.references.add(kdir);
    root.inputs.add(file);
    const text = (await tree.read(file))?.toString("utf8") ?? "";
    let document;
    try {
      document = asRecord(readYaml(text));
    } catch (error) {
      if (!(error instanceof YamlTextError)) throw error;
      errors.push({ file, line: lineOf(lineStarts(text), error.offset), message: `invalid kustomization: ${error.message}` });
      return;
    }
    if (!document) return;
    const { resources, files, patches } = referencedPaths(document);
    const lines = text.split("\n");
    for (const entry of [...resources, ...files, ...patches]) {
      const reason = refusedReference(kdir, entry);
      if (!reason) continue;
      root.refused = true;
      const line = lines.findIndex((l) => l.includes(entry)) + 1 || 1;
      errors.push({ file, line, message: `not built: \`${entry}\` is ${reason}` });
    }
    if (root.refused) return;
    for (const entry of files) root.inputs.add(posix3.normalize(posix3.join(kdir, entry)));
    for (const entry of patches) {
      const path = posix3.normalize(posix3.join(kdir, entry));
      root.inputs.add(path);
      root.patches.push(path);
    }
    for (const entry of resources) {
      const path = posix3.normalize(posix3.join(kdir, entry));
      const under = listing.length > 0 ? await tree.files(path) : [];
      if (under.length === 1 && under[0] === path) root.inputs.add(path);
      else if (under.some((p) => kustomizationFile.test(p) && posix3.dirname(p) === path)) await visit(path);
      else root.inputs.add(path);
    }
  };
  await visit(dir);
  return root;
}
function withOriginAnnotations(text) {
  const document = (0, import_yaml.parseDocument)(text, yamlOptions);
  const [error] = document.errors;
  if (error) throw new YamlTextError(error.message, error.pos[0], error.code);
  if (document.contents !== null && !(0, import_yaml.isMap)(document.contents)) throw new YamlTextError("a kustomization must be a mapping", document.contents.range?.[0] ?? 0);
  const current = document.get("buildMetadata", true);
  if ((0, import_yaml.isSeq)(current)) {
    if (!current.items.some((item) => (0, import_yaml.isScalar)(item) && item.value === "originAnnotations")) current.add(document.createNode("originAnnotations"));
  } else {
    document.set("buildMetadata", document.createNode(["originAnnotations"], { flow: true }));
  }
  return document.toString({ lineWidth: 0 });
}
function stripOrigin(document) {
  const lines = document.split("\n");
  const at = lines.findIndex((l) => /^\s+config\.kubernetes\.io\/origin:\s*\|/.test(l));
  if (at === -1) return { text: document };
  const indent = (l) => l.length - l.trimStart().length;
  let end = at + 1;
  while (end < lines.length && (lines[end]?.trim() === "" || indent(lines[end]) > indent(lines[at]))) end++;
  const body = lines.slice(at + 1, end).map((l) => l.trim());
  const value = (key) => body.find((l) => l.startsWith(`${key}:`))?.slice(key.length + 1).trim();
  let start = at;
  const parent = lines[at - 1];
  if (parent !== void 0 && /^\s*annotations:\s*$/.test(parent) && (end >= lines.length || indent(lines[end]) <= indent(parent))) start = at - 1;
  lines.splice(start, end - start);
  const text = lines.join("\n");
  const origin = value("path") ?? value("configuredIn");
  return { text, ...origin ? { origin } : {} };
}
function renderKustomization(k, options) {
  const render = `overlay ${k.dir}`;
  const where = { file: k.file || posix3.join(k.dir, "kustomization.yaml"), line: 1 };
  const args = options.tool.argv.length > 1 ? [posix3.join(options.root, k.dir)] : ["build", posix3.join(options.root, k.dir)];
  const run = runTool(options.tool, args, options.root, options.timeoutMs);
  if (run.timedOut) return { files: [], errors: [{ ...where, message: `kustomize build of ${k.dir} did not finish within ${options.timeoutMs / 1e3} s` }], ms: run.ms };
  if (!run.ok) {
    const text = run.stderr.trim().split("\n").slice(-4).join(" \u23CE ").replaceAll(options.root + "/", "");
    return { files: [], errors: [{ ...where, message: `kustomize build ${k.dir} failed: ${text}` }], ms: run.ms };
  }
  const byOrigin = /* @__PURE__ */ new Map();
  for (const raw of run.stdout.split(/^---[ \t]*$/m)) {
    if (raw.trim() === "") continue;
    const { text, origin } = stripOrigin(raw.replace(/^\n/, ""));
    const file = origin ? posix3.normalize(posix3.join(k.dir, origin)) : where.file;
    byOrigin.set(file, [...byOrigin.get(file) ?? [], text]);
  }
  const files = [];
  const patchTexts = k.patches.map((path) => ({ file: path, content: options.read(path) ?? "" })).filter((p) => p.content !== "");
  for (const [file, documents] of byOrigin) {
    const content = documents.join("---\n");
    const names = [...content.matchAll(/^\s{2}name:\s*(\S+)\s*$/gm)].map((m) => m[1]);
    const patches = patchTexts.filter((p) => [...p.content.matchAll(/^\s*name:\s*(\S+)\s*$/gm)].some((m) => names.some((n) => n.includes(m[1]))));
    const own = options.read(file);
    const candidates = [...own === void 0 ? [] : [{ file, content: own }], ...patches];
    files.push({ path: file, content, origin: buildOrigin(render, content, candidates, file) });
  }
  return { files, errors: [], ms: run.ms };
}

// src/sources/render/index.ts
async function discover(tree, scopes, settings) {
  const errors = [];
  const files = (await Promise.all(scopes.map((s) => tree.files(s)))).flat();
  const roots = [];
  const consumed = /* @__PURE__ */ new Set();
  for (const dir of findCharts(files)) {
    const chartFiles = await tree.files(dir);
    const chartYaml = (await tree.read(posix4.join(dir, "Chart.yaml")))?.toString("utf8");
    if (isLibraryChart(chartYaml)) {
      for (const f of chartFiles) consumed.add(f);
      continue;
    }
    const name = chartName(chartYaml, dir);
    const extra = (settings.values[dir] ?? []).map((list) => ({ label: `values ${list.join(", ")}`, files: list, set: [] }));
    const valuesSets = settings.only ? [{ label: `values ${[...settings.only.files, ...settings.only.set.map((s) => `--set ${s}`)].join(", ") || "defaults"}`, files: settings.only.files, set: settings.only.set }] : valuesSetsOf(dir, chartFiles, extra);
    const inputs = new Set(chartFiles);
    const confinedSets = valuesSets.filter((set) => {
      const outside = set.files.map((f) => ({ f, reason: refusedReference(dir, f) })).find((r) => r.reason !== void 0);
      if (outside !== void 0) {
        errors.push({ file: posix4.join(dir, "Chart.yaml"), line: 1, message: `not rendered with ${set.label}: \`${outside.f}\` is ${outside.reason}` });
        return false;
      }
      for (const f of set.files) inputs.add(posix4.normalize(posix4.join(dir, f)));
      return true;
    });
    const schemaRefs = await externalSchemaRefs(tree, chartFiles);
    if (schemaRefs) {
      errors.push({ file: schemaRefs.file, line: schemaRefs.line, message: `chart not rendered: the values schema refers to \`${schemaRefs.ref}\`, outside itself (renders never fetch anything)` });
      for (const f of chartFiles) consumed.add(f);
      continue;
    }
    roots.push({ kind: "helm", dir, name, inputs, valuesSets: confinedSets });
    for (const f of chartFiles) consumed.add(f);
  }
  const charts = new Set(roots.map((r) => r.dir));
  const kustomizations = [];
  for (const dir of [...new Set(findKustomizations(files))].sort()) {
    if ([...charts].some((c) => dir === c || dir.startsWith(`${c}/`))) continue;
    kustomizations.push(await kustomizeRoot(tree, dir, errors));
  }
  const referenced = new Set(kustomizations.flatMap((k) => [...k.references]));
  for (const k of kustomizations) {
    for (const f of k.inputs) consumed.add(f);
    if (!referenced.has(k.dir)) roots.push(k);
  }
  return { roots, consumed, errors };
}
async function externalSchemaRefs(tree, chartFiles) {
  for (const file of chartFiles.filter((f) => posix4.basename(f) === "values.schema.json")) {
    const lines = ((await tree.read(file))?.toString("utf8") ?? "").split("\n");
    for (const [index, line] of lines.entries()) {
      for (const match of line.matchAll(/"\$(?:ref|dynamicRef|recursiveRef)"\s*:\s*"([^"]*)"/g)) {
        const ref = match[1];
        if (!ref.startsWith("#")) return { file, line: index + 1, ref };
      }
    }
  }
  return void 0;
}
function missingTool(name, root) {
  const file = root.kind === "helm" ? posix4.join(root.dir, "Chart.yaml") : root.file;
  const install = name === "helm" ? "install Helm 3 (on GitHub runners it is preinstalled; locally `npm run setup-tools` builds it), or set TG_HELM to its path" : "install kustomize or kubectl (preinstalled on GitHub runners; locally `npm run setup-tools` builds kustomize), or set TG_KUSTOMIZE";
  return { file, line: 1, message: `${root.kind === "helm" ? `chart ${root.dir}` : `overlay ${root.dir}`} was not rendered: \`${name}\` is not available; ${install}` };
}
async function renderRoots(tree, roots, settings) {
  const out = { files: [], errors: [], timings: [] };
  const tools = /* @__PURE__ */ new Map();
  const tool = (name) => {
    if (!tools.has(name)) tools.set(name, findTool(name));
    return tools.get(name);
  };
  const renderable = roots.filter((root) => !(root.kind === "kustomize" && root.refused));
  const total = renderable.reduce((sum, root) => sum + (root.kind === "helm" ? root.valuesSets.length : 1), 0);
  let done = 0;
  const rendered = (label) => settings.progress?.(`rendered ${++done} of ${total}: ${label}`);
  for (const root of roots) {
    if (root.kind === "kustomize" && root.refused) continue;
    const helm = root.kind === "helm" ? tool("helm") : void 0;
    const kustomize = root.kind === "kustomize" ? tool("kustomize") : void 0;
    if (!helm && !kustomize) {
      out.errors.push(missingTool(root.kind === "helm" ? "helm" : "kustomize", root));
      continue;
    }
    const copy = mkdtempSync3(join4(tmpdir3(), "tg-render-"));
    try {
      const copied = await materialize(tree, root.inputs, copy);
      const read = (path) => copied.get(path)?.toString("utf8");
      const timeoutMs = settings.timeoutSeconds * 1e3;
      if (root.kind === "helm" && helm) {
        for (const values of root.valuesSets) {
          const result = renderChart(root, values, { tool: helm, root: copy, kubernetesVersion: settings.kubernetesVersion, namespace: settings.namespace, timeoutMs, read, apiVersions: settings.apiVersions ?? [], ...settings.releaseName ? { releaseName: settings.releaseName } : {} });
          out.files.push(...result.files);
          out.errors.push(...result.errors);
          out.timings.push(`chart ${root.dir} \xB7 ${values.label}: ${Math.round(result.ms)} ms, ${result.files.length} templates (${tree.label})`);
          rendered(`chart ${root.dir} \xB7 ${values.label}`);
        }
      } else if (root.kind === "kustomize" && kustomize) {
        const original = read(root.file);
        if (original !== void 0) {
          try {
            writeFileSync3(join4(copy, root.file), withOriginAnnotations(original));
          } catch {
          }
        }
        const result = renderKustomization(root, { tool: kustomize, root: copy, timeoutMs, read });
        out.files.push(...result.files);
        out.errors.push(...result.errors);
        out.timings.push(`overlay ${root.dir}: ${Math.round(result.ms)} ms, ${result.files.length} source files (${tree.label})`);
        rendered(`overlay ${root.dir}`);
      }
    } finally {
      removeDir(copy);
    }
  }
  return out;
}
function touchedRoots(roots, changed) {
  return roots.filter((root) => [...changed].some((path) => root.inputs.has(path) || root.kind === "helm" && (root.dir === "." || path.startsWith(`${root.dir}/`))));
}
async function treeSources(tree, scopes, settings, plain, select = (roots) => roots) {
  if (!settings.enabled) return { ...plain, timings: [], discovery: { roots: [], consumed: /* @__PURE__ */ new Set(), errors: [] } };
  const discovery = await discover(tree, scopes, settings);
  const roots = select(discovery.roots);
  const apiVersions = roots.some((root) => root.kind === "helm") ? [...settings.apiVersions ?? [], ...crdApiVersions(plain.files)] : [];
  const rendered = await renderRoots(tree, roots, { ...settings, apiVersions });
  return {
    files: [...plain.files.filter((f) => !discovery.consumed.has(f.path)), ...rendered.files],
    errors: [...plain.errors, ...discovery.errors, ...rendered.errors],
    timings: rendered.timings,
    discovery
  };
}
async function changeSources(trees, changedPaths, scopes, settings, plain) {
  const select = (roots2) => touchedRoots(roots2, changedPaths);
  const head = await treeSources(trees.head, scopes, settings, plain.head, select);
  const base = await treeSources(trees.base, scopes, settings, { files: await plain.base(), errors: [] }, select);
  const roots = [...select(head.discovery.roots), ...select(base.discovery.roots)];
  const rendered = [...new Set(roots.map((r) => `${r.kind === "helm" ? "chart" : "overlay"} ${r.dir}`))];
  return { head, base, rendered, renderedDirs: [...new Set(roots.map((r) => r.dir))], consumed: /* @__PURE__ */ new Set([...head.discovery.consumed, ...base.discovery.consumed]) };
}

// src/github/errors.ts
var GitHubApiError = class extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
  status;
};
function explain(error, action, permission) {
  const status = error.status ?? 0;
  const detail = error.message ?? String(error);
  const advice = status === 401 ? "the token is invalid or expired" : status === 403 ? `the token lacks \`${permission}\` (fork pull requests get a read-only token: see the two-workflow pattern in the README)` : status === 404 ? `not found, or the token cannot see it (needs \`${permission}\`)` : detail;
  return new GitHubApiError(`could not ${action}: ${advice} (HTTP ${status})`, status);
}
function isWriteDenied(error) {
  return error instanceof GitHubApiError && (error.status === 403 || error.status === 401);
}

// src/github/changes.ts
var pullFilesCap = 3e3;
var compareFilesCap = 300;
function toChanged(file) {
  switch (file.status) {
    case "added":
    case "copied":
      return { status: "added", path: file.filename };
    case "removed":
      return { status: "deleted", path: file.filename };
    case "renamed":
      return { status: "renamed", path: file.filename, ...file.previous_filename ? { previousPath: file.previous_filename } : {} };
    case "unchanged":
      return void 0;
    default:
      return { status: "modified", path: file.filename };
  }
}
async function listPullFiles(github, where, number) {
  try {
    const files = await github.paginate(github.rest.pulls.listFiles, { owner: where.owner, repo: where.repo, pull_number: number, per_page: 100 });
    return { files, ...files.length >= pullFilesCap ? { capped: pullFilesCap } : {} };
  } catch (error) {
    throw explain(error, `list the files of pull request #${number}`, "pull-requests: read");
  }
}
async function changeFromApi(github, where, base, head, number) {
  let comparison;
  try {
    comparison = (await github.rest.repos.compareCommitsWithBasehead({ owner: where.owner, repo: where.repo, basehead: `${base}...${head}`, per_page: number ? 1 : 100 })).data;
  } catch (error) {
    throw explain(error, `compare ${base.slice(0, 12)}...${head.slice(0, 12)}`, "contents: read");
  }
  const mergeBase = comparison.merge_base_commit.sha;
  if (number === void 0) {
    const listed2 = comparison.files ?? [];
    const files2 = listed2.map(toChanged).filter((f) => f !== void 0);
    return { files: files2, mergeBase, ...listed2.length >= compareFilesCap ? { capped: compareFilesCap } : {} };
  }
  const listed = await listPullFiles(github, where, number);
  const files = listed.files.map(toChanged).filter((f) => f !== void 0);
  return { files, mergeBase, ...listed.capped ? { capped: listed.capped } : {} };
}
async function fileAt(github, where, path, ref) {
  try {
    const response = await github.rest.repos.getContent({ owner: where.owner, repo: where.repo, path, ref, mediaType: { format: "raw" } });
    return typeof response.data === "string" ? response.data : Buffer.from(response.data).toString("utf8");
  } catch (error) {
    if (error.status === 404) return void 0;
    throw explain(error, `read ${path} at ${ref.slice(0, 12)}`, "contents: read");
  }
}
async function baseTreeFromApi(github, where, headFiles, change, wanted) {
  const touched = /* @__PURE__ */ new Set();
  const basePaths = [];
  for (const file of change.files) {
    touched.add(file.path);
    if (file.previousPath) touched.add(file.previousPath);
    const basePath = file.status === "renamed" ? file.previousPath : file.status === "added" ? void 0 : file.path;
    if (basePath && wanted(basePath)) basePaths.push(basePath);
  }
  const tree = headFiles.filter((f) => !touched.has(f.path));
  for (let i = 0; i < basePaths.length; i += 8) {
    const batch = basePaths.slice(i, i + 8);
    const contents = await Promise.all(batch.map((path) => fileAt(github, where, path, change.mergeBase)));
    batch.forEach((path, j) => {
      const content = contents[j];
      if (content !== void 0) tree.push({ path, content });
    });
  }
  return tree;
}

// src/pipeline/change.ts
function imagesOf(tree, settings) {
  return readImageFiles(tree, settings.paths, settings.config.images, settings.config.file ?? defaultConfigPath, settings.repository);
}
async function changedTrees(settings, change, adapters) {
  const git = new GitSource(settings.root);
  const trees = change.source === "git" ? fromGitRefs(git, settings, change) : await fromPullRequest(git, settings, change, adapters);
  for (const file of trees.changed) adapters.log.debug(`${file.status.padEnd(8)} ${file.previousPath ? `${file.previousPath} \u2192 ` : ""}${file.path}`);
  return trees;
}
function inPaths(settings) {
  return (f) => isUnder(f.path, settings.paths) || f.previousPath !== void 0 && isUnder(f.previousPath, settings.paths);
}
function fromGitRefs(git, settings, change) {
  const baseCommit = git.resolve(change.base);
  const headCommit = change.head ? git.resolve(change.head) : void 0;
  const from = headCommit ? git.mergeBase(baseCommit, headCommit) : git.forkPoint(baseCommit);
  const all = git.changedFiles(from, headCommit);
  return {
    changed: all.filter(inPaths(settings)),
    all,
    head: headCommit ? gitTree(git, headCommit) : fsTree(settings.root, "the checkout", outsideRoots(settings.paths)),
    base: gitTree(git, from, `base ${from.slice(0, 12)}`),
    headPlain: () => headCommit ? git.filesAt(headCommit, settings.paths) : readManifestFiles(settings.paths, settings.root),
    basePlain: async () => git.filesAt(from, settings.paths).files,
    baseLabel: `${change.base} (${from.slice(0, 12)})`
  };
}
async function fromPullRequest(git, settings, change, adapters) {
  const headPlain = () => readManifestFiles(settings.paths, settings.root);
  const head = fsTree(settings.root);
  try {
    git.ensureCommit(change.baseSha);
    const forkPoint = git.forkPoint(change.baseSha);
    const all = git.changedFiles(forkPoint);
    return {
      changed: all.filter(inPaths(settings)),
      all,
      head,
      base: gitTree(git, forkPoint, `base ${forkPoint.slice(0, 12)}`),
      headPlain,
      basePlain: async () => git.filesAt(forkPoint, settings.paths).files,
      baseLabel: forkPoint.slice(0, 12)
    };
  } catch (error) {
    if (!(error instanceof GitError) || !adapters.github) throw error;
    adapters.log.warning(`git cannot tell what changed (${error.message}); reading the change over the REST API instead`);
  }
  const github = adapters.github;
  const api = await changeFromApi(github, change, change.baseSha, change.headSha, change.number);
  const changed = api.files.filter(inPaths(settings));
  return {
    changed,
    all: api.files,
    head,
    base: undoneTree(head, api.files, (path) => fileAt(github, change, path, api.mergeBase), `base ${api.mergeBase.slice(0, 12)}`),
    headPlain,
    basePlain: (headFiles) => baseTreeFromApi(github, change, headFiles, { ...api, files: changed.filter((f) => isManifestFile(f.path)) }, (p) => isManifestFile(p) && isUnder(p, settings.paths)),
    baseLabel: api.mergeBase.slice(0, 12),
    ...api.capped ? {
      problem: {
        file: ".",
        line: 1,
        message: `GitHub lists only the first ${api.capped.toLocaleString("en-US")} changed files over the API; manifests past them were not compared. Check out with fetch-depth: 0 so git can list them all.`
      }
    } : {}
  };
}
async function changeInputs(trees, settings, adapters) {
  const headPlain = trees.headPlain();
  const changedPaths = new Set(trees.changed.flatMap((c) => [c.path, ...c.previousPath ? [c.previousPath] : []]));
  const sources = await changeSources({ head: trees.head, base: trees.base }, changedPaths, settings.paths, withProgress(settings.render, adapters), { head: headPlain, base: () => trees.basePlain(headPlain.files) });
  for (const timing of [...sources.head.timings, ...sources.base.timings]) adapters.log.debug(`rendered ${timing}`);
  const changedPlain = (path) => path !== void 0 && isManifestFile(path) && !sources.consumed.has(path);
  const plainChanged = trees.changed.some((f) => changedPlain(f.path) || changedPlain(f.previousPath));
  const images = { head: await imagesOf(trees.head, settings), base: await imagesOf(trees.base, settings) };
  const imageInputs2 = new Set([...images.head.files, ...images.base.files].map((f) => f.path));
  const imagesChanged = trees.all.some((f) => imageInputs2.has(f.path) || f.previousPath !== void 0 && imageInputs2.has(f.previousPath));
  if (!plainChanged && !imagesChanged && sources.rendered.length === 0) return void 0;
  const changedFiles = new Set(trees.all.flatMap((c) => [c.path, ...c.previousPath ? [c.previousPath] : []]));
  const aboutChange = (error) => changedFiles.has(error.file) || sources.renderedDirs.some((dir) => isUnder(error.file, [dir]));
  return { head: sources.head, base: sources.base, images, aboutChange };
}

// src/pipeline/measure.ts
async function measureDrill(analysis, settings, adapters) {
  const request = settings.drill;
  if (!request) throw new Error("measureDrill without a drill request");
  const plans = (analysis.drillPlans ?? []).filter(
    (plan) => (request.container === void 0 || plan.container === request.container) && (request.workload === void 0 || plan.object.name === request.workload)
  );
  if (plans.length === 0) {
    const filter = `${request.workload ? ` --workload ${request.workload}` : ""}${request.container ? ` --container ${request.container}` : ""}`;
    const reason = filter ? `no long-running workload container matches${filter}` : `no ${settings.change ? "changed " : ""}long-running workload container`;
    adapters.log.info(`drill: ${reason}`);
    return { status: { ran: false, why: "nothing-to-measure", reason }, value: [] };
  }
  const [{ DockerRuntime }, { runDrill }, { RuntimeUnavailable }] = await Promise.all([import("./chunk-I6J5ORVA.js"), import("./chunk-GEYDOZNP.js"), import("./chunk-IIX7QA7L.js")]);
  const runtime = new DockerRuntime();
  try {
    adapters.log.info(`drill: ${await runtime.version()}`);
  } catch (error) {
    if (!(error instanceof RuntimeUnavailable)) throw error;
    const reason = `the drill needs a container runtime: ${error.message}`;
    adapters.log.warning(`drill: skipped \u2014 ${error.message}`);
    return { status: { ran: false, why: "unavailable", reason }, notice: `SIGTERM drill not run: ${error.message}.` };
  }
  const measured = await runDrill(plans, runtime, { ...settings.config.drill, pull: request.pull, log: (message) => adapters.log.info(message), progress: (message) => adapters.log.progress?.(message) });
  const value = measured.map((result) => {
    const sizing = graceSizing(result);
    return sizing ? { ...result, graceSizing: sizing } : result;
  });
  return { status: { ran: true }, value };
}
async function measureSmoke(analysis, settings, adapters) {
  const request = settings.smoke;
  if (!request) throw new Error("measureSmoke without a smoke request");
  const plans = (analysis.smokePlans ?? []).filter((plan) => request.workload === void 0 || plan.object.name === request.workload);
  if (plans.length === 0) {
    const reason = `no Deployment, DaemonSet or StatefulSet ${request.workload ? `named ${request.workload} ` : ""}${settings.change ? "changed" : "found"}`;
    adapters.log.info(`smoke-test: ${reason}`);
    return { status: { ran: false, why: "nothing-to-measure", reason } };
  }
  const [{ runSmokeSession, SmokeUnavailable }, { proberCommand }] = await Promise.all([import("./chunk-KB2TSJGA.js"), import("./chunk-M6TMFINX.js")]);
  try {
    const value = await runSmokeSession(plans, {
      mode: request.mode,
      ...request.kubeconfig ? { kubeconfig: request.kubeconfig } : {},
      ...request.kindBinary ? { kindBinary: request.kindBinary } : {},
      kubernetesVersion: settings.config.kubernetesVersion,
      settings: settings.config.smoke,
      proberCommand: proberCommand(settings.programUrl),
      log: (message) => adapters.log.info(message),
      progress: (message) => adapters.log.progress?.(message)
    });
    return { status: { ran: true }, value };
  } catch (error) {
    if (!(error instanceof SmokeUnavailable)) throw error;
    adapters.log.warning(`smoke-test: not run \u2014 ${error.message}`);
    return { status: { ran: false, why: "unavailable", reason: `the smoke test needs a cluster: ${error.message}` }, notice: `Rollout smoke test not run: ${error.message}.` };
  }
}

// src/pipeline/run.ts
async function runPipeline(settings, adapters) {
  const analysis = settings.change ? await analyseChange(settings, adapters) : await adapters.log.group("Analyse manifests", () => analyseTree(settings, adapters));
  if ("unchanged" in analysis) return analysis.unchanged;
  const notices = [...analysis.result.notices, ...analysis.refused.map((r) => `${r.file}:${r.line}: ${r.message}.`)];
  const drill = settings.drill ? await adapters.log.group("SIGTERM drill", () => measureDrill(analysis.result, settings, adapters)) : void 0;
  const smoke = settings.smoke ? await adapters.log.group("Rollout smoke test", () => measureSmoke(analysis.result, settings, adapters)) : void 0;
  for (const measured of [drill, smoke]) if (measured?.notice) notices.push(measured.notice);
  const measuredGrace = drill?.value ? graceFindings(drill.value, analysis.result.drillPlans ?? []).map((f) => settings.change ? { ...f, status: "new" } : f) : [];
  const result = {
    ...analysis.result,
    ...measuredGrace.length > 0 ? { findings: [...analysis.result.findings, ...measuredGrace].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.ruleId.localeCompare(b.ruleId) || a.message.localeCompare(b.message)) } : {},
    // By file and line whichever stage met them (reading, rendering, parsing): deterministic.
    errors: [...analysis.errors, ...analysis.result.errors.map((e) => ({ ...e, gating: analysis.aboutChange(e) }))].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line),
    notices,
    ...drill?.value ? { drill: drill.value } : {},
    ...smoke?.value ? { smoke: smoke.value } : {}
  };
  return { ...withGate(result, settings.policy), measured: { ...drill ? { drill: drill.status } : {}, ...smoke ? { smoke: smoke.status } : {} } };
}
var gating = (errors, about) => errors.map((e) => ({ ...e, gating: about(e) }));
function registryClient(settings, adapters) {
  return settings.config.inspectImages ? new RegistryClient({ log: (m) => adapters.log.info(m) }) : void 0;
}
var plansWanted = (settings) => ({ drillPlans: Boolean(settings.drill), smokePlans: Boolean(settings.smoke) });
async function analyseTree(settings, adapters) {
  const tree = fsTree(settings.root, "the checkout", outsideRoots(settings.paths));
  const read = await treeSources(tree, settings.paths, withProgress(settings.render, adapters), readManifestFiles(settings.paths, settings.root));
  for (const timing of read.timings) adapters.log.debug(`rendered ${timing}`);
  const images = await imagesOf(tree, settings);
  const bodies = startBodyCheck(read.files, settings.config);
  const result = await analyzeWithImages(
    (registry) => analyze(read.files, { config: settings.config, images: imageInputs(images, registry), ...plansWanted(settings) }),
    registryClient(settings, adapters),
    (m) => adapters.log.info(m)
  );
  const bodyErrors = withoutRepeats(await bodies.finish(), result.errors);
  adapters.log.debug(`${result.stats.files} files, ${result.stats.objects} objects, ${result.stats.workloads} workloads`);
  if (result.stats.files === 0 && result.subjects.length === 0 && read.errors.length === 0 && images.errors.length === 0) {
    throw new NothingToAnalyse(`no Kubernetes manifests, Helm charts, Kustomize overlays or Dockerfiles under ${settings.paths.join(", ")}: nothing was analysed (check the paths)`);
  }
  const all = () => true;
  return { result, errors: gating([...settings.configErrors, ...images.errors, ...read.errors, ...bodyErrors], all), refused: images.refused, aboutChange: all };
}
async function analyseChange(settings, adapters) {
  const change = settings.change;
  if (change.source === "pull-request" || !change.head) {
    for (const path of settings.paths) if (!existsSync4(resolve(settings.root, path))) throw new PathNotFoundError(`path not found: ${path}`);
  }
  const trees = await adapters.log.group("Changed files", () => changedTrees(settings, change, adapters));
  const inputs = trees.all.length > 0 ? await adapters.log.group("Render charts and overlays", () => changeInputs(trees, settings, adapters)) : void 0;
  if (!inputs) return { unchanged: unchangedResult(settings) };
  return adapters.log.group("Analyse base and head", async () => {
    const { head, base } = inputs.images;
    const bodies = startBodyCheck(inputs.head.files, settings.config);
    const result = await analyzeWithImages(
      (registry) => analyzeChange(inputs.head.files, inputs.base.files, settings.config, trees.baseLabel, { head: imageInputs(head, registry), base: imageInputs(base, registry) }, plansWanted(settings)),
      registryClient(settings, adapters),
      (m) => adapters.log.info(m)
    );
    adapters.log.debug(`${result.comparison?.changedObjects ?? 0} changed objects, ${result.findings.length} findings, ${result.comparison?.fixed.length ?? 0} fixed`);
    const { aboutChange } = inputs;
    return {
      result,
      errors: [
        ...gating([...settings.configErrors, ...head.errors, ...inputs.head.errors, ...withoutRepeats(await bodies.finish(), result.errors)], aboutChange),
        // Informational: the file list GitHub capped, and what base could not give.
        ...trees.problem ? [trees.problem] : [],
        ...inputs.base.errors.map((e) => ({ ...e, message: `in base: ${e.message}` }))
      ],
      refused: head.refused,
      aboutChange
    };
  });
}
function unchangedResult(settings) {
  const message = `No Kubernetes manifests changed under ${settings.paths.join(", ")}: nothing to check.`;
  const empty = {
    kubernetesVersion: settings.config.kubernetesVersion,
    findings: [],
    suppressed: [],
    errors: settings.configErrors.map((e) => ({ ...e, gating: false })),
    notices: [message],
    subjects: [],
    stats: { files: 0, objects: 0, workloads: 0, skippedDocuments: 0 }
  };
  return { ...withGate(empty, settings.policy), unchanged: message, measured: {} };
}

export {
  GitHubApiError,
  explain,
  isWriteDenied,
  withGate,
  listPullFiles,
  fileAt,
  runPipeline
};
