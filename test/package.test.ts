// The npm package ships only what runs, and what it ships runs on its own: `npm pack` holds
// dist/ (every chunk), action.yml and the project's README, LICENSE and CHANGELOG; the bundle
// needs no installed dependency; and the tarball, installed with --omit=dev into an empty
// directory, answers `termination-guard --help` and checks a copy of the examples.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers.js';

const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
  bin: Record<string, string>;
  files: string[];
  dependencies?: Record<string, string>;
  repository?: { url: string };
};
const distDir = join(repoRoot, 'dist');
const distFiles = readdirSync(distDir).filter((f) => f.endsWith('.js'));

/**
 * Modules the bundle asks for inside try/catch and works without: node-fetch's optional charset
 * converter and ws's optional native speed-ups (both pulled in by @kubernetes/client-node).
 */
const optionalModules = ['encoding', 'bufferutil', 'utf-8-validate'];

/** Module names the bundled code requires or imports at run time, other than Node's built-ins. */
function externalModules(code: string): string[] {
  const found = new Set<string>();
  // Not a call inside a string literal (ajv keeps `'require("ajv/dist/runtime/equal")'` as the
  // text of its standalone code generator, which this bundle never runs).
  for (const m of code.matchAll(/(?<![\w$.'"`])(?:require|__require|import)\(\s*(["'`])([^"'`\s]+)\1\s*\)/g)) {
    const name = (m[2] as string).replace(/^node:/, '');
    if (builtinModules.includes(name) || builtinModules.includes(name.split('/')[0] as string)) continue;
    if (name.startsWith('.')) continue; // the bundle's own chunks
    found.add(name);
  }
  for (const m of code.matchAll(/\bfrom\s*(["'])([^"'\s]+)\1/g)) {
    const name = (m[2] as string).replace(/^node:/, '');
    if (!builtinModules.includes(name) && !name.startsWith('.')) found.add(name);
  }
  return [...found].sort();
}

const npm = (args: string[], cwd: string) => spawnSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });

describe('externalModules', () => {
  it("finds what bundled code loads at run time, leaving built-ins and the bundle's chunks", () => {
    const code = 'a = __require("left-pad"); b = require(\'node:fs\'); c = require("stream/web"); await import("./chunk-1.js"); import { x } from "yaml"; import y from "./chunk-2.js";';
    expect(externalModules(code)).toEqual(['left-pad', 'yaml']);
  });
});

describe('the npm package', () => {
  it('names the repository and keeps the whole dist/ directory', () => {
    expect(pkg.repository?.url).toBe('git+https://github.com/termination-guard/termination-guard.git');
    expect(pkg.files).toContain('dist/');
    expect(pkg.bin['termination-guard']).toBe('dist/cli.js');
  });

  it('has no runtime dependencies: the bundle contains them', () => {
    expect(pkg.dependencies ?? {}).toEqual({});
    for (const file of distFiles) {
      const modules = externalModules(readFileSync(join(distDir, file), 'utf8')).filter((name) => !optionalModules.includes(name));
      expect(modules, `dist/${file} loads these at run time; bundle them or make them dependencies`).toEqual([]);
    }
  });

  it('loads no data file from outside dist/ (WASM, native addons)', () => {
    for (const file of distFiles) {
      const code = readFileSync(join(distDir, file), 'utf8');
      for (const m of code.matchAll(/["'`]([^"'`\s]+\.(?:wasm|node))["'`]/g)) {
        const target = resolve(distDir, m[1] as string);
        expect(target.startsWith(`${distDir}/`) && existsSync(target), `dist/${file} loads ${m[1]}, which the package does not ship`).toBe(true);
      }
    }
  });

  it('starts the CLI with a shebang', () => {
    expect(readFileSync(join(repoRoot, pkg.bin['termination-guard'] as string), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('packs only what runs, and the tarball runs on its own', () => {
    const work = mkdtempSync(join(tmpdir(), 'tg-pack-'));
    const packed = npm(['pack', '--json', '--pack-destination', work], repoRoot);
    expect(packed.status, packed.stderr).toBe(0);
    const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
    const paths = info!.files.map((f) => f.path).sort();
    const topLevel = ['CHANGELOG.md', 'LICENSE', 'README.md', 'action.yml', 'package.json'];
    expect(paths.filter((p) => !p.startsWith('dist/'))).toEqual(topLevel);
    expect(paths.filter((p) => p.startsWith('dist/'))).toEqual(readdirSync(distDir).map((f) => `dist/${f}`).sort());

    // An empty project, the tarball installed as a user's `npx termination-guard` would: no
    // development dependencies, nothing from the network.
    const project = join(work, 'project');
    cpSync(join(repoRoot, 'examples'), join(project, 'manifests'), { recursive: true });
    writeFileSync(join(project, 'package.json'), '{"name":"user-project","private":true}\n');
    const installed = npm(['install', '--omit=dev', '--offline', '--no-audit', '--no-fund', join(work, info!.filename)], project);
    expect(installed.status, installed.stderr).toBe(0);
    expect(readdirSync(join(project, 'node_modules')).filter((name) => !name.startsWith('.'))).toEqual(['termination-guard']);

    const bin = join(project, 'node_modules', '.bin', 'termination-guard');
    const help = spawnSync(bin, ['--help'], { cwd: project, encoding: 'utf8' });
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/^Usage: termination-guard check/);
    const check = spawnSync(bin, ['check', 'manifests/', '--format', 'json'], { cwd: project, encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(1); // the broken examples fail the gate
    const report = JSON.parse(check.stdout) as { summary: { errors: number; gate: string } };
    expect(report.summary.gate).toBe('fail');
    expect(report.summary.errors).toBeGreaterThan(0);
  }, 120_000);
});
