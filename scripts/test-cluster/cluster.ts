// A real single-node Kubernetes cluster for the project's own tests, from upstream components:
// etcd (Debian), kube-apiserver, kube-controller-manager, kube-scheduler, kubelet and kube-proxy
// (v1.34, built by build-k8s.mjs), containerd and runc (Debian), CNI bridge + host-local.
// The node lives in its own mount/net/pid/uts namespaces, so the pod (10.88.0.0/16) and service
// (10.96.0.0/16) ranges exist only there; the host reaches the API server on its loopback through
// a socket-file bridge. Every process is started by us and its PID recorded; `down` stops them by
// PID, kills the namespace's init (which takes everything left with it) and removes the cgroups.
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { buildTestApp, testImages } from '../test-images/test-images.js';
import { imageArchive } from '../test-images/image-archive.js';
import { buildKubernetes, kubernetesVersion } from './build-k8s.mjs';

export const podSubnet = '10.88.0.0/16';
export const serviceSubnet = '10.96.0.0/16';
export const nodeIp = '10.99.0.1';
export const nodeName = 'tg-node';
const adminToken = 'tg-admin-token';

export interface ClusterState {
  dir: string;
  version: string;
  /** Host PID of the node namespaces' init (tg-app pause). */
  initPid: number;
  /** Host PIDs of every process we started, by name. */
  pids: Record<string, number>;
  cgroupRoot: string;
  /** Kubeconfig for the host: the API server through the loopback bridge. */
  kubeconfig: string;
  /** Kubeconfig for processes inside the node. */
  nodeKubeconfig: string;
  apiPort: number;
  binDir: string;
  phases: Record<string, number>;
}

/** Debian packages the cluster runs, with a binary each proves it is installed. */
export const clusterPackages: Record<string, string> = {
  containerd: '/usr/bin/containerd',
  runc: '/usr/sbin/runc',
  'containernetworking-plugins': '/usr/lib/cni/bridge',
  'etcd-server': '/usr/bin/etcd',
  iptables: '/usr/sbin/iptables',
  openssl: '/usr/bin/openssl',
  curl: '/usr/bin/curl',
};

export function clusterUnavailable(): string | undefined {
  if (process.platform !== 'linux') return 'the test cluster needs Linux';
  if (process.getuid?.() !== 0) return 'the test cluster needs root (namespaces, cgroups, iptables)';
  const missing = Object.entries(clusterPackages).filter(([, binary]) => !existsSync(binary)).map(([pkg]) => pkg);
  if (missing.length > 0) return `Debian packages missing: ${missing.join(', ')} (npm test installs them as root)`;
  if (!existsSync('/sys/fs/cgroup/memory')) return 'no cgroup v1 memory hierarchy at /sys/fs/cgroup/memory';
  return undefined;
}

const log = (message: string) => process.stderr.write(`test-cluster: ${message}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function run(command: string, args: string[], options: { input?: string } = {}): string {
  return execFileSync(command, args, { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], ...options });
}

/** Runs argv inside the node's namespaces (mount, net, uts, pid). */
export function inNode(state: Pick<ClusterState, 'initPid'>, argv: string[], options: { timeoutMs?: number } = {}): { status: number; stdout: string; stderr: string } {
  const result = spawnSync('nsenter', ['-t', String(state.initPid), '-m', '-n', '-u', '-p', '--', ...argv], { encoding: 'utf8', timeout: options.timeoutMs ?? 60_000 });
  return { status: result.status ?? 1, stdout: result.stdout ?? '', stderr: result.stderr ?? result.error?.message ?? '' };
}

export function kubectl(state: ClusterState, args: string[], options: { timeoutMs?: number; input?: string } = {}): string {
  const result = spawnSync(join(state.binDir, 'kubectl'), ['--kubeconfig', state.kubeconfig, ...args], { encoding: 'utf8', timeout: options.timeoutMs ?? 120_000, input: options.input });
  if (result.status !== 0) throw new Error(`kubectl ${args.join(' ')}: ${result.stderr || result.error?.message}`);
  return result.stdout;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function pki(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const ssl = (...args: string[]) => run('openssl', args);
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'ca.key'), '-out', join(dir, 'ca.crt'), '-days', '7', '-subj', '/CN=termination-guard-test-ca');
  ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'apiserver.key'), '-out', join(dir, 'apiserver.csr'), '-subj', '/CN=kube-apiserver');
  writeFileSync(join(dir, 'san.ext'), `subjectAltName=IP:127.0.0.1,IP:10.96.0.1,IP:${nodeIp},DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:localhost\n`);
  ssl('x509', '-req', '-in', join(dir, 'apiserver.csr'), '-CA', join(dir, 'ca.crt'), '-CAkey', join(dir, 'ca.key'), '-CAcreateserial', '-out', join(dir, 'apiserver.crt'), '-days', '7', '-extfile', join(dir, 'san.ext'));
  ssl('genrsa', '-out', join(dir, 'sa.key'), '2048');
  ssl('rsa', '-in', join(dir, 'sa.key'), '-pubout', '-out', join(dir, 'sa.pub'));
}

function kubeconfig(server: string, ca: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: tg',
    `  cluster: {server: "${server}", certificate-authority: ${ca}}`,
    'users:',
    '- name: admin',
    `  user: {token: ${adminToken}}`,
    'contexts:',
    '- name: tg',
    '  context: {cluster: tg, user: admin}',
    'current-context: tg',
    '',
  ].join('\n');
}

function writeConfigs(dir: string, cgroupRoot: string): void {
  writeFileSync(join(dir, 'tokens.csv'), `${adminToken},admin,admin,system:masters\n`);
  writeFileSync(join(dir, 'node.kubeconfig'), kubeconfig('https://127.0.0.1:6443', join(dir, 'pki', 'ca.crt')));
  mkdirSync(join(dir, 'cni'), { recursive: true });
  writeFileSync(
    join(dir, 'cni', '10-tg.conflist'),
    JSON.stringify({
      cniVersion: '0.4.0',
      name: 'tg',
      plugins: [
        { type: 'bridge', bridge: 'cni0', isGateway: true, ipMasq: false, hairpinMode: true, ipam: { type: 'host-local', dataDir: join(dir, 'ipam'), ranges: [[{ subnet: podSubnet }]], routes: [{ dst: '0.0.0.0/0' }] } },
        { type: 'portmap', capabilities: { portMappings: true } },
      ],
    }),
  );
  writeFileSync(
    join(dir, 'containerd.toml'),
    [
      'version = 2',
      `root = "${dir}/containerd/root"`,
      `state = "${dir}/containerd/state"`,
      '[grpc]',
      `  address = "${dir}/containerd.sock"`,
      '[plugins."io.containerd.grpc.v1.cri"]',
      '  sandbox_image = "docker.io/tg/pause:3.10"',
      // containerd cannot lower oom_score_adj without CAP_SYS_RESOURCE (TEST-CLUSTER.md).
      '  restrict_oom_score_adj = true',
      '  [plugins."io.containerd.grpc.v1.cri".containerd]',
      '    snapshotter = "overlayfs"',
      '    default_runtime_name = "runc"',
      '    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]',
      '      runtime_type = "io.containerd.runc.v2"',
      '  [plugins."io.containerd.grpc.v1.cri".cni]',
      '    bin_dir = "/usr/lib/cni"',
      `    conf_dir = "${dir}/cni"`,
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'kubelet.yaml'),
    [
      'apiVersion: kubelet.config.k8s.io/v1beta1',
      'kind: KubeletConfiguration',
      // containerd 1.6 has no RuntimeConfig RPC, so the driver is named; cgroup v1 needs failCgroupV1 off.
      'cgroupDriver: cgroupfs',
      `cgroupRoot: /${cgroupRoot}`,
      'failCgroupV1: false',
      `containerRuntimeEndpoint: unix://${dir}/containerd.sock`,
      'authentication: {anonymous: {enabled: true}, webhook: {enabled: false}}',
      'authorization: {mode: AlwaysAllow}',
      // No CAP_SYS_RESOURCE here: the kubelet must not lower its own oom_score_adj.
      'oomScoreAdj: 0',
      // containerd 1.6 reports the sandbox image as unpinned: never garbage-collect images.
      'imageGCHighThresholdPercent: 100',
      'imageGCLowThresholdPercent: 99',
      'failSwapOn: false',
      'readOnlyPort: 0',
      'resolvConf: ""',
      'evictionHard: {memory.available: "100Mi", nodefs.available: "1%", imagefs.available: "1%"}',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'kube-proxy.yaml'),
    [
      'apiVersion: kubeproxy.config.k8s.io/v1alpha1',
      'kind: KubeProxyConfiguration',
      'mode: iptables',
      `clusterCIDR: ${podSubnet}`,
      `hostnameOverride: ${nodeName}`,
      `clientConnection: {kubeconfig: ${join(dir, 'node.kubeconfig')}}`,
      'conntrack: {maxPerCore: 0}',
      '',
    ].join('\n'),
  );
}

function cgroupHierarchies(): string[] {
  return readdirSync('/sys/fs/cgroup')
    .map((name) => join('/sys/fs/cgroup', name))
    .filter((path) => statSync(path).isDirectory());
}

function removeCgroupTree(path: string): void {
  if (!existsSync(path)) return;
  for (const entry of readdirSync(path)) {
    const child = join(path, entry);
    if (statSync(child).isDirectory()) removeCgroupTree(child);
  }
  try {
    rmdirSync(path);
  } catch {
    // a process still inside; reported by down()
  }
}

/** The host PID of the process nsenter started (nsenter forks for the pid namespace). */
async function childOf(pid: number): Promise<number> {
  for (let i = 0; i < 50; i++) {
    try {
      const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
      if (children.length > 0) return Number(children[0]);
    } catch {
      break;
    }
    await sleep(20);
  }
  return pid;
}

function saveState(state: ClusterState): void {
  writeFileSync(join(state.dir, 'state.json'), `${JSON.stringify(state, null, 2)}\n`);
}

export function readState(dir: string): ClusterState | undefined {
  const file = join(dir, 'state.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ClusterState) : undefined;
}

export const defaultClusterDir = process.env.TG_CLUSTER_DIR ?? '/tmp/tg-cluster';

async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number, logs?: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(250);
  }
  const tail = logs && existsSync(logs) ? `\n--- ${logs}\n${readFileSync(logs, 'utf8').split('\n').slice(-25).join('\n')}` : '';
  throw new Error(`test-cluster: ${what} not reached within ${timeoutMs / 1000} s${tail}`);
}

/** Brings a cluster up in `dir` (torn down first if one is there); logs each phase's time. */
export async function up(dir = defaultClusterDir): Promise<ClusterState> {
  const unavailable = clusterUnavailable();
  if (unavailable) throw new Error(`test-cluster: ${unavailable}`);
  await down(dir);
  const phases: Record<string, number> = {};
  let mark = Date.now();
  const phase = (name: string) => {
    phases[name] = (Date.now() - mark) / 1000;
    log(`${name}: ${phases[name].toFixed(1)} s`);
    mark = Date.now();
  };
  const { binDir } = buildKubernetes({ log: (line: string) => log(line) });
  const app = buildTestApp();
  phase('build (kubernetes components, tg-app)');

  mkdirSync(join(dir, 'logs'), { recursive: true });
  pki(join(dir, 'pki'));
  const cgroupRoot = `tg-node-${randomBytes(3).toString('hex')}`;
  writeConfigs(dir, cgroupRoot);
  writeFileSync(join(dir, 'images.tar'), imageArchive(testImages()));
  phase('PKI, configs and images');

  const logFile = (name: string) => openSync(join(dir, 'logs', `${name}.log`), 'a');
  const pids: Record<string, number> = {};
  const unshare: ChildProcess = spawn('unshare', ['--mount', '--net', '--pid', '--uts', '--fork', '--mount-proc', app, 'pause'], { detached: true, stdio: ['ignore', logFile('init'), logFile('init')] });
  unshare.unref();
  const initPid = await childOf(unshare.pid as number);
  pids.unshare = unshare.pid as number;
  const state: ClusterState = { dir, version: kubernetesVersion, initPid, pids, cgroupRoot, kubeconfig: join(dir, 'kubeconfig'), nodeKubeconfig: join(dir, 'node.kubeconfig'), apiPort: 0, binDir, phases };
  saveState(state);
  for (const hierarchy of cgroupHierarchies()) mkdirSync(join(hierarchy, cgroupRoot), { recursive: true });
  // Inside: shared mounts for the kubelet, loopback up, a node address on a veth pair, a private /run and /var/log.
  const setup = inNode(state, [
    'sh',
    '-ec',
    [
      'mount --make-rshared /',
      'ip link set lo up',
      `hostname ${nodeName}`,
      'ip link add tg0 type veth peer name tg1',
      `ip addr add ${nodeIp}/24 dev tg0`,
      'ip link set tg0 up',
      'ip link set tg1 up',
      'ip route add default dev tg0',
      'mount -t tmpfs tmpfs /run',
      `mkdir -p ${dir}/varlog && mount --bind ${dir}/varlog /var/log`,
    ].join('\n'),
  ]);
  if (setup.status !== 0) throw new Error(`test-cluster: node namespace setup failed: ${setup.stderr}`);
  phase('node namespaces');

  const start = async (name: string, binary: string, args: string[]) => {
    const child = spawn('nsenter', ['-t', String(initPid), '-m', '-n', '-u', '-p', '--', binary, ...args], { detached: true, stdio: ['ignore', logFile(name), logFile(name)] });
    child.unref();
    pids[`${name} (nsenter)`] = child.pid as number;
    pids[name] = await childOf(child.pid as number);
    saveState(state);
  };
  const k8s = (name: string) => join(binDir, name);
  const pkiFile = (name: string) => join(dir, 'pki', name);
  const curlOk = (url: string) => inNode(state, ['curl', '-sfk', '-m', '2', '-H', `Authorization: Bearer ${adminToken}`, url]).status === 0;

  await start('etcd', '/usr/bin/etcd', ['--data-dir', join(dir, 'etcd'), '--listen-client-urls', 'http://127.0.0.1:2379', '--advertise-client-urls', 'http://127.0.0.1:2379', '--listen-peer-urls', 'http://127.0.0.1:2380', '--initial-advertise-peer-urls', 'http://127.0.0.1:2380', '--initial-cluster', 'default=http://127.0.0.1:2380']);
  await waitFor('etcd health', () => inNode(state, ['curl', '-sf', '-m', '2', 'http://127.0.0.1:2379/health']).status === 0, 30_000, join(dir, 'logs', 'etcd.log'));
  phase('etcd');
  await start('kube-apiserver', k8s('kube-apiserver'), [
    '--etcd-servers=http://127.0.0.1:2379',
    '--bind-address=0.0.0.0',
    `--advertise-address=${nodeIp}`,
    '--secure-port=6443',
    `--tls-cert-file=${pkiFile('apiserver.crt')}`,
    `--tls-private-key-file=${pkiFile('apiserver.key')}`,
    `--client-ca-file=${pkiFile('ca.crt')}`,
    `--token-auth-file=${join(dir, 'tokens.csv')}`,
    `--service-account-key-file=${pkiFile('sa.pub')}`,
    `--service-account-signing-key-file=${pkiFile('sa.key')}`,
    '--service-account-issuer=https://kubernetes.default.svc',
    `--service-cluster-ip-range=${serviceSubnet}`,
    '--authorization-mode=Node,RBAC',
    '--allow-privileged=true',
    '--profiling=false',
    '--kubelet-preferred-address-types=InternalIP',
  ]);
  await waitFor('kube-apiserver /readyz', () => curlOk('https://127.0.0.1:6443/readyz'), 90_000, join(dir, 'logs', 'kube-apiserver.log'));
  phase('kube-apiserver /readyz');

  await start('kube-controller-manager', k8s('kube-controller-manager'), [
    `--kubeconfig=${state.nodeKubeconfig}`,
    `--service-account-private-key-file=${pkiFile('sa.key')}`,
    `--root-ca-file=${pkiFile('ca.crt')}`,
    '--allocate-node-cidrs=false',
    '--leader-elect=false',
    '--bind-address=127.0.0.1',
    '--use-service-account-credentials=false',
  ]);
  await start('kube-scheduler', k8s('kube-scheduler'), [`--kubeconfig=${state.nodeKubeconfig}`, '--leader-elect=false', '--bind-address=127.0.0.1']);
  await start('containerd', '/usr/bin/containerd', ['--config', join(dir, 'containerd.toml')]);
  const ctr = (...args: string[]) => inNode(state, ['ctr', '-a', join(dir, 'containerd.sock'), '-n', 'k8s.io', ...args], { timeoutMs: 120_000 });
  await waitFor('containerd', () => ctr('version').status === 0, 30_000, join(dir, 'logs', 'containerd.log'));
  const imported = ctr('images', 'import', join(dir, 'images.tar'));
  if (imported.status !== 0) throw new Error(`test-cluster: ctr images import failed: ${imported.stderr}`);
  phase('controller-manager, scheduler, containerd, image import');

  await start('kubelet', k8s('kubelet'), [`--config=${join(dir, 'kubelet.yaml')}`, `--kubeconfig=${state.nodeKubeconfig}`, `--root-dir=${join(dir, 'kubelet')}`, `--hostname-override=${nodeName}`, `--node-ip=${nodeIp}`]);
  await start('kube-proxy', k8s('kube-proxy'), [`--config=${join(dir, 'kube-proxy.yaml')}`]);

  // The host's way in: 127.0.0.1:<port> → socket file → 127.0.0.1:6443 inside the node.
  const socket = join(dir, 'apiserver.sock');
  await start('api-bridge (node side)', app, ['proxy', '--listen', `unix:${socket}`, '--to', 'tcp:127.0.0.1:6443']);
  state.apiPort = await freePort();
  const hostBridge = spawn(app, ['proxy', '--listen', `tcp:127.0.0.1:${state.apiPort}`, '--to', `unix:${socket}`], { detached: true, stdio: ['ignore', logFile('api-bridge-host'), logFile('api-bridge-host')] });
  hostBridge.unref();
  pids['api-bridge (host side)'] = hostBridge.pid as number;
  writeFileSync(state.kubeconfig, kubeconfig(`https://127.0.0.1:${state.apiPort}`, pkiFile('ca.crt')));
  saveState(state);
  await waitFor(
    'a Ready node',
    () => {
      const result = spawnSync(k8s('kubectl'), ['--kubeconfig', state.kubeconfig, 'get', 'node', nodeName, '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].status}'], { encoding: 'utf8', timeout: 10_000 });
      return result.stdout === 'True';
    },
    120_000,
    join(dir, 'logs', 'kubelet.log'),
  );
  // Pods are admitted once the default ServiceAccount exists.
  await waitFor('the default ServiceAccount', () => spawnSync(k8s('kubectl'), ['--kubeconfig', state.kubeconfig, 'get', 'serviceaccount', 'default'], { timeout: 10_000 }).status === 0, 60_000);
  phase('kubelet, kube-proxy, Ready node');
  saveState(state);
  return state;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Tears the cluster in `dir` down: processes by recorded PID, the namespace init, cgroups, files. */
export async function down(dir = defaultClusterDir): Promise<void> {
  const state = readState(dir);
  if (state) {
    const order = ['api-bridge (host side)', 'kube-proxy', 'kubelet', 'kube-scheduler', 'kube-controller-manager', 'kube-apiserver', 'containerd', 'etcd'];
    for (const name of order) {
      const pid = state.pids[name];
      if (pid && alive(pid)) process.kill(pid, 'SIGTERM');
    }
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && order.some((name) => state.pids[name] && alive(state.pids[name]))) await sleep(100);
    // Whatever is left in the node's pid namespace (pods, shims, bridges) dies with its init.
    if (alive(state.initPid)) process.kill(state.initPid, 'SIGKILL');
    for (const pid of Object.values(state.pids)) if (alive(pid)) process.kill(pid, 'SIGKILL');
    const gone = Date.now() + 10_000;
    while (Date.now() < gone && alive(state.initPid)) await sleep(100);
    for (const hierarchy of cgroupHierarchies()) removeCgroupTree(join(hierarchy, state.cgroupRoot));
    const left = cgroupHierarchies().filter((h) => existsSync(join(h, state.cgroupRoot)));
    if (left.length > 0) log(`cgroups not removed (still in use): ${left.join(', ')}`);
  }
  if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [command, dir] = process.argv.slice(2);
  if (command === 'up') {
    const started = Date.now();
    up(dir)
      .then((state) => {
        log(`up in ${((Date.now() - started) / 1000).toFixed(1)} s; kubeconfig ${state.kubeconfig}; node PID ${state.initPid} (nsenter -t ${state.initPid} -n … to reach pod and service addresses)`);
      })
      .catch((error) => {
        log((error as Error).message);
        process.exitCode = 1;
      });
  } else if (command === 'down') {
    down(dir).then(() => log('down'));
  } else {
    process.stderr.write('usage: tsx scripts/test-cluster/cluster.ts up|down [dir]\n');
    process.exitCode = 2;
  }
}
