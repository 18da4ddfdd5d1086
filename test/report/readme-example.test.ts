// The README's example comment is the end-to-end test's golden (npm run docs writes it), so it
// cannot drift from what the Action posts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exampleComment, exampleCommentMarkers } from '../../src/report/comment.js';
import { repoRoot } from '../helpers.js';

describe('the README example comment', () => {
  it('is test/golden/comments/new-error.md (npm run docs)', () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const [start, end] = exampleCommentMarkers;
    expect(readme).toContain(start);
    const shown = readme.slice(readme.indexOf(start) + start.length, readme.indexOf(end)).trim();
    const golden = readFileSync(join(repoRoot, 'test/golden/comments/new-error.md'), 'utf8');
    expect(shown).toBe(exampleComment(golden));
    // What a reviewer reads first: the verdict, then what to fix.
    expect(shown.split('\n')[0]).toBe('❌ **termination-guard: 1 new error blocks this merge**');
  });
});
