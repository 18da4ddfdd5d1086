// Under CI=true a test that did not run fails the run, unless test/skip-allowlist.json names it
// with the reason it cannot run there. Reads the skipped and todo tests from Vitest's JSON report.
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';

export const allowlistPath = join('test', 'skip-allowlist.json');

/** The tests of a Vitest JSON report that did not run: skipped, pending or todo. */
export function skippedTests(report, root) {
  const skipped = [];
  for (const file of report.testResults ?? []) {
    const path = (isAbsolute(file.name) ? relative(root, file.name) : file.name).split(sep).join('/');
    for (const test of file.assertionResults ?? []) {
      if (['skipped', 'pending', 'todo'].includes(test.status)) skipped.push({ file: path, title: test.title, fullName: test.fullName, status: test.status });
    }
  }
  return skipped;
}

/**
 * Reads and checks the allow-list: `{ "allow": [{ "file", "test"?, "reason" }] }`. An entry
 * without `test` covers every test of the file; `test` is a test's title or its full name. Every
 * entry needs a reason, and its file must exist (an entry for a deleted file is stale).
 */
export function loadAllowlist(root, path = allowlistPath) {
  const full = join(root, path);
  if (!existsSync(full)) return { entries: [], problems: [] };
  const problems = [];
  let parsed;
  try {
    parsed = JSON.parse(readFileSync(full, 'utf8'));
  } catch (error) {
    return { entries: [], problems: [`${path} is not JSON: ${error.message}`] };
  }
  const entries = Array.isArray(parsed?.allow) ? parsed.allow : [];
  if (!Array.isArray(parsed?.allow)) problems.push(`${path} has no "allow" list`);
  entries.forEach((entry, index) => {
    const where = `${path} allow[${index}]`;
    if (typeof entry?.file !== 'string' || entry.file === '') problems.push(`${where} names no file`);
    else if (!existsSync(join(root, entry.file))) problems.push(`${where}: ${entry.file} does not exist (a stale entry)`);
    if (typeof entry?.reason !== 'string' || entry.reason.trim().length < 10) problems.push(`${where} gives no reason`);
    if (entry?.test !== undefined && (typeof entry.test !== 'string' || entry.test === '')) problems.push(`${where}: "test" must be a test's title or full name`);
  });
  return { entries, problems };
}

/** Splits skipped tests into those the allow-list explains (with the reason) and the rest. */
export function checkSkips(skipped, entries) {
  const allowed = [];
  const unexplained = [];
  for (const test of skipped) {
    const entry = entries.find((e) => e.file === test.file && (e.test === undefined || e.test === test.title || e.test === test.fullName));
    if (entry) allowed.push({ ...test, reason: entry.reason });
    else unexplained.push(test);
  }
  return { allowed, unexplained };
}
