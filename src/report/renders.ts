// Which renders (a chart's values sets, overlays) a finding or object occurs in, for people.
// Plain text: the renderers escape it for their context.
import { rendersOf } from '../analysis/engine.js';

/**
 * "chart charts/x · values ci/a-values.yaml" for one render; for several of one chart
 * "chart charts/x · 3 values sets: default values, values ci/a-values.yaml, values ci/b-values.yaml";
 * otherwise "2 renders: overlay a, overlay b". Undefined for plain files.
 */
export function describeRenders(item: { render?: string; renders?: readonly string[] }): string | undefined {
  const renders = rendersOf(item);
  if (renders.length <= 1) return renders[0];
  const chart = /^(chart .+?) · /.exec(renders[0] as string)?.[1];
  if (chart && renders.every((render) => render.startsWith(`${chart} · `))) {
    return `${chart} · ${renders.length} values sets: ${renders.map((render) => render.slice(chart.length + 3)).join(', ')}`;
  }
  return `${renders.length} renders: ${renders.join(', ')}`;
}

/** Whether an item (a finding) occurs in other renders than its subject; then it names its own. */
export function sameRenders(a: { render?: string; renders?: readonly string[] }, b: { render?: string; renders?: readonly string[] }): boolean {
  const x = rendersOf(a);
  const y = rendersOf(b);
  return x.length === y.length && x.every((render, i) => render === y[i]);
}
