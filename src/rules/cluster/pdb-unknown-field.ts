import { podFieldsMinor, unknownFields } from '../../k8s/api/pod-fields.js';
import { asArray, asRecord, getPath } from '../../manifests/objects.js';
import { defineRule } from '../types.js';
import { unknownFieldHit } from '../pod/unknown-field.js';

export default defineRule({
  target: 'pdb',
  meta: {
    id: 'cluster/pdb-unknown-field',
    layer: 'cluster',
    name: 'pdb-unknown-field',
    severity: 'error',
    title: 'The PodDisruptionBudget spec uses only fields the API knows',
    summary: 'A misspelt PDB field (`minAvailible`, `matchLabel`) is rejected by `kubectl apply` or dropped by the API server: a budget without minAvailable/maxUnavailable blocks every eviction, an empty policy/v1 selector takes in every pod in the namespace.',
    docs: {
      why: 'The API server drops a field it does not know unless the client validates strictly. A PDB whose `minAvailable` is misspelt is stored with neither minAvailable nor maxUnavailable, and such a budget allows no disruption at all: every drain of a node that runs one of its pods blocks. A selector whose `matchLabels` is misspelt becomes empty, and in policy/v1 an empty selector matches every pod in the namespace. With `kubectl apply` (strict by default) the object is rejected instead, which fails the deployment after the merge.',
      fact: 'Server-side field validation (KEP-2885, GA 1.27): Strict fails the request on an unknown field, Warn (the API server\'s default) and Ignore drop it. Measured on the test cluster\'s kube-apiserver v1.34.4: a policy/v1 PDB with `minAvailible: 1` is accepted with a warning, stored without a budget field, and reports disruptionsAllowed: 0 (reason InsufficientPods) over a Deployment\'s 2 healthy pods. policy/v1: an empty selector selects all pods in the namespace. The field lists come from that server\'s OpenAPI v3 schema (scripts/gen-kube-api.ts).',
      references: [
        'https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation',
        'https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/pod-disruption-budget-v1/',
      ],
      fixYaml: `spec:
  minAvailable: 1          # not minAvailible
  selector:
    matchLabels:           # not matchLabel
      app: web`,
      verify: ['kubectl apply --dry-run=server --validate=strict -f {file}'],
      exceptions: `Checked: spec and its selector (matchLabels, matchExpressions). The field list is Kubernetes 1.${podFieldsMinor}'s policy/v1 PodDisruptionBudgetSpec, also for policy/v1beta1 (whose spec has the same fields); for a target newer than 1.${podFieldsMinor} an unknown field is a warning.`,
    },
  },
  check(pdb, context) {
    if (!pdb.object.ref.apiVersion.startsWith('policy/')) return null;
    const selector = asRecord(getPath(pdb.object.raw, ['spec', 'selector']));
    const emptySelector = !selector || (Object.keys(asRecord(selector.matchLabels) ?? {}).length === 0 && asArray(selector.matchExpressions).length === 0);
    return unknownFields(getPath(pdb.object.raw, ['spec']), 'PodDisruptionBudgetSpec', ['spec']).map((unknown) => {
      const hit = unknownFieldHit(unknown, ['spec', ...(unknown.parent ? [unknown.parent] : [])].join('.'), context, { raw: pdb.object.raw });
      const meant = hit.evidence?.['did you mean'];
      // What the budget becomes once the API server has dropped the field (measured: see the docs).
      const consequence =
        (meant === 'minAvailable' || meant === 'maxUnavailable') && pdb.minAvailable === undefined && pdb.maxUnavailable === undefined
          ? ' Without minAvailable or maxUnavailable the budget allows no eviction at all (disruptionsAllowed: 0): every drain of a node with one of its pods blocks.'
          : (meant === 'matchLabels' || meant === 'matchExpressions') && emptySelector && pdb.object.ref.apiVersion === 'policy/v1'
            ? ' The selector is then empty, and in policy/v1 an empty selector takes in every pod in the namespace.'
            : '';
      return { ...hit, message: `${hit.message}${consequence}` };
    });
  },
});
