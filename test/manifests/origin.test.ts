import { describe, expect, it } from 'vitest';
import { buildOrigin } from '../../src/manifests/origin.js';

describe('buildOrigin', () => {
  it('maps a rendered line to its template line when asked', () => {
    const template = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  replicas: {{ .Values.replicas }}\n';
    const rendered = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n';
    const origin = buildOrigin('chart web', rendered, [{ file: 'web/templates/deploy.yaml', content: template }], 'web/templates/deploy.yaml');
    expect(origin.map(2)).toEqual({ file: 'web/templates/deploy.yaml', line: 2, exact: true, sameText: true });
    expect(origin.map(6)).toMatchObject({ file: 'web/templates/deploy.yaml', line: 6, exact: false });
  });

  it('aligns nothing until a line is looked up: a render of large CRDs without findings costs no alignment', () => {
    // 70,000 × 70,000 lines: an eager weighted LCS table would need 4.9e9 cells (it threw
    // RangeError here, and smaller renders of this shape took tens of seconds and GBs).
    const lines = Array.from({ length: 70_000 }, (_, i) => `      field${i}: {type: string}`).join('\n');
    const started = performance.now();
    const origin = buildOrigin('overlay crds', lines, [{ file: 'crds/big.yaml', content: lines }], 'crds/big.yaml');
    expect(origin.file).toBe('crds/big.yaml');
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
