// Reads what the image evidence needs from a tree: Dockerfiles (under the analysed paths, and any
// that a build mapping names), the build descriptors that map images to them (GitHub workflows,
// skaffold.yaml), and the scripts a Dockerfile copies in as its entrypoint.
import { posix } from 'node:path';
import type { ImageMapping } from '../analysis/config.js';
import { buildsFromConfig, buildsFromSkaffold, buildsFromWorkflow, type ImageBuild, isSkaffoldFile, isWorkflowFile } from '../images/build-map.js';
import { type CopiedFile, imageOf, isDockerfile, parseDockerfile } from '../images/dockerfile.js';
import { copiedSource, type ImageInputs, type RegistryLookup } from '../images/evidence.js';
import type { InputError } from '../manifests/objects.js';
import type { SourceFile } from '../manifests/parse.js';
import { decodeText } from './confined.js';
import type { TreeReader } from './tree.js';

/** Scripts larger than this are not read (entrypoint scripts are small). */
const maxScriptBytes = 256 * 1024;
const maxDockerfileBytes = 1024 * 1024;

export interface ImageFiles {
  files: SourceFile[];
  errors: InputError[];
  /** What the confined reader refused to read (outside the repository, .git/, a symlink), where it was named. */
  refused: InputError[];
  scopes: readonly string[];
  repository?: string;
}

/** What the engine takes (with registry configs when they were read). */
export function imageInputs(images: ImageFiles, registry?: ReadonlyMap<string, RegistryLookup>): ImageInputs {
  return { files: images.files, scopes: images.scopes, ...(images.repository ? { repository: images.repository } : {}), ...(registry ? { registry } : {}) };
}


/** Words of ENTRYPOINT/CMD that may name a script in the image. */
function scriptCandidates(argv: readonly string[]): string[] {
  return argv.filter((word) => /^(\/|\.\/)?[\w./-]+$/.test(word) && (/\.(sh|bash)$/.test(word) || /entrypoint|start|run|docker-/i.test(word)));
}

export async function readImageFiles(tree: TreeReader, scopes: readonly string[], mappings: Record<string, ImageMapping>, configFile: string, repository?: string): Promise<ImageFiles> {
  const errors: InputError[] = [];
  const refused: InputError[] = [];
  const files = new Map<string, SourceFile>();
  const read = async (path: string, limit: number, from?: { file: string; line: number }): Promise<SourceFile | undefined> => {
    if (files.has(path)) return files.get(path);
    const buffer = await tree.read(path);
    const reason = tree.refused?.get(path);
    if (reason) refused.push({ file: from?.file ?? path, line: from?.line ?? 1, message: `not read: ${path} (${reason})` });
    if (!buffer) return undefined;
    if (buffer.length > limit) {
      errors.push({ file: path, line: 1, message: `file is ${(buffer.length / 1024).toFixed(0)} KiB, over the ${(limit / 1024).toFixed(0)} KiB limit for image inputs; it was not read` });
      return undefined;
    }
    const text = decodeText(buffer);
    if (!text.ok) {
      errors.push({ file: path, line: 1, message: `file is not text (${text.reason}); it was not read` });
      return undefined;
    }
    const file = { path, content: text.text };
    files.set(path, file);
    return file;
  };

  // Dockerfiles anywhere in the repository: `paths` names the manifests, and the images they run
  // are usually built from elsewhere (services/api/Dockerfile for deploy/api.yaml).
  const listed = new Set<string>(await tree.files(''));
  for (const scope of scopes) if (scope.startsWith('/')) for (const path of await tree.files(scope)) listed.add(path);

  const builds: ImageBuild[] = buildsFromConfig(mappings, configFile);
  for (const path of [...listed].sort()) {
    if (!isWorkflowFile(path) && !isSkaffoldFile(path)) continue;
    const file = await read(path, maxDockerfileBytes);
    if (!file) continue;
    builds.push(...(isWorkflowFile(path) ? buildsFromWorkflow(file, repository) : buildsFromSkaffold(file)));
  }

  const dockerfiles = new Set([...listed].filter((p) => isDockerfile(p)));
  for (const build of builds) dockerfiles.add(build.dockerfile);
  for (const path of [...dockerfiles].sort()) {
    // A missing one is reported by the analysis (ImageCatalog), which sees every mapping.
    const file = await read(path, maxDockerfileBytes);
    if (!file) continue;
    // The scripts its ENTRYPOINT/CMD run, read from the build context.
    const model = parseDockerfile(path, file.content);
    const contexts = new Set([...builds.filter((b) => b.dockerfile === path).map((b) => b.context), posix.dirname(path)]);
    const targets = [undefined, ...builds.filter((b) => b.dockerfile === path && b.target).map((b) => b.target)];
    for (const target of targets) {
      const image = imageOf(model, target);
      if (!image) continue;
      for (const word of scriptCandidates([...(image.entrypoint?.argv ?? []), ...(image.cmd?.argv ?? [])])) {
        for (const context of contexts) {
          const source = copiedSource(image.copies, context, word);
          if (source) await read(source, maxScriptBytes, { file: path, line: copyLine(image.copies, context, source) });
        }
      }
    }
  }
  return { files: [...files.values()].sort((a, b) => a.path.localeCompare(b.path)), errors, refused, scopes, ...(repository ? { repository } : {}) };
}

/** The line of the COPY that brings `source` (a build-context path) into the image. */
function copyLine(copies: readonly CopiedFile[], context: string, source: string): number {
  const inContext = (path: string) => posix.normalize(posix.join(context, path.replace(/^\.\//, '')));
  const copy = [...copies].reverse().find((c) => c.sources.some((s) => source === inContext(s) || source.startsWith(`${inContext(s)}/`)));
  return copy?.line ?? 1;
}
