// The command lines of the tools that signal or find processes: kill, pkill, pgrep, killall and
// pidof. Each has its own options, and which of them take an argument decides what the rest
// means: `pkill -s 1234 app` selects session 1234 (not signal 1234), `pkill -n app` the newest
// match, `killall -n 42 app` PID namespace 42, while `kill -s QUIT` and `kill -n 3` name the signal.
// The tables follow the tools' manuals: procps-ng pkill/pgrep/pidof, psmisc killall, util-linux
// and the shells' builtin kill.
import { signalName } from './signals.js';

export type ProcessTool = 'kill' | 'pkill' | 'pgrep' | 'killall' | 'pidof';

export interface ProcessCommand {
  tool: ProcessTool;
  /** The signal sent (kill, pkill, killall), as signalName spells it; TERM when none is given. */
  signal?: string;
  /** Operands: PIDs or job specs for kill, patterns or names for the others. */
  operands: string[];
  /** Options given without a value (short letters and long names), e.g. `f`, `full`, `n`. */
  flags: Set<string>;
  /** `kill -l`, `killall -l`…: lists signal names and signals nothing. */
  listsSignals: boolean;
}

interface Syntax {
  /** Short options that take an argument. */
  shortValue: string;
  /** The short options among them whose argument is the signal. */
  shortSignal: string;
  longValue: readonly string[];
  longSignal: readonly string[];
  /** Long options with two arguments (util-linux `kill --timeout <ms> <signal>`). */
  longTwoValues?: readonly string[];
  /**
   * `-NAME`/`-NUMBER` as the signal: `any` — the first option that is not one of the tool's
   * (the shells' kill); `name` — any spelling of a signal name or a number, in any case
   * (procps-ng pkill); `upper` — an upper-case letter or a digit after the dash (psmisc killall,
   * whose own options are lower-case); `none` — the tool sends nothing.
   */
  dashSignal: 'any' | 'name' | 'upper' | 'none';
  listing: readonly string[];
  /** GNU getopt permutes: options may follow operands. The shells' kill stops at the first operand. */
  permutes: boolean;
}

const syntax: Record<ProcessTool, Syntax> = {
  kill: { shortValue: 'snq', shortSignal: 'sn', longValue: ['signal', 'queue'], longSignal: ['signal'], longTwoValues: ['timeout'], dashSignal: 'any', listing: ['l', 'L', 'list', 'table'], permutes: false },
  pkill: {
    shortValue: 'qFPOgsuUGtr',
    shortSignal: '',
    longValue: ['signal', 'queue', 'pidfile', 'parent', 'older', 'pgroup', 'session', 'euid', 'uid', 'group', 'terminal', 'runstates', 'ns', 'nslist', 'env', 'cgroup'],
    longSignal: ['signal'],
    dashSignal: 'name',
    listing: [],
    permutes: true,
  },
  pgrep: {
    shortValue: 'dFPOgsuUGtr',
    shortSignal: '',
    longValue: ['delimiter', 'pidfile', 'parent', 'older', 'pgroup', 'session', 'euid', 'uid', 'group', 'terminal', 'runstates', 'ns', 'nslist', 'env', 'cgroup', 'signal'],
    longSignal: [],
    dashSignal: 'none',
    listing: [],
    permutes: true,
  },
  killall: { shortValue: 'suoyZn', shortSignal: 's', longValue: ['signal', 'user', 'older-than', 'younger-than', 'context', 'ns'], longSignal: ['signal'], dashSignal: 'upper', listing: ['l', 'list'], permutes: true },
  pidof: { shortValue: 'od', shortSignal: '', longValue: ['omit-pid', 'separator'], longSignal: [], dashSignal: 'none', listing: [], permutes: true },
};

/** Linux signal names as procps-ng reads them (any case, optional SIG prefix). */
const signalNames = new Set(
  'HUP INT QUIT ILL TRAP ABRT IOT BUS FPE KILL USR1 SEGV USR2 PIPE ALRM TERM STKFLT CHLD CLD CONT STOP TSTP TTIN TTOU URG XCPU XFSZ VTALRM PROF WINCH IO POLL PWR SYS EXIT NULL RTMIN RTMAX'.split(' '),
);

function isSignalSpelling(text: string): boolean {
  const upper = text.toUpperCase().replace(/^SIG/, '');
  return /^\d+$/.test(upper) || signalNames.has(upper) || /^RTM(IN|AX)[+-]\d+$/.test(upper);
}

function isDashSignal(arg: string, rule: 'name' | 'upper' | 'none'): boolean {
  const body = arg.slice(1);
  if (rule === 'name') return isSignalSpelling(body);
  if (rule === 'upper') return /^[A-Z0-9]/.test(body);
  return false;
}

export function isProcessTool(name: string): name is ProcessTool {
  return Object.hasOwn(syntax, name);
}

/** The command line of one of the tools, or undefined when argv[0] is none of them. */
export function parseProcessCommand(argv: readonly string[]): ProcessCommand | undefined {
  const tool = (argv[0] ?? '').replace(/^.*\//, '');
  if (!isProcessTool(tool)) return undefined;
  const rules = syntax[tool];
  const sends = rules.dashSignal !== 'none';
  const command: ProcessCommand = { tool, ...(sends ? { signal: 'TERM' } : {}), operands: [], flags: new Set(), listsSignals: false };
  let sawDashSignal = false;
  const setSignal = (text: string | undefined) => {
    if (sends && text !== undefined) command.signal = signalName(text);
  };
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i];
    const optionsOver = !rules.permutes && command.operands.length > 0;
    if (arg === '--') {
      command.operands.push(...argv.slice(i + 1));
      break;
    }
    if (optionsOver || !arg.startsWith('-') || arg === '-') {
      command.operands.push(arg);
      continue;
    }
    if (arg.startsWith('--')) {
      const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
      if (rules.longTwoValues?.includes(name)) {
        i += inline === undefined ? 2 : 1;
      } else if (rules.longValue.includes(name)) {
        const value = inline ?? argv[++i];
        if (rules.longSignal.includes(name)) setSignal(value);
      } else if (rules.listing.includes(name)) {
        command.listsSignals = true;
      } else {
        command.flags.add(name);
      }
      continue;
    }
    if (rules.dashSignal === 'any') {
      // The shells' kill: `-l`, `-L`, `-s SIG`, `-n NUM`, `-q VALUE` are its options; the first
      // other dash word is the signal (`-9`, `-TERM`, `-SIGHUP`), and later ones are negative
      // PIDs, process groups (`kill -TERM -1234`).
      const letter = arg.length === 2 ? arg[1] : '';
      if (letter && rules.listing.includes(letter)) command.listsSignals = true;
      else if (letter && rules.shortValue.includes(letter)) {
        const value = argv[++i];
        if (rules.shortSignal.includes(letter)) setSignal(value);
      } else if (!sawDashSignal) {
        sawDashSignal = true;
        setSignal(arg.slice(1));
      } else command.operands.push(arg);
      continue;
    }
    // `pkill -HUP`, `killall -9`: the first word that spells a signal.
    if (!sawDashSignal && isDashSignal(arg, rules.dashSignal)) {
      sawDashSignal = true;
      setSignal(arg.slice(1));
      continue;
    }
    // A getopt cluster: `-fx`, `-u root`, `-uroot`, `-fs 12`.
    for (let j = 1; j < arg.length; j++) {
      const letter = arg[j];
      if (rules.shortValue.includes(letter)) {
        const value = j + 1 < arg.length ? arg.slice(j + 1) : argv[++i];
        if (rules.shortSignal.includes(letter)) setSignal(value);
        break;
      }
      if (rules.listing.includes(letter)) command.listsSignals = true;
      else command.flags.add(letter);
    }
  }
  return command;
}
