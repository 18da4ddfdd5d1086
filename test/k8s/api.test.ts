// The API tables generated from the test cluster (scripts/gen-kube-api.ts) and what is derived
// from them: the --api-versions a render gets per target minor, the CRDs a repository adds, and
// the field walk pod/unknown-field and cluster/pdb-unknown-field report from.
import { describe, expect, it } from 'vitest';
import apiTable from '../../src/k8s/api/api-versions-1.34.json' with { type: 'json' };
import fieldTable from '../../src/k8s/api/pod-fields-1.34.json' with { type: 'json' };
import { builtInApiVersions, builtInKinds } from '../../src/k8s/api/api-versions.js';
import { crdApiVersions } from '../../src/k8s/api/crd-versions.js';
import { adviceFor, closestField, isSchemaType, unknownFields } from '../../src/k8s/api/pod-fields.js';
import { parseKubeVersion } from '../../src/k8s/version.js';
import { apiVersionArgs } from '../../src/sources/render/helm.js';

const at = (version: string) => builtInApiVersions(parseKubeVersion(version)!);

describe('built-in API versions per target minor', () => {
  it('1.34 is the generated table: every group/version and group/version/Kind discovery listed', () => {
    const list = at('1.34');
    expect(apiTable.kubernetes).toMatch(/^v1\.34\./);
    for (const [gv, kinds] of Object.entries(apiTable.kinds)) {
      expect(list).toContain(gv);
      for (const kind of kinds) expect(list).toContain(`${gv}/${kind}`);
    }
    expect(list).toEqual(expect.arrayContaining(['v1', 'v1/Pod', 'apps/v1/Deployment', 'policy/v1/PodDisruptionBudget', 'autoscaling/v2/HorizontalPodAutoscaler']));
    expect(list.filter((v) => v.startsWith('policy/v1beta1'))).toEqual([]);
  });

  it('older minors add back what the deprecation guide removed since, and drop what came later', () => {
    expect(at('1.24')).toEqual(expect.arrayContaining(['policy/v1beta1/PodDisruptionBudget', 'policy/v1/PodDisruptionBudget', 'batch/v1beta1/CronJob', 'autoscaling/v2/HorizontalPodAutoscaler']));
    expect(at('1.25')).not.toContain('policy/v1beta1');
    expect(at('1.22')).not.toContain('autoscaling/v2');
    expect(at('1.20')).not.toContain('policy/v1');
    expect(at('1.20')).toEqual(expect.arrayContaining(['policy/v1beta1/PodDisruptionBudget', 'extensions/v1beta1/Ingress', 'networking.k8s.io/v1/Ingress']));
    expect(at('1.21')).toContain('extensions/v1beta1/Ingress');
    expect(at('1.22')).not.toContain('extensions/v1beta1');
    expect(at('1.30')).toContain('admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy');
    expect(at('1.29')).not.toContain('admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy');
    expect(at('1.33')).not.toContain('resource.k8s.io/v1');
    expect([...builtInKinds(parseKubeVersion('1.33')!).get('storage.k8s.io/v1')!]).not.toContain('VolumeAttributesClass');
  });

  it('newer minors and patch levels use the 1.34 table', () => {
    expect(at('1.36')).toEqual(at('1.34'));
    expect(at('1.34.2')).toEqual(at('1.34'));
  });

  it('helm gets each built-in and each extra API version once', () => {
    const args = apiVersionArgs({ kubernetesVersion: '1.34', apiVersions: ['monitoring.coreos.com/v1', 'policy/v1'] });
    expect(args.every((arg) => arg.startsWith('--api-versions='))).toBe(true);
    const values = args.map((arg) => arg.slice('--api-versions='.length));
    expect(values).toEqual([...new Set(values)]);
    expect(values).toEqual(expect.arrayContaining(['policy/v1/PodDisruptionBudget', 'monitoring.coreos.com/v1']));
  });
});

describe('API versions the repository\'s CRDs add', () => {
  const crd = (body: string) => ({ path: 'crd.yaml', content: body });

  it('reads a chart template CRD, skipping template lines, and only served versions', () => {
    const template = [
      '{{- if .Values.crds.enabled }}',
      'apiVersion: apiextensions.k8s.io/v1',
      'kind: CustomResourceDefinition',
      'metadata:',
      '  name: "widgets.example.com"',
      '  labels:',
      '    {{- include "labels" . | nindent 4 }}',
      'spec:',
      '  group: example.com',
      '  names:',
      '    kind: Widget',
      '    plural: widgets',
      '  scope: Namespaced',
      '  versions:',
      '    - additionalPrinterColumns:',
      '        - jsonPath: .spec.size',
      '          name: Size',
      '          type: string',
      '      name: v1',
      '      served: true',
      '      schema:',
      '        openAPIV3Schema:',
      '          type: object',
      '          properties:',
      '            name: {type: string}',
      '    - name: v1alpha1',
      '      served: false',
      '{{- end }}',
    ].join('\n');
    expect(crdApiVersions([crd(template)])).toEqual(['example.com/v1', 'example.com/v1/Widget']);
  });

  it('reads a sequence at its key\'s indent, a v1beta1 `version`, several documents; skips templated groups and other kinds', () => {
    const stream = [
      'apiVersion: apiextensions.k8s.io/v1',
      'kind: CustomResourceDefinition',
      'spec:',
      '  group: traefik.io',
      '  names:',
      '    kind: Middleware',
      '  versions:',
      '  - name: v1alpha1',
      '    served: true',
      '---',
      'apiVersion: apiextensions.k8s.io/v1beta1',
      'kind: CustomResourceDefinition',
      'spec:',
      '  group: old.example.com',
      '  version: v1beta1',
      '  names: {kind: Old}',
      '---',
      'apiVersion: apiextensions.k8s.io/v1',
      'kind: CustomResourceDefinition',
      'spec:',
      '  group: {{ .Values.group }}',
      '  names:',
      '    kind: Templated',
      '  versions:',
      '  - name: v1',
      '---',
      'apiVersion: v1',
      'kind: ConfigMap',
      'data:',
      '  crd: CustomResourceDefinition',
    ].join('\n');
    // A flow mapping (names: {kind: Old}) is not read: that CRD's kind is unknown and it is left out.
    expect(crdApiVersions([crd(stream)])).toEqual(['traefik.io/v1alpha1', 'traefik.io/v1alpha1/Middleware']);
  });
});

describe('the generated field table', () => {
  it('links only to types it holds', () => {
    for (const [type, fields] of Object.entries(fieldTable.types)) {
      expect(isSchemaType(type)).toBe(true);
      for (const child of Object.values(fields as Record<string, string>)) if (child !== '') expect(isSchemaType(child.replace(/\[\]$/, '')), `${type} → ${child}`).toBe(true);
    }
    expect(fieldTable.types.PodSpec).toHaveProperty('terminationGracePeriodSeconds');
    expect(fieldTable.types.Lifecycle).toHaveProperty('stopSignal');
    expect(fieldTable.types.LifecycleHandler).toHaveProperty('sleep');
  });

  it('walks into containers, hooks and probes and reports each unknown key by path', () => {
    const spec = { terminationGracePeriodSecond: 30, containers: [{ name: 'a', lifecycle: { preStop: { sleep: { second: 1 } } }, readinessProbe: { httpGet: { paht: '/' } }, env: [{ anything: 1 }] }] };
    expect(unknownFields(spec, 'PodSpec', ['spec']).map((u) => [u.path.join('.'), u.parent])).toEqual([
      ['spec.terminationGracePeriodSecond', ''],
      ['spec.containers.0.lifecycle.preStop.sleep.second', 'containers[0].lifecycle.preStop.sleep'],
      ['spec.containers.0.readinessProbe.httpGet.paht', 'containers[0].readinessProbe.httpGet'],
    ]);
    expect(unknownFields('not a mapping', 'PodSpec', [])).toEqual([]);
  });

  it('suggests the closest field, or where a field of that name belongs', () => {
    const fields = Object.keys(fieldTable.types.PodSpec);
    expect(closestField('terminationGracePeriodSecond', fields)).toBe('terminationGracePeriodSeconds');
    expect(closestField('HOSTNETWORK', fields)).toBe('hostNetwork');
    expect(closestField('gracePeriodSeconds', fields)).toBe('terminationGracePeriodSeconds');
    expect(closestField('banana', fields)).toBeUndefined();
    expect(adviceFor({ field: 'preStop', type: 'Container' })).toEqual({ belongsIn: 'lifecycle', movesTo: { type: 'Lifecycle', key: 'lifecycle' } });
    expect(adviceFor({ field: 'maxSurge', type: 'DeploymentStrategy' }).belongsIn).toBe('rollingUpdate');
    expect(adviceFor({ field: 'maxSurge', type: 'RollingUpdateStatefulSetStrategy' })).toEqual({});
  });
});
