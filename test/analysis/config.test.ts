import { describe, expect, it } from 'vitest';
import { defaultConfig, parseConfig } from '../../src/analysis/config.js';
import { analyze } from '../../src/analysis/engine.js';
import { onDeleteDaemonSet } from '../web-fixture.js';

const workload = (annotations: string) => onDeleteDaemonSet({ name: 'agent', annotations });

describe('parseConfig', () => {
  it('reads every setting', () => {
    const { config, errors } = parseConfig(
      'kubernetesVersion: "1.29"\nfailOn: warning\nrules:\n  pod/prestop-missing: error\n  node/daemonset-on-delete: off\nignorePaths: [legacy/**]\nrender:\n  namespace: shop\n  timeoutSeconds: 30\n  releaseName: web\n  values:\n    charts/web: [values-prod.yaml, [values-a.yaml, values-b.yaml]]\n  apiVersions: [monitoring.coreos.com/v1, monitoring.coreos.com/v1/ServiceMonitor]\ninspectImages: true\nfailOnInputErrors: false\nimages:\n  ghcr.io/acme/api: services/api/Dockerfile\n  ghcr.io/acme/worker: {dockerfile: build/Dockerfile, context: ., target: worker}\ndrill:\n  rate: 50\n  inFlightPath: /slow?ms=5000\n  inFlightCount: 2\n  readyTimeoutSeconds: 30\n  maxSeconds: 300\n  failOn: [killed]\nsmoke:\n  rate: 10\n  rolloutTimeoutSeconds: 120\n  stallSeconds: 20\n  settleSeconds: 1\n  tolerance: 0\n  trials: 3\n  failOn: [failures, killed]\n  expectBody: ok\n  kindNodeImage: kindest/node:v1.33.4\n  proberNetns: /run/netns/node\n',
      'c.yml',
    );
    expect(errors).toEqual([]);
    expect(config).toEqual({
      kubernetesVersion: '1.29',
      failOn: 'warning',
      rules: { 'pod/prestop-missing': 'error', 'node/daemonset-on-delete': 'off' },
      ignorePaths: ['legacy/**'],
      render: { enabled: true, namespace: 'shop', timeoutSeconds: 30, releaseName: 'web', values: { 'charts/web': [['values-prod.yaml'], ['values-a.yaml', 'values-b.yaml']] }, apiVersions: ['monitoring.coreos.com/v1', 'monitoring.coreos.com/v1/ServiceMonitor'] },
      inspectImages: true,
      failOnInputErrors: false,
      images: {
        'ghcr.io/acme/api': { dockerfile: 'services/api/Dockerfile' },
        'ghcr.io/acme/worker': { dockerfile: 'build/Dockerfile', context: '.', target: 'worker' },
      },
      drill: { rate: 50, inFlightPath: '/slow?ms=5000', inFlightCount: 2, readyTimeoutSeconds: 30, maxSeconds: 300, failOn: ['killed'] },
      smoke: { rate: 10, rolloutTimeoutSeconds: 120, stallSeconds: 20, settleSeconds: 1, tolerance: 0, trials: 3, failOn: ['failures', 'killed'], expectBody: 'ok', kindNodeImage: 'kindest/node:v1.33.4', proberNetns: '/run/netns/node' },
      file: 'c.yml',
    });
  });

  it('refuses a Kubernetes version the facts do not cover, naming the known ones', () => {
    expect(parseConfig('failOn: error\nkubernetesVersion: "1.99"\n', 'c.yml').errors).toEqual([
      { file: 'c.yml', line: 2, message: 'kubernetesVersion: Kubernetes 1.99 is outside the versions termination-guard knows (1.20–1.36)' },
    ]);
  });

  it('names the line of every mistake', () => {
    const { errors } = parseConfig('failOn: sometimes\nrules:\n  pod/nope: error\n  pod/prestop-missing: loud\ncolour: red\nrender:\n  timeoutSeconds: forever\nimages:\n  ghcr.io/acme/api: {file: Dockerfile}\ndrill:\n  rate: 0\n  failOn: graceful\n  inFlightPath: slow\n  warmUp: 3\nsmoke:\n  rate: 900\n  failOn: [sometimes]\n  expectBody: ""\n  kind: true\n', 'c.yml');
    expect(errors).toEqual([
      { file: 'c.yml', line: 1, message: 'failOn must be new-errors, error, warning or never (got "sometimes")' },
      { file: 'c.yml', line: 3, message: 'unknown rule "pod/nope"' },
      { file: 'c.yml', line: 4, message: 'rule pod/prestop-missing: "loud" is not one of error, warning, info, off' },
      { file: 'c.yml', line: 5, message: 'unknown setting "colour" (known: kubernetesVersion, failOn, failOnInputErrors, rules, ignorePaths, render, images, inspectImages, drill, smoke)' },
      { file: 'c.yml', line: 7, message: 'render.timeoutSeconds must be a number of seconds between 1 and 3600' },
      { file: 'c.yml', line: 9, message: 'images.ghcr.io/acme/api: give the Dockerfile path, or { dockerfile, context, target }' },
      { file: 'c.yml', line: 11, message: 'drill.rate must be a number from 1 to 200' },
      { file: 'c.yml', line: 12, message: 'drill.failOn must list killed and/or abrupt, or be never' },
      { file: 'c.yml', line: 13, message: 'drill.inFlightPath must be a path starting with / (e.g. /slow?ms=5000)' },
      { file: 'c.yml', line: 14, message: 'unknown drill setting "warmUp" (known: rate, inFlightPath, inFlightCount, readyTimeoutSeconds, maxSeconds, failOn)' },
      { file: 'c.yml', line: 16, message: 'smoke.rate must be a number from 1 to 200' },
      { file: 'c.yml', line: 17, message: 'smoke.failOn must list regression, failures, killed, stalled, or be never' },
      { file: 'c.yml', line: 18, message: 'smoke.expectBody must be a non-empty string' },
      { file: 'c.yml', line: 19, message: 'unknown smoke setting "kind" (known: rate, rolloutTimeoutSeconds, stallSeconds, settleSeconds, tolerance, trials, failOn, expectBody, kindNodeImage, kindConfigPatches, proberNetns)' },
    ]);
  });

  it('reports unusable ignorePaths entries on their lines (the dialect is tested in paths-filter.test.ts)', () => {
    const { config, errors } = parseConfig('failOn: warning\nignorePaths:\n  - legacy/**\n  - "{a,b"\n  - /etc/**\n', 'c.yml');
    expect(config.ignorePaths).toEqual(['legacy/**', '{a,b', '/etc/**']);
    expect(errors).toEqual([
      { file: 'c.yml', line: 4, message: 'ignorePaths entry "{a,b" has an unmatched "{" (escape it as \\{ to mean the character)' },
      { file: 'c.yml', line: 5, message: 'ignorePaths entry "/etc/**" is absolute; paths are relative to the repository root (drop the leading /)' },
    ]);
    expect(parseConfig('ignorePaths: [1, x]\n', 'c.yml').errors).toEqual([{ file: 'c.yml', line: 1, message: 'ignorePaths must be a list of glob patterns (strings)' }]);
  });

  it('takes lines from the parser: nested keys, keys named in comments and values, lists', () => {
    const text = [
      '# rate and failOn are explained in the README', // 1
      'smoke:', // 2
      '  rate: 20', // 3
      'drill:', // 4
      '  # keep the rate low', // 5
      '  failOn: [killed]', // 6
      '  "rate": 900', // 7
      'images:', // 8
      '  ghcr.io/acme/rate:', // 9
      '    dockerfile: Dockerfile', // 10
      '    rate: 1', // 11
      'ignorePaths:', // 12
      '  - legacy/**', // 13
      '  - "/etc/rate"', // 14
      'failOn: {rate: maybe}', // 15
      'render: [rate]', // 16
    ].join('\n');
    expect(parseConfig(text, 'c.yml').errors.map((e) => [e.line, e.message])).toEqual([
      [7, 'drill.rate must be a number from 1 to 200'],
      [11, expect.stringMatching(/^images\.ghcr\.io\/acme\/rate: unknown key "rate"/)],
      [14, expect.stringMatching(/^ignorePaths entry "\/etc\/rate" is absolute/)],
      [15, expect.stringMatching(/^failOn must be/)],
      [16, expect.stringMatching(/^render must be a mapping/)],
    ]);
  });

  it('reads render.apiVersions and reports each entry that is not an API version on its line', () => {
    const text = ['render:', '  apiVersions:', '    - monitoring.coreos.com/v1', '    - v1', '    - monitoring.coreos.com', '    - 3', '    - apps/v1/Deployment', ''].join('\n');
    const { config, errors } = parseConfig(text, 'c.yml');
    expect(config.render.apiVersions).toEqual(['monitoring.coreos.com/v1', 'v1', 'apps/v1/Deployment']);
    expect(errors).toEqual([
      { file: 'c.yml', line: 5, message: 'render.apiVersions: "monitoring.coreos.com" is not an API version like monitoring.coreos.com/v1 or monitoring.coreos.com/v1/ServiceMonitor' },
      { file: 'c.yml', line: 6, message: 'render.apiVersions: 3 is not an API version like monitoring.coreos.com/v1 or monitoring.coreos.com/v1/ServiceMonitor' },
    ]);
    expect(parseConfig('render:\n  apiVersions: monitoring.coreos.com/v1\n', 'c.yml').config.render.apiVersions).toEqual(['monitoring.coreos.com/v1']);
    expect(parseConfig('failOn: error\nrender:\n  apiVersions: {a: b}\n', 'c.yml').errors.map((e) => e.line)).toEqual([3]);
    expect(defaultConfig.render.apiVersions).toEqual([]);
  });

  it('reports invalid YAML and more than one document at their lines', () => {
    expect(parseConfig('failOn: error\nrules:\n  a: [b\n', 'c.yml').errors).toEqual([{ file: 'c.yml', line: 4, message: expect.stringMatching(/^invalid YAML: /) }]);
    expect(parseConfig('failOn: error\nfailOn: never\n', 'c.yml').errors).toEqual([{ file: 'c.yml', line: 2, message: 'invalid YAML: duplicate key failOn (map keys must be unique)' }]);
    expect(parseConfig('failOn: error\n---\nfailOn: never\n', 'c.yml').errors).toEqual([{ file: 'c.yml', line: 3, message: 'the configuration must be one YAML document' }]);
    expect(parseConfig('# nothing yet\n', 'c.yml').errors).toEqual([]);
  });

  it('ignores what ignorePaths names, and re-includes negated entries', () => {
    const { config } = parseConfig('ignorePaths: ["deploy/*", "!deploy/keep.yaml"]\n', 'c.yml');
    const files = ['deploy/old.yaml', 'deploy/keep.yaml', 'deploy/sub/x.yaml'].map((path) => ({ path, content: workload('    x: y') }));
    expect(analyze(files, { config }).subjects.map((s) => s.file).sort()).toEqual(['deploy/keep.yaml', 'deploy/sub/x.yaml']);
  });
});

describe('severity overrides, disabled rules and suppressions', () => {
  it('applies severity overrides and off', () => {
    const files = [{ path: 'a.yaml', content: workload('    x: y') }];
    expect(analyze(files).findings.find((f) => f.ruleId === 'node/daemonset-on-delete')?.severity).toBe('warning');
    const raised = analyze(files, { config: { ...defaultConfig, rules: { 'node/daemonset-on-delete': 'error' } } });
    expect(raised.findings.find((f) => f.ruleId === 'node/daemonset-on-delete')?.severity).toBe('error');
    const off = analyze(files, { config: { ...defaultConfig, rules: { 'node/daemonset-on-delete': 'off' } } });
    expect(off.findings.map((f) => f.ruleId)).not.toContain('node/daemonset-on-delete');
  });

  it('honours the ignore annotation only with a reason', () => {
    const ok = analyze([{ path: 'a.yaml', content: workload('    termination-guard.io/ignore: "node/daemonset-on-delete=CNI restarts are manual; node/daemonset-delete-first-gap=n/a"') }]);
    expect(ok.findings.map((f) => f.ruleId)).not.toContain('node/daemonset-on-delete');
    expect(ok.suppressed[0]).toMatchObject({ ruleId: 'node/daemonset-on-delete', suppression: { reason: 'CNI restarts are manual' } });
    expect(ok.errors).toEqual([]);
    const noReason = analyze([{ path: 'a.yaml', content: workload('    termination-guard.io/ignore: "node/daemonset-on-delete"') }]);
    expect(noReason.findings.map((f) => f.ruleId)).toContain('node/daemonset-on-delete');
    expect(noReason.errors[0]).toMatchObject({ file: 'a.yaml', line: 6, message: expect.stringMatching(/needs a reason/) });
  });

  it('honours the equivalent kube-linter and kube-score annotations', () => {
    const deployment = (annotation: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations: {${annotation}}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: app, image: example/web:1, ports: [{containerPort: 8080}]}]
`;
    const linter = analyze([{ path: 'd.yaml', content: deployment('ignore-check.kube-linter.io/no-readiness-probe: "probed by the mesh"') }]);
    expect(linter.suppressed.map((f) => f.ruleId)).toEqual(['pod/readiness-probe-missing']);
    const score = analyze([{ path: 'd.yaml', content: deployment('kube-score/ignore: "pod-probes,deployment-has-poddisruptionbudget"') }]);
    expect(score.suppressed.map((f) => f.ruleId).sort()).toEqual(['cluster/pdb-missing', 'pod/readiness-probe-missing']);
  });
});
