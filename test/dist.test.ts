// The committed dist/ must be what the current source builds to (CI's check-dist): the two
// entries and every chunk they load, and nothing else.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { repoRoot } from './helpers.js';

const built = (dir: string) => readdirSync(dir).filter((name) => name.endsWith('.js')).sort();

describe('dist/', () => {
  it('holds exactly the files the source builds to (run npm run build and commit)', () => {
    expect(built(join(repoRoot, 'dist'))).toEqual(built(inject('freshDist')));
  });

  it.each(built(inject('freshDist')))('%s is current (run npm run build and commit)', (file) => {
    const fresh = readFileSync(join(inject('freshDist'), file), 'utf8');
    const committed = readFileSync(join(repoRoot, 'dist', file), 'utf8');
    expect(committed === fresh, `dist/${file} is stale: run npm run build`).toBe(true);
  });
});
