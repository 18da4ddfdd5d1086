import { createRequire as __tgCreateRequire } from 'node:module';
const require = __tgCreateRequire(import.meta.url);
import {
  fnv1a,
  graceBufferSeconds,
  graceDocsUrl,
  graceRuleId,
  rendersOf,
  severityRank
} from "./chunk-BOMKFTLZ.js";
import {
  codeSpan,
  fencedBlock,
  htmlText,
  isDnsLabel,
  isDnsSubdomain,
  linkPath,
  markdownLink,
  markdownMessage,
  markdownText,
  mermaidText,
  sarifText,
  shellQuote,
  shellWord,
  showControls,
  terminalText,
  toolVersion
} from "./chunk-2DNNRKUJ.js";
import {
  docsUrl,
  findRule,
  layerTitles,
  layers,
  ruleMetas
} from "./chunk-O463YJ2Z.js";
import {
  identityKey,
  require_dist
} from "./chunk-FZMQJXAM.js";
import {
  causeFixes,
  causeSentences,
  countSamples,
  describeCounts,
  describeOpenAtSignal,
  failuresPerSecond,
  judgeDrill,
  measurementSentences,
  openAtStop,
  seconds,
  timelineEvents,
  trafficSpans
} from "./chunk-4T5WEU3T.js";
import {
  __toESM
} from "./chunk-6CTQYBGU.js";

// src/report/timeline.ts
function timeAxis(spanMs) {
  if (spanMs <= 5e3) return { at: (ms) => Math.round(ms), format: "%S.%L s", unit: "s" };
  if (spanMs < 6e4) return { at: (ms) => Math.round(ms), format: "%S s", unit: "s" };
  if (spanMs < 999e3) return { at: (ms) => Math.round(ms / 1e3), format: "%L s", unit: "s" };
  return { at: (ms) => Math.round(ms / 1e4), format: "%L0 s", unit: "s" };
}
var Gantt = class {
  constructor(title, axis) {
    this.axis = axis;
    this.lines = ["```mermaid", "gantt", `  title ${title}`, "  dateFormat x", `  axisFormat ${axis.format}`];
  }
  axis;
  lines;
  section(name) {
    this.lines.push(`  section ${name}`);
  }
  /** `name` is ours with any value in it already through mermaidText. */
  task(name, tags, startMs, endMs) {
    const from = Math.max(0, this.axis.at(startMs));
    const to = Math.max(this.axis.at(endMs), from + 1);
    this.lines.push(`  ${name} :${[...tags, String(from), String(to)].join(", ")}`);
  }
  milestone(name, tags, atMs) {
    this.lines.push(`  ${name} :${[...tags, "milestone"].join(", ")}, ${Math.max(0, this.axis.at(atMs))}, 0ms`);
  }
  done() {
    return [...this.lines, "```"].join("\n");
  }
};
var modeLanes = [
  { mode: "new-connection", title: "new connections" },
  { mode: "keep-alive", title: "kept-alive connections" }
];
var maxBarsPerLane = 24;
function bounded(spans, max) {
  if (spans.length <= max) return spans.map((s) => ({ ...s, label: `${mermaidText(s.outcome)} (${s.count})`, failed: s.outcome !== "answered" }));
  const kept = spans.slice(0, max - 1).map((s) => ({ ...s, label: `${mermaidText(s.outcome)} (${s.count})`, failed: s.outcome !== "answered" }));
  const rest = spans.slice(max - 1);
  const failed = rest.filter((s) => s.outcome !== "answered").reduce((sum, s) => sum + s.count, 0);
  const answered = rest.filter((s) => s.outcome === "answered").reduce((sum, s) => sum + s.count, 0);
  kept.push({ startMs: rest[0].startMs, endMs: Math.max(...rest.map((s) => s.endMs)), outcome: "mixed", count: failed + answered, label: `${rest.length} more spans (${answered} answered, ${failed} failed)`, failed: failed > 0 });
  return kept;
}
function drillTimeline(result2) {
  const observation = result2.observation;
  if (result2.status !== "measured" || !observation) return void 0;
  const lastSample = Math.max(0, ...observation.samples.map((s) => s.doneMs));
  const end = Math.max(observation.exit?.atMs ?? 0, observation.sigkillAtMs ?? 0, observation.deadlineMs, lastSample);
  const chart = new Gantt(`${mermaidText(`${result2.object.name}/${result2.container}`)}: ${result2.verdict} (seconds from the start of termination)`, timeAxis(end));
  chart.section("kubelet");
  if (observation.preStop) chart.task(`preStop ${mermaidText(observation.preStop.kind)}`, ["done"], observation.preStop.startMs, observation.preStop.endMs);
  if (observation.signal) chart.task(`${mermaidText(observation.signal.name)} then wait`, ["active"], observation.signal.atMs, observation.sigkillAtMs ?? observation.exit?.atMs ?? observation.deadlineMs);
  if (observation.sigkillAtMs !== void 0) chart.milestone("SIGKILL", ["crit"], observation.sigkillAtMs);
  chart.section("container");
  chart.task("running", [], 0, observation.exit?.atMs ?? end);
  if (observation.exit) chart.milestone(`exit ${observation.exit.code}`, observation.exit.code === 0 || observation.exit.code === 143 ? [] : ["crit"], observation.exit.atMs);
  for (const { mode, title } of modeLanes) {
    const spans = trafficSpans(
      observation.samples.filter((s) => s.mode === mode),
      0
    );
    if (spans.length === 0) continue;
    chart.section(title);
    for (const span of bounded(spans, maxBarsPerLane)) chart.task(span.label, span.failed ? ["crit"] : ["done"], span.startMs, span.endMs);
  }
  const open = openAtStop(observation).sort((a, b) => a.sentMs - b.sentMs);
  if (open.length > 0) {
    chart.section(`open at ${observation.signal ? mermaidText(observation.signal.name) : "the stop"}`);
    const shown = open.length <= maxBarsPerLane ? open : open.slice(0, maxBarsPerLane - 1);
    shown.forEach((s, i) => chart.task(`request ${i + 1} ${s.ok ? "answered" : mermaidText(s.failure ?? "failed")}`, s.ok ? ["done"] : ["crit"], s.sentMs, s.doneMs));
    if (shown.length < open.length) {
      const rest = open.slice(shown.length);
      const counts = countSamples(rest);
      chart.task(`${rest.length} more requests (${counts.ok} answered, ${counts.failed} failed)`, counts.failed > 0 ? ["crit"] : ["done"], rest[0].sentMs, Math.max(...rest.map((s) => s.doneMs)));
    }
  }
  return chart.done();
}
var shortPod = (name) => name.replace(/^.*-([a-z0-9]{5})$/, "\u2026$1");
var maxPodsPerRollout = 10;
function smokeTimeline(result2) {
  const observation = result2.observation;
  if (!observation) return void 0;
  const end = Math.max(observation.endMs ?? 0, ...observation.rollouts.map((r) => r.endMs));
  const chart = new Gantt(`${mermaidText(`${result2.kind} ${result2.object.name}`)} (seconds since traffic began)`, timeAxis(end));
  const podBars = (pod, rollout, old) => {
    const name = mermaidText(shortPod(pod.name));
    if (!old) {
      chart.task(`${name} starting`, ["active"], pod.createdMs, pod.readyMs ?? rollout.endMs);
      return;
    }
    const from = Math.max(pod.createdMs, rollout.startMs - 1e3);
    if (pod.deletedMs === void 0) {
      chart.task(`${name} serving, not replaced`, ["done"], from, pod.terminatedMs ?? pod.goneMs ?? rollout.endMs);
      return;
    }
    const ended = pod.terminatedMs ?? pod.goneMs ?? rollout.endMs;
    chart.task(`${name} serving`, ["done"], from, pod.deletedMs);
    chart.task(`${name} terminating${pod.exitCode !== void 0 ? ` exit ${pod.exitCode}` : ""}`, pod.exitCode === 137 ? ["crit"] : ["active"], pod.deletedMs, Math.max(ended, pod.deletedMs + 1));
  };
  const pods = (list, rollout, old) => {
    const shown = list.length <= maxPodsPerRollout ? list : list.slice(0, maxPodsPerRollout - 1);
    for (const pod of shown) podBars(pod, rollout, old);
    if (shown.length < list.length) chart.task(`${list.length - shown.length} more ${old ? "old" : "new"} pods (the job summary lists them)`, [], rollout.startMs, rollout.endMs);
  };
  for (const rollout of observation.rollouts) {
    const { trial } = rollout;
    chart.section(rollout.name === "baseline" ? "restart of base" : rollout.name === "update" ? "base \u2192 head" : `restart of head${trial !== void 0 ? ` ${trial}` : ""}`);
    pods(rollout.oldPods, rollout, true);
    pods(rollout.newPods, rollout, false);
    if (rollout.outcome !== "complete") chart.milestone(mermaidText(rollout.outcome), ["crit"], rollout.endMs);
  }
  const perSecond = failuresPerSecond(observation.samples);
  if (perSecond.length > 0) {
    chart.section("failed requests");
    const width = Math.ceil(perSecond.length / maxBarsPerLane);
    for (let i = 0; i < perSecond.length; i += width) {
      const window = perSecond.slice(i, i + width);
      const count = window.reduce((sum, s) => sum + s.count, 0);
      const first = window[0];
      const last = window[window.length - 1];
      const what = width === 1 ? mermaidText(first.kinds) : `${window.length} seconds with failures`;
      chart.task(`${count} failed (${what})`, ["crit"], first.second * 1e3, last.second * 1e3 + 1e3);
    }
  }
  return chart.done();
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
  if (observation.traffic) {
    const where = observation.traffic.protocol === "http" ? `GET :${observation.traffic.port}${markdownText(observation.traffic.path ?? "")}` : `TCP :${observation.traffic.port}`;
    parts.push(`${where} at ${observation.traffic.rate}/s from the start of termination to the exit: new connections ${describeCounts(countSamples(newConnection))}${keepAlive.length > 0 ? `; kept-alive ${describeCounts(countSamples(keepAlive))}` : ""}`);
    const { slowPath, slowConnections } = observation.traffic;
    if (slowPath) parts.push(`slow requests ${markdownText(slowPath)} back to back on ${slowConnections ?? 1} connection${slowConnections === 1 ? "" : "s"}`);
  }
  const facts = judgeDrill(observation, result2.gracePeriodSeconds);
  const openSentence = describeOpenAtSignal(facts.openAtSignal);
  parts.push(facts.openAtSignal.open > 0 ? markdownText(openSentence) : "in-flight behaviour not tested");
  if (facts.firstRefusedMs !== void 0) parts.push(`first refused connection at ${seconds(facts.firstRefusedMs)}`);
  if (facts.lastOkMs !== void 0) parts.push(`last answer at ${seconds(facts.lastOkMs)}`);
  const podFindings = result2.findings.filter((f) => f.layer === "pod" && !f.text.startsWith("preStop") && f.text !== `${openSentence}.`).map((f) => `  - ${markdownMessage(f.text)}`);
  const sizing = result2.graceSizing ? [`  - \u23F1\uFE0F Grace period ${markdownMessage(result2.graceSizing.text)}`] : [];
  return parts.length > 0 ? [`- \u{1F52C} **Drill** (${label(result2)}): ${parts.join("; ")}`, ...sizing, ...podFindings].join("\n") : void 0;
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
  const failed = result2.trials?.failed.median ?? head?.failed ?? 0;
  const median = result2.trials && result2.trials.count > 1 ? ` (median of ${result2.trials.count} trials)` : "";
  const summary = head ? `${failed} failed request${failed === 1 ? "" : "s"}${median} while the head's pods terminated` : "the head was not rolled";
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
    for (const sentence of [...measurementSentences(result2), ...causeSentences(result2.figures)]) out.push(`- ${markdownMessage(sentence)}`);
    out.push(...afterDeletionLines(result2.figures));
    for (const note of result2.notes) out.push(`- Note: ${markdownMessage(note)}`);
    out.push("");
    const chart = options.timeline ? smokeTimeline(result2) : void 0;
    if (chart) out.push("<details><summary>Timeline</summary>", "", chart, "", "</details>", "");
  }
  return out;
}
function podRow(pod, role) {
  const t = (ms) => ms === void 0 ? "\u2014" : seconds(ms);
  const events = pod.events.filter((e) => e.reason !== "Scheduled" && e.reason !== "Pulled" && e.reason !== "Created" && e.reason !== "Started").map((e) => `${e.reason}: ${e.message}`);
  return `| ${cell(pod.name)} | ${role} | ${t(pod.createdMs)} | ${t(pod.readyMs)} | ${t(pod.deletedMs)} | ${pod.graceSeconds ?? "\u2014"} | ${t(pod.terminatedMs)} | ${pod.exitCode ?? "\u2014"} | ${cell(pod.reason ?? "\u2014")} | ${cell(events.join("; ").slice(0, 400)) || "\u2014"} |`;
}
function renderSmokeDetail(run) {
  const out = [];
  for (const result2 of run.results) {
    if (!result2.observation) continue;
    out.push(`<details><summary>Smoke test detail \u2014 ${htmlText(`${result2.kind} ${result2.object.name}`)}</summary>`, "");
    for (const rollout of result2.observation.rollouts) {
      const figures = result2.figures.find((f) => f.name === rollout.name && f.trial === rollout.trial);
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
        for (const pod of result2.observation.rollouts.find((r) => r.name === f.name && r.trial === f.trial)?.oldPods ?? []) {
          const ended = pod.terminatedMs !== void 0 && pod.deletedMs !== void 0 ? `ended ${seconds(pod.terminatedMs - pod.deletedMs)} after deletion` : "end not seen";
          out.push(`    old pod ${terminalText(pod.name)}: grace ${pod.graceSeconds ?? "?"} s, ${ended}, exit ${pod.exitCode ?? "?"}${pod.reason ? ` (${terminalText(pod.reason)})` : ""}`);
        }
      }
      for (const finding of result2.findings) out.push(`  - ${terminalText(finding)}`);
      for (const sentence of [...measurementSentences(result2), ...causeSentences(result2.figures)]) out.push(`  - ${terminalText(sentence)}`);
      for (const note of result2.notes) out.push(`  note: ${terminalText(note)}`);
    }
    out.push("");
  }
  return `${out.join("\n").trimEnd()}
`;
}

// node_modules/markdown-table/index.js
function defaultStringLength(value) {
  return value.length;
}
function markdownTable(table, options) {
  const settings = options || {};
  const align = (settings.align || []).concat();
  const stringLength = settings.stringLength || defaultStringLength;
  const alignments = [];
  const cellMatrix = [];
  const sizeMatrix = [];
  const longestCellByColumn = [];
  let mostCellsPerRow = 0;
  let rowIndex = -1;
  while (++rowIndex < table.length) {
    const row2 = [];
    const sizes2 = [];
    let columnIndex2 = -1;
    if (table[rowIndex].length > mostCellsPerRow) {
      mostCellsPerRow = table[rowIndex].length;
    }
    while (++columnIndex2 < table[rowIndex].length) {
      const cell2 = serialize(table[rowIndex][columnIndex2]);
      if (settings.alignDelimiters !== false) {
        const size = stringLength(cell2);
        sizes2[columnIndex2] = size;
        if (longestCellByColumn[columnIndex2] === void 0 || size > longestCellByColumn[columnIndex2]) {
          longestCellByColumn[columnIndex2] = size;
        }
      }
      row2.push(cell2);
    }
    cellMatrix[rowIndex] = row2;
    sizeMatrix[rowIndex] = sizes2;
  }
  let columnIndex = -1;
  if (typeof align === "object" && "length" in align) {
    while (++columnIndex < mostCellsPerRow) {
      alignments[columnIndex] = toAlignment(align[columnIndex]);
    }
  } else {
    const code = toAlignment(align);
    while (++columnIndex < mostCellsPerRow) {
      alignments[columnIndex] = code;
    }
  }
  columnIndex = -1;
  const row = [];
  const sizes = [];
  while (++columnIndex < mostCellsPerRow) {
    const code = alignments[columnIndex];
    let before = "";
    let after = "";
    if (code === 99) {
      before = ":";
      after = ":";
    } else if (code === 108) {
      before = ":";
    } else if (code === 114) {
      after = ":";
    }
    let size = settings.alignDelimiters === false ? 1 : Math.max(
      1,
      longestCellByColumn[columnIndex] - before.length - after.length
    );
    const cell2 = before + "-".repeat(size) + after;
    if (settings.alignDelimiters !== false) {
      size = before.length + size + after.length;
      if (size > longestCellByColumn[columnIndex]) {
        longestCellByColumn[columnIndex] = size;
      }
      sizes[columnIndex] = size;
    }
    row[columnIndex] = cell2;
  }
  cellMatrix.splice(1, 0, row);
  sizeMatrix.splice(1, 0, sizes);
  rowIndex = -1;
  const lines = [];
  while (++rowIndex < cellMatrix.length) {
    const row2 = cellMatrix[rowIndex];
    const sizes2 = sizeMatrix[rowIndex];
    const cellsInRow = settings.fillRows === false ? Math.max(1, cellMatrix[rowIndex === 1 ? 0 : rowIndex].length) : mostCellsPerRow;
    columnIndex = -1;
    const line = [];
    while (++columnIndex < cellsInRow) {
      const cell2 = row2[columnIndex] || "";
      let before = "";
      let after = "";
      if (settings.alignDelimiters !== false) {
        const size = longestCellByColumn[columnIndex] - (sizes2[columnIndex] || 0);
        const code = alignments[columnIndex];
        if (code === 114) {
          before = " ".repeat(size);
        } else if (code === 99) {
          const half = size / 2;
          if (size % 2) {
            before = " ".repeat(half + 0.5);
            after = " ".repeat(half - 0.5);
          } else {
            before = " ".repeat(half);
            after = before;
          }
        } else {
          after = " ".repeat(size);
        }
      }
      if (settings.delimiterStart !== false && !columnIndex) {
        line.push("|");
      }
      if (settings.padding !== false && // Don’t add the opening space if we’re not aligning and the cell is
      // empty: there will be a closing space.
      !(settings.alignDelimiters === false && cell2 === "") && (settings.delimiterStart !== false || columnIndex)) {
        line.push(" ");
      }
      if (settings.alignDelimiters !== false) {
        line.push(before);
      }
      line.push(cell2);
      if (settings.alignDelimiters !== false) {
        line.push(after);
      }
      if (settings.padding !== false) {
        line.push(" ");
      }
      if (settings.delimiterEnd !== false || columnIndex !== cellsInRow - 1) {
        line.push("|");
      }
    }
    lines.push(
      settings.delimiterEnd === false ? line.join("").replace(/ +$/, "") : line.join("")
    );
  }
  return lines.join("\n");
}
function serialize(value) {
  return value === null || value === void 0 ? "" : String(value);
}
function toAlignment(value) {
  const code = typeof value === "string" ? value.codePointAt(0) : 0;
  return code === 67 || code === 99 ? 99 : code === 76 || code === 108 ? 108 : code === 82 || code === 114 ? 114 : 0;
}

// src/report/blocking.ts
function formatCount(count) {
  return count.toLocaleString("en-US");
}
function counted(count, word) {
  return `${formatCount(count)} ${word}${count === 1 ? "" : "s"}`;
}
function messageShape(text) {
  return text.replace(/`[^`]*`/g, "`\u2026`").replace(/"[^"]*"/g, '"\u2026"').replace(/\d+(\.\d+)?/g, "#");
}
function findingShape(finding) {
  return JSON.stringify([finding.ruleId, finding.severity, finding.status ?? "", messageShape(finding.detail)]);
}
function groupFindings(findings) {
  const groups = /* @__PURE__ */ new Map();
  for (const finding of findings) {
    const key = findingShape(finding);
    const group = groups.get(key);
    if (group) group.findings.push(finding);
    else groups.set(key, { first: finding, findings: [finding] });
  }
  return [...groups.values()];
}
function objectLabel(item) {
  const { kind, namespace, name } = item.object;
  return `${kind} ${namespace ? `${namespace}/` : ""}${name}`;
}
function locationLink(file, line, linkBase, table = false) {
  const anchor = line === void 0 ? "" : `#L${line}`;
  if (!linkBase) return codeSpan(`${file}${anchor}`, { table });
  const segments = file.split("/");
  const shown = segments.length > 2 ? `\u2026/${segments.slice(-2).join("/")}` : file;
  return markdownLink(`${shown}${anchor}`, `${linkBase}/${linkPath(file)}${anchor}`);
}
function oneLineFix(remediation) {
  const text = remediation.replace(/\s+/g, " ").trim();
  if (text.length <= 160) return text;
  const sentence = /^.{20,}?[.;](?= [A-Z(])/.exec(text)?.[0];
  return sentence ?? text;
}
var severityCell = { error: "\u274C error", warning: "\u26A0\uFE0F warning", info: "\u2139\uFE0F info" };
function findingRow(group, options) {
  const { first, findings } = group;
  const shown = options.locationsPerRow ?? 3;
  const rule = `${markdownLink(first.ruleId, first.docsUrl)}${findings.length > 1 ? ` \xD7 ${formatCount(findings.length)}` : ""}`;
  const names = [...new Set(findings.map((f) => objectLabel(f)))];
  const container = findings.length === 1 && first.container ? ` \xB7 container ${codeSpan(first.container, { table: true })}` : "";
  const object = `${names.slice(0, shown).map((name) => markdownText(name)).join(", ")}${names.length > shown ? `, \u2026 ${formatCount(names.length - shown)} more` : ""}${container}`;
  const places = [...new Map(findings.map((f) => [`${f.file}#${f.line}`, f])).values()];
  const where = `${places.slice(0, shown).map((f) => locationLink(f.file, f.line, options.linkBase, true)).join(", ")}${places.length > shown ? ", \u2026" : ""}`;
  return [severityCell[first.severity], rule, object, where, markdownMessage(oneLineFix(first.remediation), { table: true })];
}
function drillRow(result2, options) {
  const exit = result2.observation?.exit;
  const what = result2.verdict === "killed" ? `was SIGKILLed${exit ? ` (exit ${exit.code})` : ""}` : "dropped requests at the stop";
  const fix = result2.verdict === "killed" ? "Make PID 1 exit on the stop signal within the grace period (the Runtime row says what PID 1 is)." : "Keep serving until the endpoints converge, then drain: a preStop delay and a readiness probe (the Pod row has the measured traffic).";
  return ["\u274C drill", `SIGTERM drill: ${markdownText(what)}`, `${markdownText(objectLabel(result2))} \xB7 container ${codeSpan(result2.container, { table: true })}`, locationLink(result2.file, void 0, options.linkBase, true), fix];
}
function smokeRow(result2) {
  if (result2.status === "failed") return ["\u274C rollout", "rollout smoke test: could not be run", markdownText(objectLabel(result2)), "\u2014", markdownMessage(result2.reason ?? "", { table: true })];
  const causes = /* @__PURE__ */ new Map();
  for (const figures of result2.figures.filter((f) => f.name === "restart")) {
    for (const [cause, n] of Object.entries(figures.byCause ?? {})) causes.set(cause, (causes.get(cause) ?? 0) + n);
  }
  const main = [...causes.entries()].sort((a, b) => b[1] - a[1])[0];
  const fix = main && main[0] !== "other" ? `${main[0] === "killed-in-flight" ? "Killed in flight" : main[0] === "endpoint-race" ? "Endpoint race" : "No ready endpoint"}: ${causeFixes[main[0]]}.` : "See Measured rollout below.";
  return ["\u274C rollout", `rollout smoke test: ${markdownText(result2.failing.join(", "))}`, markdownText(objectLabel(result2)), "\u2014", markdownMessage(fix, { table: true })];
}
function blockingTable(result2, options = {}) {
  const { gate } = result2;
  const rows = [];
  for (const error of gate.blockingErrors) rows.push(["\u274C input", "could not be analysed", markdownText(error.file), locationLink(error.file, error.line, options.linkBase, true), markdownMessage(error.message, { table: true })]);
  for (const group of groupFindings(gate.blocking)) rows.push(findingRow(group, options));
  for (const drill of gate.failingDrills) rows.push(drillRow(drill, options));
  for (const smoke of gate.failingSmoke) rows.push(smokeRow(smoke));
  if (rows.length === 0) return [];
  const limit = options.maxRows ?? rows.length;
  const table = markdownTable([["", "what", "object", "where", "fix"], ...rows.slice(0, limit)], { alignDelimiters: false });
  const out = [table];
  if (rows.length > limit) out.push("", `\u2026and ${counted(rows.length - limit, "more blocking row")} below.`);
  return out;
}
var noteRules = /* @__PURE__ */ new Set(["cluster/pdb-not-rollout-protection"]);
function isNote(finding) {
  return noteRules.has(finding.ruleId);
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
function failureMessage(gate) {
  const policies = [];
  if (gate.blocking.length > 0) policies.push(`fail-on ${gate.policy.failOn}`);
  if (gate.blockingErrors.length > 0) policies.push("failOnInputErrors");
  if (gate.failingDrills.length > 0) policies.push(`drill-fail-on ${gate.policy.drillFailOn.join(", ")}`);
  if (gate.failingSmoke.length > 0) policies.push(`smoke-fail-on ${gate.policy.smokeFailOn.join(", ") || "never"}`);
  return `termination-guard: ${gate.headline}${policies.length > 0 ? ` (${policies.join("; ")})` : ""}`;
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
var findingsShown = (group) => group.findings.filter((f) => !isNote(f));
function signature(group) {
  if (group.drill.length > 0 || group.suppressed.length > 0 || group.shownAbove.size > 0 || group.findings.length === 0) return void 0;
  const { subject } = group;
  return JSON.stringify([subject.kind, subject.object.kind, subject.render ?? "", group.findings.map(findingShape), subject.checks.map((c) => `${c.ruleId}:${c.status}`)]);
}
function rank(group, blocking, failingDrill) {
  if (failingDrill || group.findings.some((f) => blocking.has(f))) return 0;
  const shown = findingsShown(group);
  if (shown.some((f) => f.severity === "error")) return 1;
  if (shown.some((f) => f.severity === "warning")) return 2;
  if (shown.length > 0) return 3;
  return 4;
}
function sections(result2, groups, rolloutFailed) {
  const blocking = new Set(result2.gate.blocking);
  const failingDrills = new Set(result2.gate.failingDrills);
  const out = [];
  const bySignature = /* @__PURE__ */ new Map();
  for (const group of groups) {
    const key = signature(group);
    const existing = key === void 0 ? void 0 : bySignature.get(key);
    if (existing) {
      existing.alike.push(group);
      continue;
    }
    const section = { group, alike: [] };
    out.push(section);
    if (key !== void 0) bySignature.set(key, section);
  }
  const ranks = new Map(out.map((s) => [s, rank(s.group, blocking, s.group.drill.some((d) => failingDrills.has(d)) || rolloutFailed(s.group))]));
  return out.map((s, i) => ({ s, i })).sort((a, b) => ranks.get(a.s) - ranks.get(b.s) || a.i - b.i).map(({ s }) => s);
}
function layerStatus(layer, measured) {
  const findings = layer.findings.filter((f) => !isNote(f));
  if (findings.length > 0) return measured === "\u274C" ? "\u274C" : worstIcon(findings);
  if (layer.applicable === 0) return measured ?? "\u2796";
  return measured === "\u274C" ? "\u274C" : "\u2705";
}
function measuredIcon(group, layer) {
  const measured = group.drill.filter((d) => d.status === "measured" && d.verdict);
  if (measured.length === 0 || layer !== "runtime" && layer !== "pod") return void 0;
  const failed = measured.some((d) => layer === "runtime" ? d.verdict === "killed" : d.verdict === "abrupt");
  return failed ? "\u274C" : "\u{1F52C}";
}
function renderSubject(group, options, alike = [], rolloutFailed = false) {
  const { subject } = group;
  const out = [];
  const shown = findingsShown(group);
  const rows = group.byLayer.map((layer) => ({ layer, measured: measuredIcon(group, layer.layer) }));
  const glance = rows.filter(({ layer, measured }) => subject.kind === "workload" || layer.applicable > 0 || layer.findings.length > 0 || measured).map(({ layer, measured }) => `${layerTitles[layer.layer].replace(/ \(CRI\)$/, "")} ${layerStatus(layer, measured)}`).join(" \xB7 ");
  const failingDrill = group.drill.some((d) => d.verdict === "killed" || d.verdict === "abrupt");
  const icon = failingDrill || rolloutFailed ? "\u274C" : worstIcon(shown);
  const more = alike.length > 0 ? ` and ${counted(alike.length, "more object")} with the same findings` : "";
  out.push(`<details><summary>${icon} ${htmlText(subjectName(subject))}${more} \u2014 ${glance}</summary>`, "");
  const facts = [`${location(subject.file, subject.line, options)}`];
  if (subject.render) facts.push(`rendered from ${markdownText(describeRenders(subject))}`);
  facts.push(...subjectFacts(subject).map((fact) => markdownMessage(fact)));
  if (subject.kind === "pdb" && subject.facts.selector) facts.push(`selector ${codeSpan(subject.facts.selector)}`);
  out.push(facts.join(" \xB7 "), "");
  if (rolloutFailed) out.push("\u{1F6A6} Its rollout failed the smoke test: see Measured rollout below.", "");
  if (alike.length > 0) {
    const listed = options.allLocations ? alike : alike.slice(0, 5);
    out.push(`The same findings in ${counted(alike.length, "more object")}:`, "");
    for (const other of listed) out.push(`- ${markdownText(subjectName(other.subject))} \u2014 ${location(other.subject.file, other.subject.line, options)}`);
    if (listed.length < alike.length) out.push(`- \u2026and ${formatCount(alike.length - listed.length)} more${options.fullReportHint ? ` \u2014 ${options.fullReportHint}` : ""}`);
    out.push("");
  }
  if (subject.facts.containers?.length) {
    const cell2 = (text) => markdownMessage(text, { table: true });
    const table = subject.facts.containers.map((c) => [`${markdownText(c.name)}${c.role === "sidecar" ? " (sidecar)" : ""}`, cell2(c.preStop), cell2(c.pid1), cell2(c.traffic), cell2(c.readiness)]);
    out.push(markdownTable([["container", "preStop", "PID 1", "traffic", "readiness"], ...table], { alignDelimiters: false }), "");
  }
  const drillLinesOf = (layer) => group.drill.flatMap((result2) => {
    const line = layer === "runtime" ? drillRuntimeLine(result2) : layer === "pod" ? drillPodLine(result2) : void 0;
    return line ? [line] : [];
  });
  const passed = [];
  for (const { layer, measured } of rows) {
    const drillLines = drillLinesOf(layer.layer);
    const notes = layer.findings.filter(isNote);
    const listed = layer.findings.filter((f) => !isNote(f));
    const title = `**${layerTitles[layer.layer]}**`;
    if (layer.applicable === 0 && listed.length === 0) {
      if (drillLines.length > 0) out.push(`${title} ${measured ?? "\u{1F52C}"} measured by the SIGTERM drill`, "", ...drillLines, "");
      else {
        const reason = notApplicableReason(layer.layer, subject);
        if (reason) out.push(`${title} \u2796 ${markdownMessage(reason)}`, "");
      }
      continue;
    }
    const passedCount = layer.passed.length > 0 ? ` \xB7 ${counted(layer.passed.length, "check")} passed` : "";
    out.push(`${title} ${layerStatus(layer, measured)}${passedCount}`, "");
    const detailed = options.omit?.existingDetail ? listed.filter((f) => f.status !== "existing") : listed;
    for (const finding of detailed) {
      out.push(
        group.shownAbove.has(finding) ? `- ${severityIcon[finding.severity]} **${markdownLink(finding.ruleId, finding.docsUrl)}** the same finding as above (${counted(rendersOf(finding).length, "render")}) \u2014 ${location(finding.file, finding.line, options)}` : renderFinding(finding, options, subject)
      );
    }
    const hidden = listed.length - detailed.length;
    if (hidden > 0) out.push(`- ${counted(hidden, "existing finding")} (unchanged by this PR) \u2014 ${options.fullReportHint ?? "see the job summary"}`);
    for (const note of notes) out.push(`- \u2139\uFE0F Note: ${markdownMessage(note.detail)}`);
    if (detailed.length + hidden + notes.length > 0) out.push("");
    if (drillLines.length > 0) out.push(...drillLines, "");
    if (layer.passed.length > 0) passed.push(`- **${layerTitles[layer.layer]}**: ${layer.passed.map((title2) => markdownMessage(title2)).join(" \xB7 ")}`);
  }
  if (passed.length > 0 && !options.omit?.passed) out.push("<details><summary>Passed</summary>", "", ...passed, "", "</details>", "");
  if (!options.omit?.drillDetail) out.push(...drillDetails(group.drill));
  for (const finding of group.suppressed) {
    out.push(`- \u{1F515} ${markdownText(finding.ruleId)} suppressed by ${codeSpan(finding.suppression.source)}: ${markdownMessage(finding.suppression.reason)}`);
  }
  if (group.suppressed.length > 0) out.push("");
  const failed = [...new Set(shown.map((f) => f.ruleId))];
  if (failed.length > 0 && !options.omit?.verify) {
    const container = shown.find((f) => f.container)?.container;
    out.push("<details><summary>Verify on a live cluster</summary>", "", ...fencedBlock(verifyCommands(subject, failed, container).join("\n"), "sh"), "", "</details>", "");
  }
  out.push("</details>", "");
  return out.join("\n");
}
function passingLine(group, options, smokeFailed) {
  const checks = group.subject.checks.filter((c) => c.status === "pass").length;
  const note = group.findings.find(isNote);
  const checked = checks > 0 ? `all ${counted(checks, "check")} pass` : "nothing to check";
  const head = smokeFailed ? `\u274C ${markdownText(subjectName(group.subject))} \u2014 ${checked}, but its rollout failed the smoke test (see Measured rollout)` : `\u2705 ${markdownText(subjectName(group.subject))} \u2014 ${checked}`;
  return `- ${head} \xB7 ${location(group.subject.file, group.subject.line, options)}${note ? ` \xB7 \u2139\uFE0F ${markdownMessage(note.detail)}` : ""}`;
}
function renderMarkdown(result2, options = {}) {
  const summary = summarize(result2);
  const groups = groupBySubject(result2);
  const detailed = (g) => findingsShown(g).length > 0 || g.suppressed.length > 0 || g.drill.length > 0;
  const smokeFailed = (g) => result2.gate.failingSmoke.some((r) => r.object.kind === g.subject.object.kind && r.object.name === g.subject.object.name && (r.object.namespace ?? "") === (g.subject.object.namespace ?? ""));
  const all = sections(result2, groups.filter(detailed), smokeFailed);
  const passing = groups.filter((g) => !detailed(g)).sort((a, b) => Number(smokeFailed(b)) - Number(smokeFailed(a)));
  const out = [];
  out.push(`${summary.gate === "fail" ? "\u274C" : "\u2705"} **termination-guard: ${markdownText(summary.headline)}**`, "");
  const table = blockingTable(result2, { ...options.linkBase ? { linkBase: options.linkBase } : {}, maxRows: 15 });
  if (table.length > 0) out.push(...table, "");
  const counts = summary.new !== void 0 ? `${formatCount(summary.new)} new, ${formatCount(summary.existing ?? 0)} existing, ${formatCount(summary.fixed ?? 0)} fixed \xB7 ${counted(summary.errors, "error")}, ${counted(summary.warnings, "warning")}, ${formatCount(summary.info)} info on ${counted(result2.comparison?.changedObjects ?? 0, "changed object")}` : `${counted(summary.errors, "error")}, ${counted(summary.warnings, "warning")}, ${formatCount(summary.info)} info in ${counted(summary.workloads, "workload")}`;
  out.push(`${counts} \xB7 Kubernetes ${markdownText(result2.kubernetesVersion)} \xB7 fail on ${summary.failOn}`, "");
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
      `\u{1F6A6} **Rollout smoke test**: ${counted(measured.length, "workload")} measured${failing.length > 0 ? ` \u2014 ${failing.map((r) => markdownText(r.object.name)).join(", ")} ${failing.length === 1 ? "fails" : "fail"} the gate (smoke fail-on ${result2.gate.policy.smokeFailOn.join(", ") || "never"})` : ""} \xB7 see Measured rollout below`,
      ""
    );
  }
  if (result2.errors.length > 0) {
    out.push(`**Input problems** (${formatCount(result2.errors.length)}): these files or documents could not be analysed.`, "");
    for (const error of result2.errors) out.push(`- ${codeSpan(`${error.file}:${error.line}`)} ${markdownMessage(error.message)}`);
    out.push("");
  }
  if (result2.notices.length > 0) {
    for (const notice of result2.notices) out.push(`> ${markdownMessage(notice)}`);
    out.push("");
  }
  const limit = options.maxSubjects ?? all.length;
  for (const section of all.slice(0, limit)) out.push(renderSubject(section.group, options, section.alike, smokeFailed(section.group)));
  if (all.length > limit) {
    const rest = all.slice(limit).reduce((sum, s) => sum + 1 + s.alike.length, 0);
    out.push(`\u2026and ${counted(rest, "more object")} with findings${options.fullReportHint ? ` \u2014 ${options.fullReportHint}` : ""}.`, "");
  }
  if (passing.length > 0) {
    out.push(`${counted(passing.length, "object")} ${passing.length === 1 ? "passes" : "pass"} every check:`, "");
    if (options.showPassing || passing.length <= 10) out.push(...passing.map((g) => passingLine(g, options, smokeFailed(g))));
    else {
      const byKind = /* @__PURE__ */ new Map();
      for (const g of passing) byKind.set(g.subject.object.kind, [...byKind.get(g.subject.object.kind) ?? [], g]);
      for (const [kind, list] of byKind) {
        const names = list.slice(0, 3).map((g) => markdownText(subjectName(g.subject).slice(kind.length + 1)));
        const rest = list.length > 3 ? `, \u2026 ${formatCount(list.length - 3)} more${options.fullReportHint ? ` \u2014 ${options.fullReportHint}` : ""}` : "";
        out.push(`- \u2705 ${formatCount(list.length)} \xD7 ${markdownText(kind)}: ${names.join(", ")}${rest}`);
      }
    }
    out.push("");
  }
  if (result2.smoke) {
    out.push(...renderSmokeSection(result2.smoke, { timeline: !options.omit?.smokeTimeline }));
    if (options.smokeDetail) out.push(...renderSmokeDetail(result2.smoke));
  }
  if (result2.comparison && result2.comparison.fixed.length > 0) {
    out.push("### \u{1F389} Fixed by this change", "");
    for (const fixed of result2.comparison.fixed) {
      out.push(`- \u2705 **${markdownText(fixed.ruleId)}** ${markdownText(`${objectLabel(fixed)}${fixed.container ? ` (container "${fixed.container}")` : ""}`)}`);
    }
    out.push("");
  }
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
var measuredGraceRule = {
  id: graceRuleId,
  name: "grace-period-measured",
  shortDescription: { text: "The grace period is shorter than the SIGTERM drill measured it needs" },
  fullDescription: { text: `The drill measured the preStop hook and the time from the stop signal to the exit with requests in flight; the grace period should cover both plus a ${graceBufferSeconds} s buffer.` },
  helpUri: graceDocsUrl,
  help: { text: "terminationGracePeriodSeconds covers the preStop hook and the app's shutdown together; SIGKILL comes at its end." },
  defaultConfiguration: { level: "warning" },
  properties: { tags: ["kubernetes", "termination", "pod", "measured"] }
};
function renderSarif(analysis) {
  const measuredGrace = analysis.findings.some((f) => f.ruleId === graceRuleId);
  const indexOf = new Map([...ruleMetas.map((meta, i) => [meta.id, i]), ...measuredGrace ? [[graceRuleId, ruleMetas.length]] : []]);
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
            rules: [
              ...ruleMetas.map((meta) => ({
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
              })),
              // Not a rule over the manifests: the SIGTERM drill's measurement, when it shows the grace period too short.
              ...measuredGrace ? [measuredGraceRule] : []
            ]
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
  isNote,
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
  summarize,
  failureMessage,
  renderMarkdown,
  renderJson,
  renderSarif
};
