// Types for scripts/render-comments.mjs (the browser test imports it).
export const columnWidth: number;
export function commentPage(markdown: string, options?: { open?: boolean }): string;
export interface RenderedComment {
  name: string;
  results: { index: number; ok: boolean; error?: string; title: string }[];
  height: number;
  screenshot: string;
}
export function renderComments(pages: { name: string; markdown: string; open?: boolean }[], outDir: string, binary?: string): RenderedComment[];
