// Every golden comment rendered as a reviewer sees it: Markdown as GitHub renders it, each
// Mermaid block through the real Mermaid library, in Debian's Chromium, headless (installed by
// scripts/setup-tools.mjs). Any block Mermaid cannot parse or draws as "Syntax error" fails.
// Screenshots of every golden go to .tmp/mermaid-screenshots/ (not committed) for review;
// UPDATE_GOLDEN=1 also rewrites the two the README shows (docs/images/).
import { copyFileSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderComments } from '../../scripts/render-comments.mjs';
import { repoRoot } from '../helpers.js';

const chromium = process.env.TG_CHROMIUM ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
const golden = (path: string) => join(repoRoot, 'test', 'golden', path);
const goldens = [
  ...readdirSync(golden('comments'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `comments/${f}`),
  'examples.md',
  ...readdirSync(golden('drill'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `drill/${f}`),
];
const screenshots = join(repoRoot, '.tmp', 'mermaid-screenshots');


describe.skipIf(!chromium)(`golden comments in headless Chromium with Mermaid (${chromium ? chromium : 'chromium is not installed: run npm run setup-tools'})`, () => {
  it('renders every Mermaid block of every golden without a syntax error', () => {
    const pages = goldens.map((path) => ({ name: path.replace(/\//g, '-').replace(/\.md$/, ''), markdown: readFileSync(golden(path), 'utf8') }));
    const rendered = renderComments(pages, screenshots, chromium)
    const failures = rendered.flatMap((page) => page.results.filter((r) => !r.ok).map((r) => `${page.name} block ${r.index} (${r.title}): ${r.error}`));
    expect(failures).toEqual([]);
    const blocks = Object.fromEntries(rendered.map((page) => [page.name, page.results.length]));
    // The charts are there to be checked: the drill's (one per measured container) and the smoke test's.
    expect(blocks['comments-drill-only']).toBe(3);
    expect(blocks['comments-smoke-only']).toBe(1);
    expect(blocks['drill-open-at-signal']).toBe(3);
    for (const page of rendered) expect(statSync(page.screenshot).size, page.name).toBeGreaterThan(1000);
  }, 300_000);

  it("the README's screenshots: the examples' comment as it opens, and a measured rollout section", () => {
    const rollout = readFileSync(golden('comments/smoke-only.md'), 'utf8');
    const pages = [
      { name: 'readme-examples-comment', markdown: readFileSync(golden('examples.md'), 'utf8'), open: false },
      { name: 'readme-measured-rollout', markdown: rollout.slice(rollout.indexOf('### Measured rollout')), open: true },
    ];
    const rendered = renderComments(pages, screenshots, chromium)
    expect(rendered.flatMap((page) => page.results.filter((r) => !r.ok))).toEqual([]);
    const images = { 'readme-examples-comment': 'examples-comment.png', 'readme-measured-rollout': 'measured-rollout.png' } as const;
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    for (const page of rendered) {
      const target = join(repoRoot, 'docs', 'images', images[page.name as keyof typeof images]);
      if (process.env.UPDATE_GOLDEN && !process.env.CI) copyFileSync(page.screenshot, target);
      expect(existsSync(target), target).toBe(true);
      expect(statSync(target).size).toBeLessThan(300 * 1024);
      expect(readme).toContain(`docs/images/${images[page.name as keyof typeof images]}`);
    }
  }, 300_000);
});
