// Line markers: the second render that tells which template line produced each rendered line.
import { describe, expect, it } from 'vitest';
import { mapByMarkers, markTemplate, readMarkers } from '../../src/sources/render/line-markers.js';

describe('markTemplate', () => {
  it('marks lines that can carry a comment, and leaves the others as they are', () => {
    const template = [
      '{{- if .Values.pdb }}', // chomps the newline before it: marked
      'spec:',
      '  {{- if hasKey .Values "min" }}',
      '  minAvailable: {{ .Values.min }}',
      '  {{- end }}',
      '', // blank: stays blank (a block scalar keeps its shape)
      '  {{ if .x }}', // action-only without a chomp: a line of its own, not marked
      '  {{- toYaml (dict', // an action that spans lines: not marked inside it
      '      "a" 1) | nindent 2 }}',
      '  key: value \\', // a trailing backslash: not marked
      '  other: {{ .y -}}', // a right chomp would glue the marker on: not marked
    ].join('\n');
    expect(markTemplate(template, 3).split('\n')).toEqual([
      '{{- if .Values.pdb }} #tg@3:1',
      'spec: #tg@3:2',
      '  {{- if hasKey .Values "min" }} #tg@3:3',
      '  minAvailable: {{ .Values.min }} #tg@3:4',
      '  {{- end }} #tg@3:5',
      '',
      '  {{ if .x }}',
      '  {{- toYaml (dict',
      '      "a" 1) | nindent 2 }}',
      '  key: value \\',
      '  other: {{ .y -}}',
    ]);
  });
});

describe('mapByMarkers', () => {
  const template = 'spec:\n  {{- if not .min }}\n  minAvailable: 1\n  {{- end }}\n  {{- if .min }}\n  minAvailable: {{ .min }}\n  {{- end }}\n';
  const files = [{ file: 'templates/pdb.yaml', content: template }];

  it('maps a field to the branch that produced it, not to a look-alike line of another branch', () => {
    const rendered = 'spec:\n  minAvailable: 2\n';
    const marked = 'spec: #tg@0:1\n  minAvailable: 2 #tg@0:6 #tg@0:7\n';
    expect(mapByMarkers(rendered, marked, files)).toEqual([
      { file: 'templates/pdb.yaml', line: 1, exact: true, sameText: true },
      { file: 'templates/pdb.yaml', line: 6, exact: false, sameText: false },
      undefined,
    ]);
  });

  it('gives up on a document the markers reshaped, and on a single line whose text they changed', () => {
    expect(mapByMarkers('spec:\n', 'spec: #tg@0:1\nextra\n', files)).toBeUndefined();
    expect(mapByMarkers('checksum: abc\n', 'checksum: 0f3 #tg@0:1\n', files)?.[0]).toBeUndefined();
  });

  it('reads markers off a line', () => {
    expect(readMarkers('  a: b #tg@1:4 #tg@0:9')).toEqual({ text: '  a: b', marks: [{ file: 1, line: 4 }, { file: 0, line: 9 }] });
  });
});

describe('the marked render leaves out templates no finding can land in', () => {
  it('skips a template whose output is only CRDs or nothing, keeps workloads, mixed output and defines', async () => {
    const { onlyInert } = await import('../../src/sources/render/helm.js');
    const crd = '# Source: op/templates/crds.yaml\napiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: a.example.com\n';
    const deployment = '# Source: op/templates/deploy.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: op\n';
    expect(onlyInert('{{- if .Values.crds }}\nkind: CustomResourceDefinition\n{{- end }}', crd)).toBe(true);
    expect(onlyInert('{{- if .Values.crds }}…{{- end }}', undefined)).toBe(true);
    expect(onlyInert('kind: Deployment', deployment)).toBe(false);
    expect(onlyInert('…', `${crd}---\n${deployment}`)).toBe(false);
    expect(onlyInert('{{- define "op.crd" }}x{{ end }}', crd)).toBe(false);
    expect(onlyInert('x', '# Source: op/templates/x.yaml\nfoo: bar\n')).toBe(false);
  });
});
