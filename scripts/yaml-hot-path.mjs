// An esbuild plugin for the `yaml` package's hot path. Its Parser and Composer read
// process.env.LOG_TOKENS / LOG_STREAM (debug logging) once per lexical token and once per
// document. On Node a process.env read is a call into the C++ environment, not a property load:
// on the bench's 20,000-object tree that is ~2.4 million reads and about a fifth of the parse's
// CPU time (docs/performance.md). The bundle does not offer that debug switch; the checks become
// `false`. The build fails when the pattern is gone (a new yaml version): look again then.
import { readFile } from 'node:fs/promises';

const patches = [
  { file: /[\\/]node_modules[\\/]yaml[\\/]dist[\\/]parse[\\/]parser\.js$/, from: 'node_process.env.LOG_TOKENS' },
  { file: /[\\/]node_modules[\\/]yaml[\\/]dist[\\/]compose[\\/]composer\.js$/, from: 'node_process.env.LOG_STREAM' },
];

export const yamlHotPath = {
  name: 'yaml-hot-path',
  setup(build) {
    for (const { file, from } of patches) {
      build.onLoad({ filter: file }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        if (!source.includes(from)) throw new Error(`yaml-hot-path: ${from} is no longer in ${args.path}; check the yaml package's hot path again (scripts/yaml-hot-path.mjs)`);
        return { contents: source.replaceAll(from, 'false'), loader: 'js' };
      });
    }
  },
};
