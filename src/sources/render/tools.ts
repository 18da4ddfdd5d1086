// The rendering tools: where `helm` and `kustomize` are, and running them bounded in time with
// nothing from the user's environment leaking in (no Helm repositories, plugins or caches).
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

/** Runs a tool in `cwd`, killed after `timeoutMs`. */
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
  };
  const started = performance.now();
  const result = spawnSync(tool.argv[0] as string, [...tool.argv.slice(1), ...args], {
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
