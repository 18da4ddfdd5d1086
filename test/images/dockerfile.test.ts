// The Dockerfile model and the image ↔ Dockerfile mapping, on small real-shaped inputs.
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/analysis/config.js';
import { analyze } from '../../src/analysis/engine.js';
import { buildsFromSkaffold, buildsFromWorkflow, guessBuild, normalizeRepository } from '../../src/images/build-map.js';
import { imageOf, isDockerfile, parseDockerfile } from '../../src/images/dockerfile.js';
import { copiedSource } from '../../src/images/evidence.js';

describe('parseDockerfile', () => {
  it('follows the stage chain, build arguments, SHELL, heredocs and continuations', () => {
    const model = parseDockerfile(
      'Dockerfile',
      [
        'ARG BASE=python',
        'ARG TAG',
        'FROM ${BASE}:${TAG:-3.12}-slim AS base',
        'SHELL ["/bin/bash", "-o", "pipefail", "-c"]',
        'STOPSIGNAL SIGINT',
        'CMD ["python"]',
        'RUN <<EOS',
        'CMD not-an-instruction',
        'EOS',
        'FROM base AS app',
        'ENTRYPOINT ./run \\',
        '  --port 8080',
        'FROM base AS worker',
        'USER 1000',
      ].join('\n'),
    );
    expect(model.errors).toEqual([]);
    expect(model.stages.map((s) => [s.name, s.from, s.parent])).toEqual([
      ['base', 'python:3.12-slim', undefined],
      ['app', 'base', 0],
      ['worker', 'base', 0],
    ]);
    const app = imageOf(model, 'app');
    // ENTRYPOINT clears the CMD inherited from an earlier stage; SHELL carries over.
    expect(app?.entrypoint).toMatchObject({ form: 'shell', argv: ['/bin/bash', '-o', 'pipefail', '-c', './run   --port 8080'], line: 11, endLine: 12 });
    expect(app?.cmd).toBeUndefined();
    expect(app?.stopSignal).toEqual({ value: 'SIGINT', line: 5 });
    expect(app?.base).toBe('python:3.12-slim');
    const worker = imageOf(model);
    expect(worker?.stage.name).toBe('worker');
    expect(worker?.cmd).toMatchObject({ form: 'exec', argv: ['python'], line: 6 });
    expect(worker?.user).toEqual({ value: '1000', line: 14 });
  });

  it('honours the escape directive and treats invalid JSON as shell form, as Docker does', () => {
    const model = parseDockerfile('w/Dockerfile', '# escape=`\nFROM mcr.microsoft.com/windows/nanoserver\nCMD ["a", \'b\'] `\n  c\n');
    expect(imageOf(model)?.cmd).toMatchObject({ form: 'shell', script: `["a", 'b']   c`, argv: ['/bin/sh', '-c', `["a", 'b']   c`] });
  });

  it('names the line of what it cannot use', () => {
    const model = parseDockerfile('bad/Dockerfile', 'ENV A=1\nFROM alpine\nSHELL /bin/bash -c\n');
    expect(model.errors).toEqual([
      { file: 'bad/Dockerfile', line: 1, message: 'ENV before the first FROM' },
      { file: 'bad/Dockerfile', line: 3, message: 'SHELL needs the JSON form, e.g. SHELL ["/bin/bash", "-c"]' },
    ]);
    const result = analyze([], { images: { files: [{ path: 'bad/Dockerfile', content: 'ENV A=1\nFROM alpine\nSHELL /bin/bash -c\n' }, { path: 'ok/Dockerfile', content: 'FROM debian\nCMD sleep infinity\n' }] } });
    expect(result.errors.map((e) => `${e.file}:${e.line}`)).toEqual(['bad/Dockerfile:1', 'bad/Dockerfile:3']);
    expect(result.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual(['runtime/dockerfile-shell-form ok/Dockerfile:2']);
  });

  it('knows Dockerfile names', () => {
    expect(['Dockerfile', 'a/Containerfile', 'Dockerfile.prod', 'api.Dockerfile', 'Dockerfile.dockerignore', 'Dockerfiles/x.yaml'].map(isDockerfile)).toEqual([true, true, true, true, false, false]);
  });
});

describe('which Dockerfile builds which image', () => {
  it('reads build-push-action steps, resolving env, github.repository and metadata-action images', () => {
    const builds = buildsFromWorkflow(
      {
        path: '.github/workflows/ci.yml',
        content: `env:
  REGISTRY: ghcr.io
jobs:
  api:
    runs-on: ubuntu-latest
    steps:
      - id: meta
        uses: docker/metadata-action@v5
        with:
          images: |
            \${{ env.REGISTRY }}/\${{ github.repository }}
            docker.io/acme/api
      - uses: docker/build-push-action@v6
        with:
          context: services/api
          target: runtime
          tags: \${{ steps.meta.outputs.tags }}
      - uses: docker/build-push-action@v6
        with:
          file: tools/Dockerfile.migrate
          tags: ghcr.io/acme/migrate:latest, ghcr.io/acme/migrate:\${{ github.sha }}
      - uses: docker/build-push-action@v6
        with:
          context: https://github.com/acme/other.git
          tags: ghcr.io/acme/other:1
`,
      },
      'Acme/Shop',
    );
    expect(builds.map((b) => [b.repository, b.dockerfile, b.context, b.target ?? ''])).toEqual([
      ['ghcr.io/acme/shop', 'services/api/Dockerfile', 'services/api', 'runtime'],
      ['acme/api', 'services/api/Dockerfile', 'services/api', 'runtime'],
      ['ghcr.io/acme/migrate', 'tools/Dockerfile.migrate', '.', ''],
    ]);
  });

  it('reads skaffold artifacts and guesses by directory name only when unambiguous', () => {
    expect(buildsFromSkaffold({ path: 'deploy/skaffold.yaml', content: 'build:\n  artifacts:\n    - image: web\n      context: ../web\n      docker: {dockerfile: build/Dockerfile, target: prod}\n' })).toMatchObject([
      { repository: 'web', dockerfile: 'web/build/Dockerfile', context: 'web', target: 'prod' },
    ]);
    expect(guessBuild('ghcr.io/acme/api', ['services/api/Dockerfile', 'services/web/Dockerfile'])?.dockerfile).toBe('services/api/Dockerfile');
    expect(guessBuild('ghcr.io/acme/api', ['a/api/Dockerfile', 'b/api/Dockerfile'])).toBeUndefined();
    expect(normalizeRepository('docker.io/library/nginx:1.27@sha256:abc')).toBe('nginx');
  });

  it('reports a configured Dockerfile that is not there as an input error, other mappings as a notice', () => {
    const config = { ...defaultConfig, images: { 'ghcr.io/acme/api': { dockerfile: 'services/api/Dockerfile' } }, file: '.github/termination-guard.yml' };
    const workflow = { path: '.github/workflows/ci.yml', content: 'jobs:\n  b:\n    steps:\n      - uses: docker/build-push-action@v6\n        with: {context: web, tags: ghcr.io/acme/web:1}\n' };
    const result = analyze([], { config, images: { files: [workflow] } });
    expect(result.errors).toEqual([{ file: '.github/termination-guard.yml', line: 1, message: 'images: services/api/Dockerfile (for ghcr.io/acme/api) is not in the repository' }]);
    expect(result.notices).toEqual(['docker/build-push-action in .github/workflows/ci.yml (job b) builds ghcr.io/acme/web from web/Dockerfile, which is not in the tree']);
  });

  it('finds the build-context file a COPY put at a path, or on PATH', () => {
    const copies = [
      { sources: ['scripts/'], dest: '/opt/scripts/', line: 2 },
      { sources: ['docker-entrypoint.sh'], dest: '/usr/local/bin/', line: 3 },
      { sources: ['run.sh'], dest: '/app/start', line: 4 },
    ];
    expect(copiedSource(copies, 'svc', '/opt/scripts/boot.sh')).toBe('svc/scripts/boot.sh');
    expect(copiedSource(copies, 'svc', 'docker-entrypoint.sh')).toBe('svc/docker-entrypoint.sh');
    expect(copiedSource(copies, '.', '/app/start')).toBe('run.sh');
    expect(copiedSource(copies, '.', '/app/other')).toBeUndefined();
  });
});
