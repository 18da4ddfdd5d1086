// Charts render as on the target cluster (issue 16 item 2): `helm template` gets --api-versions
// for the target minor's built-in APIs (generated from the test cluster's discovery), the CRDs
// the repository defines, and render.apiVersions. Real helm, on the corpus traefik chart and on
// small charts made here.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkJson } from '../cli-in-process.js';
import { findTool } from '../../src/sources/render/tools.js';
import { corpusDir, writeTree } from '../helpers.js';

const helm = findTool('helm');
const traefik = join(corpusDir, 'traefik__traefik-helm-chart');

interface JsonReport {
  findings: { ruleId: string; object: { apiVersion: string; kind: string; name: string }; render?: string }[];
  errors: { file: string; line: number; message: string }[];
}

const check = async (cwd: string, args: string[]) => (await checkJson<JsonReport>(cwd, args)).report;

const pdbOf = (report: JsonReport) => report.findings.find((f) => f.object.kind === 'PodDisruptionBudget')?.object;

/** A chart whose Deployment (grace 0, so it carries a finding) renders only when the cluster serves `apiVersion`. */
function gatedChart(apiVersion: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'chart/Chart.yaml': 'apiVersion: v2\nname: gated\nversion: 0.1.0\n',
    'chart/templates/deployment.yaml': [
      `{{- if not (.Capabilities.APIVersions.Has "${apiVersion}") }}`,
      `{{- fail "deploy ${apiVersion} first" }}`,
      '{{- end }}',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: gated',
      'spec:',
      '  selector: {matchLabels: {app: gated}}',
      '  template:',
      '    metadata: {labels: {app: gated}}',
      '    spec:',
      '      terminationGracePeriodSeconds: 0',
      '      containers: [{name: app, image: example/app:1}]',
      '',
    ].join('\n'),
    ...extra,
  };
}

const widgetCrd = (group: string, kind: string) =>
  `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: x.${group}\nspec:\n  group: ${group}\n  names:\n    kind: ${kind}\n    plural: x\n  scope: Namespaced\n  versions:\n    - name: v1\n      served: true\n      storage: true\n      schema:\n        openAPIV3Schema: {type: object}\n`;

describe.skipIf(!helm)(`helm --api-versions (${helm ? 'helm available' : 'helm is not installed: run npm run setup-tools'})`, () => {
  it.skipIf(!existsSync(traefik))('renders the corpus traefik chart\'s PDB as policy/v1, so cluster/pdb-api-removed stays quiet', async () => {
    const set = ['--set', 'podDisruptionBudget.enabled=true', '--set', 'podDisruptionBudget.maxUnavailable=1'];
    for (const version of ['1.28', '1.34', '1.36']) {
      const report = await check(traefik, ['traefik', ...set, '--kubernetes-version', version]);
      expect(report.errors).toEqual([]);
      expect(pdbOf(report)?.apiVersion, version).toBe('policy/v1');
      expect(report.findings.filter((f) => f.ruleId === 'cluster/pdb-api-removed')).toEqual([]);
    }
  }, 60_000);

  it('adds the CRDs the chart and the repository define', async () => {
    const dir = writeTree(
      gatedChart('example.com/v1/Widget', {
        'chart/crds/widget.yaml': widgetCrd('example.com', 'Widget'),
        'other/gadget.yaml': widgetCrd('gadgets.example.org', 'Gadget'),
      }),
      'tg-api-versions-',
    );
    expect((await check(dir, ['.'])).findings.map((f) => f.ruleId)).toContain('pod/grace-period-zero');
    const fromRepository = writeTree({ ...gatedChart('gadgets.example.org/v1'), 'other/gadget.yaml': widgetCrd('gadgets.example.org', 'Gadget') }, 'tg-api-versions-');
    const report = await check(fromRepository, ['.']);
    expect(report.errors).toEqual([]);
    expect(report.findings.map((f) => f.ruleId)).toContain('pod/grace-period-zero');
  }, 60_000);

  it('adds render.apiVersions from the configuration; without it the chart refuses to render', async () => {
    const without = await check(writeTree(gatedChart('monitoring.coreos.com/v1'), 'tg-api-versions-'), ['.']);
    expect(without.errors).toEqual([expect.objectContaining({ message: expect.stringContaining('deploy monitoring.coreos.com/v1 first') })]);
    const configured = writeTree({ ...gatedChart('monitoring.coreos.com/v1'), '.github/termination-guard.yml': 'render:\n  apiVersions:\n    - monitoring.coreos.com/v1\n' }, 'tg-api-versions-');
    const report = await check(configured, ['.']);
    expect(report.errors).toEqual([]);
    expect(report.findings.map((f) => f.ruleId)).toContain('pod/grace-period-zero');
  }, 60_000);
});
