import { createRequire as __tgCreateRequire } from 'node:module';
const require = __tgCreateRequire(import.meta.url);

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
  return value.length <= 253 && value.split(".").every((label) => /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(label));
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

// src/version.ts
var toolVersion = "0.1.0";

export {
  showControls,
  markdownText,
  codeSpan,
  markdownMessage,
  fencedBlock,
  linkPath,
  linkDestination,
  markdownLink,
  htmlText,
  mermaidText,
  isDnsLabel,
  isDnsSubdomain,
  shellQuote,
  shellWord,
  logLine,
  terminalText,
  sarifText,
  toolVersion
};
