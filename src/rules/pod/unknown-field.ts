import { adviceFor, type FieldAdvice, fieldsOf, podFieldsMinor, type SchemaType, unknownFields, type UnknownField } from '../../k8s/api/pod-fields.js';
import { formatKubeVersion } from '../../k8s/version.js';
import { asString, getPath, type ObjectPath } from '../../manifests/objects.js';
import type { Workload } from '../../manifests/workloads.js';
import { defineRule, type Fix, type Hit, type RuleContext } from '../types.js';

/** The rollout strategy each built-in kind has, and its schema type. */
const strategies: Partial<Record<string, { field: string; type: SchemaType }>> = {
  Deployment: { field: 'strategy', type: 'DeploymentStrategy' },
  DaemonSet: { field: 'updateStrategy', type: 'DaemonSetUpdateStrategy' },
  StatefulSet: { field: 'updateStrategy', type: 'StatefulSetUpdateStrategy' },
};

/** API groups whose workloads carry the core pod template (a CRD may reuse a kind name with its own schema). */
const podTemplateGroups = new Set(['', 'apps', 'batch', 'extensions', 'argoproj.io']);

const containerLists: Record<string, string> = { containers: 'container', initContainers: 'init container', ephemeralContainers: 'ephemeral container' };

/** Renames the field, or moves it where it belongs, unless that place already holds a value (or is not one place). */
function fixFor(unknown: UnknownField, advice: FieldAdvice, raw: Record<string, unknown>, podSpecPath?: ObjectPath): Fix | undefined {
  const parent = unknown.path.slice(0, -1);
  const target: ObjectPath | undefined = advice.suggestion
    ? [...parent, advice.suggestion]
    : advice.movesTo?.key
      ? [...parent, advice.movesTo.key, unknown.field]
      : advice.movesTo?.type === 'PodSpec' && podSpecPath
        ? [...podSpecPath, unknown.field]
        : undefined;
  if (!target || unknown.value === undefined || getPath(raw, target) !== undefined) return undefined;
  return {
    summary: advice.suggestion ? `rename ${unknown.field} to ${advice.suggestion}` : `move ${unknown.field} into ${advice.belongsIn}`,
    edits: [
      { path: target, value: unknown.value },
      { path: unknown.path, value: undefined },
    ],
  };
}

export function unknownFieldHit(unknown: UnknownField, where: string, context: RuleContext, at: { raw: Record<string, unknown>; container?: string; podSpecPath?: ObjectPath }): Hit {
  const advice = adviceFor(unknown);
  const { container } = at;
  const fix = fixFor(unknown, advice, at.raw, at.podSpecPath);
  const version = formatKubeVersion(context.version);
  // Newer minors may have added the field: say so, and do not fail the gate on a table that is older.
  const newer = context.version.major === 1 && context.version.minor > podFieldsMinor;
  const schema = `Kubernetes 1.${podFieldsMinor}`;
  const hint = advice.belongsIn ? ` — it belongs in ${advice.belongsIn}` : advice.suggestion ? ` — did you mean ${advice.suggestion}?` : '';
  const effect = newer
    ? `${schema}, the newest API termination-guard has a table for, has no such field here; if Kubernetes ${version} added it, suppress this finding.`
    : `Kubernetes ${version} has no such field here: \`kubectl apply\` rejects the object (strict field validation), other clients have the API server drop the field, and it never takes effect.`;
  const known = Object.keys(fieldsOf(unknown.type));
  return {
    path: unknown.path,
    ...(container ? { container } : {}),
    ...(newer ? { severity: 'warning' as const } : {}),
    message: `${unknown.field} is not a field of ${where}${hint}${hint.endsWith('?') ? '' : '.'} ${effect}`,
    remediation: advice.belongsIn
      ? `Move ${unknown.field} into ${advice.belongsIn}.`
      : advice.suggestion
        ? `Rename ${unknown.field} to ${advice.suggestion}.`
        : `Remove ${unknown.field}${known.length <= 12 ? `; the fields allowed here are ${known.join(', ')}` : ''}.`,
    ...(fix ? { fix } : {}),
    evidence: { field: unknown.field, ...(advice.suggestion ? { 'did you mean': advice.suggestion } : {}), ...(advice.belongsIn ? { 'belongs in': advice.belongsIn } : {}), schema: `${schema} ${unknown.type}` },
  };
}

/** "lifecycle.preStop in container \"app\"", "spec.template.spec" — the mapping that holds the field, as the user reads it. */
function placeOf(workload: Workload, unknown: UnknownField, anchor: ObjectPath): { where: string; container?: string } {
  const inPodSpec = unknown.path.slice(anchor.length);
  const list = inPodSpec[0];
  if (anchor === workload.podSpecPath && typeof list === 'string' && containerLists[list] && typeof inPodSpec[1] === 'number' && inPodSpec.length > 2) {
    const name = asString(getPath(workload.podSpec, [list, inPodSpec[1]!, 'name'])) ?? `#${inPodSpec[1]}`;
    const inside = unknown.parent.split('.').slice(1).join('.');
    const label = `${containerLists[list]} "${name}"`;
    return { where: inside ? `${inside} in ${label}` : label, container: name };
  }
  const dotted = [...anchor.map(String), ...(unknown.parent ? [unknown.parent] : [])].join('.');
  return { where: dotted };
}

export default defineRule({
  target: 'workload',
  meta: {
    id: 'pod/unknown-field',
    layer: 'pod',
    name: 'unknown-field',
    severity: 'error',
    title: 'Pod templates and rollout strategies use only fields the API knows',
    summary: 'A misspelt or misplaced field (`terminationGracePeriodSecond`, `preStop` beside `lifecycle`) is rejected by `kubectl apply` or silently dropped by the API server, and the default it was meant to replace stays.',
    docs: {
      why: 'The API server decodes objects leniently: a field it does not know is dropped, with at most a warning header, unless the client asks for strict validation. So `terminationGracePeriodSecond: 60` deploys a pod with the 30 s default, `lifecycle: {preStp: …}` deploys one without a preStop hook, and `rollingUpdate: {maxUnavailble: 0}` keeps the 25 % default — and termination-guard, reading the same YAML, would judge the defaults too. Where the client validates strictly (`kubectl apply` does by default) the whole object is rejected instead, which fails the deployment after the merge.',
      fact: 'Server-side field validation (KEP-2885, GA 1.27): fieldValidation=Strict fails the request on an unknown field, Warn (the API server\'s default) and Ignore drop it; kubectl sends Strict unless --validate=warn/false. Measured on the test cluster\'s kube-apiserver v1.34.4: `kubectl apply` fails with "strict decoding error: unknown field \\"spec.template.spec.terminationGracePeriodSecond\\""; a plain POST is accepted with a 299 warning and the pod spec keeps terminationGracePeriodSeconds: 30. The field lists come from that server\'s OpenAPI v3 schema (scripts/gen-kube-api.ts).',
      references: [
        'https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation',
        'https://github.com/kubernetes/enhancements/tree/master/keps/sig-api-machinery/2885-server-side-unknown-field-validation',
        'https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/',
      ],
      fixYaml: `spec:
  template:
    spec:
      terminationGracePeriodSeconds: 60   # not terminationGracePeriodSecond
      containers:
        - name: app
          lifecycle:
            preStop:                      # under lifecycle, not beside it
              sleep: {seconds: 10}`,
      verify: ['kubectl apply --dry-run=server --validate=strict -f {file}'],
      exceptions: `Checked: the pod spec of every workload of a built-in API group (and Argo Rollouts), its containers (init and ephemeral too), their lifecycle hooks and probes with their handlers, and the strategy/updateStrategy of Deployments, DaemonSets and StatefulSets; other nested objects (volumes, securityContext, affinity, env, resources) are not. The field lists are Kubernetes 1.${podFieldsMinor}'s: for an older target a field added since is accepted (other rules judge version-dependent fields such as the sleep action and stopSignal); for a newer target an unknown field is a warning, since that version may have added it.`,
    },
  },
  check(workload, context) {
    const group = workload.object.ref.apiVersion.includes('/') ? workload.object.ref.apiVersion.split('/')[0]! : '';
    if (!podTemplateGroups.has(group)) return null;
    const hits: Hit[] = [];
    for (const unknown of unknownFields(workload.podSpec, 'PodSpec', workload.podSpecPath)) {
      const place = placeOf(workload, unknown, workload.podSpecPath);
      hits.push(unknownFieldHit(unknown, place.where, context, { raw: workload.object.raw, podSpecPath: workload.podSpecPath, ...(place.container ? { container: place.container } : {}) }));
    }
    const strategy = group === 'argoproj.io' ? undefined : strategies[workload.kind];
    if (strategy) {
      const anchor: ObjectPath = ['spec', strategy.field];
      for (const unknown of unknownFields(getPath(workload.object.raw, anchor), strategy.type, anchor)) {
        hits.push(unknownFieldHit(unknown, placeOf(workload, unknown, anchor).where, context, { raw: workload.object.raw }));
      }
    }
    return hits;
  },
});
