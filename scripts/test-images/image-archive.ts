// Container images without a registry: a layer tarball written here, packed into one archive
// that is both an OCI image layout (index.json, blobs/sha256/…; `ctr images import` reads it)
// and a docker-archive (manifest.json; `docker load` and the Engine API's /images/load read it).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

export type LayerEntry =
  | { path: string; type: 'dir'; mode?: number }
  | { path: string; type: 'file'; content: Buffer | string; mode?: number }
  | { path: string; type: 'symlink'; target: string };

export interface ImageConfig {
  entrypoint?: string[];
  cmd?: string[];
  env?: string[];
  workingDir?: string;
  stopSignal?: string;
  user?: string;
  labels?: Record<string, string>;
}

export interface ImageSpec {
  /** Reference as Kubernetes and docker name it: `tg/app:v1` (docker.io/ is implied). */
  name: string;
  layer: Buffer;
  config: ImageConfig;
}

const block = 512;
/** A fixed timestamp, so the same inputs give the same digests. */
const epoch = Date.UTC(2026, 0, 1) / 1000;

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

function tarHeader(name: string, type: '0' | '2' | '5', size: number, mode: number, linkName = ''): Buffer {
  if (Buffer.byteLength(name) > 100 || Buffer.byteLength(linkName) > 100) throw new Error(`tar name too long: ${name}`);
  const header = Buffer.alloc(block);
  header.write(name, 0);
  header.write(octal(mode, 8), 100);
  header.write(octal(0, 8), 108);
  header.write(octal(0, 8), 116);
  header.write(octal(size, 12), 124);
  header.write(octal(epoch, 12), 136);
  header.fill(' ', 148, 156);
  header.write(type, 156);
  header.write(linkName, 157);
  header.write('ustar\0', 257);
  header.write('00', 263);
  header.write('root', 265);
  header.write('root', 297);
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return header;
}

function padded(data: Buffer): Buffer[] {
  const rest = data.length % block;
  return rest === 0 ? [data] : [data, Buffer.alloc(block - rest)];
}

/** A tar archive (ustar) of the entries, parents listed before children. */
export function tarOf(entries: LayerEntry[]): Buffer {
  const parts: Buffer[] = [];
  const dirs = new Set<string>();
  const addParents = (path: string) => {
    const segments = path.split('/').slice(0, -1);
    for (let i = 1; i <= segments.length; i++) {
      const dir = segments.slice(0, i).join('/');
      if (dir && !dirs.has(dir)) {
        dirs.add(dir);
        parts.push(tarHeader(`${dir}/`, '5', 0, 0o755));
      }
    }
  };
  for (const entry of entries) {
    const path = entry.path.replace(/^\/+/, '');
    addParents(path);
    if (entry.type === 'dir') {
      if (!dirs.has(path)) parts.push(tarHeader(`${path}/`, '5', 0, entry.mode ?? 0o755));
      dirs.add(path);
    } else if (entry.type === 'symlink') {
      parts.push(tarHeader(path, '2', 0, 0o777, entry.target));
    } else {
      const content = typeof entry.content === 'string' ? Buffer.from(entry.content) : entry.content;
      parts.push(tarHeader(path, '0', content.length, entry.mode ?? 0o644), ...padded(content));
    }
  }
  parts.push(Buffer.alloc(block * 2));
  return Buffer.concat(parts);
}

function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The fully qualified name containerd and the kubelet use: docker.io/library/x:latest. */
export function qualifiedName(name: string): string {
  const withTag = /:[\w.-]+$/.test(name.split('/').pop() ?? '') ? name : `${name}:latest`;
  const first = withTag.split('/')[0];
  if (withTag.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost')) return withTag;
  return withTag.includes('/') ? `docker.io/${withTag}` : `docker.io/library/${withTag}`;
}

/** One archive holding every image: OCI layout plus docker-archive manifest. */
export function imageArchive(images: ImageSpec[]): Buffer {
  const blobs = new Map<string, Buffer>();
  const blob = (data: Buffer) => {
    const digest = sha256(data);
    blobs.set(digest, data);
    return { digest, size: data.length };
  };
  const indexManifests: unknown[] = [];
  const dockerManifest: unknown[] = [];
  for (const image of images) {
    const layer = blob(image.layer);
    const { config } = image;
    const configJson = Buffer.from(
      JSON.stringify({
        created: new Date(epoch * 1000).toISOString(),
        architecture: 'amd64',
        os: 'linux',
        config: {
          ...(config.entrypoint ? { Entrypoint: config.entrypoint } : {}),
          ...(config.cmd ? { Cmd: config.cmd } : {}),
          Env: config.env ?? ['PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin'],
          ...(config.workingDir ? { WorkingDir: config.workingDir } : {}),
          ...(config.stopSignal ? { StopSignal: config.stopSignal } : {}),
          ...(config.user ? { User: config.user } : {}),
          ...(config.labels ? { Labels: config.labels } : {}),
        },
        rootfs: { type: 'layers', diff_ids: [`sha256:${layer.digest}`] },
        history: [{ created: new Date(epoch * 1000).toISOString(), created_by: 'termination-guard test image' }],
      }),
    );
    const configBlob = blob(configJson);
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: `sha256:${configBlob.digest}`, size: configBlob.size },
        layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: `sha256:${layer.digest}`, size: layer.size }],
      }),
    );
    const manifestBlob = blob(manifest);
    const qualified = qualifiedName(image.name);
    indexManifests.push({
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: `sha256:${manifestBlob.digest}`,
      size: manifestBlob.size,
      platform: { architecture: 'amd64', os: 'linux' },
      annotations: { 'io.containerd.image.name': qualified, 'org.opencontainers.image.ref.name': qualified.slice(qualified.lastIndexOf(':') + 1) },
    });
    dockerManifest.push({ Config: `blobs/sha256/${configBlob.digest}`, RepoTags: [image.name.includes(':') ? image.name : `${image.name}:latest`], Layers: [`blobs/sha256/${layer.digest}`] });
  }
  const entries: LayerEntry[] = [
    { path: 'oci-layout', type: 'file', content: JSON.stringify({ imageLayoutVersion: '1.0.0' }) },
    { path: 'index.json', type: 'file', content: JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: indexManifests }) },
    { path: 'manifest.json', type: 'file', content: JSON.stringify(dockerManifest) },
    ...[...blobs].map(([digest, data]): LayerEntry => ({ path: `blobs/sha256/${digest}`, type: 'file', content: data })),
  ];
  return tarOf(entries);
}

/** A file from the host, for a layer. */
export function hostFile(path: string, from: string, mode = 0o755): LayerEntry {
  return { path, type: 'file', content: readFileSync(from), mode };
}

export function writeImageArchive(file: string, images: ImageSpec[]): void {
  writeFileSync(file, imageArchive(images));
}
