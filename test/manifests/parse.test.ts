import { describe, expect, it } from 'vitest';
import { locate } from '../../src/manifests/locate.js';
import { parseManifestFile, splitDocuments } from '../../src/manifests/parse.js';
import { analyze } from '../../src/analysis/engine.js';

const deployment = `# leading comment
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    spec:
      terminationGracePeriodSeconds: 10
      containers:
        - name: app
          image: example/web:1
          lifecycle:
            preStop:
              exec:
                command: ["sh", "-c", "sleep 5"]
`;

describe('parseManifestFile', () => {
  it('keeps the line of every field, and resolves missing fields to their parent', () => {
    const { objects, errors } = parseManifestFile({ path: 'web.yaml', content: deployment });
    expect(errors).toEqual([]);
    expect(objects).toHaveLength(1);
    const [web] = objects;
    expect(web.ref).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop' });
    expect(locate(web.source, ['metadata', 'name'])).toMatchObject({ line: 6, endLine: 6, exact: true });
    expect(locate(web.source, ['spec', 'template', 'spec', 'terminationGracePeriodSeconds'])).toMatchObject({ line: 11, exact: true });
    expect(locate(web.source, ['spec', 'template', 'spec', 'containers', 0])).toMatchObject({ line: 13, endLine: 18 });
    expect(locate(web.source, ['spec', 'template', 'spec', 'containers', 0, 'lifecycle', 'preStop', 'exec', 'command'])).toMatchObject({ line: 18 });
    expect(locate(web.source, ['spec', 'template', 'spec', 'containers', 0, 'readinessProbe'])).toMatchObject({ line: 13, exact: false });
  });

  it('reads multi-document streams, List objects and JSON', () => {
    const stream = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Service
    metadata: {name: a}
  - apiVersion: v1
    kind: Service
    metadata:
      name: b
---
apiVersion: v1
kind: ConfigMap
metadata: {name: c}
`;
    const parsed = parseManifestFile({ path: 'list.yaml', content: stream });
    expect(parsed.objects.map((o) => o.ref.name)).toEqual(['a', 'b', 'c']);
    expect(locate(parsed.objects[1].source, ['metadata', 'name'])).toMatchObject({ line: 10 });
    expect(locate(parsed.objects[2].source, ['metadata', 'name'])).toMatchObject({ line: 14 });
    const json = parseManifestFile({ path: 'svc.json', content: '{\n  "apiVersion": "v1",\n  "kind": "Service",\n  "metadata": {\n    "name": "j"\n  }\n}\n' });
    expect(json.objects[0].ref.name).toBe('j');
    expect(locate(json.objects[0].source, ['metadata', 'name'])).toMatchObject({ line: 5 });
  });

  it('skips non-Kubernetes YAML quietly', () => {
    const parsed = parseManifestFile({ path: '.github/workflows/ci.yml', content: 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n' });
    expect(parsed).toMatchObject({ objects: [], errors: [], skippedDocuments: 1 });
  });

  it('reads a JSON file only when it holds a Kubernetes object (JSON with comments is not ours)', () => {
    const launch = parseManifestFile({ path: '.vscode/launch.json', content: '{\n  // debug the app\n  "version": "0.2.0",\n  "configurations": []\n}\n' });
    expect(launch).toMatchObject({ errors: [], objects: [], skippedDocuments: 1 });
    const broken = parseManifestFile({ path: 'deploy/pod.json', content: `{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}\n` });
    expect(broken.errors).toHaveLength(1);
  });

  it('reports malformed YAML with its line and still reads the other documents', () => {
    const content = `apiVersion: v1
kind: Service
metadata: {name: ok-before}
---
apiVersion: v1
kind: Service
metadata:
  name: broken
   labels: {a: b}
---
apiVersion: v1
kind: Service
metadata: {name: ok-after}
`;
    const parsed = parseManifestFile({ path: 'mixed.yaml', content });
    expect(parsed.objects.map((o) => o.ref.name)).toEqual(['ok-before', 'ok-after']);
    expect(parsed.errors).toHaveLength(1);
    // The `yaml` parser reads `name: broken\n   labels` as one multi-line key: the error starts on its first line.
    expect(parsed.errors[0]).toMatchObject({ file: 'mixed.yaml', line: 8 });
    expect(parsed.errors[0].message).toMatch(/invalid YAML/);
  });

  it('rejects YAML alias bombs without expanding them', () => {
    const bomb = ['apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: lol}', 'data:', '  a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) bomb.push(`  ${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const started = performance.now();
    const parsed = parseManifestFile({ path: 'bomb.yaml', content: `${bomb.join('\n')}\n` });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(parsed.objects).toEqual([]);
    expect(parsed.errors[0]).toMatchObject({ file: 'bomb.yaml', line: 1 });
    expect(parsed.errors[0].message).toMatch(/alias bomb/);
  });

  it('reports binary, oversized and nameless input', () => {
    expect(parseManifestFile({ path: 'x.yaml', content: 'kind: A\n\u0000\u0001' }).errors[0]).toMatchObject({ line: 2, message: expect.stringMatching(/binary/) });
    const big = parseManifestFile({ path: 'big.yaml', content: 'a: 1\n' }, { maxFileBytes: 3, maxExpandedNodes: 10 });
    expect(big.errors[0].message).toMatch(/over the/);
    const nameless = parseManifestFile({ path: 'n.yaml', content: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {}\n' });
    expect(nameless.errors[0]).toMatchObject({ line: 1, message: 'Deployment has no metadata.name; it was not analysed' });
  });

  it('rejects duplicate keys like the API server', () => {
    const parsed = parseManifestFile({ path: 'dup.yaml', content: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  name: b\n' });
    expect(parsed.errors[0].message).toMatch(/duplicate/i);
  });

  it('splits streams only at document markers', () => {
    expect(splitDocuments('a: 1\n---\nb: |\n  ---not a marker\n--- # c\nc: 3\n').map((d) => d.text)).toEqual(['a: 1\n', '---\nb: |\n  ---not a marker\n', '--- # c\nc: 3\n']);
  });

  it('never lets one bad file hide the findings of another', () => {
    const result = analyze([
      { path: 'bad.yaml', content: 'apiVersion: v1\nkind: [\n' },
      { path: 'good.yaml', content: 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: d}\nspec:\n  updateStrategy: {type: OnDelete}\n  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    spec:\n      containers: [{name: c, image: i}]\n' },
    ]);
    expect(result.errors.map((e) => e.file)).toEqual(['bad.yaml']);
    expect(result.findings.map((f) => f.ruleId)).toContain('node/daemonset-on-delete');
  });
});

describe('position trees of kinds findings do not land on', () => {
  it('are parsed again when asked: a Service still locates its fields, a Deployment keeps its tree', async () => {
    const { resolveOffsets, lineOf } = await import('../../src/manifests/yaml-positions.js');
    const content = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n    - port: 80\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n';
    const { objects } = parseManifestFile({ path: 'web.yaml', content });
    const [service, deployment] = objects;
    const line = (o: typeof service, path: (string | number)[]) => lineOf(o!.source.lineStarts, o!.source.offset + resolveOffsets(o!.source.positions(), path).start);
    expect(line(service, ['spec', 'ports', 0, 'port'])).toBe(7);
    expect(line(deployment, ['spec', 'replicas'])).toBe(14);
    deployment!.source.release();
    expect(line(deployment, ['spec', 'replicas'])).toBe(14);
  });
});
