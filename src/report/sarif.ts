// SARIF 2.1.0 for code scanning: every result has its real file and line range.
import type { AnalysisResult, Finding } from '../analysis/engine.js';
import { docsUrl, ruleMetas } from '../rules/index.js';

export const toolVersion = '0.1.0';

const level = { error: 'error', warning: 'warning', info: 'note' } as const;

/** FNV-1a, for a fingerprint that survives line moves (rule + object + container). */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

function result(finding: Finding, ruleIndex: number) {
  const { kind, namespace, name } = finding.object;
  return {
    ruleId: finding.ruleId,
    ruleIndex,
    level: level[finding.severity],
    message: { text: `${finding.message} Fix: ${finding.remediation}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: finding.file.split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' },
          region: { startLine: finding.line, endLine: finding.endLine },
        },
        logicalLocations: [{ name, fullyQualifiedName: `${kind}/${namespace ?? ''}/${name}${finding.container ? `/${finding.container}` : ''}`, kind: 'object' }],
      },
    ],
    partialFingerprints: {
      'terminationGuard/v1': fingerprint(`${finding.ruleId}|${kind}|${namespace ?? ''}|${name}|${finding.container ?? ''}`),
    },
  };
}

export function renderSarif(analysis: AnalysisResult): string {
  const indexOf = new Map(ruleMetas.map((meta, i) => [meta.id as string, i]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'termination-guard',
            version: toolVersion,
            informationUri: 'https://github.com/termination-guard/termination-guard',
            rules: ruleMetas.map((meta) => ({
              id: meta.id,
              name: meta.name,
              shortDescription: { text: meta.title },
              fullDescription: { text: meta.summary },
              helpUri: docsUrl(meta),
              help: { text: `${meta.docs.why}\n\n${meta.docs.fact}`, markdown: `${meta.docs.why}\n\n**Kubernetes:** ${meta.docs.fact}\n\n\`\`\`yaml\n${meta.docs.fixYaml}\n\`\`\`` },
              defaultConfiguration: { level: level[meta.severity] },
              properties: { tags: ['kubernetes', 'termination', meta.layer] },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The analysed repository root.' } } },
        properties: { kubernetesVersion: analysis.kubernetesVersion },
        results: [
          ...analysis.findings.map((f) => result(f, indexOf.get(f.ruleId) ?? 0)),
          ...analysis.suppressed.map((f) => ({
            ...result(f, indexOf.get(f.ruleId) ?? 0),
            suppressions: [{ kind: 'inSource', justification: `${f.suppression.source}: ${f.suppression.reason}` }],
          })),
        ],
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: analysis.errors.map((e) => ({
              level: 'error',
              message: { text: e.message },
              locations: [{ physicalLocation: { artifactLocation: { uri: e.file, uriBaseId: '%SRCROOT%' }, region: { startLine: e.line } } }],
            })),
          },
        ],
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
