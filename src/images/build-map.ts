// Which Dockerfile builds which image. A manifest names an image; the repository says how it is
// built: the configuration's `images:` map, GitHub workflows (docker/build-push-action, with
// docker/metadata-action's image list), and skaffold.yaml. Pure: it reads given file contents.
import { posix } from 'node:path';
import { asArray, asRecord, asString } from '../manifests/objects.js';
import type { SourceFile } from '../manifests/parse.js';
import { readYamlAll, readYamlOrUndefined, YamlTextError } from '../manifests/yaml-text.js';

export interface ImageBuild {
  /** Image repository, normalized (no tag or digest; docker.io/library/ removed). */
  repository: string;
  dockerfile: string;
  /** Build context directory, repository-relative ('.' for the root). */
  context: string;
  /** Build stage (`--target`). */
  target?: string;
  /** How we know, for evidence: "the images map in .github/termination-guard.yml". */
  via: string;
  /** Explicit mappings outrank the directory-name guess and a registry's view. */
  explicit: boolean;
  /** Set for the configuration's `images:` map: the file, where a wrong path is an input error. */
  configFile?: string;
}

/** `docker.io/library/nginx:1.27@sha256:…` → `nginx`; `ghcr.io/a/b:1` → `ghcr.io/a/b`. */
export function normalizeRepository(reference: string): string {
  const withoutDigest = reference.split('@')[0].trim();
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  const repository = (colon > slash ? withoutDigest.slice(0, colon) : withoutDigest).toLowerCase();
  return repository.replace(/^(docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '').replace(/^library\//, '');
}

const norm = (path: string) => posix.normalize(path.replace(/^\.\//, '')).replace(/\/$/, '') || '.';

/** The configuration's map: image → Dockerfile path, or { dockerfile, context, target }. */
export function buildsFromConfig(map: Record<string, { dockerfile: string; context?: string; target?: string }>, configFile: string): ImageBuild[] {
  return Object.entries(map).map(([image, entry]) => ({
    repository: normalizeRepository(image),
    dockerfile: norm(entry.dockerfile),
    context: norm(entry.context ?? posix.dirname(entry.dockerfile)),
    ...(entry.target ? { target: entry.target } : {}),
    via: `the images map in ${configFile}`,
    explicit: true,
    configFile,
  }));
}

interface Expressions {
  env: Record<string, string>;
  repository?: string;
}

/** Resolves `${{ env.X }}`, `${{ github.repository }}` and friends; undefined if anything stays. */
function resolveExpressions(text: string, scope: Expressions): string | undefined {
  let unresolved = false;
  const out = text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_m, expression: string) => {
    const env = /^env\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(expression);
    if (env && scope.env[env[1]] !== undefined) return scope.env[env[1]];
    if (expression === 'github.repository' && scope.repository) return scope.repository.toLowerCase();
    if (expression === 'github.repository_owner' && scope.repository) return scope.repository.split('/')[0].toLowerCase();
    if (expression === 'github.event.repository.name' && scope.repository) return scope.repository.split('/')[1]?.toLowerCase() ?? '';
    unresolved = true;
    return '';
  });
  return unresolved ? undefined : out;
}

function listOf(value: unknown): string[] {
  return String(value ?? '')
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '' && !s.startsWith('#'));
}

function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(asRecord(value) ?? {})) if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
  return out;
}

/** docker/build-push-action steps in GitHub workflows. */
export function buildsFromWorkflow(file: SourceFile, repository?: string): ImageBuild[] {
  const workflow = asRecord(readYamlOrUndefined(file.content));
  const builds: ImageBuild[] = [];
  for (const [jobName, jobValue] of Object.entries(asRecord(workflow?.jobs) ?? {})) {
    const job = asRecord(jobValue);
    const steps = asArray(job?.steps).map(asRecord);
    for (const step of steps) {
      const uses = asString(step?.uses) ?? '';
      if (!/^docker\/build-push-action@/.test(uses)) continue;
      const scope: Expressions = { env: { ...stringMap(workflow?.env), ...stringMap(job?.env), ...stringMap(step?.env) }, ...(repository ? { repository } : {}) };
      const inputs = asRecord(step?.with) ?? {};
      const contextText = resolveExpressions(asString(inputs.context) ?? '.', scope);
      if (contextText === undefined || /^(https?|git):/.test(contextText)) continue;
      const context = norm(contextText);
      const dockerfileText = resolveExpressions(asString(inputs.file) ?? posix.join(context, 'Dockerfile'), scope);
      if (dockerfileText === undefined) continue;
      const target = asString(inputs.target);
      const names = new Set<string>();
      for (const tag of listOf(inputs.tags)) {
        const meta = /^\$\{\{\s*steps\.([\w-]+)\.outputs\.tags\s*\}\}$/.exec(tag);
        if (meta) {
          // docker/metadata-action: its `images` input lists the repositories it tags.
          const source = steps.find((s) => asString(s?.id) === meta[1] && /^docker\/metadata-action@/.test(asString(s?.uses) ?? ''));
          for (const image of listOf(asRecord(source?.with)?.images)) {
            const resolved = resolveExpressions(image.replace(/,.*$/, ''), scope);
            if (resolved) names.add(normalizeRepository(resolved));
          }
          continue;
        }
        const resolved = resolveExpressions(tag, scope);
        if (resolved) names.add(normalizeRepository(resolved));
      }
      for (const name of names) {
        builds.push({
          repository: name,
          dockerfile: norm(dockerfileText),
          context,
          ...(target ? { target } : {}),
          via: `docker/build-push-action in ${file.path} (job ${jobName})`,
          explicit: true,
        });
      }
    }
  }
  return builds;
}

/** skaffold.yaml build artifacts. */
export function buildsFromSkaffold(file: SourceFile): ImageBuild[] {
  let docs: unknown[];
  try {
    docs = readYamlAll(file.content);
  } catch (error) {
    if (error instanceof YamlTextError) return [];
    throw error;
  }
  const base = posix.dirname(file.path);
  const builds: ImageBuild[] = [];
  for (const doc of docs) {
    for (const artifact of asArray(asRecord(asRecord(doc)?.build)?.artifacts).map(asRecord)) {
      const image = asString(artifact?.image);
      if (!image) continue;
      const context = norm(posix.join(base, asString(artifact?.context) ?? '.'));
      const docker = asRecord(artifact?.docker);
      const target = asString(docker?.target);
      builds.push({
        repository: normalizeRepository(image),
        dockerfile: norm(posix.join(context, asString(docker?.dockerfile) ?? 'Dockerfile')),
        context,
        ...(target ? { target } : {}),
        via: `build.artifacts in ${file.path}`,
        explicit: true,
      });
    }
  }
  return builds;
}

export function isWorkflowFile(path: string): boolean {
  return /^\.github\/workflows\/[^/]+\.ya?ml$/.test(path);
}

export function isSkaffoldFile(path: string): boolean {
  return /(^|\/)skaffold\.ya?ml$/.test(path);
}

/** Dockerfiles by the image names a directory-name guess would match them on. */
export function dockerfileNames(dockerfiles: readonly string[]): Map<string, string[]> {
  const byName = new Map<string, string[]>();
  for (const path of dockerfiles) {
    const base = posix.basename(path);
    const names = new Set([posix.basename(posix.dirname(path)), /^(Dockerfile|Containerfile)\.(.+)$/.exec(base)?.[2], /^(.+)\.Dockerfile$/.exec(base)?.[1]]);
    for (const name of names) if (name && name !== '.') byName.set(name, [...(byName.get(name) ?? []), path]);
  }
  return byName;
}

/**
 * The last resort: an image whose last path segment names the Dockerfile's directory
 * (`ghcr.io/acme/api` ↔ `services/api/Dockerfile`) or its suffix (`Dockerfile.api`), when
 * exactly one Dockerfile matches.
 */
export function guessBuild(repository: string, dockerfiles: readonly string[] | ReadonlyMap<string, string[]>): ImageBuild | undefined {
  const name = repository.replace(/^.*\//, '');
  if (!name) return undefined;
  const byName = dockerfiles instanceof Map ? dockerfiles : dockerfileNames(dockerfiles as readonly string[]);
  const matches = byName.get(name) ?? [];
  if (matches.length !== 1) return undefined;
  const dockerfile = matches[0];
  return { repository, dockerfile, context: posix.dirname(dockerfile), via: 'its directory name', explicit: false };
}
