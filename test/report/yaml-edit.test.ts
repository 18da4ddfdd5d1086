import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { editObject } from '../../src/report/yaml-edit.js';

const web = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop' };

const commented = `# the web tier
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop # team shop
spec:
  template:
    spec:
      # long enough for the load balancer
      terminationGracePeriodSeconds: 30 # seconds
      containers:
        - name: app # the only one
          image: example/web:1
          # probes come later
      volumes: []
`;

const lines = (text: string) => text.split('\n');
const values = (text: string) => parseAllDocuments(text).map((d) => d.toJS());

describe('editObject', () => {
  it('changes only the edited tokens: comments and layout stay', () => {
    const edited = editObject(commented, web, [
      { path: ['spec', 'template', 'spec', 'terminationGracePeriodSeconds'], value: 45 },
      { path: ['spec', 'template', 'spec', 'containers', 0, 'lifecycle', 'preStop'], value: { sleep: { seconds: 10 } } },
    ]);
    expect(edited).toBeDefined();
    const after = lines(edited as string);
    expect(after[10]).toBe('      terminationGracePeriodSeconds: 45 # seconds');
    // Every original line but the edited one is still there, in order.
    expect(after.filter((line) => lines(commented).includes(line))).toEqual(lines(commented).filter((_, i) => i !== 10));
    expect(after.slice(13, 17)).toEqual(['          image: example/web:1', '          lifecycle:', '            preStop:', '              sleep:']);
  });

  it('keeps flow style, adding entries in flow style', () => {
    const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec: {replicas: 3, strategy: {type: Recreate}}\n';
    const edited = editObject(text, web, [
      { path: ['spec', 'strategy', 'type'], value: 'RollingUpdate' },
      { path: ['spec', 'strategy', 'rollingUpdate'], value: { maxSurge: 1, maxUnavailable: 0 } },
    ]);
    expect(edited).toBe('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec: {replicas: 3, strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}}\n');
  });

  it('finds quoted keys and keeps their quotes', () => {
    const text = "\"apiVersion\": apps/v1\n'kind': Deployment\nmetadata:\n  \"name\": web\n  namespace: 'shop'\n\"spec\":\n  'replicas': 1\n";
    const edited = editObject(text, web, [{ path: ['spec', 'replicas'], value: 2 }]);
    expect(edited).toBe("\"apiVersion\": apps/v1\n'kind': Deployment\nmetadata:\n  \"name\": web\n  namespace: 'shop'\n\"spec\":\n  'replicas': 2\n");
  });

  it('quotes strings that would read as another type, and keeps a value quoted as it was', () => {
    const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  a: "x"\n  b: 1\n';
    const edited = editObject(text, web, [
      { path: ['spec', 'a'], value: 'true' },
      { path: ['spec', 'b'], value: '10' },
      { path: ['spec', 'c'], value: 'on' },
    ]) as string;
    expect(values(edited)[0].spec).toEqual({ a: 'true', b: '10', c: 'on' });
    expect(edited).toContain('  a: "true"\n');
  });

  it('removes a first entry without disturbing the next one’s indentation', () => {
    const text = 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web, namespace: shop}\nspec:\n  minAvailable: 67% # too many\n  selector: {matchLabels: {app: web}}\n';
    const pdb = { ...web, apiVersion: 'policy/v1', kind: 'PodDisruptionBudget' };
    const edited = editObject(text, pdb, [
      { path: ['spec', 'minAvailable'], value: undefined },
      { path: ['spec', 'maxUnavailable'], value: 1 },
    ]);
    expect(edited).toBe('apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {matchLabels: {app: web}}\n  maxUnavailable: 1\n');
  });

  it('removes a first entry that comments follow, keeping their indentation', () => {
    const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  paused: true\n  # three is plenty\n  replicas: 3\n';
    expect(editObject(text, web, [{ path: ['spec', 'paused'], value: undefined }])).toBe('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  # three is plenty\n  replicas: 3\n');
  });

  it('edits the right object of a stream or a List, and keeps CRLF line ends', () => {
    const text = [
      'apiVersion: v1', 'kind: List', 'items:',
      '  - apiVersion: apps/v1', '    kind: Deployment', '    metadata: {name: api, namespace: shop}', '    spec: {replicas: 1}',
      '  - apiVersion: apps/v1', '    kind: Deployment', '    metadata: {name: web, namespace: shop}', '    spec:', '      replicas: 1', '',
    ].join('\r\n');
    const edited = editObject(text, web, [{ path: ['spec', 'paused'], value: false }]) as string;
    expect(edited.split('\r\n').slice(10)).toEqual(['    spec:', '      replicas: 1', '      paused: false', '']);
    expect(edited).not.toMatch(/[^\r]\n/);
  });

  it('gives no result where an edit cannot be expressed safely', () => {
    const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  replicas: 1\n  list: [a, b]\n';
    expect(editObject(text, web, [{ path: ['spec', 'replicas'], value: undefined }, { path: ['spec', 'list'], value: undefined }])).toBeUndefined(); // empties spec
    expect(editObject(text, web, [{ path: ['spec', 'list', 0], value: { x: 1 } }])).toBeUndefined();
    expect(editObject(text, web, [{ path: ['spec', 'list', 5, 'x'], value: 1 }])).toBeUndefined();
    expect(editObject(text, { ...web, name: 'other' }, [{ path: ['spec', 'replicas'], value: 2 }])).toBeUndefined();
    expect(editObject(`${text}  broken: [\n`, web, [{ path: ['spec', 'replicas'], value: 2 }])).toBeUndefined();
  });
});
