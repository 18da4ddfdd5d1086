// The bench's generated inputs (scripts/bench.mjs): deterministic, so every run measures the same
// bytes. Nothing is copied from a real project; the render-heavy inputs only have the shape of
// the ones that were slow (an operator chart with large CRDs, argo-rollouts' manifests/).
// Usage: node scripts/bench-inputs.mjs tree <files> <dir>   (10 objects per file)
//        node scripts/bench-inputs.mjs chart <dir> | overlays <dir>
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

// A deterministic pseudo-random generator, so every run measures the same tree.
let seed = 42;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const pick = (list) => list[Math.floor(random() * list.length)];

function deployment(app, ns, kind) {
  const replicas = pick([1, 2, 3, 5]);
  const shell = random() < 0.15;
  const preStop = random() < 0.5;
  const command = shell
    ? `          command: ["/bin/sh", "-c", "./migrate && ${pick(['exec ', ''])}./${app} --port 8080"]\n`
    : random() < 0.1
      ? '          command: ["npm", "start"]\n'
      : '';
  const strategy =
    kind === 'DaemonSet'
      ? `  updateStrategy:\n    rollingUpdate:\n      maxUnavailable: ${pick([1, '10%'])}\n`
      : kind === 'StatefulSet'
        ? `  serviceName: ${app}\n  replicas: ${replicas}\n`
        : `  replicas: ${replicas}\n  strategy:\n    rollingUpdate:\n      maxSurge: ${pick([1, '25%'])}\n      maxUnavailable: ${pick([0, 1, '25%'])}\n`;
  return `apiVersion: apps/v1
kind: ${kind}
metadata:
  name: ${app}
  namespace: ${ns}
  labels:
    app.kubernetes.io/name: ${app}
    app.kubernetes.io/part-of: shop
spec:
${strategy}  selector:
    matchLabels:
      app.kubernetes.io/name: ${app}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ${app}
        app.kubernetes.io/part-of: shop
      annotations:
        prometheus.io/scrape: "true"
    spec:
      serviceAccountName: ${app}
${random() < 0.4 ? `      terminationGracePeriodSeconds: ${pick([10, 30, 45, 60])}\n` : ''}      containers:
        - name: ${app}
          image: registry.example.com/shop/${app}:${Math.floor(random() * 100)}.${Math.floor(random() * 10)}
${command}          ports:
            - name: http
              containerPort: 8080
            - name: metrics
              containerPort: 9090
          env:
            - name: LOG_LEVEL
              value: info
            - name: DB_HOST
              valueFrom:
                secretKeyRef: {name: ${app}-db, key: host}
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {memory: 256Mi}
${preStop ? `          lifecycle:\n            preStop:\n              ${pick(['sleep: {seconds: 10}', 'exec: {command: ["sh", "-c", "sleep 15"]}'])}\n` : ''}          readinessProbe:
            httpGet: {path: /ready, port: http}
            periodSeconds: 5
          livenessProbe:
            httpGet: {path: /live, port: http}
            periodSeconds: 10
          volumeMounts:
            - name: config
              mountPath: /etc/${app}
      volumes:
        - name: config
          configMap:
            name: ${app}
`;
}

function supporting(app, ns) {
  return [
    `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${app}\n  namespace: ${ns}\nspec:\n  selector:\n    app.kubernetes.io/name: ${app}\n  ports:\n    - name: http\n      port: 80\n      targetPort: http\n`,
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${app}\n  namespace: ${ns}\ndata:\n  config.yaml: |\n    server:\n      port: 8080\n      shutdownTimeout: 20s\n    features: [a, b, c]\n  LOG_FORMAT: json\n`,
    `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${app}\n  namespace: ${ns}\n`,
    `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: ${app}\n  namespace: ${ns}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: ${app}}\n  minReplicas: ${pick([1, 2, 3])}\n  maxReplicas: 10\n  metrics:\n    - type: Resource\n      resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}\n`,
    `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: ${app}\n  namespace: ${ns}\nspec:\n  ${pick(['maxUnavailable: 1', 'minAvailable: 1', 'minAvailable: 50%'])}\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: ${app}\n`,
    `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: ${app}\n  namespace: ${ns}\nspec:\n  rules:\n    - host: ${app}.example.com\n      http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend:\n              service: {name: ${app}, port: {number: 80}}\n`,
    `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: ${app}\n  namespace: ${ns}\nrules:\n  - apiGroups: [""]\n    resources: [configmaps]\n    verbs: [get, list, watch]\n`,
    `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: ${app}\n  namespace: ${ns}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: ${app}}\nsubjects:\n  - {kind: ServiceAccount, name: ${app}, namespace: ${ns}}\n`,
    `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ${app}-db\n  namespace: ${ns}\ntype: Opaque\nstringData:\n  host: db.${ns}.svc\n`,
  ];
}

export function generateTree(dir, files) {
  seed = 42;
  let objects = 0;
  let bytes = 0;
  for (let i = 0; i < files; i++) {
    const ns = `team-${i % 50}`;
    const app = `svc-${i}`;
    const kind = random() < 0.8 ? 'Deployment' : random() < 0.5 ? 'StatefulSet' : 'DaemonSet';
    const docs = [deployment(app, ns, kind), ...supporting(app, ns)];
    objects += docs.length;
    const text = docs.join('---\n');
    bytes += text.length;
    const path = join(dir, 'clusters', `cluster-${i % 4}`, ns, `${app}.yaml`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  return { objects, bytes };
}

/** One Dockerfile per `every`-th app (services/<app>/Dockerfile: mapped by directory name). */
export function dockerfiles(dir, files, every) {
  let count = 0;
  for (let i = 0; i < files; i += every) {
    const path = join(dir, 'services', `svc-${i}`, 'Dockerfile');
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `FROM python:3.12-slim AS deps\nRUN pip install gunicorn\nFROM deps\nCOPY . /app\nCMD gunicorn --bind 0.0.0.0:8000 app:app\n`);
    count++;
  }
  return count;
}

/**
 * An OpenAPI v3 schema of `depth` levels with `width` properties per level (objects, arrays of
 * objects, strings with descriptions, int-or-string): a CRD's validation the size of an
 * operator's (tens of thousands of lines once rendered).
 */
function schema(depth, width, name) {
  const description = `${name} configures one part of the resource. It is copied to the pods the controller manages; changing it rolls them out again.`;
  if (depth === 0) return { type: 'string', description };
  const properties = {};
  for (let i = 0; i < width; i++) {
    const key = `${name}${['Spec', 'Policy', 'Template', 'Config', 'Status', 'Options', 'Rules', 'Limits'][i % 8]}${i}`;
    properties[key] =
      i % 4 === 0
        ? { type: 'array', description, items: schema(depth - 1, width, key) }
        : i % 4 === 1
          ? { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }], description }
          : i % 4 === 2
            ? { type: 'string', description, enum: ['Always', 'IfNotPresent', 'Never'] }
            : schema(depth - 1, width, key);
  }
  return { type: 'object', description, properties, required: Object.keys(properties).slice(0, 2) };
}

/** YAML of a plain value (block style, quoted strings where needed), indented by `indent`. */
function yaml(value, indent = 0) {
  const pad = ' '.repeat(indent);
  const scalar = (v) => (typeof v === 'string' ? (/^[A-Za-z][A-Za-z0-9 .,;'()-]*$/.test(v) && !/: |\s#/.test(v) ? v : JSON.stringify(v)) : String(v));
  if (Array.isArray(value)) {
    return value
      .map((item) => (item !== null && typeof item === 'object' ? `${pad}-\n${yaml(item, indent + 2)}` : `${pad}- ${scalar(item)}\n`))
      .join('');
  }
  return Object.entries(value)
    .map(([key, v]) => (v !== null && typeof v === 'object' ? (Array.isArray(v) && v.length === 0 ? `${pad}${key}: []\n` : `${pad}${key}:\n${yaml(v, indent + 2)}`) : `${pad}${key}: ${scalar(v)}\n`))
    .join('');
}

function crd(group, plural, kind, depth, width) {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${group}`, labels: { 'app.kubernetes.io/part-of': 'bench-operator' } },
    spec: {
      group,
      names: { kind, listKind: `${kind}List`, plural, singular: kind.toLowerCase() },
      scope: 'Namespaced',
      versions: [{ name: 'v1', served: true, storage: true, subresources: { status: {} }, schema: { openAPIV3Schema: schema(depth, width, kind.toLowerCase()) } }],
    },
  };
}

const write = (path, text) => {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
};

function controller(name, image, extra = {}) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: { 'app.kubernetes.io/name': name } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { 'app.kubernetes.io/name': name } },
      template: {
        metadata: { labels: { 'app.kubernetes.io/name': name } },
        spec: {
          serviceAccountName: name,
          containers: [
            {
              name,
              image,
              args: ['--leader-elect', '--metrics-bind-address=:8090'],
              ports: [{ name: 'metrics', containerPort: 8090 }, { name: 'healthz', containerPort: 8080 }],
              readinessProbe: { httpGet: { path: '/readyz', port: 'healthz' } },
              livenessProbe: { httpGet: { path: '/healthz', port: 'healthz' } },
              resources: { requests: { cpu: '100m', memory: '128Mi' } },
              ...extra,
            },
          ],
        },
      },
    },
  };
}

function rbac(name, ns) {
  const rules = ['pods', 'services', 'deployments', 'replicasets', 'events', 'configmaps', 'secrets', 'leases'].map((r) => ({
    apiGroups: [''],
    resources: [r],
    verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
  }));
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name } },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name }, rules },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
      subjects: [{ kind: 'ServiceAccount', name, namespace: ns }],
    },
  ];
}

const documents = (list) => list.map((d) => yaml(d)).join('---\n');

/**
 * A Helm chart of an operator, shaped like the ones with large CRDs (ECK, for one): the CRDs are
 * templates behind `crds.install`, beside the controller's Deployment, Service, RBAC and a
 * webhook; two values sets in ci/. Returns the chart directory and its values sets.
 */
export function generateChart(dir) {
  const chart = join(dir, 'operator');
  write(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: operator\nversion: 1.0.0\nappVersion: "2.0.0"\n');
  write(join(chart, 'values.yaml'), 'replicaCount: 1\nimage: registry.example.com/operator:2.0.0\ncrds:\n  install: true\nwebhook:\n  enabled: true\n');
  write(join(chart, 'ci', 'ha-values.yaml'), 'replicaCount: 2\n');
  write(join(chart, 'ci', 'no-webhook-values.yaml'), 'webhook:\n  enabled: false\n');
  const kinds = ['Cluster', 'Backup', 'Restore', 'Agent', 'Gateway', 'Policy', 'Index', 'Pipeline'];
  for (const kind of kinds) {
    const body = yaml(crd('bench.example.com', `${kind.toLowerCase()}s`, kind, 4, 8));
    write(join(chart, 'templates', 'crds', `${kind.toLowerCase()}.yaml`), `{{- if .Values.crds.install }}\n${body}{{- end }}\n`);
  }
  const deployment = yaml(controller('operator', 'IMAGE'))
    .replace('replicas: 1', 'replicas: {{ .Values.replicaCount }}')
    .replace('image: IMAGE', 'image: {{ .Values.image | quote }}');
  write(join(chart, 'templates', 'deployment.yaml'), deployment);
  write(join(chart, 'templates', 'rbac.yaml'), documents(rbac('operator', 'default')).replaceAll('namespace: default', 'namespace: {{ .Release.Namespace }}'));
  write(
    join(chart, 'templates', 'service.yaml'),
    yaml({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'operator-webhook' }, spec: { selector: { 'app.kubernetes.io/name': 'operator' }, ports: [{ name: 'https', port: 443, targetPort: 9443 }] } }),
  );
  const webhook = {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingWebhookConfiguration',
    metadata: { name: 'operator' },
    webhooks: kinds.map((k) => ({
      name: `${k.toLowerCase()}.bench.example.com`,
      admissionReviewVersions: ['v1'],
      sideEffects: 'None',
      clientConfig: { service: { name: 'operator-webhook', namespace: 'default', path: `/validate-${k.toLowerCase()}` } },
      rules: [{ apiGroups: ['bench.example.com'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: [`${k.toLowerCase()}s`] }],
    })),
  };
  write(join(chart, 'templates', 'webhook.yaml'), `{{- if .Values.webhook.enabled }}\n${yaml(webhook)}{{- end }}\n`);
  return { chart, valuesSets: [[], ['--values', join(chart, 'ci', 'ha-values.yaml')], ['--values', join(chart, 'ci', 'no-webhook-values.yaml')]] };
}

/**
 * A Kustomize tree shaped like argo-rollouts' manifests/: large CRDs in crds/, the controller in
 * base/, its RBAC in role/, and seven kustomizations that compose them (cluster and namespace
 * installs, a dashboard, notifications, …). Returns the tree, its kustomization directories and
 * the roots among them.
 */
export function generateOverlays(dir) {
  const root = join(dir, 'manifests');
  const kustomization = (resources, extra = '') => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n${resources.map((r) => `  - ${r}\n`).join('')}${extra}`;
  const crdKinds = ['Rollout', 'Experiment', 'AnalysisRun', 'AnalysisTemplate', 'ClusterAnalysisTemplate'];
  for (const kind of crdKinds) write(join(root, 'crds', `${kind.toLowerCase()}-crd.yaml`), yaml(crd('rollouts.example.com', `${kind.toLowerCase()}s`, kind, 5, 6)));
  write(join(root, 'crds', 'kustomization.yaml'), kustomization(crdKinds.map((k) => `${k.toLowerCase()}-crd.yaml`)));
  write(join(root, 'base', 'controller-deployment.yaml'), yaml(controller('rollouts-controller', 'registry.example.com/rollouts:1.8.0')));
  write(
    join(root, 'base', 'metrics-service.yaml'),
    yaml({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'rollouts-metrics' }, spec: { selector: { 'app.kubernetes.io/name': 'rollouts-controller' }, ports: [{ name: 'metrics', port: 8090, targetPort: 8090 }] } }),
  );
  write(join(root, 'base', 'kustomization.yaml'), kustomization(['controller-deployment.yaml', 'metrics-service.yaml']));
  write(join(root, 'role', 'rbac.yaml'), documents(rbac('rollouts-controller', 'rollouts')));
  write(join(root, 'role', 'kustomization.yaml'), kustomization(['rbac.yaml']));
  write(join(root, 'cluster-install', 'kustomization.yaml'), kustomization(['../crds', '../base', '../role'], 'namespace: rollouts\n'));
  write(
    join(root, 'namespace-install', 'kustomization.yaml'),
    kustomization(['../crds', '../base', '../role'], 'namespace: rollouts\npatches:\n  - target: {kind: Deployment}\n    patch: |-\n      - op: add\n        path: /spec/template/spec/containers/0/args/-\n        value: --namespaced\n'),
  );
  write(join(root, 'dashboard-install', 'dashboard-deployment.yaml'), yaml(controller('rollouts-dashboard', 'registry.example.com/rollouts:1.8.0')));
  write(join(root, 'dashboard-install', 'kustomization.yaml'), kustomization(['dashboard-deployment.yaml', '../role']));
  write(
    join(root, 'notifications', 'configmap.yaml'),
    yaml({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'rollouts-notification-configmap' },
      data: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`template.rollout-step-${i}`, `message: Rollout {{.rollout.metadata.name}} reached step ${i}.\n`])),
    }),
  );
  write(join(root, 'notifications', 'kustomization.yaml'), kustomization(['configmap.yaml']));
  write(join(root, 'notifications-install', 'kustomization.yaml'), kustomization(['../cluster-install', '../notifications']));
  const dirs = ['crds', 'base', 'role', 'cluster-install', 'namespace-install', 'dashboard-install', 'notifications', 'notifications-install'];
  // The ones no other kustomization includes: what termination-guard renders (and the bench times
  // `kustomize build` of, for the render tool's own cost).
  const roots = ['namespace-install', 'dashboard-install', 'notifications-install'];
  return { root, kustomizations: dirs.map((d) => join(root, d)), roots: roots.map((d) => join(root, d)) };
}

/**
 * The corpus rendered to plain YAML, for the peers that do not render: every chart with its
 * default values (`helm template`), every kustomization (`kustomize build`), and every plain
 * manifest outside a chart. Renders that fail (a chart whose dependencies are not vendored) are
 * left out and counted. Returns { files, bytes, failed }.
 */
export function renderCorpus(corpus, out, tools) {
  const charts = [];
  const kustomizations = [];
  const plain = [];
  const walk = (dir, inChart) => {
    const names = readdirSync(dir);
    const chart = !inChart && names.includes('Chart.yaml') && !/^type:\s*library/m.test(readFileSync(join(dir, 'Chart.yaml'), 'utf8'));
    if (chart) charts.push(dir);
    if (!inChart && names.some((n) => /^(kustomization\.ya?ml|Kustomization)$/.test(n))) kustomizations.push(dir);
    for (const name of names) {
      const path = join(dir, name);
      if (statIsDir(path)) walk(path, inChart || names.includes('Chart.yaml'));
      else if (!inChart && !names.includes('Chart.yaml') && /\.ya?ml$/.test(name) && !/^kustomization\./.test(name)) plain.push(path);
    }
  };
  walk(corpus, false);
  mkdirSync(out, { recursive: true });
  let files = 0;
  let bytes = 0;
  let failed = 0;
  const keep = (name, text) => {
    writeFileSync(join(out, `${String(files).padStart(4, '0')}-${name.replace(/[^A-Za-z0-9.-]+/g, '_')}.yaml`), text);
    files++;
    bytes += text.length;
  };
  for (const dir of charts) {
    const result = spawnSync(tools.helm, ['template', 'bench', dir, '--skip-tests'], { encoding: 'utf8', maxBuffer: 256 << 20 });
    if (result.status === 0) keep(relative(corpus, dir), result.stdout);
    else failed++;
  }
  for (const dir of kustomizations) {
    const result = spawnSync(tools.kustomize, ['build', dir], { encoding: 'utf8', maxBuffer: 256 << 20 });
    if (result.status === 0) keep(relative(corpus, dir), result.stdout);
    else failed++;
  }
  for (const path of plain) {
    const text = readFileSync(path, 'utf8');
    if (/^apiVersion:/m.test(text) && /^kind:/m.test(text)) keep(relative(corpus, path), text);
  }
  return { files, bytes, failed, charts: charts.length, kustomizations: kustomizations.length };
}

function statIsDir(path) {
  return statSync(path).isDirectory();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [what, count, dir] = process.argv.slice(2);
  if (what === 'tree') console.log(generateTree(dir, Number(count)));
  if (what === 'chart') console.log(generateChart(count));
  if (what === 'corpus') console.log(renderCorpus(count, dir, { helm: process.env.TG_HELM, kustomize: process.env.TG_KUSTOMIZE }));
  if (what === 'overlays') console.log(generateOverlays(count));
}
