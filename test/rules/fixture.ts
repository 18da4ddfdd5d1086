// Rule fixtures: a *.yaml file, or a directory that is a small repository (manifests,
// Dockerfiles, workflows, scripts, and an optional termination-guard.yml configuration).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect } from 'vitest';
import { defaultConfig, parseConfig } from '../../src/analysis/config.js';
import { type AnalysisResult, analyze } from '../../src/analysis/engine.js';
import { isImageBuildFile } from '../../src/images/evidence.js';
import type { SourceFile } from '../../src/manifests/parse.js';
import { fixturesDir } from '../helpers.js';

export function fixtureNames(id: string, kind: 'bad' | 'good'): string[] {
  try {
    const dir = join(fixturesDir, 'rules', id, kind);
    return readdirSync(dir)
      .filter((f) => f.endsWith('.yaml') || statSync(join(dir, f)).isDirectory())
      .sort();
  } catch {
    return [];
  }
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]));
}

/** The fixture's files, by repository-relative path (a single file keeps its own name). */
export function fixtureFiles(id: string, kind: 'bad' | 'good', name: string): SourceFile[] {
  const root = join(fixturesDir, 'rules', id, kind, name);
  const directory = statSync(root).isDirectory();
  return (directory ? walk(root) : [root]).map((absolute) => ({
    path: directory ? relative(root, absolute).split('\\').join('/') : name,
    content: readFileSync(absolute, 'utf8'),
  }));
}

/** Analyses a fixture's files as the CLI would analyse that repository. */
export function analyzeFixture(files: readonly SourceFile[], overrides: { failOn?: 'error' } = {}): AnalysisResult {
  const configFile = files.find((f) => f.path === 'termination-guard.yml');
  const configured = configFile ? parseConfig(configFile.content, configFile.path) : undefined;
  expect(configured?.errors ?? []).toEqual([]);
  const manifests = files.filter((f) => /\.ya?ml$/.test(f.path) && f !== configFile && !isImageBuildFile(f.path));
  const version = manifests.map((f) => /^# kubernetes-version: (\S+)/.exec(f.content)?.[1]).find(Boolean);
  const config = { ...(configured?.config ?? defaultConfig), ...(version ? { kubernetesVersion: version } : {}), ...overrides };
  const others = files.filter((f) => !manifests.includes(f));
  return analyze(manifests, { config, ...(others.length > 0 ? { images: { files: others, repository: 'acme/shop' } } : {}) });
}

/** `file:line` of every line marked `# expect` (at the end) or following a `# expect-next` line. */
export function expectedLines(files: readonly SourceFile[]): string[] {
  return files
    .flatMap((file) =>
      file.content.split('\n').flatMap((line, index) =>
        /#\s*expect\s*$/.test(line) && !/^\s*#\s*expect\s*$/.test(line) ? [`${file.path}:${index + 1}`] : /^\s*#\s*expect-next\s*$/.test(line) ? [`${file.path}:${index + 2}`] : [],
      ),
    )
    .sort();
}
