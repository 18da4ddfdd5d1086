// syntax-tree.ts reads mvdan-sh's GopherJS objects directly. These tests hold that reading to
// mvdan-sh's own API (syntax.Walk, NodeType, the wrappers' Value): if an upgrade changes the
// layout, they fail here rather than quietly losing commands.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { goString, kindOf, parseScript, ScriptText, walkTree } from '../../src/shell/syntax-tree.js';

const sh = createRequire(import.meta.url)('mvdan-sh').syntax;

/** Every construct the walker must reach, with commands hidden in each. */
const scripts = [
  'set -e\n./prepare && exec ./server --port 8080',
  'trap "kill $PID" TERM; exec node server.js && echo done &',
  'if [ -f x ]; then exec a; elif [[ -n "$y" && $z == q* ]]; then b; else exec c; fi',
  'while true; do sleep 60; done; until false; do :; done',
  'for i in 1 2 "$(seq 3)"; do echo $i; done; for ((i=0; i<3; i++)); do echo; done',
  'case "$1" in start|run) exec app ;; *) echo "$(usage)" ;; esac',
  'f() { local x=$(( 1 + ${#y} * 2 )); echo "${x:-$(default)}" "${v/a/$(b)}"; }; f',
  'cat > /etc/app.conf <<EOF\nport=$(port)\nEOF\nexec app 2>&1 >/dev/null',
  'arr=(a "b c" $(d)); declare -A m=([k]=v); export X=1 Y="$(z)"; let n=2**3',
  'diff <(sort a) <(sort b) | tee >(wc -l) ; time { sleep 1; } ; ! false',
  'coproc worker { read -r l; }; echo `date` $[1+1] @(a|b) {1..3}',
  '# comment\n( cd /app && exec ./run ) # trailing',
  'grüß="ä"; echo "ü$(date)" \'ö\' "${HOME}"',
];

function wrapperWalk(source: string): string[] {
  const file = sh.NewParser(sh.Variant(sh.LangBash)).Parse(source, '');
  const kinds: string[] = [];
  sh.Walk(file, (node: unknown) => {
    if (node) {
      const kind = sh.NodeType(node);
      const value = kind === 'Lit' || kind === 'SglQuoted' ? `=${(node as { Value: string }).Value}` : '';
      if (kind !== 'Comment') kinds.push(kind + value);
    }
    return true;
  });
  return kinds;
}

function rawWalk(source: string): string[] {
  const parsed = parseScript(source);
  if (!parsed.ok) throw new Error(parsed.reason);
  const kinds: string[] = [];
  const outcome = walkTree(parsed.file, (node, kind) => {
    // Holders that syntax.Walk steps through without visiting them.
    if (['Replace', 'Expansion', 'Slice'].includes(kind)) return;
    // DeclClause.Variant, the `local`/`declare`/`export` keyword: a literal syntax.Walk leaves out.
    if (kind === 'Lit' && kinds.at(-1) === 'DeclClause') return;
    kinds.push(kind + (kind === 'Lit' || kind === 'SglQuoted' ? `=${goString(node.Value)}` : ''));
  });
  expect(outcome.complete).toBe(true);
  return kinds;
}

describe('walkTree', () => {
  for (const script of scripts) {
    it(`visits what syntax.Walk visits, in its order: ${JSON.stringify(script).slice(0, 60)}`, () => {
      expect(rawWalk(script)).toEqual(wrapperWalk(script));
    });
  }

  it('skips the children of a node when the visitor says so', () => {
    const parsed = parseScript('a; (b; c); d');
    if (!parsed.ok) throw new Error(parsed.reason);
    const lits: string[] = [];
    walkTree(parsed.file, (node, kind) => {
      if (kind === 'Lit') lits.push(goString(node.Value));
      return kind !== 'Subshell';
    });
    expect(lits).toEqual(['a', 'd']);
  });
});

describe('kindOf', () => {
  it('names nodes and nothing else', () => {
    const parsed = parseScript('echo >x');
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(kindOf(parsed.file)).toBe('File');
    const redirect = parsed.file.Stmts.$array[parsed.file.Stmts.$offset].Redirs.$array[0];
    expect(kindOf(redirect)).toBe('Redirect');
    // A nil *Lit (no file descriptor number) and a nil interface are not nodes.
    expect(kindOf(redirect.N)).toBeUndefined();
    expect(kindOf(null)).toBeUndefined();
    expect(kindOf({})).toBeUndefined();
    expect(kindOf('Stmt')).toBeUndefined();
  });
});

describe('ScriptText', () => {
  it('maps UTF-8 byte offsets to string indexes', () => {
    const text = new ScriptText('aé😀b\ud800c');
    // a=1 byte, é=2, 😀=4 (two code units), lone surrogate=3 (as U+FFFD), c=1
    expect([0, 1, 3, 7, 10, 11].map((byte) => text.index(byte))).toEqual([0, 1, 2, 4, 5, 6]);
    expect(text.slice(1, 7)).toBe('é😀');
    expect(new ScriptText('plain').slice(1, 3)).toBe('la');
  });
});
