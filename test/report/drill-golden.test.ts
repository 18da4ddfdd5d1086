// The drill's reports over a recorded drill: tg-app behind a 3 s preStop with a 1.5 s slow path,
// once dropping its work at SIGTERM, once draining it, once with no slow path known
// (test/fixtures/drill/open-at-signal.yaml). The recording is the CLI's `drill --format json`
// under a real dockerd (--rate 4, to keep it small); UPDATE_GOLDEN=1 rewrites the goldens.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/engine.js';
import { withGate } from '../../src/analysis/gate.js';
import { renderCliReport } from '../../src/cli-output.js';
import { type DrillResult, judgeDrill } from '../../src/measure/drill.js';
import type { RunResult } from '../../src/pipeline/run.js';
import { renderJson } from '../../src/report/json.js';
import { expectGolden, repoRoot } from '../helpers.js';

const fixtures = join(repoRoot, 'test', 'fixtures', 'drill');
const manifests = readFileSync(join(fixtures, 'open-at-signal.yaml'), 'utf8');
const recorded = JSON.parse(readFileSync(join(fixtures, 'open-at-signal.recorded.json'), 'utf8')) as { drill: DrillResult[] };
const policy = { failOn: 'error', drillFailOn: ['killed', 'abrupt'], smokeFailOn: [], failOnInputErrors: true } as const;
const result: RunResult = {
  ...withGate({ ...analyze([{ path: 'test/fixtures/drill/open-at-signal.yaml', content: manifests }]), drill: recorded.drill }, policy),
  measured: { drill: { ran: true } },
};

describe('drill reports over a recorded drill', () => {
  it('the recording still judges as recorded: the verdicts and the open-at-signal counts come from the observations', () => {
    for (const drilled of recorded.drill) {
      const facts = judgeDrill(drilled.observation!, drilled.gracePeriodSeconds);
      expect({ verdict: facts.verdict, findings: facts.findings, openAtSignal: facts.openAtSignal }).toEqual({ verdict: drilled.verdict, findings: drilled.findings, openAtSignal: drilled.openAtSignal });
    }
    expect(recorded.drill.map((d) => [d.object.name, d.verdict, d.openAtSignal?.open, d.openAtSignal?.answered, d.openAtSignal?.brokenOff])).toEqual([
      ['drops-at-sigterm', 'abrupt', 3, 0, 3],
      ['drains', 'graceful', 3, 3, 0],
      ['no-slow-path', 'graceful', 0, 0, 0],
    ]);
  });

  it('text (the CLI drill)', () => {
    const text = renderCliReport(result, 'drill', 'text', false);
    expect(text).toContain('3 requests were open at SIGTERM: 0 answered, 3 broken off (3 reset).');
    expect(text).toContain('In-flight behaviour was not tested: no slow path is known.');
    expectGolden('drill/open-at-signal.txt', text);
  });

  it('markdown (the CLI drill)', () => {
    const markdown = renderCliReport(result, 'drill', 'markdown', false);
    expect(markdown).toContain('3 requests were open at SIGTERM: 3 answered, 0 broken off');
    expect(markdown).toContain('in-flight behaviour not tested');
    expectGolden('drill/open-at-signal.md', markdown);
  });

  it('json (the report with the drill)', () => {
    const json = renderJson(result);
    expect(JSON.parse(json).drill[0].openAtSignal).toEqual({ signal: 'SIGTERM', atMs: recorded.drill[0].openAtSignal!.atMs, open: 3, answered: 0, brokenOff: 3, byKind: { reset: 3 }, slow: 3, inFlightTested: true });
    expectGolden('drill/open-at-signal.json', json);
  });
});
