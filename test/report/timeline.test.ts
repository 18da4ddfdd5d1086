// The Mermaid timelines: an axis that reads the same in every time zone, one time origin with the
// tables, one lane per traffic mode, and nothing left out without saying so.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { timeFormat } from 'd3-time-format';
import { afterEach, describe, expect, it } from 'vitest';
import { type DrillResult, timelineEvents } from '../../src/measure/drill.js';
import type { RequestSample } from '../../src/measure/drill.js';
import type { SmokePod, SmokeResult } from '../../src/measure/smoke.js';
import { drillEventsTable } from '../../src/report/drill.js';
import { drillTimeline, smokeTimeline, timeAxis } from '../../src/report/timeline.js';
import { repoRoot } from '../helpers.js';

const recorded = JSON.parse(readFileSync(join(repoRoot, 'test/fixtures/drill/open-at-signal.recorded.json'), 'utf8')) as { drill: DrillResult[] };
const zone = process.env.TZ;
afterEach(() => {
  if (zone === undefined) delete process.env.TZ;
  else process.env.TZ = zone;
});

/** The axis labels d3 (Mermaid's formatter, local time) prints for these times in a time zone. */
function labels(spanMs: number, zoneName: string): string[] {
  process.env.TZ = zoneName;
  const axis = timeAxis(spanMs);
  const format = timeFormat(axis.format);
  return [0, spanMs / 4, spanMs / 2, spanMs].map((ms) => format(new Date(axis.at(ms))));
}

describe('the time axis', () => {
  it.each([3_000, 42_000, 150_000, 2_400_000])('reads the same in UTC, UTC+5:30, UTC+5:45 and UTC−9:30 (%i ms)', (span) => {
    const utc = labels(span, 'UTC');
    for (const other of ['Asia/Kolkata', 'Asia/Kathmandu', 'Pacific/Marquesas']) expect(labels(span, other)).toEqual(utc);
  });

  it('counts seconds from the origin: milliseconds below 5 s, whole seconds beyond a minute', () => {
    expect(labels(3_000, 'UTC')).toEqual(['00.000 s', '00.750 s', '01.500 s', '03.000 s']);
    expect(labels(42_000, 'UTC')).toEqual(['00 s', '10 s', '21 s', '42 s']);
    expect(labels(150_000, 'UTC')).toEqual(['000 s', '038 s', '075 s', '150 s']);
    for (const span of [3_000, 42_000, 150_000, 2_400_000]) expect(timeAxis(span).format).not.toMatch(/%[MHIp]/);
  });
});

const taskStart = (chart: string, name: string) => Number(new RegExp(`^ {2}${name} :[^\\n]*?(\\d+), \\d+(?:ms)?$`, 'm').exec(chart)?.[1]);

describe('the drill timeline', () => {
  const drilled = recorded.drill[0] as DrillResult;
  const chart = drillTimeline(drilled) as string;

  it('has the events table\'s origin: SIGTERM is at the same time on both', () => {
    const signal = drilled.observation!.signal!;
    const axis = timeAxis(10_000);
    expect(chart).toContain('(seconds from the start of termination)');
    expect(chart).toMatch(new RegExp(`SIGTERM then wait :active, ${axis.at(signal.atMs)}, `));
    const event = timelineEvents(drilled.observation!).find((e) => e.event.startsWith('SIGTERM sent'))!;
    expect(event.atMs).toBe(signal.atMs);
    expect(drillEventsTable(drilled)).toContain(`| ${(signal.atMs / 1000).toFixed(1)} s | SIGTERM sent`);
  });

  it('draws one lane per traffic mode', () => {
    expect(chart).toContain('  section new connections');
    expect(chart).toContain('  section kept-alive connections');
    expect(chart).not.toContain('section traffic');
  });

  it('never drops spans silently: many alternations end in one bar that counts the rest', () => {
    const samples: RequestSample[] = [];
    for (let i = 0; i < 120; i++) samples.push({ mode: 'new-connection', sentMs: i * 50, doneMs: i * 50 + 5, ok: i % 2 === 0, ...(i % 2 ? { failure: 'refused' as const } : {}) });
    const busy = drillTimeline({ ...drilled, observation: { ...drilled.observation!, samples } }) as string;
    const lane = busy.split('  section new connections\n')[1]!.split('  section')[0]!.trim().split('\n');
    expect(lane.length).toBe(24);
    expect(lane[23]!.trim()).toMatch(/^97 more spans \(48 answered, 49 failed\) :crit/);
  });

  it(`starts at t = 0 (the start ${'of'} termination)`, () => {
    expect(taskStart(chart, 'running')).toBe(0);
  });
});

describe('the smoke timeline', () => {
  const pod = (name: string, over: Partial<SmokePod>): SmokePod => ({ name, createdMs: 0, events: [], ...over }) as SmokePod;
  const failures = (seconds: number): RequestSample[] => Array.from({ length: seconds }, (_, s) => ({ mode: 'new-connection', sentMs: 5_000 + s * 1000, doneMs: 5_001 + s * 1000, ok: false, failure: 'refused' }));
  const result = (samples: RequestSample[]): SmokeResult =>
    ({
      object: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      file: 'web.yaml',
      kind: 'Deployment',
      status: 'measured',
      figures: [],
      failing: ['stalled'],
      findings: [],
      notes: [],
      seconds: 90,
      observation: {
        target: { address: '10.96.0.10:80', endpoint: { via: 'service', name: 'web', port: 80, protocol: 'http', path: '/', headers: {} }, rate: 20 },
        samples,
        endMs: 75_000,
        rollouts: [
          {
            name: 'restart',
            startMs: 2_000,
            endMs: 75_000,
            outcome: 'stalled',
            oldPods: [pod('web-5d9f8-aaaaa', { deletedMs: 3_000, terminatedMs: 13_000, exitCode: 137 }), pod('web-5d9f8-bbbbb', {})],
            newPods: [pod('web-6c7a1-ccccc', { createdMs: 2_500 })],
          },
        ],
      },
    }) as unknown as SmokeResult;

  it('shows the old pod a stalled rollout never reached, and reads in seconds past a minute', () => {
    const chart = smokeTimeline(result(failures(3))) as string;
    expect(chart).toContain('  axisFormat %L s');
    expect(chart).toContain('…bbbbb serving, not replaced :done');
    expect(chart).toContain('…aaaaa terminating exit 137 :crit, 3, 13');
    expect(chart).toContain('  stalled :crit, milestone, 75, 0ms');
  });

  it('keeps every failed request: more seconds than bars are merged into windows that count them', () => {
    const chart = smokeTimeline(result(failures(60))) as string;
    const lane = chart.split('  section failed requests\n')[1]!.split('```')[0]!.trim().split('\n');
    expect(lane.length).toBeLessThanOrEqual(24);
    expect(lane.reduce((sum, line) => sum + Number(/^(\d+) failed/.exec(line.trim())?.[1]), 0)).toBe(60);
  });
});
