// SARIF 2.1.0 for code scanning: every result has its real file and line range.
import { type AnalysisResult, type Finding, rendersOf } from '../analysis/engine.js';
import { fnv1a } from '../analysis/hash.js';
import { docsUrl, ruleMetas } from '../rules/index.js';
import { graceBufferSeconds, graceDocsUrl, graceRuleId } from '../measure/grace.js';
import { toolVersion } from '../version.js';
import { linkPath, sarifText } from './escape.js';

const level = { error: 'error', warning: 'warning', info: 'note' } as const;

/**
 * Where a file is: relative to the source root, or — a file outside the working directory, named
 * by its absolute path — a file: URI with no base (SARIF 2.1.0 §3.4.3: a uriBaseId goes only
 * with a relative reference; code scanning would misplace it otherwise).
 */
function artifactLocation(file: string): { uri: string; uriBaseId?: string } {
  return file.startsWith('/') ? { uri: `file://${linkPath(file)}` } : { uri: linkPath(file), uriBaseId: '%SRCROOT%' };
}

// Fingerprints hash rule + object + container, so they survive line moves.

function result(finding: Finding, ruleIndex: number) {
  const { kind, namespace, name } = finding.object;
  return {
    ruleId: finding.ruleId,
    ruleIndex,
    level: level[finding.severity],
    // Plain text only (no message.markdown): code scanning reads `[…](…)` in it as a link, so
    // brackets from the manifest are escaped (sarifText); paths are URI references (linkPath).
    message: { text: sarifText(`${finding.message} Fix: ${finding.remediation}`) },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifactLocation(finding.file),
          region: { startLine: finding.line, endLine: finding.endLine },
        },
        logicalLocations: [{ name, fullyQualifiedName: `${kind}/${namespace ?? ''}/${name}${finding.container ? `/${finding.container}` : ''}`, kind: 'object' }],
      },
    ],
    partialFingerprints: {
      'terminationGuard/v1': fnv1a(`${finding.ruleId}|${kind}|${namespace ?? ''}|${name}|${finding.container ?? ''}`),
    },
    // One result for a finding of several renders (a chart's values sets), naming them all.
    ...(finding.render ? { properties: { renders: rendersOf(finding) } } : {}),
  };
}

const measuredGraceRule = {
  id: graceRuleId,
  name: 'grace-period-measured',
  shortDescription: { text: 'The grace period is shorter than the SIGTERM drill measured it needs' },
  fullDescription: { text: `The drill measured the preStop hook and the time from the stop signal to the exit with requests in flight; the grace period should cover both plus a ${graceBufferSeconds} s buffer.` },
  helpUri: graceDocsUrl,
  help: { text: "terminationGracePeriodSeconds covers the preStop hook and the app's shutdown together; SIGKILL comes at its end." },
  defaultConfiguration: { level: 'warning' },
  properties: { tags: ['kubernetes', 'termination', 'pod', 'measured'] },
};

export function renderSarif(analysis: AnalysisResult): string {
  const measuredGrace = analysis.findings.some((f) => f.ruleId === graceRuleId);
  const indexOf = new Map([...ruleMetas.map((meta, i) => [meta.id as string, i] as const), ...(measuredGrace ? [[graceRuleId, ruleMetas.length] as const] : [])]);
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
            rules: [
              ...ruleMetas.map((meta) => ({
                id: meta.id,
                name: meta.name,
                shortDescription: { text: meta.title },
                fullDescription: { text: meta.summary },
                helpUri: docsUrl(meta),
                help: { text: `${meta.docs.why}\n\n${meta.docs.fact}`, markdown: `${meta.docs.why}\n\n**Kubernetes:** ${meta.docs.fact}\n\n\`\`\`yaml\n${meta.docs.fixYaml}\n\`\`\`` },
                defaultConfiguration: { level: level[meta.severity] },
                properties: { tags: ['kubernetes', 'termination', meta.layer] },
              })),
              // Not a rule over the manifests: the SIGTERM drill's measurement, when it shows the grace period too short.
              ...(measuredGrace ? [measuredGraceRule] : []),
            ],
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
              message: { text: sarifText(e.message) },
              locations: [{ physicalLocation: { artifactLocation: artifactLocation(e.file), region: { startLine: e.line } } }],
            })),
          },
        ],
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
