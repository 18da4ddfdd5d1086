// The images the drill tests and the test cluster run, built here without a registry: tg-app
// (test/apps/tg-app, a static Go binary built into the cache) with BusyBox's static shell and
// applets and tini, in one layer shared by every tag.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDir } from '../setup-tools.mjs';
import { hostFile, type ImageSpec, type LayerEntry, tarOf, writeImageArchive } from './image-archive.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const busyboxPath = process.env.TG_BUSYBOX ?? '/bin/busybox';
export const tiniPath = process.env.TG_TINI ?? '/usr/bin/tini-static';

/** Builds tg-app once per source version; its path. */
export function buildTestApp(): string {
  const source = join(root, 'test', 'apps', 'tg-app');
  const hash = createHash('sha256');
  for (const file of ['go.mod', 'main.go']) hash.update(readFileSync(join(source, file)));
  const binary = join(cacheDir, 'test-apps', `tg-app-${hash.digest('hex').slice(0, 16)}`);
  if (existsSync(binary)) return binary;
  mkdirSync(dirname(binary), { recursive: true });
  const result = spawnSync('go', ['build', '-trimpath', '-ldflags', '-s -w', '-o', `${binary}.partial`, '.'], {
    cwd: source,
    encoding: 'utf8',
    env: { ...process.env, CGO_ENABLED: '0', GOFLAGS: '' },
  });
  if (result.status !== 0) throw new Error(`go build tg-app failed: ${result.stderr || result.error?.message}`);
  renameSync(`${binary}.partial`, binary);
  return binary;
}

/** What is missing to build the test images (empty when they can be built). */
export function missingForImages(): string[] {
  const missing: string[] = [];
  if (!existsSync(busyboxPath)) missing.push(`${busyboxPath} (Debian package busybox-static)`);
  if (!existsSync(tiniPath)) missing.push(`${tiniPath} (Debian package tini)`);
  if (spawnSync('go', ['version']).status !== 0) missing.push('go (to build test/apps/tg-app)');
  return missing;
}

const applets = ['sh', 'sleep', 'kill', 'echo', 'cat', 'ls', 'ps', 'true', 'false', 'env', 'pkill', 'killall', 'wget', 'nc'];

/** The one layer: /app, /sbin/tini, /bin/busybox and its applets, /tmp. */
export function testLayer(): Buffer {
  const entries: LayerEntry[] = [
    hostFile('app', buildTestApp()),
    hostFile('bin/busybox', busyboxPath),
    ...applets.map((name): LayerEntry => ({ path: `bin/${name}`, type: 'symlink', target: 'busybox' })),
    hostFile('sbin/tini', tiniPath),
    { path: 'tmp', type: 'dir', mode: 0o1777 },
    { path: 'etc/passwd', type: 'file', content: 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' },
    { path: 'etc/group', type: 'file', content: 'root:x:0:\nnogroup:x:65534:\n' },
  ];
  return tarOf(entries);
}

/**
 * The test images. `tg/app` runs tg-app directly (drains on SIGTERM unless told otherwise);
 * `tg/app-tini` under tini; `tg/app-quit` drains on SIGQUIT only and says so with STOPSIGNAL
 * (like nginx); `tg/pause` is the test cluster's sandbox image.
 */
export function testImages(): ImageSpec[] {
  const layer = testLayer();
  const path = 'PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin';
  return [
    { name: 'tg/app:v1', layer, config: { entrypoint: ['/app', 'serve'], env: [path, 'TG_VERSION=v1'] } },
    { name: 'tg/app:v2', layer, config: { entrypoint: ['/app', 'serve'], env: [path, 'TG_VERSION=v2'] } },
    { name: 'tg/app-tini:v1', layer, config: { entrypoint: ['/sbin/tini', '--', '/app', 'serve'], env: [path, 'TG_VERSION=v1'] } },
    { name: 'tg/app-quit:v1', layer, config: { entrypoint: ['/app', 'serve'], env: [path, 'TG_VERSION=v1', 'TG_HANDLE=QUIT'], stopSignal: 'SIGQUIT' } },
    { name: 'tg/pause:3.10', layer, config: { entrypoint: ['/app', 'pause'], env: [path] } },
  ];
}

/** Writes the archive of every test image to `file`. */
export function writeTestImages(file: string): void {
  writeImageArchive(file, testImages());
}
