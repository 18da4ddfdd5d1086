import { describe, expect, it } from 'vitest';
import { isIgnoredPath, pathsFilter } from '../../src/analysis/paths-filter.js';

// [patterns, path, ignored]: the dialect of docs/config-globs.md, one row per rule of it.
const table: [string[], string, boolean][] = [
  // `*` stays within one segment (the old dialect let deploy/* reach deploy/sub/x.yaml).
  [['deploy/*'], 'deploy/x.yaml', true],
  [['deploy/*'], 'deploy/sub/x.yaml', false],
  [['*.yaml'], 'x.yaml', true],
  [['*.yaml'], 'a/x.yaml', false],
  [['deploy/*.yaml'], 'deploy/x.yml', false],
  // `?` is one character, never a `/`.
  [['app?.yaml'], 'app1.yaml', true],
  [['app?.yaml'], 'app10.yaml', false],
  [['a?b'], 'a/b', false],
  // `**` spans segments, including none.
  [['deploy/**'], 'deploy/sub/x.yaml', true],
  [['deploy/**'], 'deploy/x.yaml', true],
  [['**/testdata/**'], 'testdata/x.yaml', true],
  [['**/testdata/**'], 'a/b/testdata/c/x.yaml', true],
  [['**/testdata/**'], 'a/testdata.yaml', false],
  [['**/*.yaml'], 'x.yaml', true],
  [['a/**/b.yaml'], 'a/b.yaml', true],
  [['a/**/b.yaml'], 'a/x/y/b.yaml', true],
  // Braces and classes (the old dialect took them literally).
  [['{staging,dev}/**'], 'staging/x.yaml', true],
  [['{staging,dev}/**'], 'dev/x.yaml', true],
  [['{staging,dev}/**'], 'prod/x.yaml', false],
  [['{staging,dev}/**'], '{staging,dev}/x.yaml', false],
  [['charts/*/values-{a,b}.yaml'], 'charts/web/values-b.yaml', true],
  [['[ab].yaml'], 'a.yaml', true],
  [['[ab].yaml'], 'c.yaml', false],
  // picomatch lets a class also match its own text.
  [['[ab].yaml'], '[ab].yaml', true],
  [['v[0-9]/*'], 'v2/x.yaml', true],
  [['v[!0-9]/*'], 'v2/x.yaml', false],
  [['v[!0-9]/*'], 'vx/x.yaml', true],
  [['v[^0-9]/*'], 'vx/x.yaml', true],
  // Dotfiles and dot-directories match like any other name.
  [['*'], '.env.yaml', true],
  [['**/*.yaml'], '.github/workflows/ci.yaml', true],
  [['.helm/**'], '.helm/x.yaml', true],
  // A plain path names a file or a whole directory; a trailing `/` only a directory.
  [['charts'], 'charts/x.yaml', true],
  [['charts'], 'charts/web/templates/x.yaml', true],
  [['charts'], 'charts', true],
  [['charts'], 'charts-old/x.yaml', false],
  [['charts/'], 'charts/x.yaml', true],
  [['legacy/app.yaml'], 'legacy/app.yaml', true],
  [['legacy/app.yaml'], 'legacy/app.yaml.bak', false],
  // `./` before a pattern or a path is dropped.
  [['./charts'], 'charts/x.yaml', true],
  [['charts/**'], './charts/x.yaml', true],
  // Escapes and characters outside the dialect are literal.
  [['a\\*.yaml'], 'a*.yaml', true],
  [['a\\*.yaml'], 'ab.yaml', false],
  [['\\!important.yaml'], '!important.yaml', true],
  [['foo(1).yaml'], 'foo(1).yaml', true],
  [['@(a|b).yaml'], 'a.yaml', false],
  // `!` re-includes what an earlier entry ignored; the last matching entry decides.
  [['legacy/**', '!legacy/keep/**'], 'legacy/keep/x.yaml', false],
  [['legacy/**', '!legacy/keep/**'], 'legacy/old/x.yaml', true],
  [['legacy/**', '!legacy/keep'], 'legacy/keep/sub/x.yaml', false],
  [['legacy/**', '!legacy/keep/**', 'legacy/keep/tmp/**'], 'legacy/keep/tmp/x.yaml', true],
  [['legacy/**', '!legacy/keep/**', 'legacy/keep/tmp/**'], 'legacy/keep/x.yaml', false],
  [['!**/*.yaml', 'a/**'], 'a/x.yaml', true],
  // Nothing configured, nothing ignored.
  [[], 'x.yaml', false],
];

describe('ignorePaths', () => {
  it.each(table)('%j on %s → %s', (patterns, path, ignored) => {
    expect(pathsFilter(patterns).ignores(path)).toBe(ignored);
    expect(isIgnoredPath(path, patterns)).toBe(ignored);
  });

  it('compiles a list once', () => {
    const patterns = ['a/**'];
    expect(pathsFilter(patterns)).toBe(pathsFilter(patterns));
  });

  it.each([
    ['', 'is empty'],
    ['/etc/**', 'is absolute'],
    ['../other/**', 'leaves the repository'],
    ['a//b', 'empty or "." segment'],
    ['a/./b', 'empty or "." segment'],
    ['{a,b', 'unmatched "{"'],
    ['a}', 'unmatched "}"'],
    ['[ab.yaml', 'unmatched "["'],
    ['[z-a].yaml', 'can never match'],
    ['!', 'is empty'],
    ['!!x', 'second leading "!"'],
    ['./!x', 'second leading "!"'],
  ])('reports %j as unusable (%s)', (pattern, message) => {
    const filter = pathsFilter(['x/**', pattern]);
    expect(filter.problems).toEqual([{ pattern, message: expect.stringContaining(message) }]);
    expect(filter.problems[0].message).toContain(`"${pattern}"`);
    // The usable entries still apply.
    expect(filter.ignores('x/y.yaml')).toBe(true);
  });

  it('reports a re-include with nothing before it to make an exception to', () => {
    const filter = pathsFilter(['!keep/**', 'a/**']);
    expect(filter.problems).toEqual([{ pattern: '!keep/**', message: expect.stringContaining('no entry before it ignores any') }]);
  });

  it('accepts escaped brackets and braces inside classes', () => {
    expect(pathsFilter(['a\\[1\\].yaml', '[{]x', 'b\\{c']).problems).toEqual([]);
    expect(isIgnoredPath('a[1].yaml', ['a\\[1\\].yaml'])).toBe(true);
  });
});
