// A kind node image built here, without a registry: what `kind build node-image` makes, from parts
// this machine has. A Debian bookworm root file system made with debootstrap (systemd, containerd,
// runc and the CNI plugins from Debian), the Kubernetes binaries the test cluster builds plus
// kubeadm (built the same way), a systemd unit for the kubelet of our own, containerd configured
// for this kind of host (restrict_oom_score_adj: no CAP_SYS_RESOURCE), and the control-plane
// images kubeadm asks for built locally as OCI archives, imported into containerd at the node's
// first boot. Everything is cached under ~/.cache/termination-guard/kind-node/<version>.
//
//   tsx scripts/kind-node/build-node-image.ts [--docker-host unix:///…]   → prints the image name
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildKubernetes, kubernetesVersion } from '../test-cluster/build-k8s.mjs';
import { hostFile, type LayerEntry, tarOf, writeImageArchive } from '../test-images/image-archive.js';
import { buildTestApp } from '../test-images/test-images.js';

export const cacheRoot = join(homedir(), '.cache', 'termination-guard', 'kind-node', kubernetesVersion);
export const nodeImage = `termination-guard.local/kind-node:${kubernetesVersion}`;
/** The etcd Debian ships (3.4): kubeadm is told its tag so it passes flags that version knows. */
export const etcdTag = '3.4.23-0';
export const pauseImage = 'registry.k8s.io/pause:3.10.1';

const log = (line: string) => process.stderr.write(`kind-node: ${line}\n`);

function run(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; input?: Buffer } = {}): string {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 256 << 20, ...options, env: { ...process.env, ...options.env } });
  if (result.status !== 0) throw new Error(`${command} ${args.slice(0, 6).join(' ')} failed (${result.status}): ${(result.stderr || result.stdout || String(result.error ?? '')).slice(-2000)}`);
  return result.stdout;
}

/** debootstrap from Debian's package (installed here as root when missing). */
function ensureDebootstrap(): string {
  if (existsSync('/usr/sbin/debootstrap')) return '/usr/sbin/debootstrap';
  if (process.getuid?.() !== 0) throw new Error('debootstrap is missing and only root can install it (apt-get install debootstrap)');
  run('apt-get', ['install', '-y', '--no-install-recommends', 'debootstrap'], { env: { DEBIAN_FRONTEND: 'noninteractive' } });
  return '/usr/sbin/debootstrap';
}

const packages = ['systemd', 'systemd-sysv', 'dbus', 'containerd', 'runc', 'containernetworking-plugins', 'iptables', 'iproute2', 'conntrack', 'ethtool', 'socat', 'util-linux', 'mount', 'kmod', 'ca-certificates', 'procps'];

/** The Debian root file system (cached: debootstrap takes minutes). */
export function rootfs(): string {
  const dir = join(cacheRoot, 'rootfs');
  if (existsSync(join(dir, '.complete'))) return dir;
  const debootstrap = ensureDebootstrap();
  const partial = `${dir}.partial`;
  rmSync(partial, { recursive: true, force: true });
  const started = Date.now();
  log(`debootstrap bookworm with ${packages.join(', ')}`);
  run(debootstrap, ['--variant=minbase', `--include=${packages.join(',')}`, 'bookworm', partial, 'http://deb.debian.org/debian']);
  rmSync(join(partial, 'var', 'cache', 'apt', 'archives'), { recursive: true, force: true });
  mkdirSync(join(partial, 'var', 'cache', 'apt', 'archives', 'partial'), { recursive: true });
  writeFileSync(join(partial, '.complete'), '');
  rmSync(dir, { recursive: true, force: true });
  renameSync(partial, dir);
  log(`root file system in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return dir;
}

/** kubeadm, built in the test cluster's wrapper module with the same version stamps. */
function kubeadm(binDir: string): string {
  const output = join(binDir, 'kubeadm');
  if (existsSync(output)) return output;
  const wrapper = join(dirname(binDir), 'wrapper');
  const [major, minor] = kubernetesVersion.replace(/^v/, '').split('.');
  const ldflags = [
    '-s -w',
    `-X k8s.io/component-base/version.gitVersion=${kubernetesVersion}`,
    `-X k8s.io/component-base/version.gitMajor=${major}`,
    `-X k8s.io/component-base/version.gitMinor=${minor}`,
    '-X k8s.io/component-base/version.gitTreeState=clean',
  ].join(' ');
  const started = Date.now();
  run('go', ['build', '-trimpath', '-ldflags', ldflags, '-o', `${output}.partial`, 'k8s.io/kubernetes/cmd/kubeadm'], { cwd: wrapper, env: { CGO_ENABLED: '0', GOFLAGS: '-mod=mod' } });
  renameSync(`${output}.partial`, output);
  log(`built kubeadm in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return output;
}

// Our own units and configuration (facts from the kubelet's and kubeadm's documentation: kubeadm
// writes /var/lib/kubelet/config.yaml and kubeadm-flags.env, and the bootstrap kubeconfig).
const kubeletUnit = `[Unit]
Description=kubelet for a kind node built by termination-guard
After=containerd.service tg-import-images.service
Wants=containerd.service
# kubeadm starts it before its configuration exists: keep retrying.
StartLimitIntervalSec=0

[Service]
EnvironmentFile=-/var/lib/kubelet/kubeadm-flags.env
ExecStart=/usr/bin/kubelet --bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf --config=/var/lib/kubelet/config.yaml $KUBELET_KUBEADM_ARGS
Restart=always
RestartSec=1s

[Install]
WantedBy=multi-user.target
`;

const importUnit = `[Unit]
Description=Import the node's Kubernetes images into containerd
After=containerd.service
Requires=containerd.service
Before=kubelet.service

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/bin/sh -c 'for archive in /kind/images/*.tar; do ctr --namespace=k8s.io images import --all-platforms "$archive" || exit 1; done'

[Install]
WantedBy=multi-user.target
`;

const containerdConfig = `version = 2
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "${pauseImage}"
  # No CAP_SYS_RESOURCE on this kind of host: a sandbox's oom_score_adj cannot be lowered.
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "/etc/cni/net.d"
`;

/**
 * The entrypoint: shared mount propagation (the kubelet's volumes), and on a cgroup v1 host the
 * named systemd hierarchy systemd needs (a host without systemd has none), then systemd. kind
 * waits for "detected cgroup v1" (v1) or systemd's multi-user target in the container's log.
 */
const entrypoint = `#!/bin/sh
set -e
mount --make-rshared /
if [ ! -e /sys/fs/cgroup/cgroup.controllers ]; then
  echo "detected cgroup v1"
  if ! grep -q ' /sys/fs/cgroup/systemd ' /proc/self/mountinfo; then
    mount -o remount,rw /sys/fs/cgroup 2>/dev/null || true
    mkdir -p /sys/fs/cgroup/systemd
    mount -t cgroup -o none,name=systemd cgroup /sys/fs/cgroup/systemd
  fi
  # kind's kubelet configuration puts pods under the cgroup /kubelet; with the cgroupfs driver the
  # kubelet wants it to exist in every hierarchy.
  for hierarchy in /sys/fs/cgroup/*/; do
    [ -L "\${hierarchy%/}" ] || mkdir -p "\${hierarchy}kubelet"
  done
fi
exec "$@"
`;

function customise(root: string, binDir: string): void {
  for (const name of ['kubelet', 'kubectl']) copyFileSync(join(binDir, name), join(root, 'usr', 'bin', name));
  copyFileSync(kubeadm(binDir), join(root, 'usr', 'bin', 'kubeadm'));
  for (const name of ['kubelet', 'kubectl', 'kubeadm']) chmodSync(join(root, 'usr', 'bin', name), 0o755);
  const files: Record<string, string> = {
    'etc/systemd/system/kubelet.service': kubeletUnit,
    'etc/systemd/system/tg-import-images.service': importUnit,
    'etc/containerd/config.toml': containerdConfig,
    'usr/local/bin/tg-node-entrypoint': entrypoint,
    'kind/version': `${kubernetesVersion}\n`,
    'etc/sysctl.d/10-tg-node.conf': 'net.ipv4.ip_forward = 1\n',
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  chmodSync(join(root, 'usr/local/bin/tg-node-entrypoint'), 0o755);
  mkdirSync(join(root, 'etc', 'kubernetes', 'manifests'), { recursive: true });
  mkdirSync(join(root, 'etc', 'cni', 'net.d'), { recursive: true });
  for (const unit of ['kubelet.service', 'tg-import-images.service', 'containerd.service']) {
    const wants = join(root, 'etc', 'systemd', 'system', 'multi-user.target.wants');
    mkdirSync(wants, { recursive: true });
    const target = unit === 'containerd.service' ? '/lib/systemd/system/containerd.service' : `/etc/systemd/system/${unit}`;
    rmSync(join(wants, unit), { force: true });
    execFileSync('ln', ['-s', target, join(wants, unit)]);
  }
  // Units a container has no use for (and that fail in one).
  for (const unit of ['systemd-udevd.service', 'systemd-udev-trigger.service', 'getty@.service', 'systemd-logind.service', 'systemd-binfmt.service', 'systemd-modules-load.service']) {
    const masked = join(root, 'etc', 'systemd', 'system', unit);
    rmSync(masked, { force: true });
    execFileSync('ln', ['-s', '/dev/null', masked]);
  }
}

/** The control-plane, proxy, etcd and pause images kubeadm runs, as OCI archives in /kind/images. */
function images(root: string, binDir: string): void {
  const dir = join(root, 'kind', 'images');
  mkdirSync(dir, { recursive: true });
  mkdirSync(join(root, 'kind', 'manifests'), { recursive: true });
  const path = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
  const single = (name: string, entries: LayerEntry[], entrypointArgs: string[]) =>
    writeImageArchive(join(dir, `${name.replace(/[/:]/g, '_')}.tar`), [{ name, layer: tarOf(entries), config: { entrypoint: entrypointArgs, env: [path] } }]);
  for (const component of ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler']) {
    single(`registry.k8s.io/${component}:${kubernetesVersion}`, [hostFile(`usr/local/bin/${component}`, join(binDir, component))], [`/usr/local/bin/${component}`]);
  }
  // etcd from Debian: a Go binary linked to glibc alone.
  single(
    `registry.k8s.io/etcd:${etcdTag}`,
    [hostFile('usr/local/bin/etcd', '/usr/bin/etcd'), hostFile('lib/x86_64-linux-gnu/libc.so.6', '/lib/x86_64-linux-gnu/libc.so.6', 0o755), hostFile('lib64/ld-linux-x86-64.so.2', '/lib64/ld-linux-x86-64.so.2', 0o755)],
    ['/usr/local/bin/etcd'],
  );
  // kube-proxy needs iptables, the CNI installer a shell and ip: both run the Debian root file
  // system with kube-proxy and kubectl added (one image, two names).
  const layer = join(cacheRoot, 'tools-layer.tar');
  run('tar', ['-C', root, '--exclude=./kind', '-cf', layer, '.']);
  const tools = readFileSync(layer);
  rmSync(layer, { force: true });
  const extra = tarOf([hostFile('usr/local/bin/kube-proxy', join(binDir, 'kube-proxy')), hostFile('usr/local/bin/kubectl', join(binDir, 'kubectl'))]);
  writeImageArchive(join(dir, 'tools.tar'), [
    { name: `registry.k8s.io/kube-proxy:${kubernetesVersion}`, layer: concatLayers(tools, extra), config: { env: [path] } },
    { name: toolsImage, layer: concatLayers(tools, extra), config: { env: [path] } },
  ]);
  writeFileSync(join(root, 'kind', 'manifests', 'default-cni.yaml'), cniManifest);
  writeFileSync(join(root, 'kind', 'manifests', 'default-storage.yaml'), '# A default class with no provisioner: the smoke test mounts no volumes, and no provisioner image is built here.\napiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: standard\n  annotations: {storageclass.kubernetes.io/is-default-class: "true"}\nprovisioner: kubernetes.io/no-provisioner\nvolumeBindingMode: WaitForFirstConsumer\n');
  // The pause image: the test images' own (tg-app's pause mode).
  single(pauseImage, [hostFile('app', buildTestApp())], ['/app', 'pause']);
}

/** Two tar streams as one layer: the first without its two end-of-archive blocks. */
function concatLayers(first: Buffer, second: Buffer): Buffer {
  let end = first.length;
  while (end >= 512 && first.subarray(end - 512, end).every((b) => b === 0)) end -= 512;
  return Buffer.concat([first.subarray(0, end), second]);
}

export const toolsImage = `termination-guard.local/kind-tools:${kubernetesVersion}`;

/**
 * The CNI, ours: on every node a bridge with the node's podCIDR (allocated by the
 * controller-manager from kind's pod subnet) and a route to every other node's podCIDR through
 * that node's address — all nodes share kind's Docker network, so plain routes do.
 */
const cniManifest = `apiVersion: v1
kind: ServiceAccount
metadata: {name: tg-cni, namespace: kube-system}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: tg-cni}
rules: [{apiGroups: [""], resources: [nodes], verbs: [get, list]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: tg-cni}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: tg-cni}
subjects: [{kind: ServiceAccount, name: tg-cni, namespace: kube-system}]
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: tg-cni, namespace: kube-system}
spec:
  selector: {matchLabels: {app: tg-cni}}
  template:
    metadata: {labels: {app: tg-cni}}
    spec:
      serviceAccountName: tg-cni
      hostNetwork: true
      tolerations: [{operator: Exists}]
      containers:
        - name: routes
          image: ${toolsImage}
          imagePullPolicy: Never
          securityContext: {privileged: true}
          env: [{name: NODE_NAME, valueFrom: {fieldRef: {fieldPath: spec.nodeName}}}]
          volumeMounts: [{name: cni, mountPath: /etc/cni/net.d}]
          command:
            - /bin/sh
            - -c
            - |
              while true; do
                cidr=$(kubectl get node "$NODE_NAME" -o jsonpath='{.spec.podCIDR}')
                if [ -n "$cidr" ] && [ ! -e /etc/cni/net.d/10-tg.conflist ]; then
                  printf '{"cniVersion":"0.4.0","name":"tg","plugins":[{"type":"bridge","bridge":"tg0","isGateway":true,"ipMasq":true,"ipam":{"type":"host-local","ranges":[[{"subnet":"%s"}]],"routes":[{"dst":"0.0.0.0/0"}]}},{"type":"portmap","capabilities":{"portMappings":true}}]}' "$cidr" > /etc/cni/net.d/.10-tg.conflist
                  mv /etc/cni/net.d/.10-tg.conflist /etc/cni/net.d/10-tg.conflist
                fi
                kubectl get nodes -o jsonpath='{range .items[*]}{.metadata.name} {.spec.podCIDR} {.status.addresses[?(@.type=="InternalIP")].address}{"\\n"}{end}' |
                  while read -r name podcidr address; do
                    [ "$name" = "$NODE_NAME" ] || [ -z "$podcidr" ] || ip route replace "$podcidr" via "$address"
                  done
                sleep 5
              done
      volumes: [{name: cni, hostPath: {path: /etc/cni/net.d}}]
`;

/** Builds (or finds) the image in the Docker engine at DOCKER_HOST; returns its name. */
export function buildNodeImage(): string {
  const { binDir } = buildKubernetes({ log });
  const base = rootfs();
  const stage = join(cacheRoot, 'image-root');
  const stamp = join(cacheRoot, 'image.tar');
  if (!existsSync(stamp)) {
    rmSync(stage, { recursive: true, force: true });
    run('cp', ['-a', base, stage]);
    rmSync(join(stage, '.complete'), { force: true });
    customise(stage, binDir);
    images(stage, binDir);
    run('tar', ['-C', stage, '-cf', `${stamp}.partial`, '.']);
    renameSync(`${stamp}.partial`, stamp);
    rmSync(stage, { recursive: true, force: true });
  }
  const present = spawnSync('docker', ['image', 'inspect', nodeImage], { encoding: 'utf8' }).status === 0;
  if (!present) {
    run('docker', ['import', '--change', 'ENTRYPOINT ["/usr/local/bin/tg-node-entrypoint", "/sbin/init"]', stamp, nodeImage]);
  }
  return nodeImage;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${buildNodeImage()}\n`);
}
