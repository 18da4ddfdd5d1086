// The committed dist/ must be what the current source builds to (CI's check-dist).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { repoRoot } from './helpers.js';

describe('dist/', () => {
  it.each(['index.js', 'cli.js'])('%s is current (run npm run build and commit)', (file) => {
    const fresh = readFileSync(join(inject('freshDist'), file), 'utf8');
    const committed = readFileSync(join(repoRoot, 'dist', file), 'utf8');
    expect(committed === fresh, `dist/${file} is stale: run npm run build`).toBe(true);
  });
});
