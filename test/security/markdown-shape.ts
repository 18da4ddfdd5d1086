// The shape of a Markdown document as GitHub would see it, line by line, without a Markdown
// library: which block each line starts (heading, list item, quote, table row and its cells,
// HTML block, fence, rule) and what the inline text outside code spans could turn into (links,
// raw HTML, emphasis, mentions, issue references, autolinks). Two reports whose shapes are
// equal have the same structure, whatever their text says — the property the escaping keeps:
// a report over hostile names has the shape of the same report over plain ones.

/** The inline text of a line with code spans removed and escaped characters marked as `\0`. */
export function outsideCode(line: string): string {
  let out = '';
  for (let i = 0; i < line.length; ) {
    const char = line[i];
    if (char === '\\' && i + 1 < line.length && /[!-/:-@[-`{-~]/.test(line[i + 1])) {
      out += '\0';
      i += 2;
      continue;
    }
    if (char === '`') {
      const run = /^`+/.exec(line.slice(i))![0];
      // A code span closes at the next backtick run of exactly the same length (CommonMark 6.1).
      const close = new RegExp(`(?<!\`)${run}(?!\`)`, 'g');
      close.lastIndex = i + run.length;
      const end = close.exec(line);
      if (end) {
        out += '\u0001';
        i = end.index + run.length;
        continue;
      }
      out += run;
      i += run.length;
      continue;
    }
    out += char;
    i++;
  }
  return out;
}

const count = (text: string, pattern: RegExp) => (text.match(pattern) ?? []).length;

/** What the inline text of a line could become, counted. */
function inlineShape(line: string): string {
  const text = outsideCode(line);
  const parts = [
    `links:${count(text, /\]\(/g)}`,
    `html:${count(text, /<[A-Za-z!/?]/g)}`,
    `emphasis:${count(text.replace(/(?<=[\p{L}\p{N}])_(?=[\p{L}\p{N}])/gu, ''), /[*_~$]/g)}`,
    `backticks:${count(text, /`/g)}`,
    `mentions:${count(text, /@[\p{L}\p{N}_-]/gu)}`,
    `references:${count(text, /#\d|\bGH-\d/gi)}`,
    `autolinks:${count(text, /[A-Za-z][A-Za-z0-9+.-]*:\/\/|\bwww\./gi)}`,
  ];
  return parts.join(' ');
}

/**
 * A line that starts an HTML block (`<details><summary>…`) is raw HTML up to the next blank
 * line: Markdown is not read in it, so only its tags and what GitHub links in HTML text count.
 */
function htmlShape(line: string): string {
  return [`tags:${count(line, /<[A-Za-z!/?]/g)}`, `mentions:${count(line, /@[\p{L}\p{N}_-]/gu)}`, `references:${count(line, /#\d|\bGH-\d/gi)}`].join(' ');
}

/** Pipes that separate table cells: not escaped (GFM reads `\|` as a literal even in code). */
const cellPipes = (line: string) => count(line.replace(/\\\\/g, '').replace(/\\\|/g, ''), /\|/g);

export type LineKind = 'markdown' | 'html' | 'fence' | 'fenced';

/**
 * Each line with what GitHub reads it as: Markdown, raw HTML (a block that starts with a tag and
 * runs to the next blank line), a fence line, or the literal content of a fenced block (a
 * fence closes only on a line of the same character at least as long as its opening).
 */
export function markdownLines(markdown: string): { line: string; kind: LineKind }[] {
  const out: { line: string; kind: LineKind }[] = [];
  let fence: { char: string; length: number } | undefined;
  let html = false;
  for (const line of markdown.split(/\r\n|\r|\n/)) {
    const rest = line.trimStart();
    if (fence) {
      const close = /^(`{3,}|~{3,})\s*$/.exec(rest);
      if (close && close[1][0] === fence.char && close[1].length >= fence.length) {
        fence = undefined;
        out.push({ line, kind: 'fence' });
      } else out.push({ line, kind: 'fenced' });
      continue;
    }
    if (html && rest !== '') {
      out.push({ line, kind: 'html' });
      continue;
    }
    html = false;
    const open = /^(`{3,}|~{3,})/.exec(rest);
    if (open) {
      fence = { char: open[1][0], length: open[1].length };
      out.push({ line, kind: 'fence' });
    } else if (/^<(\/?[A-Za-z][A-Za-z0-9-]*|!--)/.test(rest)) {
      html = true;
      out.push({ line, kind: 'html' });
    } else out.push({ line, kind: 'markdown' });
  }
  return out;
}

/**
 * One entry per line outside fences (a fenced block counts once, whatever is in it): the block
 * the line opens and, for text, its inline shape. Indentation is part of the entry.
 */
export function markdownShape(markdown: string): string[] {
  const shape: string[] = [];
  for (const { line, kind } of markdownLines(markdown)) {
    const indent = /^ */.exec(line)![0].length;
    const rest = line.slice(indent);
    if (kind === 'fenced') continue;
    if (kind === 'fence') shape.push(`${indent} fence ${rest.replace(/^[`~]+/, '')}`);
    else if (kind === 'html') shape.push(`${indent} html ${/^<\/?[A-Za-z!-]*/.exec(rest)?.[0] ?? ''} ${htmlShape(rest)}`);
    else if (rest === '') shape.push('blank');
    else if (/^#{1,6}(\s|$)/.test(rest)) shape.push(`${indent} h${/^#+/.exec(rest)![0].length} ${inlineShape(rest)}`);
    else if (/^>/.test(rest)) shape.push(`${indent} quote ${inlineShape(rest)}`);
    else if (/^([-*_])(\s*\1){2,}\s*$/.test(rest)) shape.push(`${indent} rule`);
    else if (/^(=+|-+)\s*$/.test(rest)) shape.push(`${indent} setext`);
    else if (/^([-+*]|\d{1,9}[.)])(\s|$)/.test(rest)) shape.push(`${indent} item ${/^\S+/.exec(rest)![0]} ${inlineShape(rest)}`);
    else if (/^\|/.test(rest)) shape.push(`${indent} row cells:${cellPipes(rest)} ${inlineShape(rest)}`);
    else shape.push(`${indent} text ${inlineShape(rest)}`);
  }
  return shape;
}
