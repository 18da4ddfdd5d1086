import { describe, expect, it } from 'vitest';
import { documentHead, topLevelKind } from '../../src/manifests/document-head.js';
import { locate } from '../../src/manifests/locate.js';
import { parseManifestFile } from '../../src/manifests/parse.js';

const crd = `---
# a CRD: only its head is read
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition   # inert
metadata:
  name: widgets.example.com
  labels: {app: widgets}
  # a comment at the metadata's indentation
  annotations:
    note: |
      kind: Deployment
spec:
  group: example.com
  versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}}]
`;

describe('documentHead', () => {
  it('reads kind and the apiVersion/kind/metadata lines of a block document', () => {
    expect(topLevelKind(crd)).toBe('CustomResourceDefinition');
    const head = documentHead(crd);
    expect(head?.kind).toBe('CustomResourceDefinition');
    expect(head?.text).toContain('note: |\n      kind: Deployment');
    expect(head?.text).not.toContain('spec:');
  });

  it('gives up (the caller parses everything) on anything unusual', () => {
    expect(documentHead('{"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "a"}}')).toBeUndefined();
    expect(documentHead('apiVersion: v1\nkind: Secret\nkind: Role\nmetadata: {name: a}\n')).toBeUndefined();
    expect(documentHead('apiVersion: v1\nkind: !!str Secret\nmetadata: {name: a}\n')).toBeUndefined();
    expect(documentHead('apiVersion: v1\nkind:\n  Secret\nmetadata: {name: a}\n')).toBeUndefined();
    expect(documentHead('apiVersion: v1\nkind: Secret\n')).toBeUndefined();
    expect(topLevelKind('spec:\n  kind: Secret\n')).toBeUndefined();
  });
});

describe('inert kinds', () => {
  it('are read from their head: metadata kept, body never parsed', () => {
    // The body is not YAML at all: a CRD's body is never read, so it cannot fail the file.
    const parsed = parseManifestFile({ path: 'crd.yaml', content: `${crd}  broken: [\n` });
    expect(parsed.errors).toEqual([]);
    expect(parsed.objects.map((o) => o.raw)).toEqual([
      {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'widgets.example.com', labels: { app: 'widgets' }, annotations: { note: 'kind: Deployment\n' } },
      },
    ]);
  });

  it('still locate their fields when asked (the whole document is parsed then)', () => {
    const [object] = parseManifestFile({ path: 'crd.yaml', content: crd }).objects;
    expect(locate(object.source, ['metadata', 'labels', 'app'])).toMatchObject({ line: 7, exact: true });
    expect(locate(object.source, ['spec', 'versions', 0])).toMatchObject({ line: 14, exact: true });
  });

  it('are parsed whole when the head cannot stand alone (an alias into the body)', () => {
    const content = 'apiVersion: v1\nkind: Secret\nx: &labels {app: a}\nmetadata:\n  name: s\n  labels: *labels\n';
    const parsed = parseManifestFile({ path: 's.yaml', content });
    expect(parsed.errors).toEqual([]);
    expect(parsed.objects[0].raw).toEqual({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', labels: { app: 'a' } } });
  });

  it('report a malformed head like any document', () => {
    const parsed = parseManifestFile({ path: 'r.yaml', content: 'apiVersion: v1\nkind: Role\nmetadata:\n  name: [r\n---\napiVersion: v1\nkind: Role\nmetadata: {name: ok}\n' });
    expect(parsed.objects.map((o) => o.ref.name)).toEqual(['ok']);
    expect(parsed.errors).toMatchObject([{ file: 'r.yaml', line: 5, message: expect.stringMatching(/^invalid YAML/) }]);
  });
});
