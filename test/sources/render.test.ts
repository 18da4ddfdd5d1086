// Helm charts and Kustomize overlays rendered with the real tools (built by scripts/setup-tools.mjs),
// on the corpus' charts and overlays and on small charts made here: where findings point, how
// renders stay apart, and what happens when a tool is missing, fails or hangs.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkJson } from '../cli-in-process.js';
import { findTool } from '../../src/sources/render/tools.js';
import { corpusDir, makeGitRepo, writeTree } from '../helpers.js';
import { chart, preStopPatch, webDocuments } from '../web-fixture.js';

// The corpus sits beside the project (../shared/corpus); a bare clone elsewhere has none.
const hasCorpus = existsSync(corpusDir);
const helm = findTool('helm');
const kustomize = findTool('kustomize');
const why = (name: string) => `${name} is not installed: run npm run setup-tools (npm test does)`;

interface JsonReport {
  findings: { ruleId: string; file: string; line: number; render?: string; renders?: string[]; status?: string; severity: string; message: string; object: { kind: string; name: string } }[];
  errors: { file: string; line: number; message: string }[];
  comparison?: { fixed: { ruleId: string; render?: string }[] };
  summary: Record<string, unknown>;
}

const check = (cwd: string, args: string[]) => checkJson<JsonReport>(cwd, args);

const tree = (files: Record<string, string>) => writeTree(files, 'tg-render-test-');

const lineOf = (dir: string, file: string, line: number) => execFileSync('sed', ['-n', `${line}p`, join(dir, file)], { encoding: 'utf8' }).trim();

const saved = { helm: process.env.TG_HELM, kustomize: process.env.TG_KUSTOMIZE };
afterEach(() => {
  for (const [key, value] of [['TG_HELM', saved.helm], ['TG_KUSTOMIZE', saved.kustomize]] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

describe.skipIf(!helm)(`Helm charts (${helm ? 'helm available' : why('helm')})`, () => {
  it.skipIf(!hasCorpus)('renders the corpus node-exporter chart once per values set and analyses each', async () => {
    const root = join(corpusDir, 'prometheus-community__helm-charts');
    const { report } = await check(root, ['charts/prometheus-node-exporter']);
    expect(report.errors).toEqual([]);
    const renders = new Set(report.findings.flatMap((f) => f.renders ?? []));
    expect([...renders].sort()).toEqual(
      ['default values', ...['common-labels', 'default', 'distroless', 'kube-rbac-proxy-tlssecret', 'networkpolicy', 'pod-labels', 'port', 'service-labels', 'serviceport'].map((v) => `values ci/${v}-values.yaml`)].map(
        (v) => `chart charts/prometheus-node-exporter · ${v}`,
      ).sort(),
    );
    // Every finding points into a template of the chart, at a line that exists there.
    for (const finding of report.findings) {
      expect(finding.file).toMatch(/^charts\/prometheus-node-exporter\/templates\/[\w.-]+\.yaml$/);
      expect(lineOf(root, finding.file, finding.line)).not.toBe('');
    }
  });

  it.skipIf(!hasCorpus)('reports a problem the loki-distributed chart has in every values set once, naming the values sets', async () => {
    const root = join(corpusDir, 'grafana__helm-charts');
    const { report } = await check(root, ['charts/loki-distributed']);
    expect(report.errors).toEqual([]);
    const chartRenders = ['default values', ...['cache', 'default', 'ingress', 'persistence'].map((v) => `values ci/${v}-values.yaml`)].map((v) => `chart charts/loki-distributed · ${v}`);
    // Two single-replica Deployments roll out with maxSurge 0: two problems, once each (it was
    // one error per values set, ten in all).
    const errors = report.findings.filter((f) => f.severity === 'error');
    expect(errors.map((f) => `${f.ruleId} ${f.object.name}`).sort()).toEqual(['node/rollout-full-outage loki-distributed-distributor', 'node/rollout-full-outage loki-distributed-query-frontend']);
    for (const error of errors) expect(error).toMatchObject({ render: chartRenders[0], renders: chartRenders });
    expect(report.summary).toMatchObject({ errors: 2 });
    // No two findings left that differ only in their render.
    const identities = report.findings.map((f) => JSON.stringify([f.ruleId, f.object, f.file, f.line, f.message]));
    expect(new Set(identities).size).toBe(identities.length);
  }, 60_000);

  it.skipIf(!hasCorpus)('traefik: an IngressClass with the pods\' labels owns no pods, so minAvailable 3 of 3 replicas blocks drains', async () => {
    const root = join(corpusDir, 'traefik__traefik-helm-chart');
    const { report } = await check(root, ['traefik', '--set', 'deployment.replicas=3', '--set', 'podDisruptionBudget.enabled=true', '--set', 'podDisruptionBudget.minAvailable=3']);
    expect(report.errors).toEqual([]);
    expect(report.findings.filter((f) => f.ruleId === 'cluster/pdb-blocks-drain')).toEqual([
      expect.objectContaining({ object: expect.objectContaining({ kind: 'PodDisruptionBudget', name: 'traefik' }), message: expect.stringContaining('minAvailable: 3 with 3 expected pods allows 0 disruptions') }),
    ]);
  });

  it.skipIf(!hasCorpus)('cert-manager: the ServiceMonitor sharing the controller\'s labels does not hide the drain-blocking PDB', async () => {
    const root = join(corpusDir, 'cert-manager__cert-manager');
    const args = ['deploy/charts/cert-manager', '--set', 'replicaCount=2', '--set', 'podDisruptionBudget.enabled=true', '--set', 'podDisruptionBudget.minAvailable=2'];
    for (const serviceMonitor of ['false', 'true']) {
      const { report } = await check(root, [...args, '--set', `prometheus.servicemonitor.enabled=${serviceMonitor}`]);
      expect(report.errors).toEqual([]);
      expect(report.findings.filter((f) => f.ruleId === 'cluster/pdb-blocks-drain').map((f) => f.message), `ServiceMonitor ${serviceMonitor}`).toEqual([expect.stringContaining('minAvailable: 2 with 2 expected pods allows 0 disruptions')]);
    }
  });

  it.skipIf(!hasCorpus)('points the podinfo chart\'s one-replica rollout at the template line that sets maxUnavailable', async () => {
    const root = join(corpusDir, 'stefanprodan__podinfo');
    const { report } = await check(root, ['charts/podinfo']);
    const outage = report.findings.find((f) => f.ruleId === 'node/rollout-full-outage');
    expect(outage?.file).toBe('charts/podinfo/templates/deployment.yaml');
    expect(lineOf(root, outage?.file as string, outage?.line as number)).toMatch(/maxUnavailable|rollingUpdate|strategy/);
  });

  it('renders with --values / --set instead of the chart\'s own sets', async () => {
    const dir = tree(chart('45'));
    const { report } = await check(dir, ['chart', '--set', 'grace=10']);
    expect(new Set(report.findings.map((f) => f.render))).toEqual(new Set(['chart chart · values --set grace=10']));
    expect(report.findings.find((f) => f.ruleId === 'pod/prestop-exceeds-grace')).toMatchObject({ file: 'chart/templates/deployment.yaml', line: 29 });
  });

  it('renders a vendored subchart with its parent and points into the subchart\'s template', async () => {
    const sub = chart('0', {}, 'parent/charts/web');
    const dir = tree({
      'parent/Chart.yaml': 'apiVersion: v2\nname: parent\nversion: 0.1.0\ndependencies:\n  - name: web\n    version: 0.1.0\n',
      'parent/values.yaml': 'web:\n  grace: 0\n',
      ...sub,
    });
    const { report } = await check(dir, ['.']);
    expect(report.errors).toEqual([]);
    expect(report.findings.find((f) => f.ruleId === 'pod/grace-period-zero')).toMatchObject({ file: 'parent/charts/web/templates/deployment.yaml', line: 17, render: 'chart parent · default values' });
  });

  it('a missing helm is an error naming the chart, and plain manifests are still analysed', async () => {
    process.env.TG_HELM = '';
    const dir = tree({ ...chart('45'), 'plain/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  terminationGracePeriodSeconds: 0\n  containers:\n    - name: c\n      image: x\n' });
    const { report } = await check(dir, ['.']);
    expect(report.errors).toEqual([expect.objectContaining({ file: 'chart/Chart.yaml', message: expect.stringContaining('`helm` is not available') })]);
    expect(report.findings.map((f) => f.ruleId)).toContain('pod/grace-period-zero');
    expect(report.findings.every((f) => !f.file.startsWith('chart/'))).toBe(true);
  });

  it.skipIf(!hasCorpus)("points cert-manager's PDB finding at the branch that produced minAvailable, not the default branch", async () => {
    const root = join(corpusDir, 'cert-manager__cert-manager');
    const { report } = await check(root, ['deploy/charts/cert-manager', '--set', 'replicaCount=2', '--set', 'podDisruptionBudget.enabled=true', '--set', 'podDisruptionBudget.minAvailable=2']);
    const drain = report.findings.find((f) => f.ruleId === 'cluster/pdb-blocks-drain');
    // Line 21 is `minAvailable: 1`, the branch for neither key set; line 24 renders the value.
    expect(drain).toMatchObject({ file: 'deploy/charts/cert-manager/templates/poddisruptionbudget.yaml', line: 24 });
    expect(lineOf(root, drain!.file, drain!.line)).toBe('minAvailable: {{ .Values.podDisruptionBudget.minAvailable }}');
  });

  it('a values file elsewhere in the repository renders with the chart (copied with it)', async () => {
    const dir = tree({ ...chart('45'), 'env/prod-values.yaml': 'grace: 0\n', '.github/termination-guard.yml': 'render:\n  values:\n    chart: [../env/prod-values.yaml]\n' });
    const { report } = await check(dir, ['.']);
    expect(report.errors).toEqual([]);
    expect(report.findings.find((f) => f.ruleId === 'pod/grace-period-zero')).toMatchObject({ render: 'chart chart · values ../env/prod-values.yaml' });
  });

  it('a library chart is rendered only through the charts that use it, never on its own', async () => {
    const dir = tree({
      'common/Chart.yaml': 'apiVersion: v2\nname: common\ntype: library\nversion: 1.0.0\n',
      'common/templates/_helpers.tpl': '{{- define "common.name" -}}web{{- end -}}\n',
      'plain/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n',
    });
    const { code, report } = await check(dir, ['.']);
    expect(report.errors).toEqual([]);
    expect(code).toBe(0);
  });

  it('a broken template, a missing dependency and a hanging render are errors with advice', async () => {
    const dir = tree({
      ...Object.fromEntries(Object.entries(chart('45')).map(([p, c]) => [p.replace(/^chart\//, 'broken/'), c])),
      'broken/templates/bad.yaml': 'kind: {{ .Values.nope.deeper }\n',
      'needs-dep/Chart.yaml': 'apiVersion: v2\nname: needs-dep\nversion: 0.1.0\ndependencies:\n  - name: redis\n    version: 1.0.0\n    repository: https://charts.example.com\n',
      'needs-dep/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n',
      'hangs/Chart.yaml': 'apiVersion: v2\nname: hangs\nversion: 0.1.0\n',
      'hangs/templates/loop.yaml': '{{- range until 100000 }}{{- range until 100000 }}{{- end }}{{- end }}\n',
      '.github/termination-guard.yml': 'render:\n  timeoutSeconds: 2\n',
    });
    const { report } = await check(dir, ['.']);
    const messages = Object.fromEntries(report.errors.map((e) => [e.file, e.message]));
    expect(messages['broken/Chart.yaml']).toMatch(/^helm template failed \(chart broken · default values\): .*bad\.yaml/);
    expect(messages['needs-dep/Chart.yaml']).toMatch(/needs dependencies that are not vendored in charts\/ \(redis\); run `helm dependency build needs-dep`/);
    expect(messages['hangs/Chart.yaml']).toBe('helm template (chart hangs · default values) did not finish within 2 s; raise render.timeoutSeconds in the config, or check the chart for runaway loops');
  }, 30_000);
});

describe.skipIf(!kustomize)(`Kustomize overlays (${kustomize ? 'kustomize available' : why('kustomize')})`, () => {
  it.skipIf(!hasCorpus)('renders the corpus springboot overlays, not their base, and points patched fields at the patch', async () => {
    const root = join(corpusDir, 'kubernetes-sigs__kustomize', 'examples', 'springboot');
    const { report } = await check(root, ['.']);
    expect(report.errors).toEqual([]);
    expect(new Set(report.findings.map((f) => f.render))).toEqual(new Set(['overlay overlays/production', 'overlay overlays/staging']));
    const readiness = report.findings.find((f) => f.ruleId === 'pod/readiness-probe-static');
    expect(readiness).toMatchObject({ file: 'overlays/production/healthcheck_patch.yaml', render: 'overlay overlays/production' });
    expect(lineOf(root, readiness?.file as string, readiness?.line as number)).toBe('path: /actuator/info');
    const staging = report.findings.find((f) => f.render === 'overlay overlays/staging' && f.ruleId === 'pod/prestop-missing');
    expect(staging?.file).toBe('base/deployment.yaml');
  });

  it('keeps exec plugins and Helm inflation off: such an overlay is an error, not a silent skip', async () => {
    const dir = tree({
      'app/kustomization.yaml': 'helmCharts:\n  - name: redis\n    repo: https://charts.example.com\n    version: 1.0.0\n',
    });
    const { report } = await check(dir, ['.']);
    expect(report.errors).toEqual([expect.objectContaining({ file: 'app/kustomization.yaml', message: expect.stringMatching(/^kustomize build app failed: .*helm/) })]);
  });
});

describe.skipIf(!helm || !kustomize)('a change to a chart or an overlay (CLI --base)', () => {
  // The change is left in the working tree, as `check --base` on a laptop sees it.
  const repoWith = (base: Record<string, string>, head: Record<string, string | null>) => makeGitRepo(base, head, { commitHead: false }).dir;

  it('a values change that introduces a finding is new, and names its render', async () => {
    const dir = repoWith(chart('45'), { 'chart/values.yaml': 'replicas: 2\ngrace: 10\n' });
    const { report, code } = await check(dir, ['.', '--base', 'main']);
    expect(code).toBe(1);
    expect(report.findings).toHaveLength(2);
    expect(report.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ ruleId: 'pod/prestop-exceeds-grace', status: 'new', render: 'chart chart · default values', file: 'chart/templates/deployment.yaml', line: 29 }),
        expect.objectContaining({ ruleId: 'cluster/pdb-not-rollout-protection', status: 'new' }),
      ]),
    );
  });

  it('a finding of several values sets is one, and new when it is new in any of them', async () => {
    // Base: only ci/zero-values.yaml sets grace 0. Head: the default does too, and a template
    // change touches every render, so all three are changed objects.
    const base = chart('45', { 'chart/ci/zero-values.yaml': 'grace: 0\n', 'chart/ci/three-values.yaml': 'replicas: 3\n' });
    const template = (base['chart/templates/deployment.yaml'] as string).replace('  labels:\n    app: web\n', '  labels:\n    app: web\n    tier: front\n');
    const dir = repoWith(base, { 'chart/values.yaml': 'replicas: 2\ngrace: 0\n', 'chart/templates/deployment.yaml': template });
    const { report, code } = await check(dir, ['.', '--base', 'main']);
    expect(code).toBe(1);
    const zero = report.findings.filter((f) => f.ruleId === 'pod/grace-period-zero');
    const renders = ['default values', 'values ci/three-values.yaml', 'values ci/zero-values.yaml'].map((v) => `chart chart · ${v}`);
    expect(zero).toEqual([expect.objectContaining({ status: 'new', render: renders[0], renders })]);
  });

  it('a template change that fixes a finding lists it as fixed', async () => {
    const base = chart('45');
    base['chart/templates/deployment.yaml'] = (base['chart/templates/deployment.yaml'] as string).replace('{{ .Values.grace }}', '0');
    const dir = repoWith(base, { 'chart/templates/deployment.yaml': chart('45')['chart/templates/deployment.yaml'] as string });
    const { report, code } = await check(dir, ['.', '--base', 'main']);
    expect(code).toBe(0);
    expect(report.comparison?.fixed.map((f) => f.ruleId)).toContain('pod/grace-period-zero');
  });

  it('an overlay patch that stops adding the preStop makes prestop-missing new in that overlay only', async () => {
    const web = webDocuments({ name: 'web', labels: true, replicas: '2', grace: '45', preStop: false });
    const base = {
      'base/kustomization.yaml': 'resources: [deployment.yaml, service.yaml]\n',
      'base/deployment.yaml': web.deployment,
      'base/service.yaml': web.service,
      'overlays/prod/kustomization.yaml': 'resources: [../../base]\nnamePrefix: prod-\npatches:\n  - path: prestop.yaml\n',
      'overlays/prod/prestop.yaml': preStopPatch,
      'overlays/dev/kustomization.yaml': 'resources: [../../base]\nnamePrefix: dev-\n',
    };
    const dir = repoWith(base, { 'overlays/prod/kustomization.yaml': 'resources: [../../base]\nnamePrefix: prod-\n', 'overlays/prod/prestop.yaml': null });
    const { report } = await check(dir, ['.', '--base', 'main']);
    const missing = report.findings.filter((f) => f.ruleId === 'pod/prestop-missing');
    expect(missing).toEqual([expect.objectContaining({ status: 'new', render: 'overlay overlays/prod', file: 'base/deployment.yaml' })]);
  });
});

