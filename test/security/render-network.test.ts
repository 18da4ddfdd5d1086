// Hostile pull requests, part 2 of issue 15: renders never reach the network. A chart or an
// overlay that points at a server must not make helm or kustomize contact it: a loopback server
// stands in for the attacker's host and must see no request, whatever the render then says.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkJson } from '../cli-in-process.js';
import { findTool, renderIsolation } from '../../src/sources/render/tools.js';
import { writeTree } from '../helpers.js';

const helm = findTool('helm');
const kustomize = findTool('kustomize');

let server: Server;
let port = 0;
const seen: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    seen.push(`${request.method} ${request.url}`);
    response.end('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: remote}\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const tree = (files: Record<string, string>) => writeTree(files, 'tg-render-net-');

const check = (cwd: string) => checkJson<{ errors: { file: string; line: number; message: string }[] }>(cwd, ['.']);

describe('renders never touch the network', () => {
  it('runs the tools in a network namespace of their own where the platform allows one', () => {
    // This machine (Linux, root or user namespaces) allows one; elsewhere the proxy variables remain.
    if (process.platform === 'linux') expect(renderIsolation()[0]).toBe('unshare');
  });

  it.skipIf(!kustomize)('kustomize does not fetch a remote resource', async () => {
    const dir = tree({
      'overlay/kustomization.yaml': `resources:\n  - http://127.0.0.1:${port}/remote.yaml\n  - deployment.yaml\n`,
      'overlay/deployment.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: local}\n',
    });
    const { code, report } = await check(dir);
    expect(seen).toEqual([]);
    expect(code).toBe(1);
    expect(report.errors).toContainEqual({ file: 'overlay/kustomization.yaml', line: 2, message: `not built: \`http://127.0.0.1:${port}/remote.yaml\` is a remote reference (renders never fetch anything)` });
  });

  it.skipIf(!kustomize)('kustomize does not read a resource outside the repository, even from its temporary copy', async () => {
    const dir = tree({ 'overlay/kustomization.yaml': 'resources:\n  - ../../../../../../etc/hostname\n', 'x.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n' });
    const { report } = await check(dir);
    expect(report.errors).toContainEqual({ file: 'overlay/kustomization.yaml', line: 2, message: 'not built: `../../../../../../etc/hostname` is outside the repository' });
  });

  it.skipIf(!helm)("helm does not fetch a values schema's $ref", async () => {
    const dir = tree({
      'chart/Chart.yaml': 'apiVersion: v2\nname: chart\nversion: 0.1.0\n',
      'chart/values.yaml': 'replicas: 1\n',
      'chart/values.schema.json': JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', $ref: `http://127.0.0.1:${port}/schema.json` }),
      'chart/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\ndata: {replicas: "{{ .Values.replicas }}"}\n',
    });
    const { report } = await check(dir);
    expect(seen).toEqual([]);
    expect(report.errors).toContainEqual({ file: 'chart/values.schema.json', line: 1, message: `chart not rendered: the values schema refers to \`http://127.0.0.1:${port}/schema.json\`, outside itself (renders never fetch anything)` });
  });

  it.skipIf(!helm)('helm is not given a values file outside the repository', async () => {
    const dir = tree({
      'chart/Chart.yaml': 'apiVersion: v2\nname: chart\nversion: 0.1.0\n',
      'chart/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\n',
      '.github/termination-guard.yml': 'render:\n  values:\n    chart:\n      - [../../../../../../root/.docker/config.json]\n',
    });
    const { report } = await check(dir);
    expect(report.errors).toContainEqual({ file: 'chart/Chart.yaml', line: 1, message: 'not rendered with values ../../../../../../root/.docker/config.json: `../../../../../../root/.docker/config.json` is outside the repository' });
  });
});
