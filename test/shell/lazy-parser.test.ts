// mvdan-sh costs tens of milliseconds to start (docs/shell-parser.md): only a script to parse may load it.
import { createRequire } from 'node:module';
import { expect, it } from 'vitest';

const cache = createRequire(import.meta.url).cache;
const parserLoaded = () => Object.keys(cache).some((path) => path.includes('/node_modules/mvdan-sh/'));

it('loads the shell parser on the first script, not on import', async () => {
  expect(parserLoaded()).toBe(false);
  const { analyzeScript, killCommand, shellScriptOf } = await import('../../src/shell/script.js');
  expect(shellScriptOf(['sh', '-c', 'exec node server.js'])?.script).toBe('exec node server.js');
  expect(killCommand(['kill', '-QUIT', '1'])?.signal).toBe('QUIT');
  expect(parserLoaded()).toBe(false);
  expect(analyzeScript('exec node server.js').endsWithExec).toBe(true);
  expect(parserLoaded()).toBe(true);
});
