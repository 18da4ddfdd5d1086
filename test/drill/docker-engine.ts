// A Docker engine of the tests' own: Debian's dockerd started with its data and exec roots in a
// temp dir, no bridge network and no iptables rules (the drill uses the host's network, so
// nothing leaves loopback), stopped by its recorded PID. The test images are loaded into it.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DockerRuntime } from '../../src/drill/docker.js';
import { missingForImages, testImages } from '../../scripts/test-images/test-images.js';
import { imageArchive } from '../../scripts/test-images/image-archive.js';

export const dockerdPath = process.env.TG_DOCKERD ?? '/usr/sbin/dockerd';

/** Why the engine cannot be started here, or undefined when it can. */
export function engineUnavailable(): string | undefined {
  if (process.platform !== 'linux') return 'the drill tests need Linux';
  if (process.getuid?.() !== 0) return 'the drill tests start dockerd, which needs root';
  if (!existsSync(dockerdPath)) return `${dockerdPath} is missing (Debian package docker.io; npm test installs it as root)`;
  const missing = missingForImages();
  if (missing.length > 0) return `cannot build the test images: missing ${missing.join(', ')}`;
  return undefined;
}

export interface Engine {
  host: string;
  runtime: DockerRuntime;
  pid: number;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function exited(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** dockerd leaves a bind mount (its default netns handle) under the exec root: undo mounts first. */
export function unmountUnder(root: string): void {
  const mounts = readFileSync('/proc/self/mounts', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[1]?.replace(/\\040/g, ' '))
    .filter((path): path is string => path !== undefined && (path === root || path.startsWith(`${root}/`)))
    .sort((a, b) => b.length - a.length);
  for (const path of mounts) {
    if (spawnSync('umount', [path]).status !== 0) spawnSync('umount', ['-l', path]);
  }
}

export async function startEngine(): Promise<Engine> {
  // A short root: the exec root holds unix sockets, whose paths are limited to 108 bytes.
  const root = mkdtempSync(join(tmpdir(), 'tgd-'));
  const socket = join(root, 'docker.sock');
  const log = openSync(join(root, 'dockerd.log'), 'a');
  const child = spawn(
    dockerdPath,
    [
      '--data-root', join(root, 'data'),
      '--exec-root', join(root, 'x'),
      '--pidfile', join(root, 'dockerd.pid'),
      '--host', `unix://${socket}`,
      '--bridge=none',
      '--iptables=false',
      '--ip6tables=false',
      '--ip-masq=false',
      '--userland-proxy=false',
      '--storage-driver=overlay2',
    ],
    { stdio: ['ignore', log, log] },
  );
  const host = `unix://${socket}`;
  const runtime = new DockerRuntime(host);
  const stop = async () => {
    if (child.pid !== undefined && child.exitCode === null) {
      process.kill(child.pid, 'SIGTERM');
      if (!(await exited(child, 20_000))) {
        process.kill(child.pid, 'SIGKILL');
        await exited(child, 5000);
      }
    }
    unmountUnder(root);
    rmSync(root, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await runtime.version();
      break;
    } catch (error) {
      if (child.exitCode !== null || Date.now() > deadline) {
        const tail = readFileSync(join(root, 'dockerd.log'), 'utf8').split('\n').slice(-15).join('\n');
        await stop();
        throw new Error(`dockerd did not start (${(error as Error).message}):\n${tail}`);
      }
      await sleep(200);
    }
  }
  await runtime.load(imageArchive(testImages()));
  return { host, runtime, pid: child.pid as number, stop };
}
