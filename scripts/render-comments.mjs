// Renders Markdown comments the way a reviewer sees them on GitHub, in headless Chromium: the
// Markdown through markdown-it (CommonMark + GFM tables, raw HTML kept, as GitHub keeps
// <details>), every ```mermaid block through the real Mermaid library, in an 880 px comment
// column with every <details> opened. Reports each Mermaid block's outcome (a parse error or a
// "Syntax error" diagram fails) and writes a PNG screenshot of each page.
//
//   node scripts/render-comments.mjs <out-dir> <file.md>…
//
// Chromium gets no network: every host name resolves to nothing and every request goes to a
// closed loopback proxy; the page and Mermaid are local files.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import MarkdownIt from 'markdown-it';

const require = createRequire(import.meta.url);
const mermaidScript = require.resolve('mermaid/dist/mermaid.min.js');

/** GitHub's comment column is about 880 px wide. */
export const columnWidth = 880;

const escapeHtml = (text) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

/** The comment as an HTML page that renders its Mermaid blocks and then writes the outcome into #tg-result. */
export function commentPage(markdown, { open = true } = {}) {
  const md = new MarkdownIt({ html: true, linkify: false });
  const fence = md.renderer.rules.fence;
  md.renderer.rules.fence = (tokens, index, options, env, self) => {
    const token = tokens[index];
    if (token.info.trim() === 'mermaid') return `<pre class="mermaid">${escapeHtml(token.content)}</pre>\n`;
    return fence(tokens, index, options, env, self);
  };
  // Opened, as a reviewer would open them to read a chart (Mermaid also needs a visible box to lay out).
  const rendered = md.render(markdown.replace(/^<!-- termination-guard:sticky-comment -->\n/, ''));
  const body = open ? rendered.replace(/<details>/g, '<details open>') : rendered;
  return `<!doctype html>
<html><head><meta charset="utf-8">
<style>
  body { width: ${columnWidth}px; margin: 0; padding: 16px; font: 14px/1.5 "DejaVu Sans", "Noto Sans", Arial, sans-serif; color: #1f2328; background: #fff; }
  table { border-collapse: collapse; display: block; overflow: auto; max-width: 100%; }
  th, td { border: 1px solid #d1d9e0; padding: 6px 13px; }
  code { background: #eff1f3; padding: 0.2em 0.4em; border-radius: 6px; font-size: 85%; }
  pre { background: #f6f8fa; padding: 16px; overflow: auto; }
  pre code { background: none; padding: 0; }
  details { margin: 8px 0; } summary { cursor: pointer; }
  a { color: #0969da; text-decoration: none; }
  #tg-result { display: none; }
</style>
<script src="${pathToFileURL(mermaidScript).href}"></script>
</head><body>
${body}
<script>
(async () => {
  const results = [];
  try {
    mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
    const blocks = [...document.querySelectorAll('pre.mermaid')];
    for (const [i, block] of blocks.entries()) {
      const text = block.textContent;
      try {
        await mermaid.parse(text);
        const { svg } = await mermaid.render('tg-mermaid-' + i, text);
        const chart = document.createElement('div');
        chart.innerHTML = svg;
        block.replaceWith(chart);
        const syntax = /Syntax error/.test(chart.textContent);
        results.push({ index: i, ok: !syntax, ...(syntax ? { error: 'Syntax error in the rendered diagram' } : {}), title: text.split('\\n').find((l) => l.trim().startsWith('title'))?.trim() ?? '' });
      } catch (error) {
        results.push({ index: i, ok: false, error: String((error && error.message) || error), title: text.split('\\n').find((l) => l.trim().startsWith('title'))?.trim() ?? '' });
      }
    }
  } catch (error) {
    results.push({ index: -1, ok: false, error: 'Mermaid did not load: ' + String((error && error.message) || error) });
  }
  const out = document.createElement('pre');
  out.id = 'tg-result';
  out.textContent = JSON.stringify({ done: true, results, height: document.documentElement.scrollHeight });
  document.body.appendChild(out);
})();
</script>
</body></html>
`;
}

/** Chromium without network, profile or sandbox (the tests run as root in a container). */
function chromium(binary, profile, args) {
  return spawnSync(
    binary,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-extensions',
      '--host-resolver-rules=MAP * ~NOTFOUND',
      '--proxy-server=http://127.0.0.1:9',
      '--allow-file-access-from-files',
      `--user-data-dir=${profile}`,
      '--virtual-time-budget=30000',
      '--hide-scrollbars',
      ...args,
    ],
    { encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 },
  );
}

const unescapeText = (text) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

/**
 * Renders each page ({ name, markdown, open }: open unfolds every <details>); returns per page
 * its Mermaid outcomes, its height and its screenshot. Throws when Chromium gives no page.
 */
export function renderComments(pages, outDir, binary = process.env.TG_CHROMIUM ?? '/usr/bin/chromium') {
  mkdirSync(outDir, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), 'tg-chromium-'));
  try {
    return pages.map(({ name, markdown, open = true }) => {
      const page = join(outDir, `${name}.html`);
      writeFileSync(page, commentPage(markdown, { open }));
      const url = pathToFileURL(page).href;
      const dumped = chromium(binary, profile, ['--dump-dom', url]);
      const match = /<pre id="tg-result">([\s\S]*?)<\/pre>/.exec(dumped.stdout ?? '');
      if (!match) throw new Error(`${name}: Chromium gave no result (exit ${dumped.status}${dumped.error ? `, ${dumped.error.message}` : ''}): ${(dumped.stderr ?? '').slice(-1500)}`);
      const outcome = JSON.parse(unescapeText(match[1]));
      const screenshot = join(outDir, `${name}.png`);
      const height = Math.min(Math.max(outcome.height, 200), 16_000);
      const shot = chromium(binary, profile, [`--screenshot=${screenshot}`, `--window-size=${columnWidth + 32},${height}`, url]);
      if (shot.status !== 0) throw new Error(`${name}: no screenshot (exit ${shot.status}): ${(shot.stderr ?? '').slice(-1500)}`);
      return { name, results: outcome.results, height: outcome.height, screenshot };
    });
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [outDir, ...files] = process.argv.slice(2);
  if (!outDir || files.length === 0) {
    process.stderr.write('usage: node scripts/render-comments.mjs <out-dir> <file.md>…\n');
    process.exit(2);
  }
  const rendered = renderComments(files.map((f) => ({ name: basename(f).replace(/\.md$/, ''), markdown: readFileSync(resolve(f), 'utf8') })), resolve(outDir));
  let failed = 0;
  for (const { name: file, results, screenshot } of rendered) {
    for (const r of results.filter((x) => !x.ok)) {
      failed++;
      process.stdout.write(`${file}: mermaid block ${r.index}: ${r.error}\n`);
    }
    process.stdout.write(`${file}: ${results.length} Mermaid block(s), screenshot ${screenshot}\n`);
  }
  process.exit(failed > 0 ? 1 : 0);
}
