// The `inspect-images` option: analyse once, read the registry configs of the images that the
// reported workloads run (in a PR: the changed ones), and analyse again with that evidence.
import type { AnalysisResult } from '../analysis/engine.js';
import type { RegistryLookup } from '../images/evidence.js';
import type { RegistryClient } from './registry.js';

/** At most this many distinct images are looked up per run. */
export const maxInspectedImages = 50;

const looksLikeReference = /^[a-z0-9][a-z0-9._:/@-]*$/i;

export async function analyzeWithImages(
  run: (registry?: ReadonlyMap<string, RegistryLookup>) => AnalysisResult,
  client: RegistryClient | undefined,
  log: (message: string) => void = () => {},
): Promise<AnalysisResult> {
  const first = run();
  if (!client) return first;
  const references = [...new Set(first.subjects.flatMap((s) => (s.facts.containers ?? []).map((c) => c.image)))].filter((r) => looksLikeReference.test(r)).sort();
  if (references.length === 0) return first;
  const chosen = references.slice(0, maxInspectedImages);
  const started = Date.now();
  const registry = await client.inspectAll(chosen);
  const read = [...registry.values()].filter((r) => r.ok).length;
  log(`inspect-images: read ${read} of ${chosen.length} image config(s) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const second = run(registry);
  for (const lookup of registry.values()) {
    if (!lookup.ok) second.notices.push(`inspect-images: ${lookup.problem} — judged without its registry config.`);
  }
  if (references.length > chosen.length) second.notices.push(`inspect-images: ${references.length} images, only the first ${chosen.length} were read from their registries.`);
  return second;
}
