// Bundles the Action entry and the CLI into self-contained ESM under dist/, split into chunks:
// the code both entries share, and the measurement modules (the drill's Docker client, the smoke
// test's @kubernetes/client-node and kind driver) that src/pipeline/measure.ts loads with import()
// only when a run asks for them.
// Usage: node scripts/build.mjs [outdir]   (the stale-dist test builds into a temp dir)
import { build } from 'esbuild';
import { chmodSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { yamlHotPath } from './yaml-hot-path.mjs';

const outdir = process.argv[2] ?? 'dist';
// CommonJS dependencies call require(); give every ESM output file a real require.
const banner = "import { createRequire as __tgCreateRequire } from 'node:module';\nconst require = __tgCreateRequire(import.meta.url);";

// Chunks are content-hashed: clear the old ones so dist/ holds exactly one build.
for (const name of (() => { try { return readdirSync(outdir); } catch { return []; } })()) {
  if (name.endsWith('.js')) rmSync(join(outdir, name));
}

await build({
  entryPoints: { index: 'src/index.ts', cli: 'src/cli.ts', 'body-check-worker': 'src/sources/body-check-worker.ts' },
  outdir,
  bundle: true,
  splitting: true,
  // Chunks sit beside the entries: the smoke prober finds cli.js next to the module that starts it.
  chunkNames: 'chunk-[hash]',
  platform: 'node',
  target: 'node20',
  format: 'esm',
  legalComments: 'none',
  logLevel: 'warning',
  banner: { js: banner },
  // @kubernetes/client-node's node-fetch (whatwg-url, tr46) requires Node's deprecated built-in
  // punycode, which prints a DeprecationWarning on Node 22+; bundle the userland package instead.
  alias: { punycode: 'punycode/' },
  plugins: [yamlHotPath],
});
chmodSync(join(outdir, 'cli.js'), 0o755);
