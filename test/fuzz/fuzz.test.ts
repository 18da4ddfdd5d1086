// The fuzz target's bounded run (issue 15 §7): a few hundred generated cases in every test run,
// checked in-process through the pure pipeline and a handful through the real CLI. The seed is
// new each run and printed on failure; TG_FUZZ_SEED=<seed> replays it. `npm run fuzz` is the long
// campaign with the same inputs at larger sizes (scripts/fuzz.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { fuzzCase, loadSeeds, mutatedCase, shellCase } from './inputs.js';
import { checkCli, checkInProcess, neighbourAlone } from './invariants.js';

const seed = process.env.TG_FUZZ_SEED ? Number(process.env.TG_FUZZ_SEED) : (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;

/** Small enough for every run (the campaign goes to 2 MB scalars and 5,000-deep scripts). */
const sizes = { maxDeep: 800, maxScalar: 4096 };
const seeds = loadSeeds(64 * 1024);

const replay = `replay with TG_FUZZ_SEED=${seed} npx vitest run test/fuzz`;

/** fast-check's report (counterexample, seed, path) plus how to run exactly this again. */
function assertProperty<T>(property: fc.IProperty<T>, parameters: fc.Parameters<T>) {
  const details = fc.check(property, parameters);
  if (details.failed) expect.fail(`${fc.defaultReportMessage(details)}\n${replay}`);
  return details;
}

describe(`fuzz (seed ${seed})`, () => {
  it('has seeds to mutate and a neighbour with findings of its own', () => {
    expect(seeds.length).toBeGreaterThan(50);
    expect(neighbourAlone().length).toBeGreaterThan(0);
  });

  it('analyses and renders mutated YAML and random shell without throwing, keeping the neighbour', () => {
    const details = assertProperty(
      fc.property(fuzzCase(seeds, sizes), (fuzz) => {
        checkInProcess(fuzz);
      }),
      // A bounded run: 250 cases, or 12 s on a loaded machine, whichever ends first.
      { seed, numRuns: 250, interruptAfterTimeLimit: 12_000, markInterruptAsFailure: false },
    );
    expect(details.numRuns).toBeGreaterThan(20);
  });

  it('every shell placement survives the shapes that used to crash it', () => {
    assertProperty(
      fc.property(shellCase(sizes.maxDeep), (fuzz) => {
        checkInProcess(fuzz);
      }),
      { seed: seed + 1, numRuns: 40, interruptAfterTimeLimit: 4_000, markInterruptAsFailure: false },
    );
  });

  describe('through the real CLI', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'tg-fuzz-cli-'));
    afterAll(() => rmSync(scratch, { recursive: true, force: true }));
    const cli = () => join(inject('freshDist'), 'cli.js');
    // Generated from the seed, one of each kind: a mutated file and a script.
    const cases = [...fc.sample(mutatedCase(seeds, sizes.maxScalar), { seed, numRuns: 1 }), ...fc.sample(shellCase(sizes.maxDeep), { seed, numRuns: 1 })];
    for (const [index, fuzz] of cases.entries()) {
      it(`exits 0, 1 or 2 without a stack trace and keeps the neighbour: case ${index} (${fuzz.label.slice(0, 80)})`, () => {
        try {
          checkCli(fuzz, cli(), scratch);
        } catch (error) {
          expect.fail(`${error instanceof Error ? error.message : String(error)}\n${replay}`);
        }
      });
    }
  });
});
