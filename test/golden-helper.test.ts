// The golden-file helper never writes under CI: a missing golden is a failure there, and
// UPDATE_GOLDEN cannot bless CI's own output.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectGolden, repoRoot } from './helpers.js';

const golden = (name: string) => join(repoRoot, 'test', 'golden', name);

describe('expectGolden under CI', () => {
  it('fails on a missing golden file instead of writing it', () => {
    const name = `missing-${process.pid}.txt`;
    expect(() => expectGolden(name, 'output', { CI: 'true' })).toThrow(`golden file test/golden/${name} is missing`);
    expect(existsSync(golden(name))).toBe(false);
  });

  it('ignores UPDATE_GOLDEN and fails on a difference', () => {
    const before = readFileSync(golden('examples.txt'), 'utf8');
    expect(() => expectGolden('examples.txt', `${before}changed`, { CI: 'true', UPDATE_GOLDEN: '1' })).toThrow();
    expect(readFileSync(golden('examples.txt'), 'utf8')).toBe(before);
  });

  it('passes on a match', () => {
    expectGolden('examples.txt', readFileSync(golden('examples.txt'), 'utf8'), { CI: 'true' });
  });
});
