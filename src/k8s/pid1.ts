// Does the stop signal reach the process that must handle it? One verdict per container,
// shared by the runtime rules and the checklist's evidence. What runs as PID 1 comes from the
// manifest's command/args and, where they leave it to the image, from the image's ENTRYPOINT and
// CMD (its Dockerfile or registry config, when known).
import type { ImageEvidence } from '../images/evidence.js';
import type { ObjectIndex } from '../manifests/object-index.js';
import type { ObjectPath } from '../manifests/objects.js';
import { asArray, asRecord, asString, namespaceOf } from '../manifests/objects.js';
import type { ContainerView, Workload } from '../manifests/workloads.js';
import { parseProcessCommand } from '../shell/process-command.js';
import { analyzeScript, isShellName, killCommand, type ScriptFacts, shellScriptOf } from '../shell/script.js';
import { signalName } from '../shell/signals.js';
import { effectiveShell, type ShellFamily } from './images.js';
import { perContainer, type PreStopFacts, preStopOf } from './pod.js';

export interface InitFacts {
  name: string;
  /** Forwards signals to the child's whole process group (tini -g, dumb-init by default). */
  groupForward: boolean;
  /** The program the init runs. */
  child: string[];
}

/** What the container runs as PID 1. */
export interface Pid1Facts {
  /** The full argv of PID 1; undefined when the image decides and we do not know the image. */
  argv?: string[];
  /** Path to point at: command if set, else args, else the image field. */
  path: ObjectPath;
  /** Where argv comes from: the manifest, the image (ENTRYPOINT/CMD), or both (image ENTRYPOINT + args). */
  from: 'manifest' | 'image' | 'image+args';
  /** "CMD at services/api/Dockerfile:14" when the image supplies PID 1. */
  imageWhere?: string;
  image: ImageEvidence;
  /** An init that runs the program (tini, dumb-init): it forwards signals. */
  init?: InitFacts;
  /** The image's ENTRYPOINT is an init that the manifest's `command` replaces. */
  replacedInit?: string;
  /** `sh -c '…'` wrappers (after any init). */
  shell?: { name: string; script: string; facts: ScriptFacts };
  /** A script run as a file: `sh /path/script.sh`, or a script that is the entrypoint itself. */
  scriptFile?: { name: string; file: string; content?: string; facts?: ScriptFacts; where?: string; args: string[] };
}

export type ShellVerdict =
  | { kind: 'not-a-shell' }
  /** A script we could not read: no content, a syntax error, or a limit it exceeds (the reason). */
  | { kind: 'unknown-script'; reason?: string }
  /** A shell wrapper in an image without a shell: the container cannot even start. */
  | { kind: 'no-shell'; basis: string }
  | { kind: 'execs'; program?: string[] }
  | { kind: 'implicit-exec'; family: ShellFamily; program?: string[] }
  | { kind: 'traps'; action: string }
  | { kind: 'trap-deferred'; action: string; blocker: string; seconds?: number }
  /**
   * The shell stays PID 1 (or the init's child). `assumed`: only because `/bin/sh` is dash, which
   * we assume for an image we cannot identify (bash and BusyBox ash would exec the last command);
   * family `unknown`: no shell execs this script's last command, so the family does not matter.
   */
  | { kind: 'stays'; family: ShellFamily; assumed: boolean; basis: string; child?: string[] };

export type StaysVerdict = Extract<ShellVerdict, { kind: 'stays' }>;

/** A preStop command that signals a process by name (`pkill app`, `kill -TERM $(pidof app)`). */
export interface NamedSignal {
  /** The command as written. */
  command: string;
  /** The process names it selects (with `fullCommandLine`, patterns for the whole command line). */
  names: string[];
  /** pkill/pgrep `-f`. */
  fullCommandLine: boolean;
  /** The bare signal name (`TERM`): a stop signal (TERM, INT, QUIT or the image's STOPSIGNAL). */
  signal: string;
  /**
   * The names select PID 1 itself, which receives from inside its namespace only the signals it
   * handles (like `kill 1`); otherwise the signal reaches another process: the app under a shell,
   * an init or a package manager.
   */
  toPid1: boolean;
}

export interface Pid1Analysis {
  pid1: Pid1Facts;
  shell: ShellVerdict;
  /** The program that ends up running (after exec, and below any init), when known. */
  program?: string[];
  /** The container's preStop hook signals a process by name (containers only, not Dockerfiles). */
  preStopSignal?: NamedSignal;
}

const initNames = /^(tini|tini-static(-[\w]+)?|dumb-init|catatonit|docker-init|s6-svscan|init)$/;

/** tini/dumb-init/catatonit in front of a program: the init and the program's argv. */
export function unwrapInit(argv: readonly string[], env: Record<string, string> = {}): InitFacts | undefined {
  const name = (argv[0] ?? '').replace(/^.*\//, '');
  if (!initNames.test(name) || (name === 'init' && argv[0] !== '/init')) return undefined;
  let groupForward = name === 'dumb-init' || name === 'init';
  if (name.startsWith('tini') && ['1', 'true', 'yes'].includes((env.TINI_KILL_PROCESS_GROUP ?? '').toLowerCase())) groupForward = true;
  let i = 1;
  for (; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      i++;
      break;
    }
    if (!arg.startsWith('-')) break;
    if (name.startsWith('tini') && /^-[a-zA-Z]*g/.test(arg)) groupForward = true;
    if (name === 'catatonit' && arg === '-g') groupForward = true;
    if (name === 'dumb-init' && (arg === '-c' || arg === '--single-child')) groupForward = false;
    // Options with a value: tini -p SIG, -e CODE; dumb-init -r s:d.
    if (/^-(p|e|r)$|^--rewrite$/.test(arg)) i++;
  }
  return { name, groupForward, child: argv.slice(i) };
}

function containerEnv(container: ContainerView): Record<string, string> {
  const env: Record<string, string> = {};
  for (const item of asArray(container.spec.env).map(asRecord)) {
    const name = asString(item?.name);
    const value = asString(item?.value);
    if (name && value !== undefined) env[name] = value;
  }
  return env;
}

export function pid1Of(container: ContainerView, workload: Workload, index: ObjectIndex): Pid1Facts {
  const command = asArray(container.spec.command).map(String);
  const args = asArray(container.spec.args).map(String);
  const image = index.images.evidence(container.image);
  let facts: Pid1Facts;
  if (command.length > 0) {
    const imageInit = image.entrypoint ? unwrapInit(image.entrypoint.argv)?.name : undefined;
    facts = {
      argv: [...command, ...args],
      path: [...container.path, 'command'],
      from: 'manifest',
      image,
      ...(imageInit && !unwrapInit(command) ? { replacedInit: imageInit } : {}),
    };
  } else if (image.entrypoint) {
    // Without `command` the image's ENTRYPOINT stays, and `args` replace its CMD.
    const tail = args.length > 0 ? args : (image.cmd?.argv ?? []);
    const argv = [...image.entrypoint.argv, ...tail];
    const where = image.entrypoint.argv.length > 0 ? image.entrypoint.where : args.length > 0 ? 'args' : image.cmd?.where;
    facts = {
      ...(argv.length > 0 ? { argv } : {}),
      path: [...container.path, args.length > 0 ? 'args' : 'image'],
      from: args.length > 0 ? 'image+args' : 'image',
      ...(where ? { imageWhere: where } : {}),
      image,
    };
  } else {
    return { path: [...container.path, args.length > 0 ? 'args' : 'image'], from: 'image', image };
  }
  return classify(facts, containerEnv(container), (file) => mountedFile(container, workload, index, file));
}

/** PID 1 of an image run without command or args (a Dockerfile's own verdict). */
export function pid1OfImage(image: ImageEvidence): Pid1Facts {
  const argv = [...(image.entrypoint?.argv ?? []), ...(image.cmd?.argv ?? [])];
  const where = image.entrypoint?.argv.length ? image.entrypoint.where : image.cmd?.where;
  const facts: Pid1Facts = { ...(argv.length > 0 ? { argv } : {}), path: [], from: 'image', ...(where ? { imageWhere: where } : {}), image };
  return classify(facts, {}, () => undefined);
}

const imageVerdicts = new WeakMap<ImageEvidence, Pid1Analysis>();

/** The verdict for an image run as built, once per image (its rule and its checklist row ask). */
export function analyzeImagePid1(image: ImageEvidence): Pid1Analysis {
  let verdict = imageVerdicts.get(image);
  if (!verdict) {
    verdict = judgePid1(pid1OfImage(image));
    imageVerdicts.set(image, verdict);
  }
  return verdict;
}

/** Init, shell wrapper or script file in front of the program. */
function classify(facts: Pid1Facts, env: Record<string, string>, mounted: (file: string) => string | undefined): Pid1Facts {
  const argv = facts.argv;
  const image = facts.image;
  if (!argv || argv.length === 0) return facts;
  const init = unwrapInit(argv, env);
  const program = init ? init.child : argv;
  if (init) facts.init = init;
  const wrapped = shellScriptOf(program);
  if (wrapped) {
    facts.shell = { name: wrapped.shell, script: wrapped.script, facts: analyzeScript(wrapped.script) };
    return facts;
  }
  const name = (program[0] ?? '').replace(/^.*\//, '');
  if (isShellName(name) && program[1] && !program[1].startsWith('-')) {
    const file = program[1];
    const fromMount = mounted(file);
    const copied = fromMount === undefined ? image.fileInImage(file) : undefined;
    const content = fromMount ?? copied?.content;
    facts.scriptFile = { name, file, ...(content !== undefined ? { content, facts: analyzeScript(content) } : {}), ...(copied ? { where: copied.file } : {}), args: program.slice(2) };
    return facts;
  }
  // The program itself may be a script the build copied in (docker-entrypoint.sh) or a mount.
  const copied = program[0] ? image.fileInImage(program[0]) : undefined;
  const content = copied?.content ?? (program[0] ? mounted(program[0]) : undefined);
  if (content !== undefined) {
    const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(content);
    const interpreter = (shebang ? (shebang[1].endsWith('/env') ? (shebang[2] ?? '') : shebang[1]) : '').replace(/^.*\//, '');
    if (isShellName(interpreter)) {
      facts.scriptFile = { name: interpreter, file: program[0], content, facts: analyzeScript(content), ...(copied ? { where: copied.file } : {}), args: program.slice(1) };
    }
  }
  return facts;
}

/** Reads a file that a container mounts from a ConfigMap in the same tree. */
function mountedFile(container: ContainerView, workload: Workload, index: ObjectIndex, file: string): string | undefined {
  for (const mount of asArray(container.spec.volumeMounts)) {
    const mountPath = asString(asRecord(mount)?.mountPath);
    const volumeName = asString(asRecord(mount)?.name);
    if (!mountPath || !volumeName || !file.startsWith(`${mountPath.replace(/\/$/, '')}/`)) continue;
    const relative = file.slice(mountPath.replace(/\/$/, '').length + 1);
    const volume = asArray(workload.podSpec.volumes).map(asRecord).find((v) => asString(v?.name) === volumeName);
    const configMap = asRecord(volume?.configMap);
    const configMapName = asString(configMap?.name);
    if (!configMapName) continue;
    const data = index.configMapData(namespaceOf(workload.object.ref), configMapName);
    if (!data) continue;
    const item = asArray(configMap?.items)
      .map(asRecord)
      .find((i) => asString(i?.path) === relative);
    const key = asString(item?.key) ?? relative;
    if (data[key] !== undefined) return data[key];
  }
  return undefined;
}

export const analyzePid1 = perContainer(computePid1);

function computePid1(container: ContainerView, workload: Workload, index: ObjectIndex): Pid1Analysis {
  const analysis = judgePid1(pid1Of(container, workload, index));
  const stop = analysis.pid1.image.stopSignal;
  const named = namedSignalOf(preStopOf(container), stop ? signalName(stop.signal) : undefined);
  return named ? { ...analysis, preStopSignal: { ...named, toPid1: selectsPid1Only(named, analysis) } } : analysis;
}

/** The names a selector (`pidof app`, `pgrep -f 'java -jar'`, `pkill app`, `killall app`) picks. */
function selectedNames(argv: readonly string[]): { names: string[]; full: boolean } | undefined {
  const command = parseProcessCommand(argv);
  if (!command || command.tool === 'kill' || command.operands.length === 0) return undefined;
  const full = (command.tool === 'pkill' || command.tool === 'pgrep') && (command.flags.has('f') || command.flags.has('full'));
  return { names: command.operands, full };
}

/** `$(pidof app)`, `` `pgrep app` `` (the word's text, double quotes already gone). */
const substitution = /^(?:\$\(([^]*)\)|`([^`]*)`)$/;

/**
 * The first command of an exec preStop hook that sends a stop signal to processes chosen by name:
 * `pkill app`, `killall app`, `kill -TERM $(pidof app)`, `kill $(pgrep -f app)`. A pid file or
 * `kill 1` is not a name (pod/prestop-kills-pid1 judges `kill 1`).
 */
export function namedSignalOf(hook: PreStopFacts | undefined, imageStopSignal?: string): Omit<NamedSignal, 'toPid1'> | undefined {
  if (hook?.kind !== 'exec') return undefined;
  const commands = hook.script ? hook.script.commands.map((c) => c.argv) : hook.argv ? [hook.argv] : [];
  for (const argv of commands) {
    const kill = killCommand(argv);
    if (!kill || !(['TERM', 'INT', 'QUIT'].includes(kill.signal) || kill.signal === imageStopSignal)) continue;
    let selected: { names: string[]; full: boolean } | undefined;
    if (kill.tool === 'kill') {
      for (const target of kill.targets) {
        const inner = substitution.exec(target);
        const text = inner ? (inner[1] ?? inner[2]) : undefined;
        const selector = text !== undefined ? analyzeScript(text).commands[0]?.argv : undefined;
        if (selector && /^(pidof|pgrep)$/.test(selector[0]?.replace(/^.*\//, '') ?? '')) selected = selectedNames(selector);
        if (selected) break;
      }
    } else {
      selected = selectedNames(argv);
    }
    if (selected) return { command: argv.join(' '), names: selected.names, fullCommandLine: selected.full, signal: kill.signal };
  }
  return undefined;
}

/** Whether the names select only PID 1: the process the runtime signals anyway. */
function selectsPid1Only(named: Omit<NamedSignal, 'toPid1'>, { pid1, shell, program }: Pid1Analysis): boolean {
  if (!pid1.argv) return false;
  // Under an init or a shell that stays, the program is a process of its own.
  const programIsPid1 = !pid1.init && (shell.kind === 'not-a-shell' || shell.kind === 'execs' || shell.kind === 'implicit-exec');
  const argv = programIsPid1 ? (program ?? pid1.argv) : pid1.argv;
  if (named.fullCommandLine) return programIsPid1 && named.names.every((pattern) => argv.join(' ').includes(pattern));
  const name = (argv[0] ?? '').replace(/^.*\//, '');
  return named.names.every((n) => n === name);
}

/**
 * Scripts followed through `exec "$@"` (an entrypoint script handing over to a shell-form CMD,
 * and so on). Real images chain two or three; each hop consumes an argument, so without a limit
 * a manifest with thousands of arguments would recurse once per argument.
 */
const maxHandovers = 8;

/** The verdict for a PID 1 (shared with the Dockerfile rules, which have no container). */
export function judgePid1(pid1: Pid1Facts, handovers = 0): Pid1Analysis {
  const below = pid1.init?.child ?? pid1.argv;
  const script: { name: string; facts?: ScriptFacts; args: string[] } | undefined = pid1.shell ? { ...pid1.shell, args: [] } : pid1.scriptFile;
  const withProgram = (shell: ShellVerdict, program: string[] | undefined): Pid1Analysis => ({ pid1, shell, ...(program && program.length > 0 ? { program } : {}) });
  if (!script) return withProgram({ kind: 'not-a-shell' }, below);
  const facts = script.facts;
  if (!facts?.parsed) return { pid1, shell: { kind: 'unknown-script', ...(facts?.error ? { reason: facts.error } : {}) } };
  // `exec "$@"`: the script hands over to its arguments (the CMD, after an entrypoint script).
  const resolveProgram = (last: string[] | undefined) => (last && /^\$\{?@\}?$/.test(last[0] ?? '') ? script.args : last);
  if (facts.endsWithExec) {
    const program = resolveProgram(facts.lastArgv);
    if (program && program !== facts.lastArgv && program.length > 0) {
      // The script handed over to its arguments, which may be a shell wrapper themselves
      // (an entrypoint script, then a shell-form CMD).
      if (handovers >= maxHandovers) return { pid1, shell: { kind: 'unknown-script', reason: `the scripts hand over through \`exec "$@"\` more than ${maxHandovers} times` } };
      const inner = classify({ argv: program, path: pid1.path, from: pid1.from, image: pid1.image, ...(pid1.imageWhere ? { imageWhere: pid1.imageWhere } : {}) }, {}, () => undefined);
      if (inner.shell || inner.scriptFile) return { ...judgePid1(inner, handovers + 1), pid1 };
    }
    return withProgram({ kind: 'execs', ...(program ? { program } : {}) }, program);
  }
  if (facts.termTrap !== undefined && facts.termTrap !== '' && facts.termTrap !== '-') {
    if (facts.trapDeferredBy) {
      return {
        pid1,
        shell: {
          kind: 'trap-deferred',
          action: facts.termTrap,
          blocker: facts.trapDeferredBy.text,
          ...(facts.trapDeferredBy.seconds !== undefined ? { seconds: facts.trapDeferredBy.seconds } : {}),
        },
      };
    }
    return { pid1, shell: { kind: 'traps', action: facts.termTrap } };
  }
  const image = pid1.image;
  if (image.shell === 'none') return { pid1, shell: { kind: 'no-shell', basis: image.shellBasis } };
  const { family, assumed } = effectiveShell(script.name, { shell: image.shell });
  const program = resolveProgram(facts.lastArgv);
  // bash 5.x and BusyBox ash exec the last simple command of a -c script; dash does not.
  const familyDecides = Boolean(pid1.shell && facts.endsWithSimpleCommand);
  if (familyDecides && (family === 'bash' || family === 'ash')) {
    return withProgram({ kind: 'implicit-exec', family, ...(program ? { program } : {}) }, program);
  }
  // An image we cannot identify is assumed to have dash (TERMINATION-FACTS §4), and the claims
  // say "if /bin/sh is dash"; where no shell would exec the last command, the family is moot.
  const verdict = assumed && !familyDecides ? { family: 'unknown' as const, assumed: false } : { family, assumed };
  return { pid1, shell: { kind: 'stays', ...verdict, basis: image.shellBasis, ...(program ? { child: program } : {}) } };
}

/**
 * "`/bin/sh` (dash, from `python:3.12-slim`)" for messages and the checklist; only "`/bin/sh`"
 * when dash is assumed, for the sentence then starts with `shellCondition`.
 */
export function describeShell(shell: StaysVerdict): string {
  if (shell.assumed) return '`/bin/sh`';
  return `\`/bin/sh\` (${shell.family === 'unknown' ? '' : `${shell.family}, `}${shell.basis})`;
}

/**
 * What a claim about a shell that stays rests on, to open the sentence: "if `/bin/sh` is dash
 * (unknown base image; bash and BusyBox ash would exec `server` instead), " — or nothing.
 */
export function shellCondition(shell: StaysVerdict, child: string): string {
  return shell.assumed ? `if \`/bin/sh\` is dash (${shell.basis}; bash and BusyBox ash would exec ${child} instead), ` : '';
}

/** "the preStop hook signals `server` by name (`kill -TERM $(pidof server)`)". */
export function describeNamedSignal(named: NamedSignal, max = Number.POSITIVE_INFINITY): string {
  const command = named.command.length > max ? `${named.command.slice(0, max - 1)}…` : named.command;
  return `the preStop hook signals ${named.names.map((n) => `\`${n}\``).join(', ')} by ${named.fullCommandLine ? 'command line' : 'name'} (\`${command}\`)`;
}

/** The checklist's PID 1 cell for a shell that stays: what becomes of the stop signal. */
export function describeStays({ pid1, preStopSignal }: Pid1Analysis, shell: StaysVerdict, child: string): string {
  const byName = preStopSignal && !preStopSignal.toPid1 ? preStopSignal : undefined;
  const hook = byName ? describeNamedSignal(byName, 80) : '';
  const dash = shell.assumed ? ` if it is dash (${shell.basis}; bash and BusyBox ash would exec ${child})` : '';
  if (pid1.init) {
    const dies = `${pid1.init.name} → ${describeShell(shell)}, which${dash ? `,${dash},` : ''} dies of the forwarded SIGTERM without passing it on: ${child} is SIGKILLed`;
    return byName ? `${dies}; ${hook}, but the app has only until the hook ends to drain` : dies;
  }
  const ignores = `${describeShell(shell)}, which${dash ? ` stays PID 1${dash} and` : ''} ignores SIGTERM`;
  return byName ? `${ignores}; ${hook}` : `${ignores}; ${child} ${dash ? 'then ' : ''}never receives it`;
}
