// The YAML the render layer reads and writes itself (no tools needed): Chart.yaml names,
// kustomization files and the copy with origin annotations handed to `kustomize build`.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { InputError } from '../../src/manifests/objects.js';
import { chartName } from '../../src/sources/render/helm.js';
import { kustomizeRoot, withOriginAnnotations } from '../../src/sources/render/kustomize.js';
import type { TreeReader } from '../../src/sources/tree.js';

function memoryTree(files: Record<string, string>): TreeReader {
  const paths = Object.keys(files).sort();
  return {
    label: 'memory',
    files: async (dir) => paths.filter((p) => dir === '' || dir === '.' || p === dir || p.startsWith(`${dir}/`)),
    read: async (path) => (path in files ? Buffer.from(files[path]) : undefined),
  };
}

describe('withOriginAnnotations', () => {
  it('adds originAnnotations and keeps the rest of the file as written', () => {
    const text = '# the app overlay\nresources:\n  - deployment.yaml # the app\n  - "service.yaml"\nnamePrefix: prod-\n';
    const out = withOriginAnnotations(text);
    expect(out).toContain('# the app overlay');
    expect(out).toContain('- deployment.yaml # the app');
    expect(out).toContain('- "service.yaml"');
    expect(parse(out)).toEqual({ resources: ['deployment.yaml', 'service.yaml'], namePrefix: 'prod-', buildMetadata: ['originAnnotations'] });
  });

  it('extends an existing buildMetadata list once, and starts an empty file', () => {
    expect(parse(withOriginAnnotations('buildMetadata: [managedByLabel]\n'))).toEqual({ buildMetadata: ['managedByLabel', 'originAnnotations'] });
    expect(parse(withOriginAnnotations('buildMetadata:\n  - originAnnotations\n'))).toEqual({ buildMetadata: ['originAnnotations'] });
    expect(parse(withOriginAnnotations(''))).toEqual({ buildMetadata: ['originAnnotations'] });
  });

  it('refuses invalid YAML and non-mappings (the build reports them)', () => {
    expect(() => withOriginAnnotations('resources: [a\n')).toThrow();
    expect(() => withOriginAnnotations('- a\n')).toThrow(/mapping/);
  });
});

describe('kustomization files', () => {
  it('reports an invalid kustomization at the line of the problem', async () => {
    const errors: InputError[] = [];
    await kustomizeRoot(memoryTree({ 'app/kustomization.yaml': 'resources:\n  - a.yaml\nnamePrefix: x\nnamePrefix: y\n' }), 'app', errors);
    expect(errors).toEqual([{ file: 'app/kustomization.yaml', line: 4, message: 'invalid kustomization: duplicate key namePrefix (map keys must be unique)' }]);
  });
});

describe('chartName', () => {
  it('reads the name from Chart.yaml, else the directory', () => {
    expect(chartName('apiVersion: v2\nname: "web" # the chart\n', 'charts/x')).toBe('web');
    expect(chartName('name: [broken\n', 'charts/x')).toBe('x');
    expect(chartName(undefined, 'charts/y')).toBe('y');
  });
});
