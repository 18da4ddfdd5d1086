// The bodies the analysis reads only the head of (a Secret, a CRD): their YAML errors are still
// input errors with file and line, whether checked on the spot or in the bundle's worker thread.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { analyze } from '../../src/analysis/engine.js';
import { parseManifestFile, unreadBodyErrors } from '../../src/manifests/parse.js';
import { startBodyCheck, withoutRepeats } from '../../src/sources/body-check.js';
import { defaultConfig } from '../../src/analysis/config.js';

const brokenSecret = `apiVersion: v1
kind: Secret
metadata:
  name: db
stringData:
  user: app
  password: "unclosed
  host: db
`;
const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers: [{name: api, image: ghcr.io/acme/api:1}]
`;
const brokenCrd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  names: {kind: Widget, plural: widgets}
  versions:
    - name: v1
     served: true
`;

describe('unread bodies', () => {
  it('are read head-only by the parser, which alone would miss their errors', () => {
    const parsed = parseManifestFile({ path: 'deploy/a.yaml', content: `${brokenSecret}---\n${deployment}` });
    expect(parsed.errors).toEqual([]);
    expect(parsed.objects.map((o) => o.ref.kind)).toEqual(['Secret', 'Deployment']);
  });

  it('have their YAML errors found at their lines, the neighbours untouched', () => {
    const errors = unreadBodyErrors({ path: 'deploy/a.yaml', content: `${deployment}---\n${brokenSecret}---\n${brokenCrd}` });
    expect(errors.map((e) => [e.file, e.line])).toEqual([
      ['deploy/a.yaml', 17], // where the unclosed quote opens
      ['deploy/a.yaml', 29], // the misindented key
    ]);
    expect(errors.every((e) => e.message.startsWith('invalid YAML: '))).toBe(true);
  });

  it('point at the opening quote of a scalar that is never closed, whichever quote and escapes', () => {
    const lineOfError = (content: string) => parseManifestFile({ path: 'a.yaml', content }).errors.map((e) => e.line);
    expect(lineOfError("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  a: 'it''s\n  b: 2\n  # more\n")).toEqual([5]);
    expect(lineOfError('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  a: "say \\"hi\\"\n  b: 2\n\n\n')).toEqual([5]);
  });

  it('follow the analysis in which files count: ignorePaths and non-manifest files are left alone', async () => {
    const files = [
      { path: 'deploy/a.yaml', content: brokenSecret },
      { path: 'vendor/b.yaml', content: brokenSecret },
    ];
    expect((await startBodyCheck(files, { ...defaultConfig, ignorePaths: ['vendor/**'] }).finish()).map((e) => e.file)).toEqual(['deploy/a.yaml']);
    expect(unreadBodyErrors({ path: 'a.json', content: '{"apiVersion": "v1", "kind": "Secret"' })).toEqual([]);
  });

  it('are left to the render tool in rendered output, which it has parsed whole', async () => {
    const origin = { render: 'chart charts/db', file: 'charts/db/templates/secret.yaml', map: () => undefined };
    expect(await startBodyCheck([{ path: 'charts/db (rendered)', content: brokenSecret, origin }], defaultConfig).finish()).toEqual([]);
    expect((await startBodyCheck([{ path: 'deploy/db.yaml', content: brokenSecret }], defaultConfig).finish()).length).toBe(1);
  });

  it('are not reported twice when the analysis read the chunk whole', async () => {
    // A head that cannot stand alone (an alias into the body) makes the parser read it all.
    const secret = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: &n db\n  labels: {a: *n}\nstringData:\n  p: "x\n';
    const files = [{ path: 'a.yaml', content: secret }];
    const analysed = analyze(files);
    const body = await startBodyCheck(files, defaultConfig).finish();
    expect(analysed.errors.length + body.length).toBe(2);
    expect(withoutRepeats(body, analysed.errors).length + analysed.errors.length).toBe(1);
  });

  it('fail the gate through the bundle, checked in its worker thread on a large tree', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-body-check-'));
    try {
      // Over a MiB of manifests (the worker's threshold), one broken Secret among them.
      for (let i = 0; i < 400; i++) writeFileSync(join(dir, `app-${i}.yaml`), `${deployment.replaceAll('api', `api${i}`)}---\n${brokenSecret.replace('"unclosed', i === 123 ? '"unclosed' : 'closed').replace('  host: db\n', `  host: db\n${'  # padding\n'.repeat(200)}`)}`);
      let output = '';
      let status = 0;
      try {
        output = execFileSync(process.execPath, [join(inject('freshDist'), 'cli.js'), 'check', dir, '--no-render', '--format', 'json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      } catch (error) {
        const failed = error as { status: number; stdout: string };
        status = failed.status;
        output = failed.stdout;
      }
      const report = JSON.parse(output) as { errors: { file: string; line: number; message: string }[] };
      expect(status).toBe(1);
      expect(report.errors.map((e) => [e.file.replace(`${dir}/`, ''), e.line])).toEqual([['app-123.yaml', 17]]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
