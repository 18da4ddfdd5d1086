// Progress on stderr: the renders say how far they are, and on a terminal that is one status line
// the next line of its own erases; in a pipe there is none.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { stderrLogger } from '../../src/cli.js';
import { treeSources } from '../../src/sources/render/index.js';
import { findTool } from '../../src/sources/render/tools.js';
import { fsTree } from '../../src/sources/tree.js';
import { writeTree } from '../helpers.js';
import { chart } from '../web-fixture.js';

function stream(isTTY: boolean) {
  let text = '';
  const out = Object.assign(
    new Writable({
      write(chunk, _encoding, done) {
        text += String(chunk);
        done();
      },
    }),
    { isTTY, columns: 40 },
  );
  return { out, text: () => text };
}

describe('progress on stderr', () => {
  it('a terminal gets a status line, cut to its width (39 of 40 columns) and erased by the next line', async () => {
    const { out, text } = stream(true);
    const log = stderrLogger(out);
    log.progress?.('rendered 3 of 12: chart charts/a-very-long-chart-name · values ci/prod-values.yaml');
    log.info('drill: Docker Engine 27.0');
    await new Promise((resolve) => setImmediate(resolve));
    expect(text()).toBe('\r\u001b[2K  rendered 3 of 12: chart charts/a-ver…\r\u001b[2K  drill: Docker Engine 27.0\n');
  });

  it('a pipe gets no status line', () => {
    const { out } = stream(false);
    expect(stderrLogger(out).progress).toBeUndefined();
  });

  const helm = findTool('helm');
  it.skipIf(!helm)(`renders report n of m (${helm ? 'helm available' : 'helm is not installed: run npm run setup-tools'})`, async () => {
    const dir = writeTree({ ...chart('45', { 'chart/ci/zero-values.yaml': 'grace: 0\n' }), ...chart('30', {}, 'other') }, 'tg-progress-');
    const messages: string[] = [];
    const settings = { enabled: true, kubernetesVersion: '1.34', namespace: 'default', timeoutSeconds: 60, values: {}, progress: (m: string) => messages.push(m) };
    await treeSources(fsTree(dir), ['.'], settings, { files: [], errors: [] });
    expect(messages).toEqual(['rendered 1 of 3: chart chart · default values', 'rendered 2 of 3: chart chart · values ci/zero-values.yaml', 'rendered 3 of 3: chart other · default values']);
  });
});
