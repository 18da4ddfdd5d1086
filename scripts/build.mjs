// Bundles the Action entry and the CLI into self-contained ESM files under dist/.
// Usage: node scripts/build.mjs [outdir]   (the stale-dist test builds into a temp dir)
import { build } from 'esbuild';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';

const outdir = process.argv[2] ?? 'dist';
// mvdan-sh is CommonJS that calls require(); give the ESM bundle a real require.
const banner = "import { createRequire as __tgCreateRequire } from 'node:module';\nconst require = __tgCreateRequire(import.meta.url);";

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  legalComments: 'none',
  logLevel: 'warning',
  banner: { js: banner },
  // @kubernetes/client-node's node-fetch (whatwg-url, tr46) requires Node's deprecated built-in
  // punycode, which prints a DeprecationWarning on Node 22+; bundle the userland package instead.
  alias: { punycode: 'punycode/' },
};

await build({ ...common, entryPoints: ['src/index.ts'], outfile: join(outdir, 'index.js') });
await build({
  ...common,
  entryPoints: ['src/cli.ts'],
  outfile: join(outdir, 'cli.js'),
  banner: { js: `#!/usr/bin/env node\n${banner}` },
});
chmodSync(join(outdir, 'cli.js'), 0o755);
