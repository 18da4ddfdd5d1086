// The terminal report: wrapped at word boundaries to the terminal's width, locations as path:line.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/engine.js';
import { withGate } from '../../src/analysis/gate.js';
import { readFileSync } from 'node:fs';
import { renderCliReport } from '../../src/cli-output.js';
import type { DrillResult } from '../../src/measure/drill.js';
import { renderText, wrapLine } from '../../src/report/text.js';
import { readTree, repoRoot } from '../helpers.js';

const files = readTree(join(repoRoot, 'examples')).map((f) => ({ ...f, path: `examples/${f.path}` }));
const result = withGate(analyze(files), { failOn: 'error', drillFailOn: [], smokeFailOn: [], failOnInputErrors: true });
const words = (text: string) => text.split(/\s+/).filter(Boolean);

describe('the terminal report', () => {
  it('wraps to 80 columns at spaces, under the line\'s own indent, losing no word', () => {
    const plain = renderText(result, { color: false });
    const wrapped = renderText(result, { color: false, width: 80 });
    expect(Math.max(...plain.split('\n').map((l) => [...l].length))).toBeGreaterThan(200);
    for (const line of wrapped.split('\n')) {
      // Only a single word longer than the line (a long path) may overflow.
      if ([...line].length > 80) expect(line.trim()).not.toContain(' ');
    }
    expect(words(wrapped)).toEqual(words(plain));
    // A finding's message continues under its own 18-column indent.
    const detail = wrapped.split('\n').findIndex((l) => l.startsWith(' '.repeat(18)) && l.includes('preStop delay (10 s)'));
    expect(detail).toBeGreaterThan(-1);
    expect(wrapped.split('\n')[detail + 1]).toMatch(/^ {18}\S/);
  });

  it('prints locations as path:line', () => {
    const text = renderText(result, { color: false });
    expect(text).toContain('pod/prestop-exceeds-grace  examples/node-exporter/broken/daemonset.yaml:38');
    expect(text).not.toMatch(/ line \d+$/m);
  });

  it('keeps colour codes out of the width', () => {
    const line = `  \u001b[31m${'word '.repeat(30)}\u001b[0m`;
    for (const part of wrapLine(line, 40)) expect(part.replace(/\u001b\[[0-9;]*m/g, '').length).toBeLessThanOrEqual(40);
  });

  it('the drill text report ends with a gate line like check\'s', () => {
    const fixtures = join(repoRoot, 'test', 'fixtures', 'drill');
    const recorded = JSON.parse(readFileSync(join(fixtures, 'open-at-signal.recorded.json'), 'utf8')) as { drill: DrillResult[] };
    const analysed = analyze([{ path: 'test/fixtures/drill/open-at-signal.yaml', content: readFileSync(join(fixtures, 'open-at-signal.yaml'), 'utf8') }]);
    const drilled = { ...withGate({ ...analysed, drill: recorded.drill }, { failOn: 'error', drillFailOn: ['killed', 'abrupt'], smokeFailOn: [], failOnInputErrors: true }), measured: { drill: { ran: true as const } } };
    const text = renderCliReport(drilled, 'drill', 'text', false);
    expect(text.endsWith('\ngate FAIL: the SIGTERM drill (drops-at-sigterm/app dropped requests at the stop) blocks this merge (drill fail-on killed, abrupt)\n')).toBe(true);
  });
});
