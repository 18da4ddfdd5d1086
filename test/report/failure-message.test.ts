// The Action's failure message names what failed and the policy behind it, nothing else.
import { describe, expect, it } from 'vitest';
import type { GateDecision } from '../../src/analysis/gate.js';
import type { DrillResult } from '../../src/measure/drill.js';
import { failureMessage } from '../../src/report/summary.js';

const policy = { failOn: 'new-errors', drillFailOn: ['killed', 'abrupt'], smokeFailOn: ['regression'], failOnInputErrors: true } as const;
const gate = (over: Partial<GateDecision>): GateDecision => ({ verdict: 'fail', policy: { ...policy, drillFailOn: [...policy.drillFailOn], smokeFailOn: [...policy.smokeFailOn] }, blocking: [], blockingErrors: [], failingDrills: [], failingSmoke: [], headline: 'x', ...over });

describe('failureMessage', () => {
  it('a drill-only failure names the drill policy, not fail-on and no zero counts', () => {
    const message = failureMessage(gate({ failingDrills: [{} as DrillResult], headline: 'the SIGTERM drill (api/api was SIGKILLed) blocks this merge' }));
    expect(message).toBe('termination-guard: the SIGTERM drill (api/api was SIGKILLed) blocks this merge (drill-fail-on killed, abrupt)');
    expect(message).not.toMatch(/fail-on new-errors|0 error/);
  });

  it('findings name fail-on', () => {
    expect(failureMessage(gate({ blocking: [{} as never], headline: '1 new error blocks this merge' }))).toBe('termination-guard: 1 new error blocks this merge (fail-on new-errors)');
  });
});
