// A Dockerfile read with a real parser (dockerfile-ast: line continuations, the escape directive,
// heredocs), reduced to what decides termination: the final stage's ENTRYPOINT/CMD (exec or
// shell form), STOPSIGNAL, SHELL, USER, the base image behind the stage chain, and the files it
// copies in (an entrypoint script can be read from the build context).
import { type Copy, DockerfileParser, type Instruction } from 'dockerfile-ast';
import type { InputError } from '../manifests/objects.js';

export interface CommandSpec {
  /** As the image config stores it: exec form verbatim; shell form as [...SHELL, text]. */
  argv: string[];
  form: 'exec' | 'shell';
  /** Shell form: the command line handed to the shell. */
  script?: string;
  /** The instruction, 1-based inclusive lines. */
  line: number;
  endLine: number;
  /** Set in the stage the config comes from (false: inherited from an earlier stage). */
  stage: number;
}

export interface Setting {
  value: string;
  line: number;
}

export interface CopiedFile {
  /** Source paths relative to the build context. */
  sources: string[];
  dest: string;
  line: number;
}

export interface Stage {
  index: number;
  name?: string;
  /** The FROM reference, build arguments substituted (undefined if one stayed unresolved). */
  from?: string;
  fromText: string;
  fromLine: number;
  /** Index of the earlier stage this one builds on. */
  parent?: number;
  entrypoint?: CommandSpec;
  cmd?: CommandSpec;
  stopSignal?: Setting;
  user?: Setting;
  /** The shell of shell-form instructions (SHELL, else /bin/sh -c). */
  shell: string[];
  /** RUN command lines, for telling the base family (apk vs apt-get). */
  runs: string[];
  copies: CopiedFile[];
}

export interface DockerfileModel {
  file: string;
  stages: Stage[];
  errors: InputError[];
}

/** The configuration the final stage leaves in the image, following the stage chain. */
export interface DockerfileImage {
  file: string;
  stage: Stage;
  /** The external image the chain starts from ("scratch" included), when resolvable. */
  base?: string;
  baseLine: number;
  entrypoint?: CommandSpec;
  cmd?: CommandSpec;
  stopSignal?: Setting;
  user?: Setting;
  runs: string[];
  copies: CopiedFile[];
}

const defaultShell = ['/bin/sh', '-c'];

/** Dockerfile, Containerfile, *.Dockerfile, Dockerfile.* (not .dockerignore). */
export function isDockerfile(path: string): boolean {
  const name = path.replace(/^.*\//, '');
  if (/\.dockerignore$/i.test(name)) return false;
  return /^(Dockerfile|Containerfile)(\.[\w.-]+)?$/.test(name) || /\.(Dockerfile|Containerfile)$/i.test(name);
}

function substitute(text: string, args: Map<string, string | undefined>): string | undefined {
  let unresolved = false;
  const out = text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?([-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_m, braced, op, word, bare) => {
    const name = braced ?? bare;
    const value = args.get(name);
    if (op === '-') return value ? value : word;
    if (op === '+') return value ? word : '';
    if (value === undefined) {
      unresolved = true;
      return '';
    }
    return value;
  });
  return unresolved ? undefined : out;
}

function parseJsonArray(text: string): string[] | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('[')) return undefined;
  try {
    const value: unknown = JSON.parse(trimmed);
    return Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : undefined;
  } catch {
    return undefined;
  }
}

function lines(instruction: Instruction): { line: number; endLine: number } {
  const range = instruction.getRange();
  return { line: range.start.line + 1, endLine: range.end.line + 1 };
}

export function parseDockerfile(file: string, content: string): DockerfileModel {
  const errors: InputError[] = [];
  const stages: Stage[] = [];
  let dockerfile: ReturnType<typeof DockerfileParser.parse>;
  try {
    dockerfile = DockerfileParser.parse(content);
  } catch (error) {
    return { file, stages, errors: [{ file, line: 1, message: `cannot parse the Dockerfile: ${(error as Error).message}` }] };
  }
  const globalArgs = new Map<string, string | undefined>();
  let current: Stage | undefined;
  for (const instruction of dockerfile.getInstructions()) {
    const keyword = instruction.getKeyword().toUpperCase();
    const where = lines(instruction);
    const text = (instruction.getArgumentsContent() ?? '').trim();
    if (keyword === 'ARG' && !current) {
      for (const argument of instruction.getArguments()) {
        const [name, ...rest] = argument.getValue().split('=');
        globalArgs.set(name, rest.length > 0 ? rest.join('=').replace(/^"(.*)"$/, '$1') : undefined);
      }
      continue;
    }
    if (keyword === 'FROM') {
      const words = instruction.getArguments().map((a) => a.getValue()).filter((w) => !w.startsWith('--'));
      const fromText = words[0] ?? '';
      const name = words.length >= 3 && words[1].toUpperCase() === 'AS' ? words[2] : undefined;
      const from = substitute(fromText, globalArgs);
      const parent = from === undefined ? undefined : stages.findIndex((s) => s.name !== undefined && s.name.toLowerCase() === from.toLowerCase());
      const parentStage = parent !== undefined && parent >= 0 ? stages[parent] : undefined;
      if (!fromText) errors.push({ file, line: where.line, message: 'FROM without an image' });
      current = {
        index: stages.length,
        ...(name ? { name } : {}),
        ...(from !== undefined ? { from } : {}),
        fromText,
        fromLine: where.line,
        ...(parentStage ? { parent: parentStage.index } : {}),
        shell: parentStage?.shell ?? defaultShell,
        runs: [],
        copies: [],
      };
      stages.push(current);
      continue;
    }
    if (!current) {
      if (!['ARG'].includes(keyword)) errors.push({ file, line: where.line, message: `${keyword} before the first FROM` });
      continue;
    }
    switch (keyword) {
      case 'ENTRYPOINT':
      case 'CMD': {
        const exec = parseJsonArray(text);
        const spec: CommandSpec = exec
          ? { argv: exec, form: 'exec', ...where, stage: current.index }
          : { argv: [...current.shell, text], form: 'shell', script: text, ...where, stage: current.index };
        if (keyword === 'ENTRYPOINT') current.entrypoint = spec;
        else current.cmd = spec;
        break;
      }
      case 'SHELL': {
        const shell = parseJsonArray(text);
        if (shell && shell.length > 0) current.shell = shell;
        else errors.push({ file, line: where.line, message: 'SHELL needs the JSON form, e.g. SHELL ["/bin/bash", "-c"]' });
        break;
      }
      case 'STOPSIGNAL':
        current.stopSignal = { value: text, line: where.line };
        break;
      case 'USER':
        current.user = { value: text, line: where.line };
        break;
      case 'RUN':
        current.runs.push(text);
        break;
      case 'COPY':
      case 'ADD': {
        const copy = instruction as Copy;
        if (copy.getFlags().some((f) => f.getName() === 'from')) break;
        const words = copy.getArguments().map((a) => a.getValue());
        const json = parseJsonArray(text.replace(/^(--\S+\s+)+/, ''));
        const paths = json ?? words;
        if (paths.length >= 2 && !paths[0].startsWith('<<')) current.copies.push({ sources: paths.slice(0, -1), dest: paths[paths.length - 1], line: where.line });
        break;
      }
      default:
        break;
    }
  }
  if (stages.length === 0 && errors.length === 0 && dockerfile.getInstructions().length > 0) {
    errors.push({ file, line: 1, message: 'no FROM instruction: not a Dockerfile this tool can read' });
  }
  return { file, stages, errors };
}

/**
 * The image a stage produces (the last stage by default, or the named build target): each
 * setting from the nearest stage in the chain that sets it. An ENTRYPOINT clears a CMD inherited
 * from an earlier stage, as Docker does.
 */
export function imageOf(model: DockerfileModel, target?: string): DockerfileImage | undefined {
  const stage = target ? model.stages.find((s) => s.name?.toLowerCase() === target.toLowerCase()) : model.stages[model.stages.length - 1];
  if (!stage) return undefined;
  const chain: Stage[] = [];
  for (let s: Stage | undefined = stage; s; s = s.parent !== undefined ? model.stages[s.parent] : undefined) chain.push(s);
  const root = chain[chain.length - 1];
  const pick = <K extends 'entrypoint' | 'cmd' | 'stopSignal' | 'user'>(key: K): Stage[K] => chain.find((s) => s[key] !== undefined)?.[key];
  const entrypoint = pick('entrypoint');
  let cmd = pick('cmd');
  if (entrypoint && cmd && cmd.stage !== entrypoint.stage && chain.findIndex((s) => s.index === entrypoint.stage) < chain.findIndex((s) => s.index === cmd?.stage)) {
    cmd = undefined;
  }
  return {
    file: model.file,
    stage,
    ...(root.from !== undefined ? { base: root.from } : {}),
    baseLine: root.fromLine,
    ...(entrypoint ? { entrypoint } : {}),
    ...(cmd ? { cmd } : {}),
    ...(pick('stopSignal') ? { stopSignal: pick('stopSignal') } : {}),
    ...(pick('user') ? { user: pick('user') } : {}),
    runs: chain.flatMap((s) => s.runs),
    copies: chain.flatMap((s) => s.copies),
  };
}
