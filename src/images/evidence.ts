// What we know about the image a container runs, and how we know it: the Dockerfile that builds
// it (mapped by configuration, workflow or skaffold; or guessed from the directory name), its
// config read from a registry, or only its name. Pure: it reads given texts and lookup results.
import { posix } from 'node:path';
import { familyFromCommands, imageFacts, knownStopSignal, type ShellFamily } from '../k8s/images.js';
import type { InputError } from '../manifests/objects.js';
import { isUnder } from '../manifests/paths.js';
import { signalName } from '../shell/signals.js';
import type { SourceFile } from '../manifests/parse.js';
import { buildsFromSkaffold, buildsFromWorkflow, dockerfileNames, guessBuild, type ImageBuild, isSkaffoldFile, isWorkflowFile, normalizeRepository } from './build-map.js';
import { type DockerfileImage, type DockerfileModel, imageOf, isDockerfile, parseDockerfile } from './dockerfile.js';

/** The parts of an OCI/Docker image config that decide termination. */
export interface RegistryImage {
  /** Manifest digest of the platform image. */
  digest: string;
  platform?: string;
  entrypoint?: string[];
  cmd?: string[];
  stopSignal?: string;
  user?: string;
  labels: Record<string, string>;
  /** history[].created_by, oldest first. */
  history: string[];
}

export type RegistryLookup = { ok: true; image: RegistryImage } | { ok: false; problem: string };

export interface ImageInputs {
  /** Dockerfiles, GitHub workflows, skaffold files, and the files Dockerfiles copy in. */
  files: readonly SourceFile[];
  /** The configuration's images map, already resolved. */
  builds?: readonly ImageBuild[];
  /** Registry configs by image reference (the `inspect-images` option). */
  registry?: ReadonlyMap<string, RegistryLookup>;
  /** owner/name, for `${{ github.repository }}` in workflows. */
  repository?: string;
  /**
   * The analysed paths: Dockerfiles outside them are reported only when an analysed workload
   * runs their image (default: all are reported).
   */
  scopes?: readonly string[];
}

export interface ImageCommand {
  argv: string[];
  /** "ENTRYPOINT at services/api/Dockerfile:12" or "the image config (registry)". */
  where: string;
  file?: string;
  line?: number;
}

export interface ImageEvidence {
  reference: string;
  /** What `/bin/sh` is in the image. */
  shell: ShellFamily;
  /** "dash, from `python:3.12-slim`". */
  shellBasis: string;
  /** The base image the build starts from, when known. */
  base?: string;
  /** ENTRYPOINT and CMD as the runtime sees them; undefined when unknown (not when empty). */
  entrypoint?: ImageCommand;
  cmd?: ImageCommand;
  /** Known when set (STOPSIGNAL, registry config) or implied by a well-known base. */
  stopSignal?: { signal: string; basis: string; file?: string; line?: number };
  user?: string;
  source: 'dockerfile' | 'registry' | 'name';
  /** "services/api/Dockerfile (docker/build-push-action in .github/workflows/ci.yml)". */
  describe: string;
  dockerfile?: { file: string; image: DockerfileImage; build: ImageBuild };
  /** A file the build copies into the image (an entrypoint script), by its path in the image. */
  fileInImage(path: string): { file: string; content: string } | undefined;
  /** Semantic fingerprint (changes when what the image runs changes, not when lines move). */
  fingerprint: string;
}

export interface DockerfileEntry {
  source: SourceFile;
  model: DockerfileModel;
  image?: DockerfileImage;
}

const shellLessBase = /^scratch$/i;

function familyOfDockerfile(image: DockerfileImage): { shell: ShellFamily; basis: string } {
  const base = image.base;
  if (base && shellLessBase.test(base)) return { shell: 'none', basis: 'FROM scratch: no shell at all' };
  if (base) {
    const facts = imageFacts(base);
    if (facts.shell !== 'unknown') return { shell: facts.shell, basis: `from \`${base}\`` };
  }
  const fromRuns = familyFromCommands(image.runs);
  if (fromRuns) return { shell: fromRuns.shell, basis: `${base ? `from \`${base}\`, ` : ''}${fromRuns.basis}` };
  return { shell: 'unknown', basis: base ? `from \`${base}\`, an unknown base` : 'the base image is a build argument we cannot resolve' };
}

function familyOfRegistry(reference: string, image: RegistryImage): { shell: ShellFamily; basis: string } {
  const baseName = image.labels['org.opencontainers.image.base.name'];
  if (baseName) {
    const facts = imageFacts(baseName);
    if (facts.shell !== 'unknown') return { shell: facts.shell, basis: `base \`${baseName}\` per the image label (${facts.basis})` };
  }
  const fromHistory = familyFromCommands(image.history);
  if (fromHistory) return { shell: fromHistory.shell, basis: `the image history: ${fromHistory.basis}` };
  const runsShell = image.history.some((h) => /^\/bin\/sh -c (?!#\(nop\))/.test(h) || /^RUN /.test(h));
  const facts = imageFacts(reference);
  if (facts.shell !== 'unknown') return { shell: facts.shell, basis: facts.basis };
  if (image.history.length > 0 && !runsShell && !image.history.some((h) => /\bsh\b/.test(h))) {
    return { shell: 'unknown', basis: 'the image history runs no shell command (possibly distroless)' };
  }
  return { shell: 'unknown', basis: 'the registry config does not tell the base' };
}

/** `quit`, `3`, `SIGQUIT` → `SIGQUIT`. */
function sigName(value: string): string {
  return `SIG${signalName(value)}`;
}

export class ImageCatalog {
  readonly dockerfiles: DockerfileEntry[] = [];
  readonly builds: ImageBuild[] = [];
  readonly errors: InputError[] = [];
  readonly notices: string[] = [];
  readonly scopes: readonly string[];
  private readonly files = new Map<string, SourceFile>();
  private readonly registry: ReadonlyMap<string, RegistryLookup>;
  private readonly cache = new Map<string, ImageEvidence>();
  private readonly buildsByRepository = new Map<string, ImageBuild | undefined>();
  /** Dockerfile paths by the name a directory-name guess matches them on. */
  private dockerfilesByName = new Map<string, string[]>();

  constructor(inputs: ImageInputs | undefined) {
    this.registry = inputs?.registry ?? new Map();
    this.scopes = inputs?.scopes ?? ['.'];
    for (const file of inputs?.files ?? []) this.files.set(file.path, file);
    this.builds.push(...(inputs?.builds ?? []));
    for (const file of inputs?.files ?? []) {
      if (isWorkflowFile(file.path)) this.builds.push(...buildsFromWorkflow(file, inputs?.repository));
      else if (isSkaffoldFile(file.path)) this.builds.push(...buildsFromSkaffold(file));
    }
    const dockerfilePaths = new Set((inputs?.files ?? []).filter((f) => isDockerfile(f.path)).map((f) => f.path));
    for (const path of dockerfilePaths) {
      const source = this.files.get(path) as SourceFile;
      const model = parseDockerfile(path, source.content);
      this.errors.push(...model.errors);
      const image = imageOf(model);
      this.dockerfiles.push({ source, model, ...(image ? { image } : {}) });
    }
    this.dockerfilesByName = dockerfileNames([...dockerfilePaths]);
    for (const build of this.builds) {
      if (dockerfilePaths.has(build.dockerfile)) continue;
      if (build.configFile) this.errors.push({ file: build.configFile, line: 1, message: `images: ${build.dockerfile} (for ${build.repository}) is not in the repository` });
      else this.notices.push(`${build.via} builds ${build.repository} from ${build.dockerfile}, which is not in the tree`);
    }
  }

  /** Is this path under the analysed paths? */
  inScope(path: string): boolean {
    return isUnder(path, this.scopes);
  }

  dockerfile(path: string): DockerfileEntry | undefined {
    return this.dockerfiles.find((d) => d.source.path === path);
  }

  /** The builds that produce an image from this Dockerfile (to know who runs it). */
  buildsOf(path: string): ImageBuild[] {
    return this.builds.filter((b) => b.dockerfile === path);
  }

  /** The Dockerfile build behind an image reference, explicit mappings first. */
  buildFor(reference: string): ImageBuild | undefined {
    const repository = normalizeRepository(reference);
    if (!this.buildsByRepository.has(repository)) {
      const explicit = this.builds.find((b) => b.repository === repository);
      this.buildsByRepository.set(repository, explicit ?? guessBuild(repository, this.dockerfilesByName));
    }
    return this.buildsByRepository.get(repository);
  }

  /** The final image of a Dockerfile as its own builds define it (no registry, no guessing). */
  evidenceOfDockerfile(entry: DockerfileEntry): ImageEvidence {
    const path = entry.source.path;
    const key = `dockerfile:${path}`;
    let cached = this.cache.get(key);
    if (!cached && entry.image) {
      const build = this.buildsOf(path)[0] ?? { repository: '', dockerfile: path, context: posix.dirname(path), via: 'this Dockerfile', explicit: true };
      cached = this.fromDockerfile('', build, entry.image, undefined);
      this.cache.set(key, cached);
    }
    return cached ?? this.fromName('scratch');
  }

  evidence(reference: string): ImageEvidence {
    let cached = this.cache.get(reference);
    if (!cached) {
      cached = this.compute(reference);
      this.cache.set(reference, cached);
    }
    return cached;
  }

  private compute(reference: string): ImageEvidence {
    const build = this.buildFor(reference);
    const entry = build ? this.dockerfile(build.dockerfile) : undefined;
    const image = entry && build ? (build.target ? imageOf(entry.model, build.target) : entry.image) : undefined;
    const lookup = this.registry.get(reference);
    const registry = lookup?.ok ? lookup.image : undefined;
    const useDockerfile = image && build && (build.explicit || !registry);
    if (useDockerfile && build && image) return this.fromDockerfile(reference, build, image, registry);
    if (registry) return this.fromRegistry(reference, registry);
    return this.fromName(reference);
  }

  private fromDockerfile(reference: string, build: ImageBuild, image: DockerfileImage, registry: RegistryImage | undefined): ImageEvidence {
    let family = familyOfDockerfile(image);
    if (family.shell === 'unknown' && registry) family = familyOfRegistry(reference, registry);
    const file = image.file;
    const command = (spec: DockerfileImage['entrypoint'], keyword: string): ImageCommand | undefined =>
      spec ? { argv: spec.argv, where: `${keyword} at ${file}:${spec.line}`, file, line: spec.line } : undefined;
    // Without ENTRYPOINT/CMD in the chain, both come from the base image (the registry may know).
    const fromScratch = image.base !== undefined && shellLessBase.test(image.base);
    let entrypoint = command(image.entrypoint, 'ENTRYPOINT');
    let cmd = command(image.cmd, 'CMD');
    if (!image.entrypoint && !image.cmd) {
      if (registry) {
        entrypoint = registry.entrypoint ? { argv: registry.entrypoint, where: 'the registry image config' } : undefined;
        cmd = registry.cmd ? { argv: registry.cmd, where: 'the registry image config' } : undefined;
      } else if (fromScratch) {
        entrypoint = { argv: [], where: `${file} (FROM scratch, no ENTRYPOINT)` };
      }
    } else if (image.entrypoint && !image.cmd) {
      cmd = { argv: [], where: `${file} (ENTRYPOINT clears the base image's CMD)` };
    } else if (!image.entrypoint && image.cmd) {
      // The base image's ENTRYPOINT, if it has one, conventionally ends in `exec "$@"`: the CMD
      // decides what runs in the end.
      entrypoint = registry?.entrypoint
        ? { argv: registry.entrypoint, where: 'the registry image config' }
        : { argv: [], where: fromScratch ? `${file} (FROM scratch)` : `${file} (no ENTRYPOINT of its own)` };
    }
    const stopSignal = image.stopSignal
      ? { signal: sigName(image.stopSignal.value), basis: `STOPSIGNAL at ${file}:${image.stopSignal.line}`, file, line: image.stopSignal.line }
      : registry?.stopSignal
        ? { signal: sigName(registry.stopSignal), basis: 'the registry image config' }
        : image.base
          ? knownStopSignal(image.base)
          : undefined;
    const copies = image.copies;
    const context = build.context;
    const files = this.files;
    const evidence: ImageEvidence = {
      reference,
      shell: family.shell,
      shellBasis: family.basis,
      ...(image.base ? { base: image.base } : {}),
      ...(entrypoint ? { entrypoint } : {}),
      ...(cmd ? { cmd } : {}),
      ...(stopSignal ? { stopSignal } : {}),
      ...(image.user ? { user: image.user.value } : registry?.user ? { user: registry.user } : {}),
      source: 'dockerfile',
      describe: build.repository ? `${file} builds ${build.repository} per ${build.via}` : file,
      dockerfile: { file, image, build },
      fileInImage(path) {
        const source = copiedSource(copies, context, path);
        const found = source ? files.get(source) : undefined;
        return found ? { file: found.path, content: found.content } : undefined;
      },
      fingerprint: '',
    };
    evidence.fingerprint = fingerprintOf(evidence);
    return evidence;
  }

  private fromRegistry(reference: string, registry: RegistryImage): ImageEvidence {
    const family = familyOfRegistry(reference, registry);
    const where = `the registry image config (${registry.digest.slice(0, 19)}${registry.platform ? `, ${registry.platform}` : ''})`;
    const known = knownStopSignal(registry.labels['org.opencontainers.image.base.name'] ?? reference);
    const evidence: ImageEvidence = {
      reference,
      shell: family.shell,
      shellBasis: family.basis,
      ...(registry.labels['org.opencontainers.image.base.name'] ? { base: registry.labels['org.opencontainers.image.base.name'] } : {}),
      entrypoint: { argv: registry.entrypoint ?? [], where },
      cmd: { argv: registry.cmd ?? [], where },
      ...(registry.stopSignal ? { stopSignal: { signal: sigName(registry.stopSignal), basis: `StopSignal in ${where}` } } : known ? { stopSignal: known } : {}),
      ...(registry.user ? { user: registry.user } : {}),
      source: 'registry',
      describe: where,
      fileInImage: () => undefined,
      fingerprint: '',
    };
    evidence.fingerprint = fingerprintOf(evidence);
    return evidence;
  }

  private fromName(reference: string): ImageEvidence {
    const facts = imageFacts(reference);
    const known = knownStopSignal(reference);
    const evidence: ImageEvidence = {
      reference,
      shell: facts.shell,
      shellBasis: facts.basis,
      ...(known ? { stopSignal: known } : {}),
      source: 'name',
      describe: 'the image name',
      fileInImage: () => undefined,
      fingerprint: '',
    };
    evidence.fingerprint = fingerprintOf(evidence);
    return evidence;
  }
}

/**
 * The build-context path of a file copied to `target` in the image: `COPY run.sh /app/run.sh`,
 * `COPY run.sh /usr/local/bin/` (directory destination), `COPY scripts/ /opt/` (directory source).
 */
export function copiedSource(copies: DockerfileImage['copies'], context: string, target: string): string | undefined {
  // A bare name is looked up in PATH: the usual places a Dockerfile copies scripts to.
  if (!target.includes('/')) {
    for (const dir of ['/usr/local/bin/', '/usr/local/sbin/', '/usr/bin/', '/bin/']) {
      const found = copiedSource(copies, context, `${dir}${target}`);
      if (found) return found;
    }
    return undefined;
  }
  const join = (path: string) => posix.normalize(posix.join(context, path.replace(/^\.\//, '')));
  for (let i = copies.length - 1; i >= 0; i--) {
    const copy = copies[i];
    const dest = copy.dest;
    for (const source of copy.sources) {
      if (/[*?[]/.test(source)) continue;
      if (!dest.endsWith('/') && copy.sources.length === 1 && dest === target && !source.endsWith('/')) return join(source);
      const dir = dest.endsWith('/') ? dest : `${dest}/`;
      if (!target.startsWith(dir)) continue;
      const rest = target.slice(dir.length);
      if (source.endsWith('/') || source === '.') return join(posix.join(source, rest));
      if (posix.basename(source) === rest) return join(source);
    }
  }
  return undefined;
}

function fingerprintOf(evidence: ImageEvidence): string {
  return JSON.stringify([
    evidence.shell,
    evidence.entrypoint?.argv ?? null,
    evidence.cmd?.argv ?? null,
    evidence.stopSignal?.signal ?? null,
    evidence.user ?? null,
    evidence.entrypoint?.argv[0] ? (evidence.fileInImage(evidence.entrypoint.argv[0])?.content ?? null) : null,
  ]);
}

/** Files the image inputs need besides Dockerfiles: build descriptors. */
export function isImageBuildFile(path: string): boolean {
  return isWorkflowFile(path) || isSkaffoldFile(path);
}

