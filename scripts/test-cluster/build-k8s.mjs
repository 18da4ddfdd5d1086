// Builds the Kubernetes components the test cluster runs from the k8s.io/kubernetes Go module.
// `go install k8s.io/kubernetes/cmd/...@v1.34.x` cannot work: that module's go.mod replaces its
// k8s.io/* staging modules with local paths. So we write a small wrapper module that requires
// k8s.io/kubernetes and replaces each staging module with its published v0.34.x, then
// `go build` the commands. Binaries, the wrapper, GOMODCACHE and GOCACHE all live outside the
// repository, and a binary already built for the pinned version is reused.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir } from '../setup-tools.mjs';

export const kubernetesVersion = 'v1.34.4';
export const components = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubelet', 'kube-proxy', 'kubectl'];

export function kubernetesBinDir(version = kubernetesVersion) {
  return join(cacheDir, 'k8s', version, 'bin');
}

function go(args, cwd, env = {}) {
  const result = spawnSync('go', args, { cwd, encoding: 'utf8', env: { ...process.env, CGO_ENABLED: '0', GOFLAGS: '-mod=mod', ...env }, maxBuffer: 64 << 20 });
  if (result.status !== 0) {
    throw new Error(`go ${args.join(' ')} failed (exit ${result.status}):\n${(result.stderr || result.error?.message || '').slice(-3000)}`);
  }
  return result.stdout;
}

/** The staging modules k8s.io/kubernetes replaces with ./staging/src/k8s.io/<name>, read from its go.mod. */
export function stagingModules(goMod) {
  return [...goMod.matchAll(/^\s*(k8s\.io\/[\w.-]+)\s+=>\s+\.\/staging\/src\/\S+/gm)].map((match) => match[1]);
}

/** Builds every missing component; returns { binDir, built: [...], seconds }. */
export function buildKubernetes({ version = kubernetesVersion, log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  const binDir = kubernetesBinDir(version);
  const missing = components.filter((name) => !existsSync(join(binDir, name)));
  if (missing.length === 0) return { binDir, built: [], seconds: 0 };
  const started = Date.now();
  const wrapper = join(cacheDir, 'k8s', version, 'wrapper');
  mkdirSync(wrapper, { recursive: true });
  mkdirSync(binDir, { recursive: true });
  const download = JSON.parse(go(['mod', 'download', '-json', `k8s.io/kubernetes@${version}`], wrapper, { GOFLAGS: '' }));
  const staging = stagingModules(readFileSync(download.GoMod, 'utf8'));
  if (staging.length === 0) throw new Error(`no staging modules found in ${download.GoMod}`);
  const stagingVersion = version.replace(/^v1\./, 'v0.');
  const goMod = [
    'module termination-guard.test/k8s-wrapper',
    '',
    'go 1.24.0',
    '',
    `require k8s.io/kubernetes ${version}`,
    '',
    'replace (',
    ...staging.map((module) => `\t${module} => ${module} ${stagingVersion}`),
    ')',
    '',
  ].join('\n');
  writeFileSync(join(wrapper, 'go.mod'), goMod);
  writeFileSync(join(wrapper, 'wrapper.go'), '// Package wrapper only anchors the module that builds the Kubernetes commands.\npackage wrapper\n');
  log(`build-k8s: wrapper module with ${staging.length} staging replacements at ${stagingVersion}; resolving modules`);
  go(['mod', 'download', 'k8s.io/kubernetes'], wrapper);
  const [major, minor] = version.replace(/^v/, '').split('.');
  const ldflags = [
    '-s -w',
    `-X k8s.io/component-base/version.gitVersion=${version}`,
    `-X k8s.io/component-base/version.gitMajor=${major}`,
    `-X k8s.io/component-base/version.gitMinor=${minor}`,
    '-X k8s.io/component-base/version.gitTreeState=clean',
    `-X k8s.io/client-go/pkg/version.gitVersion=${version}`,
  ].join(' ');
  for (const name of missing) {
    const componentStarted = Date.now();
    const output = join(binDir, `${name}.partial`);
    go(['build', '-trimpath', '-ldflags', ldflags, '-o', output, `k8s.io/kubernetes/cmd/${name}`], wrapper);
    renameSync(output, join(binDir, name));
    log(`build-k8s: built ${name} ${version} in ${((Date.now() - componentStarted) / 1000).toFixed(0)} s`);
  }
  return { binDir, built: missing, seconds: (Date.now() - started) / 1000 };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = buildKubernetes();
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
