import { createRequire as __tgCreateRequire } from 'node:module';
const require = __tgCreateRequire(import.meta.url);
import {
  fnv1a,
  rendersOf,
  severityRank
} from "./chunk-4DTHXTDZ.js";
import {
  toolVersion
} from "./chunk-35VROW6T.js";
import {
  docsUrl,
  findRule,
  layerTitles,
  layers,
  plural,
  ruleMetas
} from "./chunk-IXATUZW2.js";
import {
  require_dist
} from "./chunk-HUONOIR3.js";
import {
  identityKey
} from "./chunk-UBO35347.js";
import {
  countSamples,
  describeCounts,
  failuresPerSecond,
  judgeDrill,
  seconds,
  timelineEvents,
  trafficSpans
} from "./chunk-OWB4AIJT.js";
import {
  __toESM
} from "./chunk-6CTQYBGU.js";

// src/report/escape.ts
function wellFormed(text) {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
}
var hex = (code, width) => code.toString(16).toUpperCase().padStart(width, "0");
function visible(char) {
  const code = char.codePointAt(0);
  if (char === "\n") return "\\n";
  if (char === "\r") return "\\r";
  if (char === "	") return "\\t";
  return code < 256 ? `\\x${hex(code, 2)}` : `\\u${hex(code, 4)}`;
}
var invisible = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069\uFEFF]/g;
var invisibleOrBreak = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069\uFEFF]/g;
function showControls(text, options = {}) {
  return wellFormed(text).replace(options.keepLineBreaks ? invisible : invisibleOrBreak, visible);
}
var oneLine = (text) => text.replace(/[\r\n]+/g, " ");
var zeroWidthSpace = "\u200B";
function defuseReferences(text) {
  return text.replace(/@(?=[\p{L}\p{N}_-])/gu, `@${zeroWidthSpace}`).replace(/#(?=\d)/g, `#${zeroWidthSpace}`).replace(/\b(GH)-(?=\d)/gi, `$1-${zeroWidthSpace}`).replace(/(?<![A-Za-z0-9+.-])([A-Za-z][A-Za-z0-9+.-]*):(?=\/\/)/g, `$1:${zeroWidthSpace}`).replace(/\b(www)\./gi, `$1${zeroWidthSpace}.`);
}
var markdownSpecials = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };
var alphanumeric = /^[\p{L}\p{N}]$/u;
var intraword = (text, at) => alphanumeric.test(text[at - 1] ?? "") && alphanumeric.test(text[at + 1] ?? "");
function markdownText(value) {
  return inlineText(value, true);
}
function inlineText(value, lineStart) {
  let text = showControls(oneLine(value), { keepLineBreaks: true }).replace(/\t/g, " ");
  if (lineStart) text = text.replace(/^ +/, "");
  text = defuseReferences(text).replace(/[\\`*_[\]~|$&<>]/g, (c, at, all) => c === "_" && intraword(all, at) ? c : markdownSpecials[c] ?? `\\${c}`);
  return lineStart ? text.replace(/^[#+=-]/, "\\$&").replace(/^(\d{1,9})([.)])(?= |$)/, "$1\\$2") : text;
}
function codeSpan(value, options = {}) {
  let text = showControls(oneLine(value), { keepLineBreaks: true });
  if (text === "") return "` `";
  if (options.table) text = text.replace(/\|/g, "\\|");
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = /^[` ]|[` ]$/.test(text) ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}
function markdownMessage(value, options = {}) {
  const parts = value.split("`");
  const closed = parts.length % 2 === 1 ? parts.length : parts.length - 1;
  let out = "";
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (i % 2 === 0 || i >= closed) {
      const text = i >= closed ? `\`${part}` : part;
      out += inlineText(text, i === 0);
    } else {
      out += part === "" ? "\\`\\`" : codeSpan(part, options);
    }
  }
  return out;
}
function fencedBlock(content, info = "") {
  const text = showControls(content.replace(/\r\n?/g, "\n"), { keepLineBreaks: true });
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return [`${fence}${info}`, ...text.split("\n"), fence];
}
var percent = (text) => [...new TextEncoder().encode(text)].map((byte) => `%${hex(byte, 2)}`).join("");
function linkPath(path) {
  return wellFormed(path).split("/").map((segment) => segment.replace(/[^A-Za-z0-9\-._~]+/g, percent)).join("/");
}
function linkDestination(url) {
  return wellFormed(url).replace(/[^A-Za-z0-9\-._~:/?#@!$'*+,;=%]+/g, percent);
}
function markdownLink(text, url) {
  return `[${markdownText(text)}](${linkDestination(url)})`;
}
var htmlEntities = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
function htmlText(value) {
  return defuseReferences(showControls(oneLine(value), { keepLineBreaks: true })).replace(/[&<>"']/g, (c) => htmlEntities[c]);
}
var mermaidKeyword = /^(?:click|call|href|gantt|date|inclusive|top|axis|tick|include|exclude|today|weekday|title|acc|section|vert|milestone|\d{4}-)/i;
function mermaidText(value) {
  const text = wellFormed(value).replace(/[\s\u0085]+/g, " ").replace(/^ +/, "");
  const encoded = text.replace(/[^\p{L}\p{N} ._\-+/()=,…→·]/gu, (c) => `#${c.codePointAt(0)};`);
  return mermaidKeyword.test(encoded) ? `#${encoded.charCodeAt(0)};${encoded.slice(1)}` : encoded;
}
function isDnsLabel(value) {
  return value.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(value);
}
function isDnsSubdomain(value) {
  return value.length <= 253 && value.split(".").every((label2) => /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(label2));
}
function shellQuote(value) {
  return `'${wellFormed(value).replace(/'/g, "'\\''")}'`;
}
function shellWord(value) {
  return /^[A-Za-z0-9_.,/:=@%+][A-Za-z0-9_.,/:=@%+-]*$/.test(value) ? value : shellQuote(value);
}
function logLine(value) {
  return showControls(value).replace(/##\[/g, "##%5B").replace(/^(\s*):(?=:)/, "$1%3A");
}
function terminalText(value) {
  return showControls(value);
}
function sarifText(value) {
  const text = showControls(value, { keepLineBreaks: true });
  if (!text.includes("](")) return text;
  return text.replace(/(\\*)([[\]])/g, (_, slashes, bracket) => `${slashes}${slashes}\\${bracket}`);
}

// src/report/drill.ts
var verdictIcon = { graceful: "\u2705", killed: "\u274C", abrupt: "\u274C" };
function label(result2) {
  return `container ${codeSpan(result2.container)}`;
}
function drillRuntimeLine(result2) {
  if (result2.status === "skipped") return `- \u{1F52C} **Drill** (${label(result2)}): not run \u2014 ${markdownMessage(result2.reason ?? "")}`;
  if (result2.status === "failed") return `- \u{1F52C} **Drill** (${label(result2)}): \u26A0\uFE0F ${markdownMessage(result2.reason ?? "")}; nothing was measured`;
  const observation = result2.observation;
  const facts = judgeDrill(observation, result2.gracePeriodSeconds);
  const signal = observation.signal;
  const exit = observation.exit;
  const parts = [
    signal ? `${markdownText(signal.name)} at ${seconds(signal.atMs)}` : "no stop signal (exited during preStop)",
    observation.sigkillAtMs !== void 0 ? `SIGKILL at ${seconds(observation.sigkillAtMs)}` : facts.stopSeconds !== void 0 ? `exited ${facts.stopSeconds.toFixed(1)} s later` : void 0,
    exit ? `exit ${exit.code}` : void 0
  ].filter(Boolean);
  const pid1 = observation.processes[0];
  const runtimeFindings = result2.findings.filter((f) => f.layer === "runtime").map((f) => f.text);
  return [
    `- \u{1F52C} **Drill** (${label(result2)}): ${verdictIcon[result2.verdict]} **${result2.verdict}** \u2014 ${parts.join(", ")} (grace period ${result2.gracePeriodSeconds} s)${pid1 ? `; PID 1 ${codeSpan(pid1.command)}` : ""}`,
    ...runtimeFindings.map((f) => `  - ${markdownMessage(f)}`)
  ].join("\n");
}
function drillPodLine(result2) {
  if (result2.status !== "measured") return void 0;
  const observation = result2.observation;
  const parts = [];
  if (observation.preStop) parts.push(`preStop ${seconds(observation.preStop.endMs - observation.preStop.startMs)} (${markdownText(observation.preStop.outcome)})`);
  const exitMs = observation.exit?.atMs ?? Infinity;
  const after = (s) => s.sentMs >= 0 && s.sentMs < exitMs;
  const newConnection = observation.samples.filter((s) => s.mode === "new-connection" && after(s));
  const keepAlive = observation.samples.filter((s) => s.mode === "keep-alive" && after(s));
  const inFlight = observation.samples.filter((s) => s.mode === "in-flight");
  if (observation.traffic) {
    const where = observation.traffic.protocol === "http" ? `GET :${observation.traffic.port}${markdownText(observation.traffic.path ?? "")}` : `TCP :${observation.traffic.port}`;
    parts.push(`${where} at ${observation.traffic.rate}/s from the start of termination to the exit: new connections ${describeCounts(countSamples(newConnection))}${keepAlive.length > 0 ? `; kept-alive ${describeCounts(countSamples(keepAlive))}` : ""}`);
  }
  if (inFlight.length > 0) {
    const counts = countSamples(inFlight);
    parts.push(counts.failed === 0 ? `${counts.sent}/${counts.sent} in-flight requests finished` : `${counts.failed}/${counts.sent} in-flight requests dropped`);
  }
  const facts = judgeDrill(observation, result2.gracePeriodSeconds);
  if (facts.firstRefusedMs !== void 0) parts.push(`first refused connection at ${seconds(facts.firstRefusedMs)}`);
  if (facts.lastOkMs !== void 0) parts.push(`last answer at ${seconds(facts.lastOkMs)}`);
  const podFindings = result2.findings.filter((f) => f.layer === "pod" && !f.text.startsWith("preStop")).map((f) => `  - ${markdownMessage(f.text)}`);
  return parts.length > 0 ? [`- \u{1F52C} **Drill** (${label(result2)}): ${parts.join("; ")}`, ...podFindings].join("\n") : void 0;
}
function ms(value) {
  return Math.max(0, Math.round(value + 1e3));
}
function drillTimeline(result2) {
  const observation = result2.observation;
  if (result2.status !== "measured" || !observation) return void 0;
  const end = Math.max(observation.exit?.atMs ?? 0, observation.sigkillAtMs ?? 0, observation.deadlineMs);
  const lines = ["```mermaid", "gantt", `  title ${mermaidText(`${result2.object.name}/${result2.container}`)}: ${result2.verdict} (t = 1 s is the start of termination)`, "  dateFormat x", "  axisFormat %S s", "  section kubelet"];
  const task = (name, tags, start, stop) => lines.push(`  ${name} :${[...tags, String(ms(start)), String(Math.max(ms(stop), ms(start) + 1))].join(", ")}`);
  if (observation.preStop) task(`preStop ${mermaidText(observation.preStop.kind)}`, ["done"], observation.preStop.startMs, observation.preStop.endMs);
  if (observation.signal) task(`${mermaidText(observation.signal.name)} then wait`, ["active"], observation.signal.atMs, observation.sigkillAtMs ?? observation.exit?.atMs ?? observation.deadlineMs);
  if (observation.sigkillAtMs !== void 0) lines.push(`  SIGKILL :milestone, crit, ${ms(observation.sigkillAtMs)}, 0ms`);
  lines.push("  section container");
  task("running", [], -1e3, observation.exit?.atMs ?? end);
  if (observation.exit) lines.push(`  exit ${observation.exit.code} :milestone, ${observation.exit.code === 0 || observation.exit.code === 143 ? "" : "crit, "}${ms(observation.exit.atMs)}, 0ms`);
  const spans = trafficSpans(observation.samples, -1e3).slice(0, 12);
  if (spans.length > 0) {
    lines.push("  section traffic");
    for (const span of spans) task(`${mermaidText(span.outcome)} (${span.count})`, span.outcome === "answered" ? ["done"] : ["crit"], span.startMs, span.endMs);
  }
  const inFlight = observation.samples.filter((s) => s.mode === "in-flight");
  if (inFlight.length > 0) {
    lines.push("  section in flight");
    inFlight.forEach((s, i) => task(`request ${i + 1} ${s.ok ? "answered" : mermaidText(s.failure ?? "failed")}`, s.ok ? ["done"] : ["crit"], s.sentMs, s.doneMs));
  }
  lines.push("```");
  return lines.join("\n");
}
function drillEventsTable(result2) {
  if (!result2.observation) return void 0;
  return ["| t | event |", "|---:|---|", ...timelineEvents(result2.observation).map((e) => `| ${seconds(e.atMs)} | ${markdownMessage(e.event, { table: true })} |`)].join("\n");
}
function drillDetails(results) {
  const out = [];
  for (const result2 of results) {
    const chart = drillTimeline(result2);
    const table = drillEventsTable(result2);
    if (!chart && !result2.logsTail && result2.notes.length === 0) continue;
    out.push(`<details><summary>Drill timeline \u2014 container ${htmlText(result2.container)}${result2.verdict ? `: ${result2.verdict}` : ""}</summary>`, "");
    if (chart) out.push(chart, "");
    if (table) out.push(table, "");
    for (const note of result2.notes) out.push(`- ${markdownMessage(note)}`);
    if (result2.notes.length > 0) out.push("");
    if (result2.logsTail) out.push("Last log lines:", "", ...fencedBlock(result2.logsTail.trimEnd().split(/\r?\n|\r/).slice(-12).join("\n")), "");
    out.push("</details>", "");
  }
  return out;
}
function renderDrillText(results) {
  const out = [];
  for (const result2 of results) {
    const head = terminalText(`${result2.object.kind}/${result2.object.name} container ${result2.container} (${result2.image}, grace ${result2.gracePeriodSeconds} s)`);
    if (result2.status !== "measured") {
      out.push(`${head}: ${result2.status === "skipped" ? "not run" : "did not become ready"} \u2014 ${terminalText(result2.reason ?? "")}`);
      if (result2.logsTail) out.push(...result2.logsTail.trimEnd().split(/\r?\n|\r/).slice(-8).map((l) => `    | ${terminalText(l)}`));
      out.push("");
      continue;
    }
    out.push(`${head}: ${result2.verdict.toUpperCase()}`);
    for (const finding of result2.findings) out.push(`  - ${terminalText(finding.text.replace(/`/g, ""))}`);
    out.push("  timeline:");
    for (const event of timelineEvents(result2.observation)) out.push(`    ${seconds(event.atMs).padStart(8)}  ${terminalText(event.event)}`);
    for (const note of result2.notes) out.push(`  note: ${terminalText(note)}`);
    out.push("");
  }
  return `${out.join("\n").trimEnd()}
`;
}

// src/report/smoke.ts
var cell = markdownText;
function kinds(figures) {
  const list = Object.entries(figures.byKind).map(([kind, n]) => `${n} ${kind}`);
  return list.length > 0 ? list.join(", ") : "\u2014";
}
function verdictLine(result2, style = "markdown") {
  const markdown = style === "markdown";
  const text = markdown ? markdownText : terminalText;
  const label2 = text(`${result2.kind} ${result2.object.name}${result2.render ? ` (${result2.render})` : ""}`);
  const name = markdown ? `**${label2}**` : label2;
  const [pass, fail] = markdown ? ["\u2705", "\u274C"] : ["PASS", "FAIL"];
  const reason = markdown ? markdownMessage(result2.reason ?? "") : terminalText(result2.reason ?? "");
  if (result2.status === "skipped") return `${name} \u2014 not tested: ${reason}`;
  if (result2.status === "failed") return `${name} \u2014 ${fail} could not be measured: ${reason}`;
  const head = result2.figures.find((f) => f.name === "restart");
  const summary = head ? `${head.failed} failed request${head.failed === 1 ? "" : "s"} while the head's pods terminated` : "the head was not rolled";
  return result2.failing.length > 0 ? `${name} \u2014 ${fail} ${text(result2.failing.join(", "))} (${summary})` : `${name} \u2014 ${pass} ${summary}`;
}
function figuresTable(figures) {
  const rows = figures.map((f) => {
    const killed = f.killed.length > 0 ? f.killed.join(", ") : "\u2014";
    const took = `${seconds(f.durationMs)}${f.outcome === "complete" ? "" : ` (${f.outcome})`}`;
    return `| ${cell(f.label)} | ${cell(took)} | ${f.sent} | ${f.failed} | ${cell(kinds(f))} | ${f.disruptedSeconds} s | ${seconds(f.longestGapMs)} | ${cell(killed)} |`;
  });
  return ["| rollout | took | requests | failed | failures | disrupted | longest gap | SIGKILLed pods |", "|---|---:|---:|---:|---|---:|---:|---|", ...rows];
}
function afterDeletionLines(figures) {
  const lines = [];
  for (const f of figures) {
    const parts = f.afterDeletion.map((w) => `${w.count} ${seconds(w.firstMs)}\u2013${seconds(w.lastMs)} after deleting ${markdownText(w.pod)}`);
    if (f.beforeDeletion > 0) parts.unshift(`${f.beforeDeletion} before any pod was deleted`);
    if (parts.length > 0) lines.push(`- ${markdownText(f.label)}: failures ${parts.join("; ")}.`);
  }
  return lines;
}
var shortPod = (name) => name.replace(/^.*-([a-z0-9]{5})$/, "\u2026$1");
function smokeTimeline(result2) {
  const observation = result2.observation;
  if (!observation) return void 0;
  const lines = ["```mermaid", "gantt", `  title ${mermaidText(`${result2.kind} ${result2.object.name}`)} (time since traffic began)`, "  dateFormat x", "  axisFormat %M %S"];
  const task = (name, tags, start, end) => {
    const from = Math.max(0, Math.round(start));
    lines.push(`  ${name} :${[...tags, String(from), String(Math.max(Math.round(end), from + 1))].join(", ")}`);
  };
  const podBars = (pod, rollout, old) => {
    const end = pod.terminatedMs ?? pod.goneMs ?? rollout.endMs;
    const name = mermaidText(shortPod(pod.name));
    if (old && pod.deletedMs !== void 0) {
      task(`${name} serving`, ["done"], Math.max(pod.createdMs, rollout.startMs - 1e3), pod.deletedMs);
      const killed = pod.exitCode === 137;
      task(`${name} terminating${pod.exitCode !== void 0 ? ` exit ${pod.exitCode}` : ""}`, killed ? ["crit"] : ["active"], pod.deletedMs, Math.max(end, pod.deletedMs + 1));
    } else if (!old) {
      task(`${name} starting`, ["active"], pod.createdMs, pod.readyMs ?? rollout.endMs);
    }
  };
  for (const rollout of observation.rollouts) {
    lines.push(`  section ${rollout.name === "update" ? "base \u2192 head" : "restart of head"}`);
    for (const pod of rollout.oldPods.slice(0, 8)) podBars(pod, rollout, true);
    for (const pod of rollout.newPods.slice(0, 8)) podBars(pod, rollout, false);
    if (rollout.outcome !== "complete") lines.push(`  ${mermaidText(rollout.outcome)} :milestone, crit, ${Math.round(rollout.endMs)}, 0ms`);
  }
  const perSecond = failuresPerSecond(observation.samples).slice(0, 20);
  if (perSecond.length > 0) {
    lines.push("  section failed requests");
    for (const { second, count, kinds: what } of perSecond) task(`${count} failed (${mermaidText(what)})`, ["crit"], second * 1e3, second * 1e3 + 1e3);
  }
  lines.push("```");
  return lines.join("\n");
}
function targetLine(result2, text) {
  const target = result2.observation?.target;
  if (!target) return void 0;
  const { endpoint } = target;
  const how = endpoint.protocol === "tcp" ? "TCP connects" : `${endpoint.protocol.toUpperCase()} GET ${text(endpoint.path ?? "")}`;
  const via = endpoint.via === "service" ? `Service ${text(endpoint.name ?? "")} (ClusterIP ${text(target.address)})` : `host port ${text(target.address)}`;
  return `Traffic: ${target.rate} req/s on new connections and on kept-alive ones, ${how} through ${via}.`;
}
function renderSmokeSection(run, options) {
  const out = ["### Measured rollout", "", `${markdownText(run.cluster)} \xB7 ${run.results.length} workload${run.results.length === 1 ? "" : "s"} in ${seconds(run.seconds * 1e3)}`, ""];
  for (const result2 of run.results) {
    out.push(verdictLine(result2), "");
    if (result2.status !== "measured") continue;
    const target = targetLine(result2, markdownText);
    if (target) out.push(target, "");
    out.push(...figuresTable(result2.figures), "");
    for (const finding of result2.findings) out.push(`- ${markdownMessage(finding)}`);
    out.push(...afterDeletionLines(result2.figures));
    for (const note of result2.notes) out.push(`- Note: ${markdownMessage(note)}`);
    out.push("");
    const chart = options.timeline ? smokeTimeline(result2) : void 0;
    if (chart) out.push("<details><summary>Timeline</summary>", "", chart, "", "</details>", "");
  }
  return out;
}
function podRow(pod, role) {
  const t = (ms2) => ms2 === void 0 ? "\u2014" : seconds(ms2);
  const events = pod.events.filter((e) => e.reason !== "Scheduled" && e.reason !== "Pulled" && e.reason !== "Created" && e.reason !== "Started").map((e) => `${e.reason}: ${e.message}`);
  return `| ${cell(pod.name)} | ${role} | ${t(pod.createdMs)} | ${t(pod.readyMs)} | ${t(pod.deletedMs)} | ${pod.graceSeconds ?? "\u2014"} | ${t(pod.terminatedMs)} | ${pod.exitCode ?? "\u2014"} | ${cell(pod.reason ?? "\u2014")} | ${cell(events.join("; ").slice(0, 400)) || "\u2014"} |`;
}
function renderSmokeDetail(run) {
  const out = [];
  for (const result2 of run.results) {
    if (!result2.observation) continue;
    out.push(`<details><summary>Smoke test detail \u2014 ${htmlText(`${result2.kind} ${result2.object.name}`)}</summary>`, "");
    for (const rollout of result2.observation.rollouts) {
      const figures = result2.figures.find((f) => f.name === rollout.name);
      out.push(`**${cell(figures?.label ?? rollout.name)}** \u2014 ${seconds(rollout.startMs)} to ${seconds(rollout.endMs)}, ${cell(rollout.outcome)}${rollout.stall ? ` (${cell(rollout.stall)})` : ""}`, "");
      if (figures) {
        for (const [mode, counts] of Object.entries(figures.byMode)) if (counts) out.push(`- ${cell(mode)}: ${cell(describeCounts(counts))}`);
      }
      for (const warning of figures?.warnings ?? []) out.push(`- \u26A0\uFE0F ${cell(warning)}`);
      out.push("", "| pod | role | created | ready | deleted | grace | ended | exit | reason | events |", "|---|---|---:|---:|---:|---:|---:|---:|---|---|");
      for (const pod of rollout.oldPods) out.push(podRow(pod, "old"));
      for (const pod of rollout.newPods) out.push(podRow(pod, "new"));
      out.push("");
    }
    out.push("</details>", "");
  }
  return out;
}
function renderSmokeText(run) {
  const out = [`Rollout smoke test: ${terminalText(run.cluster)} (${seconds(run.seconds * 1e3)})`, ""];
  for (const result2 of run.results) {
    out.push(verdictLine(result2, "text"));
    if (result2.status === "measured") {
      const target = targetLine(result2, terminalText);
      if (target) out.push(`  ${target}`);
      for (const f of result2.figures) {
        out.push(
          terminalText(`  ${f.label}: ${seconds(f.durationMs)}${f.outcome === "complete" ? "" : ` ${f.outcome.toUpperCase()}${f.stall ? ` (${f.stall})` : ""}`}, ${f.failed}/${f.sent} failed (${kinds(f)}), disrupted ${f.disruptedSeconds} s, longest gap ${seconds(f.longestGapMs)}${f.killed.length > 0 ? `, SIGKILLed: ${f.killed.join(", ")}` : ""}`)
        );
        for (const w of f.afterDeletion) out.push(`    ${w.count} failures ${seconds(w.firstMs)}\u2013${seconds(w.lastMs)} after deleting ${terminalText(w.pod)}`);
        for (const pod of result2.observation.rollouts.find((r) => r.name === f.name)?.oldPods ?? []) {
          const ended = pod.terminatedMs !== void 0 && pod.deletedMs !== void 0 ? `ended ${seconds(pod.terminatedMs - pod.deletedMs)} after deletion` : "end not seen";
          out.push(`    old pod ${terminalText(pod.name)}: grace ${pod.graceSeconds ?? "?"} s, ${ended}, exit ${pod.exitCode ?? "?"}${pod.reason ? ` (${terminalText(pod.reason)})` : ""}`);
        }
      }
      for (const finding of result2.findings) out.push(`  - ${terminalText(finding)}`);
      for (const note of result2.notes) out.push(`  note: ${terminalText(note)}`);
    }
    out.push("");
  }
  return `${out.join("\n").trimEnd()}
`;
}

// src/report/fix.ts
var import_yaml = __toESM(require_dist(), 1);
function formatPath(path) {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out ? /^[\w-]+$/.test(segment) ? `.${segment}` : `[${JSON.stringify(segment)}]` : /^[\w-]+$/.test(segment) ? segment : JSON.stringify(segment);
  }
  return out;
}
function renderEdit(edit) {
  const key = edit.path[edit.path.length - 1];
  if (edit.value === void 0) return `# remove ${formatPath(edit.path)}`;
  const document = typeof key === "number" ? [edit.value] : { [key]: edit.value };
  return (0, import_yaml.stringify)(document, { lineWidth: 120, aliasDuplicateObjects: false }).trimEnd();
}
function renderFixYaml(fix) {
  return fix.edits.map((edit) => `# ${formatPath(edit.path)} (line ${edit.location.line})
${renderEdit(edit)}`).join("\n");
}

// src/report/grouping.ts
var keysOf = (item) => {
  const renders = rendersOf(item);
  return renders.length > 0 ? renders.map((render) => identityKey(item.object, render)) : [`${identityKey(item.object)}|${item.file}`];
};
function byKey(items) {
  const map = /* @__PURE__ */ new Map();
  const order = /* @__PURE__ */ new Map();
  items.forEach((item, i) => {
    order.set(item, i);
    for (const key of keysOf(item)) {
      const list = map.get(key);
      if (list) list.push(item);
      else map.set(key, [item]);
    }
  });
  return (subject) => {
    const keys = keysOf(subject);
    if (keys.length === 1) return map.get(keys[0]) ?? [];
    return [...new Set(keys.flatMap((key) => map.get(key) ?? []))].sort((x, y) => order.get(x) - order.get(y));
  };
}
function groupBySubject(result2) {
  const findingsOf = byKey(result2.findings);
  const suppressedOf = byKey(result2.suppressed);
  const drillOf = byKey(result2.drill ?? []);
  const shown = /* @__PURE__ */ new Set();
  return result2.subjects.map((subject) => {
    const own = findingsOf(subject);
    const shownAbove = new Set(own.filter((f) => shown.has(f)));
    for (const finding of own) shown.add(finding);
    return {
      subject,
      shownAbove,
      drill: drillOf(subject),
      findings: own,
      suppressed: suppressedOf(subject),
      byLayer: layers.map((layer) => {
        const checks = subject.checks.filter((c) => c.layer === layer);
        return {
          layer,
          findings: own.filter((f) => f.layer === layer).sort((a, b) => severityRank[a.severity] - severityRank[b.severity] || a.line - b.line),
          passed: checks.filter((c) => c.status === "pass").map((c) => c.title),
          applicable: checks.length
        };
      })
    };
  });
}
function worstIcon(findings) {
  if (findings.some((f) => f.severity === "error")) return "\u274C";
  if (findings.some((f) => f.severity === "warning")) return "\u26A0\uFE0F";
  if (findings.length > 0) return "\u2139\uFE0F";
  return "\u2705";
}
function subjectName(subject) {
  const { kind, namespace, name } = subject.object;
  return `${kind} ${namespace ? `${namespace}/` : ""}${name}`;
}
function subjectFacts(subject) {
  const image = subject.facts.image;
  if (image) return [`base ${image.base}`, `PID 1 ${image.pid1}`, `stop signal ${image.stopSignal}`, `run by ${image.usedBy}`];
  return [subject.facts.grace && `grace period ${subject.facts.grace}`, subject.facts.replicas && `replicas ${subject.facts.replicas}`].filter((f) => Boolean(f));
}
function notApplicableReason(layer, subject) {
  if (subject.kind !== "workload") return void 0;
  switch (layer) {
    case "runtime":
      return "PID 1 is the image's ENTRYPOINT/CMD (no `command` in the manifest), and no Dockerfile here or registry config (inspect-images) says what that is";
    case "node":
      return `no rollout strategy applies to a ${subject.object.kind}`;
    case "cluster":
      return subject.object.kind === "DaemonSet" ? "no PodDisruptionBudget selects it (kubectl drain leaves DaemonSet pods in place)" : "no PodDisruptionBudget selects it";
    default:
      return "no container serves traffic or has a termination hook";
  }
}

// src/report/kubectl.ts
var kubectlKinds = {
  Deployment: "deployment",
  StatefulSet: "statefulset",
  DaemonSet: "daemonset",
  ReplicaSet: "replicaset",
  Pod: "pod",
  Job: "job",
  CronJob: "cronjob",
  PodDisruptionBudget: "pdb",
  Rollout: "rollout",
  ReplicationController: "replicationcontroller"
};
var valid = {
  // Namespaces and container names are DNS-1123 labels; most object names DNS-1123 subdomains.
  namespace: isDnsLabel,
  container: isDnsLabel,
  name: isDnsSubdomain,
  kind: (value) => /^[a-z][a-z0-9]*$/.test(value),
  // Label selectors as the engine writes them (key=value,…); keys may have a DNS prefix.
  selector: (value) => /^[A-Za-z0-9._/=,!-]+$/.test(value) && !value.startsWith("-"),
  // A repository path: anything without control characters, quoted when it needs it.
  file: (value) => showControls(value) === value && value.trim() !== ""
};
var placeholder = (value) => /^<[a-z]+>$/.test(value);
function fill(template, values) {
  const invalid = [];
  let command = "";
  let quote;
  for (let i = 0; i < template.length; i++) {
    const match = /^\{(namespace|kind|name|selector|container|file)\}/.exec(template.slice(i));
    if (match) {
      const field = match[1];
      const value = values[field];
      const ok = placeholder(value) || valid[field](value);
      if (!ok) invalid.push(field);
      const bare = placeholder(value) || ok && shellWord(value) === value;
      const word = bare ? value : shellQuote(showControls(value));
      command += bare || quote === void 0 ? word : `${quote}${word}${quote}`;
      i += match[0].length - 1;
      continue;
    }
    const char = template[i];
    if (char === "\\" && quote !== "'") {
      command += template.slice(i, i + 2);
      i++;
      continue;
    }
    if (char === "'" || char === '"') quote = quote === void 0 ? char : quote === char ? void 0 : quote;
    command += char;
  }
  return { command, invalid: [...new Set(invalid)] };
}
function verifyCommands(subject, ruleIds, container) {
  const commands = /* @__PURE__ */ new Set();
  const values = {
    namespace: subject.object.namespace ?? "default",
    kind: kubectlKinds[subject.object.kind] ?? subject.object.kind.toLowerCase(),
    name: subject.object.name,
    selector: subject.selector || "<selector>",
    container: container ?? "<container>",
    file: subject.file
  };
  for (const id of ruleIds) {
    for (const template of findRule(id)?.docs.verify ?? []) {
      const { command, invalid } = fill(template, values);
      if (invalid.length === 0) commands.add(command);
      else commands.add(`# not run: the ${invalid.join(" and ")} ${invalid.length === 1 ? "is" : "are"} not valid in Kubernetes (no such object can exist)
# ${command}`);
    }
  }
  return [...commands];
}

// src/report/renders.ts
function describeRenders(item) {
  const renders = rendersOf(item);
  if (renders.length <= 1) return renders[0];
  const chart = /^(chart .+?) · /.exec(renders[0])?.[1];
  if (chart && renders.every((render) => render.startsWith(`${chart} \xB7 `))) {
    return `${chart} \xB7 ${renders.length} values sets: ${renders.map((render) => render.slice(chart.length + 3)).join(", ")}`;
  }
  return `${renders.length} renders: ${renders.join(", ")}`;
}
function sameRenders(a, b) {
  const x = rendersOf(a);
  const y = rendersOf(b);
  return x.length === y.length && x.every((render, i) => render === y[i]);
}

// src/report/summary.ts
function summarize(result2) {
  const { gate } = result2;
  const count = (severity) => result2.findings.filter((f) => f.severity === severity).length;
  return {
    errors: count("error"),
    warnings: count("warning"),
    info: count("info"),
    suppressed: result2.suppressed.length,
    inputErrors: result2.errors.length,
    files: result2.stats.files,
    objects: result2.stats.objects,
    workloads: result2.stats.workloads,
    failOn: gate.policy.failOn,
    gate: gate.verdict,
    headline: gate.headline,
    ...result2.drill ? { drilled: result2.drill.filter((r) => r.status === "measured").length, drillFailures: gate.failingDrills.length } : {},
    ...result2.smoke ? { smoked: result2.smoke.results.filter((r) => r.status === "measured").length, smokeFailures: gate.failingSmoke.length } : {},
    ...result2.comparison ? {
      new: result2.findings.filter((f) => f.status === "new").length,
      existing: result2.findings.filter((f) => f.status === "existing").length,
      fixed: result2.comparison.fixed.length
    } : {}
  };
}

// src/report/markdown.ts
var severityIcon = { error: "\u274C", warning: "\u26A0\uFE0F", info: "\u2139\uFE0F" };
function location(file, line, options) {
  return options.linkBase ? markdownLink(`${file}:${line}`, `${options.linkBase}/${linkPath(file)}#L${line}`) : codeSpan(`${file}:${line}`);
}
var indentedBlock = (content, info) => fencedBlock(content, info).map((line) => `    ${line}`);
function renderFinding(finding, options, subject) {
  const status = finding.status === "new" ? " `new`" : finding.status === "existing" ? " `existing`" : "";
  const lines = [
    `- ${severityIcon[finding.severity]} **${markdownLink(finding.ruleId, finding.docsUrl)}**${status} ${markdownMessage(finding.detail)} \u2014 ${location(finding.file, finding.line, options)}`,
    ...finding.render && !(subject && sameRenders(finding, subject)) ? [`  - **Rendered in:** ${markdownText(describeRenders(finding))}`] : [],
    `  - **Fix:** ${markdownMessage(finding.remediation)}`
  ];
  if (finding.fix && !options.omit?.fixYaml) {
    lines.push("", ...indentedBlock(renderFixYaml(finding.fix), "yaml"));
  } else if (finding.replacement && !options.omit?.fixYaml) {
    lines.push("", ...indentedBlock(finding.replacement.text, "dockerfile"));
  }
  return lines.join("\n");
}
function renderSubject(group, options) {
  const { subject } = group;
  const out = [];
  out.push(`### ${worstIcon(group.findings)} ${markdownText(subjectName(subject))}`, "");
  const facts = [`${location(subject.file, subject.line, options)}`];
  if (subject.render) facts.push(`rendered from ${markdownText(describeRenders(subject))}`);
  facts.push(...subjectFacts(subject).map((fact) => markdownMessage(fact)));
  if (subject.kind === "pdb" && subject.facts.selector) facts.push(`selector ${codeSpan(subject.facts.selector)}`);
  out.push(facts.join(" \xB7 "), "");
  if (subject.facts.containers?.length) {
    out.push("| container | preStop | PID 1 | traffic | readiness |", "|---|---|---|---|---|");
    for (const c of subject.facts.containers) {
      const cell2 = (text) => markdownMessage(text, { table: true });
      out.push(`| ${markdownText(c.name)}${c.role === "sidecar" ? " (sidecar)" : ""} | ${cell2(c.preStop)} | ${cell2(c.pid1)} | ${cell2(c.traffic)} | ${cell2(c.readiness)} |`);
    }
    out.push("");
  }
  const measured = (layer) => group.drill.flatMap((result2) => {
    const line = layer === "runtime" ? drillRuntimeLine(result2) : layer === "pod" ? drillPodLine(result2) : void 0;
    return line ? [line] : [];
  });
  for (const layer of group.byLayer) {
    const drillLines = measured(layer.layer);
    if (layer.applicable === 0 && layer.findings.length === 0) {
      const reason = notApplicableReason(layer.layer, subject);
      if (reason) out.push(`**${layerTitles[layer.layer]}** \u2796 ${markdownMessage(reason)}`, "");
      if (drillLines.length > 0) out.push(...drillLines, "");
      continue;
    }
    const status = layer.findings.length === 0 ? "\u2705" : worstIcon(layer.findings);
    const passed = layer.passed.length > 0 ? ` \xB7 ${plural(layer.passed.length, "check")} passed` : "";
    out.push(`**${layerTitles[layer.layer]}** ${status}${passed}`, "");
    const detailed = options.omit?.existingDetail ? layer.findings.filter((f) => f.status !== "existing") : layer.findings;
    for (const finding of detailed) {
      out.push(
        group.shownAbove.has(finding) ? `- ${severityIcon[finding.severity]} **${markdownLink(finding.ruleId, finding.docsUrl)}** the same finding as above (${plural(rendersOf(finding).length, "render")}) \u2014 ${location(finding.file, finding.line, options)}` : renderFinding(finding, options, subject)
      );
    }
    const hidden = layer.findings.length - detailed.length;
    if (hidden > 0) out.push(`- ${plural(hidden, "existing finding")} (unchanged by this PR) \u2014 see the job summary`);
    if (layer.findings.length > 0) out.push("");
    if (drillLines.length > 0) out.push(...drillLines, "");
    if (layer.passed.length > 0 && !options.omit?.passed) {
      out.push("<details><summary>Passed</summary>", "", ...layer.passed.map((title) => `- \u2705 ${markdownMessage(title)}`), "", "</details>", "");
    }
  }
  if (!options.omit?.drillDetail) out.push(...drillDetails(group.drill));
  for (const finding of group.suppressed) {
    out.push(`- \u{1F515} ${markdownText(finding.ruleId)} suppressed by ${codeSpan(finding.suppression.source)}: ${markdownMessage(finding.suppression.reason)}`);
  }
  if (group.suppressed.length > 0) out.push("");
  const failed = [...new Set(group.findings.map((f) => f.ruleId))];
  if (failed.length > 0 && !options.omit?.verify) {
    const container = group.findings.find((f) => f.container)?.container;
    out.push("<details><summary>Verify on a live cluster</summary>", "", ...fencedBlock(verifyCommands(subject, failed, container).join("\n"), "sh"), "", "</details>", "");
  }
  return out.join("\n");
}
function renderMarkdown(result2, options = {}) {
  const summary = summarize(result2);
  const groups = groupBySubject(result2);
  const shown = groups.filter((g) => options.showPassing || g.findings.length > 0 || g.suppressed.length > 0 || g.drill.length > 0);
  const passing = groups.length - groups.filter((g) => g.findings.length > 0).length;
  const out = [];
  const verdict = `${summary.gate === "fail" ? "\u274C" : "\u2705"} **termination-guard: ${markdownText(summary.headline)}**`;
  const counts = summary.new !== void 0 ? `${summary.new} new, ${summary.existing} existing, ${summary.fixed} fixed \xB7 ${plural(summary.errors, "error")}, ${plural(summary.warnings, "warning")}, ${summary.info} info on ${plural(result2.comparison?.changedObjects ?? 0, "changed object")}` : `${plural(summary.errors, "error")}, ${plural(summary.warnings, "warning")}, ${summary.info} info in ${plural(summary.workloads, "workload")}`;
  out.push(`${verdict} \u2014 ${counts} (Kubernetes ${result2.kubernetesVersion}, fail on ${summary.failOn})`, "");
  if (result2.drill) {
    const measuredCount = result2.drill.filter((r) => r.status === "measured");
    const verdicts = measuredCount.map((r) => `${verdictIcon[r.verdict]} ${markdownText(`${r.object.name}/${r.container}`)} ${r.verdict}`);
    const notRun = result2.drill.length - measuredCount.length;
    out.push(`\u{1F52C} **SIGTERM drill**: ${measuredCount.length > 0 ? verdicts.join(" \xB7 ") : "nothing measured"}${notRun > 0 ? ` \xB7 ${notRun} not measured` : ""}${summary.drillFailures ? ` \u2014 fails the gate (drill fail-on ${result2.gate.policy.drillFailOn.join(", ")})` : ""}`, "");
  }
  if (result2.smoke) {
    const measured = result2.smoke.results.filter((r) => r.status === "measured");
    const failing = result2.gate.failingSmoke;
    out.push(
      `\u{1F6A6} **Rollout smoke test**: ${plural(measured.length, "workload")} measured${failing.length > 0 ? ` \u2014 ${failing.map((r) => markdownText(r.object.name)).join(", ")} ${failing.length === 1 ? "fails" : "fail"} the gate (smoke fail-on ${result2.gate.policy.smokeFailOn.join(", ") || "never"})` : ""} \xB7 see Measured rollout below`,
      ""
    );
  }
  if (result2.errors.length > 0) {
    out.push(`**Input problems** (${result2.errors.length}): these files or documents could not be analysed.`, "");
    for (const error of result2.errors) out.push(`- ${codeSpan(`${error.file}:${error.line}`)} ${markdownMessage(error.message)}`);
    out.push("");
  }
  if (result2.notices.length > 0) {
    for (const notice of result2.notices) out.push(`> ${markdownMessage(notice)}`);
    out.push("");
  }
  const limit = options.maxSubjects ?? shown.length;
  for (const group of shown.slice(0, limit)) out.push(renderSubject(group, options));
  if (shown.length > limit) {
    out.push(`\u2026and ${plural(shown.length - limit, "more object")} with findings${options.fullReportHint ? ` \u2014 ${options.fullReportHint}` : ""}.`, "");
  }
  if (result2.smoke) {
    out.push(...renderSmokeSection(result2.smoke, { timeline: !options.omit?.smokeTimeline }));
    if (options.smokeDetail) out.push(...renderSmokeDetail(result2.smoke));
  }
  if (result2.comparison && result2.comparison.fixed.length > 0) {
    out.push("### \u{1F389} Fixed by this change", "");
    for (const fixed of result2.comparison.fixed) {
      out.push(`- \u2705 **${markdownText(fixed.ruleId)}** ${markdownText(`${fixed.object.kind} ${fixed.object.namespace ? `${fixed.object.namespace}/` : ""}${fixed.object.name}${fixed.container ? ` (container "${fixed.container}")` : ""}`)}`);
    }
    out.push("");
  }
  if (passing > 0 && !options.showPassing) out.push(`${plural(passing, "object")} ${passing === 1 ? "passes" : "pass"} every check.`, "");
  return `${out.join("\n").trimEnd()}
`;
}

// src/report/json.ts
function findingJson(finding) {
  const { namespace, ...ref } = finding.object;
  return {
    ruleId: finding.ruleId,
    severity: finding.severity,
    layer: finding.layer,
    message: finding.message,
    object: { apiVersion: ref.apiVersion, kind: ref.kind, namespace: namespace ?? null, name: ref.name },
    ...finding.container ? { container: finding.container } : {},
    file: finding.file,
    line: finding.line,
    endLine: finding.endLine,
    remediation: finding.remediation,
    docsUrl: finding.docsUrl,
    ...finding.fix ? {
      fix: {
        summary: finding.fix.summary,
        edits: finding.fix.edits.map((e) => ({ path: e.path, value: e.value ?? null, remove: e.value === void 0, line: e.location.line, exact: e.location.exact }))
      }
    } : {},
    ...finding.replacement ? { replacement: finding.replacement } : {},
    ...finding.evidence ? { evidence: finding.evidence } : {},
    ...finding.status ? { status: finding.status } : {},
    // `render` is the first render (as before `renders`); `renders` names every one it occurs in.
    ...finding.render ? { render: finding.render, renders: rendersOf(finding) } : {}
  };
}
function renderJson(result2) {
  const report = {
    kubernetesVersion: result2.kubernetesVersion,
    findings: result2.findings.map(findingJson),
    suppressed: result2.suppressed.map((f) => ({ ...findingJson(f), suppression: f.suppression })),
    errors: result2.errors.map((e) => ({ file: e.file, line: e.line, message: e.message })),
    notices: result2.notices,
    ...result2.comparison ? { comparison: { base: result2.comparison.base, changedObjects: result2.comparison.changedObjects, fixed: result2.comparison.fixed.map(findingJson) } } : {},
    ...result2.drill ? { drill: result2.drill, drillFailOn: result2.gate.policy.drillFailOn } : {},
    ...result2.smoke ? { smoke: result2.smoke, smokeFailOn: result2.gate.policy.smokeFailOn } : {},
    summary: summarize(result2)
  };
  return `${JSON.stringify(report, null, 2)}
`;
}

// src/report/sarif.ts
var level = { error: "error", warning: "warning", info: "note" };
function artifactLocation(file) {
  return file.startsWith("/") ? { uri: `file://${linkPath(file)}` } : { uri: linkPath(file), uriBaseId: "%SRCROOT%" };
}
function result(finding, ruleIndex) {
  const { kind, namespace, name } = finding.object;
  return {
    ruleId: finding.ruleId,
    ruleIndex,
    level: level[finding.severity],
    // Plain text only (no message.markdown): code scanning reads `[…](…)` in it as a link, so
    // brackets from the manifest are escaped (sarifText); paths are URI references (linkPath).
    message: { text: sarifText(`${finding.message} Fix: ${finding.remediation}`) },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifactLocation(finding.file),
          region: { startLine: finding.line, endLine: finding.endLine }
        },
        logicalLocations: [{ name, fullyQualifiedName: `${kind}/${namespace ?? ""}/${name}${finding.container ? `/${finding.container}` : ""}`, kind: "object" }]
      }
    ],
    partialFingerprints: {
      "terminationGuard/v1": fnv1a(`${finding.ruleId}|${kind}|${namespace ?? ""}|${name}|${finding.container ?? ""}`)
    },
    // One result for a finding of several renders (a chart's values sets), naming them all.
    ...finding.render ? { properties: { renders: rendersOf(finding) } } : {}
  };
}
function renderSarif(analysis) {
  const indexOf = new Map(ruleMetas.map((meta, i) => [meta.id, i]));
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "termination-guard",
            version: toolVersion,
            informationUri: "https://github.com/termination-guard/termination-guard",
            rules: ruleMetas.map((meta) => ({
              id: meta.id,
              name: meta.name,
              shortDescription: { text: meta.title },
              fullDescription: { text: meta.summary },
              helpUri: docsUrl(meta),
              help: { text: `${meta.docs.why}

${meta.docs.fact}`, markdown: `${meta.docs.why}

**Kubernetes:** ${meta.docs.fact}

\`\`\`yaml
${meta.docs.fixYaml}
\`\`\`` },
              defaultConfiguration: { level: level[meta.severity] },
              properties: { tags: ["kubernetes", "termination", meta.layer] }
            }))
          }
        },
        originalUriBaseIds: { "%SRCROOT%": { description: { text: "The analysed repository root." } } },
        properties: { kubernetesVersion: analysis.kubernetesVersion },
        results: [
          ...analysis.findings.map((f) => result(f, indexOf.get(f.ruleId) ?? 0)),
          ...analysis.suppressed.map((f) => ({
            ...result(f, indexOf.get(f.ruleId) ?? 0),
            suppressions: [{ kind: "inSource", justification: `${f.suppression.source}: ${f.suppression.reason}` }]
          }))
        ],
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: analysis.errors.map((e) => ({
              level: "error",
              message: { text: sarifText(e.message) },
              locations: [{ physicalLocation: { artifactLocation: artifactLocation(e.file), region: { startLine: e.line } } }]
            }))
          }
        ]
      }
    ]
  };
  return `${JSON.stringify(log, null, 2)}
`;
}

export {
  showControls,
  markdownMessage,
  fencedBlock,
  markdownLink,
  logLine,
  terminalText,
  summarize,
  renderDrillText,
  renderSmokeSection,
  renderSmokeDetail,
  renderSmokeText,
  renderFixYaml,
  groupBySubject,
  subjectName,
  subjectFacts,
  notApplicableReason,
  describeRenders,
  sameRenders,
  renderMarkdown,
  renderJson,
  renderSarif
};
