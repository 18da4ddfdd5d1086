// A Docker engine for kind, in network and mount namespaces of its own: kind needs bridge
// networks, port publishing and iptables rules, and none of that may touch this host's network.
// 127.0.0.1 of that namespace is where kind publishes the API server, so whatever talks to the
// cluster runs inside it (`nsenter --net=/proc/<pid>/ns/net`). Stopped by its recorded PID; its
// temp directory (data root, exec root, socket) goes with it.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface KindEngine {
  /** DOCKER_HOST for the engine. */
  host: string;
  /** The engine's PID: its network namespace is /proc/<pid>/ns/net. */
  pid: number;
  root: string;
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

/** Unmounts whatever is still mounted under `root` (deepest first), in every mount namespace we can see. */
function unmountUnder(root: string): void {
  const mounts = readFileSync('/proc/self/mounts', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[1] ?? '')
    .filter((point) => point.startsWith(`${root}/`))
    .sort((a, b) => b.length - a.length);
  for (const point of mounts) spawnSync('umount', ['-l', point]);
}

/**
 * kind runs its nodes --privileged, and Docker 20.10 gives a privileged container every capability
 * the kernel knows — CAP_SYS_RESOURCE included, which this kind of host does not have, so runc
 * fails ("unable to apply caps: operation not permitted"). The engine's runtime is runc behind a
 * filter that drops the capabilities this process lacks from each container's and exec's spec.
 */
const capabilityFilter = `const { readFileSync, writeFileSync } = require('node:fs');
const args = process.argv.slice(2);
const value = (...names) => { for (const name of names) { const i = args.indexOf(name); if (i >= 0) return args[i + 1]; const eq = args.find((a) => a.startsWith(name + '=')); if (eq) return eq.slice(name.length + 1); } return undefined; };
const status = readFileSync('/proc/self/status', 'utf8');
const bounding = BigInt('0x' + /CapBnd:\\s*([0-9a-f]+)/.exec(status)[1]);
const names = ['CHOWN','DAC_OVERRIDE','DAC_READ_SEARCH','FOWNER','FSETID','KILL','SETGID','SETUID','SETPCAP','LINUX_IMMUTABLE','NET_BIND_SERVICE','NET_BROADCAST','NET_ADMIN','NET_RAW','IPC_LOCK','IPC_OWNER','SYS_MODULE','SYS_RAWIO','SYS_CHROOT','SYS_PTRACE','SYS_PACCT','SYS_ADMIN','SYS_BOOT','SYS_NICE','SYS_RESOURCE','SYS_TIME','SYS_TTY_CONFIG','MKNOD','LEASE','AUDIT_WRITE','AUDIT_CONTROL','SETFCAP','MAC_OVERRIDE','MAC_ADMIN','SYSLOG','WAKE_ALARM','BLOCK_SUSPEND','AUDIT_READ','PERFMON','BPF','CHECKPOINT_RESTORE'];
const missing = new Set(names.filter((_, bit) => ((bounding >> BigInt(bit)) & 1n) === 0n).map((n) => 'CAP_' + n));
const filter = (caps) => { if (caps) for (const set of Object.keys(caps)) if (Array.isArray(caps[set])) caps[set] = caps[set].filter((c) => !missing.has(c)); };
let file;
if (args.includes('create') || args.includes('run')) file = (value('--bundle', '-b') ?? '.') + '/config.json';
else if (args.includes('exec')) file = value('--process', '-p');
if (file && missing.size > 0) {
  const spec = JSON.parse(readFileSync(file, 'utf8'));
  filter(spec.process ? spec.process.capabilities : spec.capabilities);
  writeFileSync(file, JSON.stringify(spec));
}
`;

export async function startKindEngine(dockerd = '/usr/sbin/dockerd', runc = '/usr/sbin/runc'): Promise<KindEngine> {
  const root = mkdtempSync('/tmp/tgk-');
  writeFileSync(join(root, 'cap-filter.cjs'), capabilityFilter);
  writeFileSync(join(root, 'runc'), `#!/bin/sh\n${JSON.stringify(process.execPath)} ${JSON.stringify(join(root, 'cap-filter.cjs'))} "$@" || exit 1\nexec ${runc} "$@"\n`);
  chmodSync(join(root, 'runc'), 0o755);
  const socket = join(root, 'docker.sock');
  const pidfile = join(root, 'dockerd.pid');
  const log = openSync(join(root, 'dockerd.log'), 'a');
  const script = [
    'set -e',
    'ip link set lo up',
    'mount --make-rprivate /',
    `exec ${dockerd} --data-root ${root}/data --exec-root ${root}/x --pidfile ${pidfile} --host unix://${socket} --storage-driver=overlay2 --iptables=true --ip6tables=false --add-runtime tg-runc=${root}/runc --default-runtime tg-runc`,
  ].join('\n');
  // unshare --fork: the shell (then dockerd) is unshare's child, in the new namespaces.
  const child = spawn('unshare', ['--net', '--mount', '--fork', '--kill-child=SIGTERM', 'sh', '-c', script], { stdio: ['ignore', log, log] });
  const host = `unix://${socket}`;
  let pid = 0;
  const stop = async () => {
    if (pid > 0) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    if (!(await exited(child, 30_000)) && child.pid !== undefined) {
      process.kill(child.pid, 'SIGKILL');
      await exited(child, 5000);
    }
    unmountUnder(root);
    rmSync(root, { recursive: true, force: true });
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (existsSync(pidfile)) pid = Number(readFileSync(pidfile, 'utf8').trim()) || 0;
    if (pid > 0 && spawnSync('docker', ['--host', host, 'version', '--format', '{{.Server.Version}}'], { encoding: 'utf8' }).status === 0) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      const tail = readFileSync(join(root, 'dockerd.log'), 'utf8').split('\n').slice(-15).join('\n');
      await stop();
      throw new Error(`dockerd for kind did not start:\n${tail}`);
    }
    await sleep(250);
  }
  return { host, pid, root, stop };
}
