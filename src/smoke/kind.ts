// `smoke-test: kind`: a throwaway multi-node cluster made by the `kind` CLI on the runner, its
// node image pinned from the target Kubernetes version, the workflow's locally built images loaded
// into it, and deleted afterwards. The prober runs in a worker node's network namespace (the
// node container's PID, through nsenter), where ClusterIPs and host ports work as on a real node.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseKubeVersion } from '../k8s/version.js';

/**
 * Node images we know to exist, by minor. kind pins its default image by digest in its own
 * source (kind v0.33.0: v1.37.0); the others are the `kindest/node` tags published with kind
 * releases. A full version (1.33.4) is used as the tag it names; `smoke.kindNodeImage` overrides.
 */
export const kindNodeImages: Record<string, string> = {
  '1.37': 'kindest/node:v1.37.0@sha256:a1ed56cfb0e7b93589bdf97c8cd566405a265939e3620fc4f5de89adff580ae5',
  '1.35': 'kindest/node:v1.35.0',
  '1.34': 'kindest/node:v1.34.0',
};

export class KindError extends Error {}

/** The node image for a target version ("1.34", "1.33.4"), or an error naming what to set. */
export function kindNodeImage(kubernetesVersion: string, override?: string): string {
  if (override) return override;
  const full = /^v?(\d+)\.(\d+)\.(\d+)$/.exec(kubernetesVersion.trim());
  if (full) return `kindest/node:v${full[1]}.${full[2]}.${full[3]}`;
  const version = parseKubeVersion(kubernetesVersion);
  const image = version ? kindNodeImages[`${version.major}.${version.minor}`] : undefined;
  if (!image) {
    throw new KindError(
      `no known kind node image for Kubernetes ${kubernetesVersion}: set kubernetes-version to a full version with a published kindest/node tag (e.g. 1.33.4) or the config's smoke.kindNodeImage (known: ${Object.keys(kindNodeImages).join(', ')})`,
    );
  }
  return image;
}

/**
 * One control plane and `workers` workers: a rollout moves pods between nodes as in production.
 * kubeadm config patches (smoke.kindConfigPatches) go to every node, as kind's kubeadmConfigPatches.
 */
export function kindConfig(workers: number, patches: readonly string[] = []): string {
  const lines = ['kind: Cluster', 'apiVersion: kind.x-k8s.io/v1alpha4', 'nodes:', '  - role: control-plane', ...Array.from({ length: workers }, () => '  - role: worker')];
  if (patches.length > 0) {
    lines.push('kubeadmConfigPatches:');
    for (const patch of patches) lines.push('  - |', ...patch.trimEnd().split('\n').map((line) => `    ${line}`));
  }
  return [...lines, ''].join('\n');
}

export interface KindSettings {
  /** The kind binary (default: `kind` on PATH). */
  binary: string;
  name: string;
  image: string;
  workers: number;
  /** kind's --wait for the control plane. */
  waitSeconds: number;
  /** Bound on each kind command. */
  timeoutSeconds: number;
  /** kubeadm config patches for every node. */
  configPatches?: readonly string[];
}

export function createArgs(settings: KindSettings, configPath: string, kubeconfig: string): string[] {
  return ['create', 'cluster', '--name', settings.name, '--image', settings.image, '--config', configPath, '--kubeconfig', kubeconfig, '--wait', `${settings.waitSeconds}s`];
}

export function loadArgs(name: string, images: readonly string[]): string[] {
  return ['load', 'docker-image', ...images, '--name', name];
}

export function deleteArgs(name: string, kubeconfig: string): string[] {
  return ['delete', 'cluster', '--name', name, '--kubeconfig', kubeconfig];
}

/** A cluster name kind accepts (lower-case DNS label, short enough for its node container names). */
export function kindClusterName(suffix: string): string {
  return `tg-smoke-${suffix.toLowerCase().replace(/[^a-z0-9-]/g, '-')}`.slice(0, 40).replace(/-+$/, '');
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `binary`; `onLine` gets each line it prints as it prints it (kind's progress), the result keeps them too. */
function run(binary: string, args: readonly string[], timeoutSeconds: number, onLine?: (line: string) => void): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(binary, args, { timeout: timeoutSeconds * 1000, maxBuffer: 16 * 1024 * 1024, killSignal: 'SIGTERM' }, (error, stdout, stderr) => {
      const failure = error as (Omit<NodeJS.ErrnoException, 'code'> & { code?: number | string; killed?: boolean }) | null;
      const code = !failure ? 0 : typeof failure.code === 'number' ? failure.code : -1;
      const notes = [failure?.code === 'ENOENT' ? `${binary}: not found on PATH` : '', failure?.killed ? `(killed after ${timeoutSeconds} s)` : ''].filter(Boolean);
      resolve({ code, stdout: String(stdout), stderr: [String(stderr), ...notes].join('\n') });
    });
    if (onLine) {
      for (const stream of [child.stdout, child.stderr]) {
        let partial = '';
        stream?.on('data', (chunk: Buffer | string) => {
          const lines = (partial + String(chunk)).split(/\r?\n|\r/);
          partial = lines.pop() ?? '';
          for (const line of lines) if (line.trim()) onLine(line.trim());
        });
        stream?.on('end', () => {
          if (partial.trim()) onLine(partial.trim());
        });
      }
    }
  });
}

/** kind's error, shortened, with the cause named when it is the usual one (no Docker). */
export function explainKindFailure(what: string, result: Run): string {
  const text = `${result.stderr}\n${result.stdout}`.trim();
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  const tail = lines.slice(-4).join(' | ');
  if (/not found on PATH/.test(text)) return `${what}: the kind CLI is not installed (${tail}); install it (go install sigs.k8s.io/kind@v0.33.0) or use smoke-test: kubeconfig`;
  if (/Cannot connect to the Docker daemon|failed to detect any supported node provider|docker.*(not found|executable file)/i.test(text)) return `${what}: kind needs a running Docker (or Podman) engine, and none answers (${tail})`;
  return `${what}: ${tail || `exit ${result.code}`}`;
}

export class KindCluster {
  private constructor(
    readonly settings: KindSettings,
    readonly kubeconfig: string,
    private readonly dir: string,
  ) {}

  /** `kind version`, checking the CLI is there before anything is created. */
  static async version(binary: string): Promise<string> {
    const result = await run(binary, ['version'], 30);
    if (result.code !== 0) throw new KindError(explainKindFailure('kind version', result));
    return result.stdout.trim();
  }

  static async create(settings: KindSettings, log: (message: string) => void): Promise<KindCluster> {
    const dir = mkdtempSync(join(tmpdir(), 'tg-kind-'));
    const configPath = join(dir, 'kind.yaml');
    const kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(configPath, kindConfig(settings.workers, settings.configPatches));
    const cluster = new KindCluster(settings, kubeconfig, dir);
    log(`smoke: kind ${createArgs(settings, configPath, kubeconfig).join(' ')}`);
    // Streamed as kind prints it (creating a cluster takes a minute or more), not only on failure.
    const result = await run(settings.binary, createArgs(settings, configPath, kubeconfig), settings.timeoutSeconds, (line) => log(`kind: ${line}`));
    if (result.code !== 0) {
      // kind removes a half-made cluster itself; make sure, and drop the temp files.
      await cluster.delete();
      throw new KindError(explainKindFailure(`kind create cluster ${settings.name}`, result));
    }
    return cluster;
  }

  /** Loads the images the local Docker has (built earlier in the workflow); the rest the nodes pull. */
  async loadImages(images: readonly string[], log: (message: string) => void): Promise<string[]> {
    const local: string[] = [];
    for (const image of images) {
      const inspect = await run('docker', ['image', 'inspect', '--format', '{{.Id}}', image], 30);
      if (inspect.code === 0) local.push(image);
    }
    if (local.length === 0) return [];
    log(`smoke: kind ${loadArgs(this.settings.name, local).join(' ')}`);
    const result = await run(this.settings.binary, loadArgs(this.settings.name, local), this.settings.timeoutSeconds);
    if (result.code !== 0) throw new KindError(explainKindFailure('kind load docker-image', result));
    return local;
  }

  /** The network namespace of the first worker node (its container's PID). */
  async proberNetns(): Promise<string> {
    const node = `${this.settings.name}-${this.settings.workers > 0 ? 'worker' : 'control-plane'}`;
    const result = await run('docker', ['inspect', '--format', '{{.State.Pid}}', node], 30);
    const pid = result.stdout.trim();
    if (result.code !== 0 || !/^\d+$/.test(pid) || pid === '0') throw new KindError(`cannot find the PID of kind node ${node}: ${result.stderr.trim() || result.stdout.trim()}`);
    return pid;
  }

  async delete(): Promise<void> {
    await run(this.settings.binary, deleteArgs(this.settings.name, this.kubeconfig), this.settings.timeoutSeconds);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
