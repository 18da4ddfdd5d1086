// The rendering tools: where `helm` and `kustomize` are, and running them bounded in time and
// memory, off the network, with nothing from the user's environment leaking in (no Helm
// repositories, plugins or caches).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export type ToolName = 'helm' | 'kustomize';

export interface Tool {
  name: ToolName;
  /** The command: a binary, or `kubectl kustomize`. */
  argv: string[];
}

/** Where the project's setup script builds the tools (outside any repository). */
export function toolCacheDir(): string {
  return join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'termination-guard', 'go');
}

function onPath(binary: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, binary))) return join(dir, binary);
  }
  return undefined;
}

function inCache(name: ToolName): string | undefined {
  const cache = toolCacheDir();
  if (!existsSync(cache)) return undefined;
  const dirs = readdirSync(cache)
    .filter((d) => d.startsWith(`bin-${name}-`))
    .sort()
    .reverse();
  for (const dir of dirs) if (existsSync(join(cache, dir, name))) return join(cache, dir, name);
  return undefined;
}

/**
 * The tool to render with: TG_HELM / TG_KUSTOMIZE when set, else the binary on PATH, else the
 * one the setup script built; Kustomize falls back to `kubectl kustomize`.
 */
export function findTool(name: ToolName): Tool | undefined {
  const override = process.env[name === 'helm' ? 'TG_HELM' : 'TG_KUSTOMIZE'];
  if (override !== undefined) return override === '' || !existsSync(override) ? undefined : { name, argv: [override] };
  const binary = onPath(name) ?? inCache(name);
  if (binary) return { name, argv: [binary] };
  if (name === 'kustomize') {
    const kubectl = onPath('kubectl');
    if (kubectl) return { name, argv: [kubectl, 'kustomize'] };
  }
  return undefined;
}

export interface ToolRun {
  ok: boolean;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  ms: number;
}

let helmHome: string | undefined;

/** A render may use this much address space; past it the tool fails (a render error), not the runner. */
export const renderMemoryBytes = 3 * 1024 ** 3;

/** Where nothing listens: a proxy address that refuses every connection (the discard port). */
const nowhere = 'http://127.0.0.1:9';

let isolation: string[] | undefined;

/**
 * How renders are kept off the network and bounded in memory, found once: a network namespace of
 * their own (as root `unshare -n`, else an unprivileged `unshare -rn`) where the platform allows
 * one — no interface but a down loopback, so nothing is reachable — and `prlimit --as` for memory.
 * Without a namespace the proxy variables below still point every HTTP(S) client nowhere.
 */
export function renderIsolation(): string[] {
  if (isolation) return isolation;
  const works = (argv: string[]) => spawnSync(argv[0] as string, [...argv.slice(1), 'true'], { stdio: 'ignore', timeout: 5000 }).status === 0;
  const netns = process.platform !== 'linux' ? [] : [['unshare', '--net'], ['unshare', '--map-root-user', '--net']].find(works) ?? [];
  const memory = process.platform === 'linux' && works(['prlimit', `--as=${renderMemoryBytes}`, '--']) ? ['prlimit', `--as=${renderMemoryBytes}`, '--'] : [];
  isolation = [...netns, ...(netns.length > 0 ? ['--'] : []), ...memory];
  return isolation;
}

/** Runs a tool in `cwd`, killed after `timeoutMs`, with no network and bounded memory. */
export function runTool(tool: Tool, args: string[], cwd: string, timeoutMs: number): ToolRun {
  helmHome ??= mkdtempSync(join(tmpdir(), 'tg-helm-home-'));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '',
    HOME: helmHome,
    HELM_CACHE_HOME: join(helmHome, 'cache'),
    HELM_CONFIG_HOME: join(helmHome, 'config'),
    HELM_DATA_HOME: join(helmHome, 'data'),
    HELM_PLUGINS: join(helmHome, 'plugins'),
    KUBECONFIG: join(helmHome, 'no-kubeconfig'),
    // The second line of defence, where no namespace could be had (Go's clients read these).
    HTTP_PROXY: nowhere,
    HTTPS_PROXY: nowhere,
    ALL_PROXY: nowhere,
    http_proxy: nowhere,
    https_proxy: nowhere,
    NO_PROXY: '',
    no_proxy: '',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
  };
  const started = performance.now();
  const command = [...renderIsolation(), ...tool.argv, ...args];
  const result = spawnSync(command[0] as string, command.slice(1), {
    cwd,
    env,
    encoding: 'utf8',
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
    maxBuffer: 256 * 1024 * 1024,
  });
  const timedOut = (result.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
  return {
    ok: result.status === 0 && !result.error,
    stdout: result.stdout ?? '',
    stderr: (result.stderr ?? '') + (result.error && !timedOut ? String(result.error.message) : ''),
    timedOut,
    ms: performance.now() - started,
  };
}
