// What a shell script does with signals, read from a real parse (mvdan/sh), not regexes.
// mvdan-sh is a GopherJS build of the Go parser mvdan.cc/sh (POSIX, bash, mksh). Its WASM
// successor sh-syntax returns no command detail (docs/shell-parser.md), so it stays.
import { createRequire } from 'node:module';
import { signalName } from './signals.js';

type MvdanSh = (typeof import('mvdan-sh'))['default'];

let loadedSyntax: MvdanSh['syntax'] | undefined;

/**
 * mvdan-sh's syntax package, loaded when the first script is parsed: starting its GopherJS
 * runtime costs about 150 ms, which a run without shell scripts never pays.
 */
function syntax(): MvdanSh['syntax'] {
  if (!loadedSyntax) {
    let module: MvdanSh;
    try {
      // The bundle: esbuild turns this literal require into a call of the bundled copy (a lazy
      // wrapper), so nothing is resolved at run time. Vitest provides require too.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      module = require('mvdan-sh');
    } catch (error) {
      // Unbundled ES modules (tsx) have no require: resolve the package from here.
      if (!(error instanceof ReferenceError) || typeof require !== 'undefined') throw error;
      module = createRequire(import.meta.url)('mvdan-sh');
    }
    loadedSyntax = module.syntax;
  }
  return loadedSyntax;
}

// BinaryCmd operators in mvdan/sh's token numbering.
const andOp = 10;
const orOp = 11;

export interface SimpleCommand {
  argv: string[];
  /** Run with the `exec` builtin (the shell replaces itself). */
  exec: boolean;
  background: boolean;
}

export interface ScriptFacts {
  parsed: boolean;
  error?: string;
  /** Every simple command in the script, in source order (exec stripped from argv). */
  commands: SimpleCommand[];
  /** The final top-level statement replaces the shell on every path (exec, or all branches exec). */
  endsWithExec: boolean;
  /** The final top-level statement is one foreground simple command (bash/BusyBox exec it implicitly). */
  endsWithSimpleCommand: boolean;
  /** argv of the program that runs last in the foreground. */
  lastArgv?: string[];
  /**
   * Where `exec ` can be inserted to make the shell hand over to its last program: the offset of
   * the final simple command (alone, or at the end of an && chain) when it has no assignments.
   */
  execInsertOffset?: number;
  /** The script is one simple command of plain words (no quoting, expansion or operators). */
  plainWords?: string[];
  /** `trap <action> TERM` (or SIGTERM/15). */
  termTrap?: string;
  /** A foreground command after the trap that defers it (the shell runs traps only between commands). */
  trapDeferredBy?: { text: string; seconds?: number };
  /** Uses `wait`, which a trapped signal interrupts at once. */
  waits: boolean;
  /** Sum of top-level `sleep N` in sequence (a preStop delay). */
  sleepSeconds: number;
  /** `kill [-SIG] 1` anywhere. */
  killsPid1?: { signal: string };
}

type Node = any;

function nodeType(node: Node): string {
  return syntax().NodeType(node);
}

function wordText(word: Node, source: string): string {
  const parts: Node[] = word.Parts ?? [];
  let out = '';
  for (const part of parts) {
    const type = nodeType(part);
    if (type === 'Lit' || type === 'SglQuoted') out += part.Value;
    else if (type === 'DblQuoted') out += wordText(part, source);
    else out += source.slice(part.Pos().Offset(), part.End().Offset());
  }
  return out;
}

/** Parses a duration as GNU/BusyBox sleep does: 5, 5s, 1.5m, 1h. */
export function parseSleepSeconds(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(text.trim());
  if (!match) return undefined;
  const factor = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[match[2]] ?? 1;
  return Number.parseFloat(match[1]) * factor;
}

function isSleep(argv: string[]): boolean {
  return argv.length >= 2 && /(^|\/)sleep$/.test(argv[0]);
}

function sleepArgSeconds(argv: string[]): number | undefined {
  if (!isSleep(argv)) return undefined;
  let total = 0;
  for (const arg of argv.slice(1)) {
    const seconds = parseSleepSeconds(arg);
    if (seconds === undefined) return undefined;
    total += seconds;
  }
  return total;
}

const emptyFacts = (error: string): ScriptFacts => ({
  parsed: false,
  error,
  commands: [],
  endsWithExec: false,
  endsWithSimpleCommand: false,
  waits: false,
  sleepSeconds: 0,
});

const parserCache = new Map<string, ScriptFacts>();

export function analyzeScript(source: string): ScriptFacts {
  const cached = parserCache.get(source);
  if (cached) return cached;
  const facts = analyzeUncached(source);
  if (parserCache.size > 5000) parserCache.clear();
  parserCache.set(source, facts);
  return facts;
}

function analyzeUncached(source: string): ScriptFacts {
  let file: Node;
  try {
    const parser = syntax();
    file = parser.NewParser(parser.Variant(parser.LangBash)).Parse(source, '');
  } catch (error) {
    const message = (error as { Error?: () => string }).Error?.() ?? String(error);
    return emptyFacts(message);
  }
  const facts: ScriptFacts = {
    parsed: true,
    commands: [],
    endsWithExec: false,
    endsWithSimpleCommand: false,
    waits: false,
    sleepSeconds: 0,
  };

  const toCommand = (call: Node, background: boolean): SimpleCommand | undefined => {
    const argv: string[] = (call.Args ?? []).map((word: Node) => wordText(word, source));
    if (argv.length === 0) return undefined;
    if (argv[0] === 'exec') return { argv: argv.slice(1), exec: argv.length > 1, background };
    return { argv, exec: false, background };
  };

  // Every simple command, wherever it is (functions, loops, pipelines).
  syntax().Walk(file, (node: Node) => {
    if (node && nodeType(node) === 'Stmt' && node.Cmd && nodeType(node.Cmd) === 'CallExpr') {
      const command = toCommand(node.Cmd, Boolean(node.Background));
      if (command) {
        facts.commands.push(command);
        if (command.argv[0] === 'wait') facts.waits = true;
        const kill = pid1Kill(command.argv);
        if (kill && !facts.killsPid1) facts.killsPid1 = kill;
      }
    }
    return true;
  });

  const statements: Node[] = file.Stmts ?? [];
  // Top-level sequence: trap, then whatever runs in the foreground after it.
  let trapIndex = -1;
  statements.forEach((statement, index) => {
    const cmd = statement.Cmd;
    if (!cmd) return;
    if (nodeType(cmd) === 'CallExpr') {
      const command = toCommand(cmd, Boolean(statement.Background));
      if (command?.argv[0] === 'trap' && command.argv.length >= 3) {
        const signals = command.argv.slice(2).map((s) => s.toUpperCase().replace(/^SIG/, ''));
        if (signals.includes('TERM') || signals.includes('15')) {
          facts.termTrap = command.argv[1];
          trapIndex = index;
        }
      }
    }
  });
  if (trapIndex >= 0 && facts.termTrap !== '' && facts.termTrap !== '-') {
    for (const statement of statements.slice(trapIndex + 1)) {
      if (statement.Background) continue;
      const blocker = foregroundBlocker(statement, source);
      if (blocker) {
        facts.trapDeferredBy = blocker;
        break;
      }
    }
  }

  // Sequential top-level sleeps (`sleep 5 && nginx -s quit`, `sleep 10; exit 0`).
  for (const statement of statements) {
    for (const command of sequence(statement)) {
      const seconds = sleepArgSeconds(command.argv);
      if (seconds !== undefined) facts.sleepSeconds += seconds;
    }
  }

  const last = statements[statements.length - 1];
  if (last && !last.Background && !statementExecs(last)) {
    let cmd = last.Cmd;
    while (cmd && nodeType(cmd) === 'BinaryCmd' && cmd.Op === andOp) cmd = cmd.Y?.Cmd;
    if (cmd && nodeType(cmd) === 'CallExpr' && (cmd.Assigns ?? []).length === 0 && (cmd.Args ?? []).length > 0) {
      facts.execInsertOffset = cmd.Pos().Offset();
    }
  }
  if (statements.length === 1 && last && !last.Background && last.Cmd && nodeType(last.Cmd) === 'CallExpr' && (last.Cmd.Assigns ?? []).length === 0 && !last.Redirs?.length) {
    const words: Node[] = last.Cmd.Args ?? [];
    if (words.length > 0 && words.every((w) => (w.Parts ?? []).length === 1 && nodeType(w.Parts[0]) === 'Lit')) {
      facts.plainWords = words.map((w) => w.Parts[0].Value as string);
    }
  }
  if (last) {
    facts.endsWithExec = statementExecs(last);
    if (!last.Background && last.Cmd && nodeType(last.Cmd) === 'CallExpr') {
      const command = toCommand(last.Cmd, false);
      if (command) {
        facts.lastArgv = command.argv;
        facts.endsWithSimpleCommand = !command.exec;
      }
    } else if (facts.endsWithExec) {
      const execs = facts.commands.filter((c) => c.exec);
      facts.lastArgv = execs[execs.length - 1]?.argv;
    } else if (!last.Background && last.Cmd && nodeType(last.Cmd) === 'BinaryCmd' && last.Cmd.Op === andOp) {
      // `./migrate && gunicorn app`: the chain's last program.
      const tail = sequence(last);
      if (tail.length > 0) facts.lastArgv = tail[tail.length - 1].argv;
    }
  }
  return facts;

  function sequence(statement: Node): SimpleCommand[] {
    const cmd = statement.Cmd;
    if (!cmd || statement.Background) return [];
    const type = nodeType(cmd);
    if (type === 'CallExpr') {
      const command = toCommand(cmd, false);
      return command ? [command] : [];
    }
    if (type === 'BinaryCmd' && cmd.Op === andOp) return [...sequence(cmd.X), ...sequence(cmd.Y)];
    if (type === 'BinaryCmd' && cmd.Op === orOp) return sequence(cmd.X);
    return [];
  }

  function statementExecs(statement: Node): boolean {
    const cmd = statement.Cmd;
    if (!cmd || statement.Background) return false;
    const type = nodeType(cmd);
    if (type === 'CallExpr') return toCommand(cmd, false)?.exec ?? false;
    if (type === 'BinaryCmd' && (cmd.Op === andOp || cmd.Op === orOp)) return statementExecs(cmd.Y);
    if (type === 'IfClause') return ifExecs(cmd);
    if (type === 'Block') return lastExecs(cmd.Stmts);
    return false;
  }

  function lastExecs(list: Node[] | undefined): boolean {
    return Boolean(list && list.length > 0 && statementExecs(list[list.length - 1]));
  }

  function ifExecs(clause: Node): boolean {
    if (!lastExecs(clause.Then)) return false;
    const otherwise = clause.Else;
    // No else branch: the shell falls through and stays.
    if (!otherwise) return false;
    return nodeType(otherwise) === 'IfClause' && otherwise.Cond?.length ? ifExecs(otherwise) : lastExecs(otherwise.Then);
  }
}

/** The first foreground command that keeps the shell busy (so a trap waits for it). */
function foregroundBlocker(statement: Node, source: string): { text: string; seconds?: number } | undefined {
  const cmd = statement.Cmd;
  if (!cmd) return undefined;
  const whole = source.slice(statement.Pos().Offset(), statement.End().Offset()).replace(/\s+/g, ' ').trim();
  const text = whole.length > 60 ? `${whole.slice(0, 57)}…` : whole;
  const type = nodeType(cmd);
  if (type === 'WhileClause' || type === 'ForClause') {
    let longest: number | undefined;
    let found = false;
    syntax().Walk(cmd, (node: Node) => {
      if (node && nodeType(node) === 'Stmt' && !node.Background && node.Cmd && nodeType(node.Cmd) === 'CallExpr') {
        const argv = (node.Cmd.Args ?? []).map((w: Node) => wordText(w, source));
        const seconds = sleepArgSeconds(argv);
        if (isSleep(argv)) {
          found = true;
          if (seconds !== undefined) longest = Math.max(longest ?? 0, seconds);
        }
      }
      return true;
    });
    return found ? { text, ...(longest !== undefined ? { seconds: longest } : {}) } : undefined;
  }
  if (type === 'CallExpr') {
    const argv: string[] = (cmd.Args ?? []).map((w: Node) => wordText(w, source));
    if (isSleep(argv)) {
      const seconds = sleepArgSeconds(argv);
      return { text, ...(seconds !== undefined ? { seconds } : {}) };
    }
    const builtins = new Set(['wait', 'trap', 'echo', 'printf', 'set', 'export', 'true', ':', 'exit', 'return', 'cd', 'test', '[']);
    if (argv[0] && !builtins.has(argv[0]) && !argv[0].includes('=')) return { text };
  }
  return undefined;
}

/**
 * `kill`, `pkill` and `killall`: the signal sent (TERM unless an option says otherwise) and the
 * operands. For pkill/killall a single lower-case letter is a matching flag (`-f`), not a signal.
 */
export function killCommand(argv: readonly string[]): { tool: string; signal: string; targets: string[] } | undefined {
  const tool = argv[0]?.replace(/^.*\//, '') ?? '';
  if (tool !== 'kill' && tool !== 'pkill' && tool !== 'killall') return undefined;
  let signal = 'TERM';
  const targets: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-s' || arg === '-n' || arg === '--signal') {
      signal = signalName(argv[++i] ?? signal);
    } else if (arg.startsWith('--signal=')) {
      signal = signalName(arg.slice('--signal='.length));
    } else if (arg.startsWith('-') && arg.length > 1 && targets.length === 0 && arg !== '--') {
      if (tool === 'kill' || !/^-[a-z]$/.test(arg)) signal = signalName(arg.slice(1));
    } else if (arg !== '--') {
      targets.push(arg);
    }
  }
  return { tool, signal, targets };
}

function pid1Kill(argv: string[]): { signal: string } | undefined {
  const kill = killCommand(argv);
  return kill?.tool === 'kill' && kill.targets.includes('1') ? { signal: kill.signal } : undefined;
}

/** argv of `sh -c 'script'` style invocations: the script text, or undefined. */
export function shellScriptOf(argv: string[]): { shell: string; script: string } | undefined {
  if (argv.length === 0) return undefined;
  const shell = argv[0].replace(/^.*\//, '');
  if (!isShellName(shell)) return undefined;
  // Flags before the script: -c, -ec, -exc, -e -c, --login …
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('-')) return undefined;
    if (/^-[a-zA-Z]*c[a-zA-Z]*$/.test(arg)) {
      const script = argv[i + 1];
      return script === undefined ? undefined : { shell, script };
    }
  }
  return undefined;
}

export function isShellName(name: string): boolean {
  return ['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh'].includes(name.replace(/^.*\//, ''));
}
