// Types of skip-policy.mjs, for the test that imports it.
export interface SkippedTest {
  file: string;
  title: string;
  fullName: string;
  status: string;
}
export interface AllowEntry {
  file: string;
  test?: string;
  reason: string;
}
export const allowlistPath: string;
export function skippedTests(report: { testResults?: { name: string; assertionResults?: { title: string; fullName: string; status: string }[] }[] }, root: string): SkippedTest[];
export function loadAllowlist(root: string, path?: string): { entries: AllowEntry[]; problems: string[] };
export function checkSkips(skipped: SkippedTest[], entries: AllowEntry[]): { allowed: (SkippedTest & { reason: string })[]; unexplained: SkippedTest[] };
