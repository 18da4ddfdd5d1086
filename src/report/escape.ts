// Escaping, one function per output context. The analysis keeps what it reads from manifests,
// charts, Dockerfiles, file names and pull requests as plain strings; a renderer turns such a
// string into Markdown, HTML, a Mermaid label, a shell word, a log line or terminal text only
// through the function here for that context. Every function is total and pure: any string in,
// and nothing in it can change the shape of what we write (a new block, heading, list item, table
// cell, link, mention, diagram statement, shell command, workflow command or terminal escape).
//
// Markdown references are to GitHub Flavored Markdown (https://github.github.com/gfm/, cmark-gfm)
// and to what github.com does after rendering (mentions, issue references, autolinks).

/** Lone UTF-16 surrogates (a YAML "\uD800" escape can make one) become U+FFFD. */
function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

const hex = (code: number, width: number) => code.toString(16).toUpperCase().padStart(width, '0');

/** How an invisible or line-breaking character is shown: `\n`, `\x1B`, `\u202E`. */
function visible(char: string): string {
  const code = char.codePointAt(0)!;
  if (char === '\n') return '\\n';
  if (char === '\r') return '\\r';
  if (char === '\t') return '\\t';
  return code < 0x100 ? `\\x${hex(code, 2)}` : `\\u${hex(code, 4)}`;
}

// C0 controls but tab and the line breaks, DEL, C1 controls (U+0085 NEL among them), the
// line/paragraph separators, the byte-order mark, and the bidirectional formatting characters
// that reorder how a name is displayed ("Trojan Source", CVE-2021-42574).
const invisible = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069\uFEFF]/g;
const invisibleOrBreak = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069\uFEFF]/g;

/** Control and bidi characters shown as escapes; line breaks (and tabs) too unless kept. */
export function showControls(text: string, options: { keepLineBreaks?: boolean } = {}): string {
  return wellFormed(text).replace(options.keepLineBreaks ? invisible : invisibleOrBreak, visible);
}

/** Line breaks as CommonMark knows them (\n, \r\n, \r) collapse to one space. */
const oneLine = (text: string) => text.replace(/[\r\n]+/g, ' ');

const zeroWidthSpace = '\u200B';

/**
 * What github.com links after rendering, in text nodes outside code and links: @mentions
 * (users, org/team), issue references (#123, GH-123, owner/repo#123), and GFM's extended
 * autolinks (www., scheme://, e-mail addresses). A zero-width space after the trigger keeps
 * the text as it reads and breaks the pattern. Entities or backslashes would not do: they are
 * decoded before GitHub's reference filters see the text.
 */
function defuseReferences(text: string): string {
  return text
    .replace(/@(?=[\p{L}\p{N}_-])/gu, `@${zeroWidthSpace}`)
    .replace(/#(?=\d)/g, `#${zeroWidthSpace}`)
    .replace(/\b(GH)-(?=\d)/gi, `$1-${zeroWidthSpace}`)
    // Tried only where a scheme can start (not inside a run of scheme characters): linear in a
    // long word, where an unanchored try at every position was quadratic (a 4 MB value took 17 s).
    .replace(/(?<![A-Za-z0-9+.-])([A-Za-z][A-Za-z0-9+.-]*):(?=\/\/)/g, `$1:${zeroWidthSpace}`)
    .replace(/\b(www)\./gi, `$1${zeroWidthSpace}.`);
}

/**
 * Characters escaped wherever they are in Markdown text:
 * - `\` so the value cannot escape our own syntax after it;
 * - `` ` `` (code spans), `*` `_` (emphasis; but see intraword), `~` (GFM strikethrough), `$` (GitHub math);
 * - `[` `]`: with both escaped no link, image (`![`), footnote (`[^`), task-list item or link
 *   reference definition can form, so `(`, `)` and `!` need no escape of their own;
 * - `|`: `\|` is a literal pipe in a paragraph and, because GFM's table scanner honours it
 *   before inline parsing, also in a table cell, so text is safe in either place;
 * - `<` `>` `&` as entities: no raw HTML (`<img>`, `<details>`), no autolink (`<https://…>`),
 *   no blockquote, no entity smuggled in (`&lt;` stays the four characters it is).
 * Left alone: `:` (an `:emoji:` shortcode becomes a glyph the value could hold itself), `.`,
 * `"`, `'`, `/` and the rest, which open nothing inline; block markers only matter at a line
 * start (markdownText below).
 */
const markdownSpecials: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * An `_` between two letters or digits (`EXIT_ON_ZERO`) is left as it is: such a run is both
 * left- and right-flanking and not next to punctuation, so GFM lets it neither open nor close
 * emphasis (spec 6.2, rules 2 and 4). `*` has no such exception.
 */
const alphanumeric = /^[\p{L}\p{N}]$/u;
const intraword = (text: string, at: number) => alphanumeric.test(text[at - 1] ?? '') && alphanumeric.test(text[at + 1] ?? '');

/**
 * Plain text as Markdown inline content: it renders as the same characters and can open no
 * block, span, link, HTML or mention. Line breaks collapse to a space (a new line could start a
 * heading, list, quote, fence or table row); leading blanks go (four of them start a code block
 * in a list item); a value that begins like a block marker (`#`, `-`, `+`, `=`, `1.`, `1)`) has
 * it escaped, since renderers place values at the start of list items and lines.
 */
export function markdownText(value: string): string {
  return inlineText(value, true);
}

function inlineText(value: string, lineStart: boolean): string {
  let text = showControls(oneLine(value), { keepLineBreaks: true }).replace(/\t/g, ' ');
  if (lineStart) text = text.replace(/^ +/, '');
  text = defuseReferences(text).replace(/[\\`*_[\]~|$&<>]/g, (c, at: number, all: string) => (c === '_' && intraword(all, at) ? c : (markdownSpecials[c] ?? `\\${c}`)));
  return lineStart ? text.replace(/^[#+=-]/, '\\$&').replace(/^(\d{1,9})([.)])(?= |$)/, '$1\\$2') : text;
}

/**
 * A code span showing `value` literally. Inside a code span nothing is interpreted — not
 * entities (so `<app>` must stay `<app>`, not `&lt;app&gt;`), not backslashes, not mentions —
 * except what ends it: a backtick run as long as the fence, a line break (a new line could open
 * a block before inline parsing sees the span), and, in a table, `|` (GFM splits cells before
 * inline parsing, even inside a span; `\|` is its escape and is removed before the span is read).
 * So: the fence is one backtick longer than the longest run in the value, a space pads both sides
 * when the value starts or ends with a backtick or is blank-edged (CommonMark strips one space
 * from each side), and line breaks become spaces.
 */
export function codeSpan(value: string, options: { table?: boolean } = {}): string {
  let text = showControls(oneLine(value), { keepLineBreaks: true });
  if (text === '') return '` `';
  if (options.table) text = text.replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = /^[` ]|[` ]$/.test(text) ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/**
 * Text from the analysis in the rules' convention: plain prose whose backtick-delimited runs
 * are code (`container "api": PID 1 is \`sh -c …\``). Prose goes through markdownText and each
 * run through codeSpan, so a value embedded in a message is escaped either way. An unpaired
 * backtick (a value that held one) stays literal text; a value with backticks inside a run may
 * split it oddly, but every piece is still escaped for where it lands.
 */
export function markdownMessage(value: string, options: { table?: boolean } = {}): string {
  const parts = value.split('`');
  const closed = parts.length % 2 === 1 ? parts.length : parts.length - 1;
  let out = '';
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (i % 2 === 0 || i >= closed) {
      const text = i >= closed ? `\`${part}` : part;
      // Only the message's own start can be a line start; later prose follows a code span.
      out += inlineText(text, i === 0);
    } else {
      out += part === '' ? '\\`\\`' : codeSpan(part, options);
    }
  }
  return out;
}

/**
 * A table cell's content. markdownText already keeps a cell a cell (`|` escaped, line breaks
 * collapsed); code inside a cell needs `codeSpan(value, { table: true })` or
 * `markdownMessage(value, { table: true })`.
 */
export const tableCell = markdownText;

/**
 * A fenced code block (its lines, without indentation): the fence is backticks, one longer than
 * any backtick run in the content and at least three, so no line of the content can close it
 * (a `~~~` line cannot close a backtick fence). Control characters are shown as escapes, line
 * breaks kept. `info` is ours (`yaml`, `sh`, `mermaid`).
 */
export function fencedBlock(content: string, info = ''): string[] {
  const text = showControls(content.replace(/\r\n?/g, '\n'), { keepLineBreaks: true });
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [`${fence}${info}`, ...text.split('\n'), fence];
}

const percent = (text: string) => [...new TextEncoder().encode(text)].map((byte) => `%${hex(byte, 2)}`).join('');

/**
 * A repository path as URL path segments: everything but RFC 3986's unreserved characters
 * (letters, digits, `-._~`) is percent-encoded in each segment, `/` separates them. So a file
 * named `a](x) b` or with a `#` or `?` stays one path in the link.
 */
export function linkPath(path: string): string {
  return wellFormed(path)
    .split('/')
    .map((segment) => segment.replace(/[^A-Za-z0-9\-._~]+/g, percent))
    .join('/');
}

/**
 * A URL as a Markdown link destination: characters that are not allowed in a URI, or that
 * end or confuse a destination (space, `<`, `>`, `(`, `)`, backtick, `"`, `\`, controls), are
 * percent-encoded, and so is `&` (entity references are decoded in destinations); `%` is kept,
 * so an encoded path stays as it is.
 */
export function linkDestination(url: string): string {
  return wellFormed(url).replace(/[^A-Za-z0-9\-._~:/?#@!$'*+,;=%]+/g, percent);
}

/** `[text](url)` with the text as Markdown text and the URL as a destination. */
export function markdownLink(text: string, url: string): string {
  return `[${markdownText(text)}](${linkDestination(url)})`;
}

const htmlEntities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text inside raw HTML of our own (`<summary>…</summary>` on a `<details>` line). That line
 * starts an HTML block, which Markdown leaves alone until a blank line: so no backslash escapes
 * (they would show), entities instead; line breaks collapse (a blank line would end the block);
 * mentions are defused, since GitHub links them in HTML text too.
 */
export function htmlText(value: string): string {
  return defuseReferences(showControls(oneLine(value), { keepLineBreaks: true })).replace(/[&<>"']/g, (c) => htmlEntities[c]);
}

/**
 * Keywords Mermaid's gantt lexer matches at the start of a statement, before a task name, even
 * without a following word boundary (https://github.com/mermaid-js/mermaid, gantt.jison): a task
 * named `click x href "…"` would become a link, one named `section x` a section. The list is wide
 * on purpose (prefixes, and words newer versions added); matching is case-insensitive, like the lexer.
 */
const mermaidKeyword = /^(?:click|call|href|gantt|date|inclusive|top|axis|tick|include|exclude|today|weekday|title|acc|section|vert|milestone|\d{4}-)/i;

/**
 * Text in a Mermaid label (a gantt task name, section or title). Mermaid's own escape is the
 * entity code `#<decimal>;`, decoded after parsing in every diagram type (mermaidAPI
 * encodeEntities/decodeEntities). Everything but letters, digits, spaces and `._-+/()=,…→·` is
 * encoded that way: `:` (ends a task name), `#` and `%%` (comments), `;` (ends a statement),
 * `%%{` (directives), quotes and `<>` (links, HTML labels), backticks (Markdown labels), braces.
 * Line breaks become spaces. A label that starts like a gantt keyword gets its first character
 * encoded, and leading blanks go (the lexer skips them).
 */
export function mermaidText(value: string): string {
  const text = wellFormed(value).replace(/[\s\u0085]+/g, ' ').replace(/^ +/, '');
  const encoded = text.replace(/[^\p{L}\p{N} ._\-+/()=,…→·]/gu, (c) => `#${c.codePointAt(0)};`);
  // A keyword is ASCII, so its first character is one UTF-16 unit.
  return mermaidKeyword.test(encoded) ? `#${encoded.charCodeAt(0)};${encoded.slice(1)}` : encoded;
}

/** A Kubernetes name: a DNS-1123 label (namespaces, containers) — at most 63 of [a-z0-9-], alphanumeric at both ends. */
export function isDnsLabel(value: string): boolean {
  return value.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(value);
}

/** A Kubernetes object name: a DNS-1123 subdomain — dot-separated labels, at most 253 characters. */
export function isDnsSubdomain(value: string): boolean {
  return value.length <= 253 && value.split('.').every((label) => /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(label));
}

/** `'…'` with each `'` as `'\''`: POSIX single quotes keep every other character literal. */
export function shellQuote(value: string): string {
  return `'${wellFormed(value).replace(/'/g, "'\\''")}'`;
}

/**
 * A value as one shell word: bare when it is made only of characters no POSIX shell treats
 * specially and does not start with `-` or `~` (so every valid Kubernetes name prints as it is),
 * single-quoted otherwise.
 */
export function shellWord(value: string): string {
  return /^[A-Za-z0-9_.,/:=@%+][A-Za-z0-9_.,/:=@%+-]*$/.test(value) ? value : shellQuote(value);
}

/**
 * A line of the Actions log written with core.info (which, unlike the annotation commands, does
 * not escape). The runner reads a workflow command from a line that starts with `::` after
 * leading blanks (`::error file=x::…`) or that contains `##[` anywhere (the older
 * `##[error]…` form), and splits lines at \n, \r and \r\n (actions/runner, ActionCommand.cs).
 * So line breaks and other controls are shown as escapes (`\n`, `\r`, `\x1B`), and the
 * characters that would complete a command marker are percent-encoded the way the runner's own
 * escaping writes them: a leading `::` becomes `%3A:`, every `##[` becomes `##%5B`. Visible
 * ASCII, so no culture-sensitive comparison can see through it as it could a zero-width space.
 */
export function logLine(value: string): string {
  return showControls(value)
    .replace(/##\[/g, '##%5B')
    .replace(/^(\s*):(?=:)/, '$1%3A');
}

/**
 * Text for the terminal: no control character reaches it (ANSI escape sequences could recolour,
 * move the cursor, rewrite earlier lines or set the window title; a line break could fake a
 * line of our own), and no bidi override reorders it. All are shown as escapes.
 */
export function terminalText(value: string): string {
  return showControls(value);
}

/**
 * Text of a SARIF plain-text message. SARIF 2.1.0 §3.11.6 reads `[text](target)` in such a
 * message as an embedded link (GitHub code scanning shows them as links). Escaping literal
 * brackets with a backslash (and a backslash in front of one) is allowed anywhere and asked for
 * where the text could be read as a link; we escape them all when the text holds a `](`, and
 * leave brackets that cannot form a link (`CMD ["app"]`) as they read.
 */
export function sarifText(value: string): string {
  const text = showControls(value, { keepLineBreaks: true });
  if (!text.includes('](')) return text;
  return text.replace(/(\\*)([[\]])/g, (_, slashes: string, bracket: string) => `${slashes}${slashes}\\${bracket}`);
}
