// The CLI as a real process, from a bundle built from the current source.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { ruleMetas } from '../src/rules/index.js';
import { repoRoot } from './helpers.js';

function cli(args: string[], cwd = repoRoot) {
  const result = spawnSync(process.execPath, [join(inject('freshDist'), 'cli.js'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('termination-guard CLI', () => {
  it('fails the gate on the broken examples and prints the checklist', () => {
    const { code, stdout } = cli(['check', 'examples/']);
    expect(code).toBe(1);
    expect(stdout).toContain('DaemonSet monitoring/node-exporter  examples/node-exporter/broken/daemonset.yaml:6');
    expect(stdout).toContain('node/rolling-update-invalid');
    expect(stdout).toMatch(/gate FAIL: 7 new errors block this merge \(fail on new-errors\)/);
  });

  it('passes on a clean workload and with --fail-on never', () => {
    expect(cli(['check', 'examples/payments-api']).code).toBe(0);
    expect(cli(['check', 'examples/', '--fail-on', 'never']).code).toBe(0);
  });

  it('writes the JSON contract', () => {
    const { code, stdout } = cli(['check', 'examples/shop-frontend', '--format', 'json']);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.kubernetesVersion).toBe('1.34');
    expect(Object.keys(report.findings[0])).toEqual(expect.arrayContaining(['ruleId', 'severity', 'layer', 'message', 'object', 'file', 'line', 'endLine', 'remediation', 'docsUrl']));
    expect(report.summary).toMatchObject({ gate: 'fail', failOn: 'new-errors' });
  });

  it('reads the version from the flag and the config file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-cli-'));
    writeFileSync(join(dir, 'app.yaml'), readFileSync(join(repoRoot, 'test/fixtures/rules/pod/sleep-action-unsupported/good/valid.yaml')));
    expect(cli(['check', '.', '--kubernetes-version', '1.29', '--format', 'json'], dir).stdout).toContain('pod/sleep-action-unsupported');
    expect(cli(['check', '.', '--format', 'json'], dir).stdout).not.toContain('pod/sleep-action-unsupported');
    writeFileSync(join(dir, 'tg.yml'), 'kubernetesVersion: "1.29"\n');
    const { stdout } = cli(['check', 'app.yaml', '--config', 'tg.yml', '--format', 'json'], dir);
    expect(JSON.parse(stdout).kubernetesVersion).toBe('1.29');
  });

  it('writes SARIF and Markdown to a file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-cli-'));
    expect(cli(['check', 'examples/', '--format', 'sarif', '--output', join(dir, 'out.sarif')]).code).toBe(1);
    expect(JSON.parse(readFileSync(join(dir, 'out.sarif'), 'utf8')).version).toBe('2.1.0');
    expect(cli(['check', 'examples/session-cache', '--format', 'markdown', '--output', join(dir, 'out.md')]).code).toBe(1);
    expect(readFileSync(join(dir, 'out.md'), 'utf8')).toContain('<details><summary>❌ StatefulSet shop/session-cache');
  });

  it('exits 2 with a clear message on usage and environment errors', () => {
    expect(cli(['check', 'no/such/dir'])).toMatchObject({ code: 2, stderr: 'termination-guard: path not found: no/such/dir\n' });
    expect(cli(['check', '--format', 'xml']).code).toBe(2);
    expect(cli(['check', '--kubernetes-version', 'latest']).stderr).toContain('--kubernetes-version: "latest" is not a version like 1.31 (known: 1.20–1.36)');
    // A version our facts do not cover would be judged with guessed feature states.
    expect(cli(['check', '--kubernetes-version', '1.99'])).toMatchObject({ code: 2, stderr: expect.stringContaining('Kubernetes 1.99 is outside the versions termination-guard knows (1.20–1.36)') });
    expect(cli(['frobnicate']).code).toBe(2);
    expect(cli(['check', '--config', 'missing.yml']).stderr).toContain('config file not found: missing.yml');
    // An existing path with nothing to analyse is a mistake too, not "0 files, gate PASS".
    const empty = mkdtempSync(join(tmpdir(), 'tg-cli-empty-'));
    expect(cli(['check', empty])).toMatchObject({ code: 2, stderr: expect.stringContaining('nothing was analysed (check the paths)') });
  });

  it('reports bad files and keeps going', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-cli-'));
    writeFileSync(join(dir, 'a-broken.yaml'), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: [\n');
    writeFileSync(join(dir, 'b-binary.yaml'), Buffer.from([0x6b, 0x00, 0xff, 0xfe]));
    writeFileSync(join(dir, 'c-ok.yaml'), readFileSync(join(repoRoot, 'test/fixtures/rules/node/daemonset-on-delete/bad/on-delete.yaml')));
    const { code, stdout } = cli(['check', '.', '--format', 'json'], dir);
    // What could not be analysed fails the gate (it could hide anything), and names itself.
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.errors.map((e: { file: string }) => e.file)).toEqual(['a-broken.yaml', 'b-binary.yaml']);
    expect(report.summary.headline).toBe('2 changed inputs that could not be analysed (a-broken.yaml, b-binary.yaml) block this merge');
    expect(report.findings.map((f: { ruleId: string }) => f.ruleId)).toContain('node/daemonset-on-delete');
  });

  it('reads the examples by their absolute path from elsewhere, Dockerfile evidence included', () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'tg-cli-elsewhere-'));
    const report = JSON.parse(cli(['check', join(repoRoot, 'examples'), '--format', 'json'], elsewhere).stdout);
    const shellPid1 = report.findings.filter((f: { ruleId: string }) => f.ruleId === 'runtime/shell-pid1').map((f: { object: { name: string } }) => f.object.name);
    expect(shellPid1.sort()).toEqual(['checkout-api', 'session-cache']);
    // SARIF names such files by a file: URI with no source-root base (SARIF1004 otherwise).
    const sarif = JSON.parse(cli(['check', join(repoRoot, 'examples'), '--format', 'sarif'], elsewhere).stdout);
    const location = sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation;
    expect(location.uri).toMatch(/^file:\/\/\/.*\/examples\//);
    expect(location.uriBaseId).toBeUndefined();
  });

  it('prints help, version and the rule list', () => {
    expect(cli(['--help']).stdout).toContain('Usage: termination-guard check');
    expect(cli(['--version']).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(cli(['rules']).stdout.split('\n').filter(Boolean)).toHaveLength(ruleMetas.length);
  });
});
