import { createRequire as __tgCreateRequire } from 'node:module';
const require = __tgCreateRequire(import.meta.url);
import {
  describeRenders,
  groupBySubject,
  isNote,
  notApplicableReason,
  renderDrillText,
  renderFixYaml,
  renderJson,
  renderMarkdown,
  renderSarif,
  renderSmokeDetail,
  renderSmokeSection,
  renderSmokeText,
  sameRenders,
  subjectFacts,
  subjectName,
  summarize
} from "./chunk-WFRLHHBN.js";
import {
  rendersOf
} from "./chunk-BOMKFTLZ.js";
import "./chunk-6ZX7BPBK.js";
import "./chunk-5NGQACPD.js";
import "./chunk-QEM6FKPM.js";
import {
  terminalText
} from "./chunk-2DNNRKUJ.js";
import "./chunk-RF4X2UR6.js";
import "./chunk-ZYTHLJNO.js";
import "./chunk-EDZ47NS3.js";
import {
  layerTitles,
  plural
} from "./chunk-O463YJ2Z.js";
import "./chunk-OH4YQWZE.js";
import {
  identityKey
} from "./chunk-FZMQJXAM.js";
import "./chunk-MPLI4E57.js";
import "./chunk-4T5WEU3T.js";
import "./chunk-6CTQYBGU.js";

// src/report/text.ts
var ansi = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");
var visibleLength = (text) => [...text.replace(ansi, "")].length;
function wrapLine(line, width, hangingIndent) {
  if (visibleLength(line) <= width) return [line];
  const lead = /^ */.exec(line)[0].length;
  const indent = " ".repeat(Math.min(hangingIndent ?? lead, Math.max(0, width - 20)));
  const words = line.slice(lead).split(" ");
  const out = [];
  let current = " ".repeat(lead);
  let length = lead;
  let empty = true;
  for (const word of words) {
    const size = visibleLength(word);
    if (!empty && length + 1 + size > width) {
      out.push(current);
      current = indent + word;
      length = indent.length + size;
      continue;
    }
    current += empty ? word : ` ${word}`;
    length += empty ? size : size + 1;
    empty = false;
  }
  out.push(current);
  return out;
}
var codes = { red: 31, yellow: 33, blue: 34, green: 32, dim: 2, bold: 1 };
function renderText(result, options) {
  const paint = (style, text) => options.color ? `\x1B[${codes[style]}m${text}\x1B[0m` : text;
  const severityLabel = (f) => f.severity === "error" ? paint("red", "\u2717 error  ") : f.severity === "warning" ? paint("yellow", "! warning") : paint("blue", "i info   ");
  const summary = summarize(result);
  const out = [];
  for (const error of result.errors) out.push(`${paint("red", "input error")} ${terminalText(error.file)}:${error.line} ${terminalText(error.message)}`);
  for (const notice of result.notices) out.push(`${paint("dim", "note")} ${terminalText(notice)}`);
  if (out.length > 0) out.push("");
  const groups = groupBySubject(result).filter((g) => g.findings.length > 0 || g.suppressed.length > 0);
  for (const group of groups) {
    const { subject } = group;
    out.push(`${paint("bold", terminalText(subjectName(subject)))}  ${paint("dim", terminalText(`${subject.file}:${subject.line}${subject.render ? ` (${describeRenders(subject)})` : ""}`))}`);
    const facts = subjectFacts(subject).map((f) => terminalText(f.replace(/^grace period /, "grace ")));
    if (facts.length > 0) out.push(`  ${paint("dim", facts.join(" \xB7 "))}`);
    for (const { notes, ...layer } of group.byLayer.map((l) => ({ ...l, findings: l.findings.filter((f) => !isNote(f)), notes: l.findings.filter(isNote) }))) {
      const noteLines = notes.map((note) => `  ${" ".repeat(14)}${paint("dim", `note: ${terminalText(note.detail)}`)}`);
      if (layer.findings.length === 0 && layer.passed.length === 0) {
        const reason = layer.applicable === 0 ? notApplicableReason(layer.layer, subject) : void 0;
        if (reason) out.push(`  ${layerTitles[layer.layer].padEnd(14)}${paint("dim", `\u2013 ${terminalText(reason)}`)}`);
        continue;
      }
      const head = layerTitles[layer.layer].padEnd(14);
      if (layer.findings.length === 0) {
        out.push(`  ${head}${paint("green", `\u2713 ${plural(layer.passed.length, "check")} passed`)}`, ...noteLines);
        continue;
      }
      layer.findings.forEach((finding, i) => {
        const status = finding.status === "new" ? ` ${paint("bold", "[new]")}` : finding.status === "existing" ? ` ${paint("dim", "[existing]")}` : "";
        out.push(`  ${i === 0 ? head : " ".repeat(14)}${severityLabel(finding)} ${finding.ruleId}${status}  ${paint("dim", `${terminalText(finding.file)}:${finding.line}`)}`);
        if (group.shownAbove.has(finding)) {
          out.push(`  ${" ".repeat(14)}  ${paint("dim", `the same finding as above (${plural(rendersOf(finding).length, "render")})`)}`);
          return;
        }
        out.push(`  ${" ".repeat(14)}  ${terminalText(finding.detail)}`);
        if (finding.render && !sameRenders(finding, subject)) out.push(`  ${" ".repeat(14)}  ${paint("dim", terminalText(`in ${describeRenders(finding)}`))}`);
        out.push(`  ${" ".repeat(14)}  ${paint("dim", `fix: ${terminalText(finding.remediation)}`)}`);
        if (finding.fix) {
          for (const line of renderFixYaml(finding.fix).split("\n")) out.push(`  ${" ".repeat(16)}${paint("dim", terminalText(line))}`);
        }
      });
      if (layer.passed.length > 0) out.push(`  ${" ".repeat(14)}${paint("green", `\u2713 ${plural(layer.passed.length, "other check")} passed`)}`);
      out.push(...noteLines);
    }
    for (const finding of group.suppressed) {
      out.push(`  ${paint("dim", terminalText(`suppressed ${finding.ruleId} (${finding.suppression.source}): ${finding.suppression.reason}`))}`);
    }
    out.push("");
  }
  if (result.comparison) {
    for (const fixed of result.comparison.fixed) {
      out.push(`${paint("green", "fixed")} ${terminalText(`${fixed.ruleId} ${fixed.object.kind} ${fixed.object.name}${fixed.container ? ` ("${fixed.container}")` : ""}`)}  ${paint("dim", `was ${terminalText(fixed.file)}:${fixed.line}`)}`);
    }
    if (result.comparison.fixed.length > 0) out.push("");
    out.push(paint("dim", `Compared with ${terminalText(result.comparison.base)}: ${plural(result.comparison.changedObjects, "changed object")}; unchanged objects are context only.`));
  }
  const clean = result.subjects.length - groups.length;
  if (clean > 0) out.push(paint("green", `${plural(clean, "object")} ${clean === 1 ? "passes" : "pass"} every check.`));
  const gate = summary.gate === "fail" ? paint("red", "FAIL") : paint("green", "PASS");
  out.push(
    (summary.new !== void 0 ? `${summary.new} new, ${summary.existing} existing, ${summary.fixed} fixed \u2014 ` : "") + `${plural(summary.errors, "error")}, ${plural(summary.warnings, "warning")}, ${summary.info} info${summary.suppressed ? `, ${summary.suppressed} suppressed` : ""} in ${plural(summary.workloads, "workload")} (${plural(summary.files, "file")}, Kubernetes ${result.kubernetesVersion}) \u2014 gate ${gate}: ${terminalText(summary.headline)} (fail on ${summary.failOn})`
  );
  const lines = options.width ? out.flatMap((line) => wrapLine(line, options.width)) : out;
  return `${lines.join("\n")}
`;
}
function renderGateLine(result, options, measurement) {
  const paint = (style, text) => options.color ? `\x1B[${codes[style]}m${text}\x1B[0m` : text;
  const { gate } = result;
  const policy = measurement === "drill" ? `drill fail-on ${gate.policy.drillFailOn.join(", ") || "never"}` : `smoke fail-on ${gate.policy.smokeFailOn.join(", ") || "never"}`;
  const findings = gate.blocking.length > 0 ? `; fail on ${gate.policy.failOn}` : "";
  return `gate ${gate.verdict === "fail" ? paint("red", "FAIL") : paint("green", "PASS")}: ${terminalText(gate.headline)} (${policy}${findings})
`;
}

// src/cli-output.ts
function renderCliReport(result, command, format, terminalOptions) {
  const terminal = typeof terminalOptions === "boolean" ? { color: terminalOptions } : terminalOptions;
  if (command === "drill" && format !== "sarif") {
    if (format === "json") return `${JSON.stringify({ drill: result.drill, failOn: result.gate.policy.drillFailOn }, null, 2)}
`;
    return format === "markdown" ? renderMarkdown(drilledOnly(result)) : `${renderDrillText(result.drill ?? [])}
${renderGateLine(result, terminal, "drill")}`;
  }
  if (command === "smoke" && format !== "sarif" && result.smoke) {
    const run = result.smoke;
    if (format === "json") return `${JSON.stringify({ cluster: run.cluster, seconds: run.seconds, failOn: result.gate.policy.smokeFailOn, results: run.results }, null, 2)}
`;
    return format === "markdown" ? `${[...renderSmokeSection(run, { timeline: true }), ...renderSmokeDetail(run)].join("\n").trimEnd()}
` : `${renderSmokeText(run)}
${renderGateLine(result, terminal, "smoke")}`;
  }
  if (format === "json") return renderJson(result);
  if (format === "sarif") return renderSarif(result);
  return format === "markdown" ? renderMarkdown(result) : renderText(result, terminal);
}
function drilledOnly(result) {
  const drilled = new Set((result.drill ?? []).map((d) => identityKey(d.object, d.render)));
  const keep = (item) => (item.renders ?? [item.render]).some((render) => drilled.has(identityKey(item.object, render)));
  return { ...result, findings: result.findings.filter(keep), suppressed: result.suppressed.filter(keep), subjects: result.subjects.filter(keep) };
}
export {
  renderCliReport
};
