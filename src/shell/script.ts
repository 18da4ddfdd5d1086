// What a shell script does with signals, read from a real parse (mvdan/sh), not regexes.
// mvdan-sh is a GopherJS build of the Go parser mvdan.cc/sh (POSIX, bash, mksh). Its WASM
// successor sh-syntax returns no command detail (docs/shell-parser.md), so it stays. The script
// is hostile input: syntax-tree.ts parses it within limits, and nothing here recurses on it.
import { parseProcessCommand } from './process-command.js';
import { goString, kindOf, lastOf, listOf, offsetOf, parseScript, type RawNode, type ScriptText, walkTree } from './syntax-tree.js';

export { maxScriptLength, maxScriptNesting, maxScriptNodes } from './syntax-tree.js';

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
  /** The script was parsed and read: the facts below describe it. */
  parsed: boolean;
  /** Why it was not: the parser's syntax error, or the limit it exceeds (for people to read). */
  error?: string;
  /** Not analysed because it exceeds a limit (length, syntax nodes, nesting), not for a syntax error. */
  limited?: boolean;
  /** Every simple command in the script, in source order (exec stripped from argv). */
  commands: SimpleCommand[];
  /** The final top-level statement replaces the shell on every path (exec, or all branches exec). */
  endsWithExec: boolean;
  /** The final top-level statement is one foreground simple command (bash/BusyBox exec it implicitly). */
  endsWithSimpleCommand: boolean;
  /** argv of the program that runs last in the foreground. */
  lastArgv?: string[];
  /**
   * Where `exec ` can be inserted to make the shell hand over to its last program: the string
   * index of the final simple command (alone, or at the end of an && chain) when it has no
   * assignments.
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

function wordText(word: RawNode, text: ScriptText): string {
  let out = '';
  for (const part of listOf(word.Parts)) {
    const kind = kindOf(part);
    if (kind === 'Lit' || kind === 'SglQuoted') out += goString(part.Value);
    // Double quotes hold literals, expansions and substitutions, never double quotes: one level.
    else if (kind === 'DblQuoted') {
      for (const inner of listOf(part.Parts)) out += kindOf(inner) === 'Lit' ? goString(inner.Value) : text.slice(offsetOf(inner.Pos()), offsetOf(inner.End()));
    } else out += text.slice(offsetOf(part.Pos()), offsetOf(part.End()));
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

const unanalysed = (error: string, limited: boolean): ScriptFacts => ({
  parsed: false,
  error,
  ...(limited ? { limited } : {}),
  commands: [],
  endsWithExec: false,
  endsWithSimpleCommand: false,
  waits: false,
  sleepSeconds: 0,
});

/**
 * Facts by script text: the same script is asked about by several rules and the checklist. Bounded
 * by entries and by characters (a script is at most maxScriptLength long, but many are many).
 */
const parserCache = new Map<string, ScriptFacts>();
const maxCachedScripts = 5000;
const maxCachedCharacters = 16 * 1024 * 1024;
let cachedCharacters = 0;

export function analyzeScript(source: string): ScriptFacts {
  const cached = parserCache.get(source);
  if (cached) return cached;
  const facts = analyzeBounded(source);
  if (parserCache.size >= maxCachedScripts || cachedCharacters + source.length > maxCachedCharacters) {
    parserCache.clear();
    cachedCharacters = 0;
  }
  parserCache.set(source, facts);
  cachedCharacters += source.length;
  return facts;
}

function analyzeBounded(source: string): ScriptFacts {
  try {
    return analyzeUncached(source);
  } catch (error) {
    // The last line of defence: the limits keep every walk here iterative and mvdan/sh's own
    // recursion shallow, but a stack overflow in a script must stay that script's problem.
    if (error instanceof RangeError) {
      return unanalysed(/call stack/i.test(error.message) ? 'the script is too deeply nested to analyse' : `the script is too large to analyse (${error.message})`, true);
    }
    throw error;
  }
}

function analyzeUncached(source: string): ScriptFacts {
  const parsed = parseScript(source);
  if (!parsed.ok) return unanalysed(parsed.reason, parsed.limited);
  const { file, text } = parsed;
  const facts: ScriptFacts = {
    parsed: true,
    commands: [],
    endsWithExec: false,
    endsWithSimpleCommand: false,
    waits: false,
    sleepSeconds: 0,
  };

  const toCommand = (call: RawNode, background: boolean): SimpleCommand | undefined => {
    const argv: string[] = listOf(call.Args).map((word) => wordText(word, text));
    if (argv.length === 0) return undefined;
    if (argv[0] === 'exec') return { argv: argv.slice(1), exec: argv.length > 1, background };
    return { argv, exec: false, background };
  };

  // Every simple command, wherever it is (functions, loops, pipelines, substitutions). This walk
  // also enforces the node budget and the nesting limit before anything else reads the tree.
  const walked = walkTree(file, (node, kind) => {
    if (kind !== 'Stmt' || kindOf(node.Cmd) !== 'CallExpr') return;
    const command = toCommand(node.Cmd, Boolean(node.Background));
    if (!command) return;
    facts.commands.push(command);
    if (command.argv[0] === 'wait') facts.waits = true;
    const kill = pid1Kill(command.argv);
    if (kill && !facts.killsPid1) facts.killsPid1 = kill;
  });
  if (!walked.complete) return unanalysed(walked.reason, true);

  const statements: RawNode[] = listOf(file.Stmts);
  // Top-level sequence: trap, then whatever runs in the foreground after it.
  let trapIndex = -1;
  statements.forEach((statement, index) => {
    if (kindOf(statement.Cmd) !== 'CallExpr') return;
    const command = toCommand(statement.Cmd, Boolean(statement.Background));
    if (command?.argv[0] === 'trap' && command.argv.length >= 3) {
      const signals = command.argv.slice(2).map((s) => s.toUpperCase().replace(/^SIG/, ''));
      if (signals.includes('TERM') || signals.includes('15')) {
        facts.termTrap = command.argv[1];
        trapIndex = index;
      }
    }
  });
  if (trapIndex >= 0 && facts.termTrap !== '' && facts.termTrap !== '-') {
    for (const statement of statements.slice(trapIndex + 1)) {
      if (statement.Background) continue;
      const blocker = foregroundBlocker(statement, text);
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

  const last: RawNode | undefined = statements[statements.length - 1];
  const lastKind = last ? kindOf(last.Cmd) : undefined;
  if (last && !last.Background && !statementExecs(last)) {
    // The end of an && chain (left-associative: the last command is the outermost Y).
    let cmd = last.Cmd;
    while (kindOf(cmd) === 'BinaryCmd' && cmd.Op === andOp) cmd = cmd.Y.Cmd;
    if (kindOf(cmd) === 'CallExpr' && listOf(cmd.Assigns).length === 0 && listOf(cmd.Args).length > 0) {
      facts.execInsertOffset = text.index(offsetOf(cmd.Pos()));
    }
  }
  if (statements.length === 1 && last && !last.Background && lastKind === 'CallExpr' && listOf(last.Cmd.Assigns).length === 0 && listOf(last.Redirs).length === 0) {
    const words = listOf(last.Cmd.Args);
    const plain = words.map((word) => {
      const parts = listOf(word.Parts);
      return parts.length === 1 && kindOf(parts[0]) === 'Lit' ? goString(parts[0].Value) : undefined;
    });
    if (plain.length > 0 && plain.every((word) => word !== undefined)) facts.plainWords = plain as string[];
  }
  if (last) {
    facts.endsWithExec = statementExecs(last);
    if (!last.Background && lastKind === 'CallExpr') {
      const command = toCommand(last.Cmd, false);
      if (command) {
        facts.lastArgv = command.argv;
        facts.endsWithSimpleCommand = !command.exec;
      }
    } else if (facts.endsWithExec) {
      const execs = facts.commands.filter((c) => c.exec);
      facts.lastArgv = execs[execs.length - 1]?.argv;
    } else if (!last.Background && lastKind === 'BinaryCmd' && last.Cmd.Op === andOp) {
      // `./migrate && gunicorn app`: the chain's last program.
      const tail = sequence(last);
      if (tail.length > 0) facts.lastArgv = tail[tail.length - 1].argv;
    }
  }
  return facts;

  /** The commands an && / || chain runs in sequence (|| only its left side), left to right. */
  function sequence(statement: RawNode): SimpleCommand[] {
    const out: SimpleCommand[] = [];
    const pending: RawNode[] = [statement];
    while (pending.length > 0) {
      const current = pending.pop();
      const cmd = current.Cmd;
      if (current.Background) continue;
      const kind = kindOf(cmd);
      if (kind === 'CallExpr') {
        const command = toCommand(cmd, false);
        if (command) out.push(command);
      } else if (kind === 'BinaryCmd' && cmd.Op === andOp) pending.push(cmd.Y, cmd.X);
      else if (kind === 'BinaryCmd' && cmd.Op === orOp) pending.push(cmd.X);
    }
    return out;
  }

  /**
   * The statement replaces the shell on every path: it execs, or ends in a statement that does
   * (the right side of && / ||, the last statement of a block, every branch of an if with else).
   */
  function statementExecs(statement: RawNode): boolean {
    const mustExec: RawNode[] = [statement];
    while (mustExec.length > 0) {
      const current = mustExec.pop();
      const cmd = current.Cmd;
      if (current.Background) return false;
      switch (kindOf(cmd)) {
        case 'CallExpr':
          if (!toCommand(cmd, false)?.exec) return false;
          break;
        case 'BinaryCmd':
          if (cmd.Op !== andOp && cmd.Op !== orOp) return false;
          mustExec.push(cmd.Y);
          break;
        case 'Block': {
          const tail = lastOf(cmd.Stmts);
          if (!tail) return false;
          mustExec.push(tail);
          break;
        }
        case 'IfClause':
          // if / elif … / else: the last statement of every branch; no else falls through.
          for (let clause = cmd; ; ) {
            const then = lastOf(clause.Then);
            if (!then) return false;
            mustExec.push(then);
            const otherwise = clause.Else;
            if (kindOf(otherwise) !== 'IfClause') return false;
            if (listOf(otherwise.Cond).length > 0) {
              clause = otherwise;
              continue;
            }
            const tail = lastOf(otherwise.Then);
            if (!tail) return false;
            mustExec.push(tail);
            break;
          }
          break;
        default:
          return false;
      }
    }
    return true;
  }
}

/** The first foreground command that keeps the shell busy (so a trap waits for it). */
function foregroundBlocker(statement: RawNode, text: ScriptText): { text: string; seconds?: number } | undefined {
  const cmd = statement.Cmd;
  const kind = kindOf(cmd);
  if (!kind) return undefined;
  const whole = text.slice(offsetOf(statement.Pos()), offsetOf(statement.End())).replace(/\s+/g, ' ').trim();
  const shown = whole.length > 60 ? `${whole.slice(0, 57)}…` : whole;
  if (kind === 'WhileClause' || kind === 'ForClause') {
    let longest: number | undefined;
    let found = false;
    // Within the tree the first walk already bounded.
    walkTree(cmd, (node, nodeKind) => {
      if (nodeKind !== 'Stmt' || node.Background || kindOf(node.Cmd) !== 'CallExpr') return;
      const argv = listOf(node.Cmd.Args).map((w) => wordText(w, text));
      const seconds = sleepArgSeconds(argv);
      if (isSleep(argv)) {
        found = true;
        if (seconds !== undefined) longest = Math.max(longest ?? 0, seconds);
      }
    });
    return found ? { text: shown, ...(longest !== undefined ? { seconds: longest } : {}) } : undefined;
  }
  if (kind === 'CallExpr') {
    const argv: string[] = listOf(cmd.Args).map((w) => wordText(w, text));
    if (isSleep(argv)) {
      const seconds = sleepArgSeconds(argv);
      return { text: shown, ...(seconds !== undefined ? { seconds } : {}) };
    }
    if (argv[0] && !quickBuiltins.has(argv[0]) && !argv[0].includes('=')) return { text: shown };
  }
  return undefined;
}

/** Builtins that return at once: they do not keep a trap waiting. */
const quickBuiltins = new Set(['wait', 'trap', 'echo', 'printf', 'set', 'export', 'true', ':', 'exit', 'return', 'cd', 'test', '[']);

/**
 * `kill`, `pkill` and `killall`: the signal sent (TERM unless an option says otherwise) and the
 * operands, read with each tool's own options (process-command.ts). Undefined for other commands
 * and for `kill -l`, which signals nothing.
 */
export function killCommand(argv: readonly string[]): { tool: string; signal: string; targets: string[] } | undefined {
  const command = parseProcessCommand(argv);
  if (!command || command.signal === undefined || command.listsSignals) return undefined;
  return { tool: command.tool, signal: command.signal, targets: command.operands };
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
