// The CI skip policy (scripts/skip-policy.mjs, applied by scripts/test.mjs under CI=true): a
// test that did not run fails the run unless test/skip-allowlist.json explains it.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSkips, loadAllowlist, skippedTests } from '../scripts/skip-policy.mjs';
import { repoRoot } from './helpers.js';

const report = {
  testResults: [
    {
      name: join(repoRoot, 'test/corpus.test.ts'),
      assertionResults: [
        { title: 'reads every file without input errors', fullName: 'corpus reads every file without input errors', status: 'skipped' },
        { title: 'matches the reviewed list of findings', fullName: 'corpus matches the reviewed list of findings', status: 'pending' },
      ],
    },
    {
      name: join(repoRoot, 'test/drill/drill.test.ts'),
      assertionResults: [
        { title: 'drains', fullName: 'SIGTERM drill (skipped: not root) drains', status: 'skipped' },
        { title: 'runs', fullName: 'other runs', status: 'passed' },
        { title: 'later', fullName: 'other later', status: 'todo' },
      ],
    },
  ],
};

describe('skippedTests', () => {
  it('lists skipped, pending and todo tests with paths relative to the repository', () => {
    expect(skippedTests(report, repoRoot).map((t) => `${t.file}: ${t.title} (${t.status})`)).toEqual([
      'test/corpus.test.ts: reads every file without input errors (skipped)',
      'test/corpus.test.ts: matches the reviewed list of findings (pending)',
      'test/drill/drill.test.ts: drains (skipped)',
      'test/drill/drill.test.ts: later (todo)',
    ]);
  });
});

describe('checkSkips', () => {
  const skipped = skippedTests(report, repoRoot);

  it('lets through what an entry names, with its reason, and nothing else', () => {
    const { allowed, unexplained } = checkSkips(skipped, [{ file: 'test/corpus.test.ts', reason: 'no corpus in a bare clone' }]);
    expect(allowed.map((t) => [t.title, t.reason])).toEqual([
      ['reads every file without input errors', 'no corpus in a bare clone'],
      ['matches the reviewed list of findings', 'no corpus in a bare clone'],
    ]);
    expect(unexplained.map((t) => t.title)).toEqual(['drains', 'later']);
  });

  it('matches one test by its title or its full name', () => {
    const byTitle = checkSkips(skipped, [{ file: 'test/drill/drill.test.ts', test: 'later', reason: 'written next' }]);
    expect(byTitle.allowed.map((t) => t.title)).toEqual(['later']);
    const byFullName = checkSkips(skipped, [{ file: 'test/drill/drill.test.ts', test: 'SIGTERM drill (skipped: not root) drains', reason: 'needs root' }]);
    expect(byFullName.allowed.map((t) => t.title)).toEqual(['drains']);
  });

  it('explains nothing with an empty list', () => {
    expect(checkSkips(skipped, []).unexplained).toHaveLength(4);
  });
});

describe('loadAllowlist', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tg-allowlist-'));
  mkdirSync(join(dir, 'test'));
  writeFileSync(join(dir, 'test', 'a.test.ts'), '');

  it('rejects entries without a reason, for missing files, or with an empty test name', () => {
    writeFileSync(
      join(dir, 'list.json'),
      JSON.stringify({ allow: [{ file: 'test/a.test.ts' }, { file: 'test/gone.test.ts', reason: 'a reason long enough' }, { file: 'test/a.test.ts', test: '', reason: 'a reason long enough' }] }),
    );
    expect(loadAllowlist(dir, 'list.json').problems).toEqual([
      'list.json allow[0] gives no reason',
      'list.json allow[1]: test/gone.test.ts does not exist (a stale entry)',
      'list.json allow[2]: "test" must be a test\'s title or full name',
    ]);
  });

  it('reports a file that is not JSON', () => {
    writeFileSync(join(dir, 'broken.json'), '{');
    expect(loadAllowlist(dir, 'broken.json').problems[0]).toMatch(/^broken\.json is not JSON/);
  });

  it("accepts the project's list, whose named tests exist in their files", () => {
    const { entries, problems } = loadAllowlist(repoRoot);
    expect(problems).toEqual([]);
    for (const entry of entries) if (entry.test) expect(readFileSync(join(repoRoot, entry.file), 'utf8'), `${entry.file}: ${entry.test}`).toContain(entry.test.replace(/'/g, "\\'"));
  });
});
