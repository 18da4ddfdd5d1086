// npm run bench: times `check` over a synthetic GitOps tree (20,000 objects in ~2,000 files)
// and over ../shared/corpus, printing figures and their ratio to the targets (≤ 2 s, ≤ 300 MB).
// Runs the committed bundle as a real process; the median of several runs is reported.
// TG_BENCH_DIST=<dir> benches the bundle in another directory (e.g. built with
// `node scripts/build.mjs <dir>`) without overwriting the committed dist/.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = process.env.TG_BENCH_DIST ? join(process.env.TG_BENCH_DIST, 'cli.js') : join(root, 'dist', 'cli.js');
const probe = join(root, 'scripts', 'rss-probe.mjs');
const targets = { seconds: 2, megabytes: 300 };
const runs = Number(process.env.BENCH_RUNS ?? 5);

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

function generate(dir, files) {
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
function dockerfiles(dir, files, every) {
  let count = 0;
  for (let i = 0; i < files; i += every) {
    const path = join(dir, 'services', `svc-${i}`, 'Dockerfile');
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `FROM python:3.12-slim AS deps\nRUN pip install gunicorn\nFROM deps\nCOPY . /app\nCMD gunicorn --bind 0.0.0.0:8000 app:app\n`);
    count++;
  }
  return count;
}

function measure(label, args, objects) {
  const samples = [];
  let rssKb = 0;
  let exit = 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const result = spawnSync(process.execPath, ['--import', probe, cli, 'check', ...args, '--format', 'json', '--output', '/dev/null', '--fail-on', 'never'], {
      encoding: 'utf8',
      cwd: root,
    });
    samples.push((performance.now() - started) / 1000);
    exit = result.status;
    rssKb = Math.max(rssKb, Number(/__maxrss_kb=(\d+)/.exec(result.stderr)?.[1] ?? 0));
    // 1: the gate failed on inputs that could not be analysed (a chart whose dependencies are not
    // vendored, say); the work was still done. Anything else is a failure of the run.
    if (result.status !== 0 && result.status !== 1) {
      process.stderr.write(result.stderr);
      throw new Error(`${label}: check exited ${result.status}`);
    }
  }
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)];
  const megabytes = rssKb / 1024;
  console.log(`\n${label}`);
  if (objects !== undefined) console.log(`  objects            ${objects.toLocaleString('en-US')}`);
  console.log(`  wall time (median) ${median.toFixed(3)} s   (min ${samples[0].toFixed(3)}, max ${samples.at(-1).toFixed(3)}, ${runs} runs, exit ${exit})`);
  if (objects !== undefined) console.log(`  throughput         ${Math.round(objects / median).toLocaleString('en-US')} objects/s`);
  console.log(`  peak RSS           ${megabytes.toFixed(0)} MB`);
  return { median, megabytes };
}

if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm run build`);
/** Median wall time of a short command (start-up dominated), over more runs than the big inputs. */
function quick(bundle, args) {
  const samples = [];
  for (let i = 0; i < Math.max(runs, 9); i++) {
    const started = performance.now();
    spawnSync(process.execPath, [bundle, ...args], { cwd: root, stdio: 'ignore' });
    samples.push((performance.now() - started) / 1000);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

// Start-up: what every run pays before the first file is read, and a typical small check.
// TG_BENCH_BEFORE=<cli.js> measures an older bundle beside this one (e.g. `git show <commit>:dist/cli.js`).
{
  const examples = ['check', 'examples/', '--format', 'json', '--output', '/dev/null', '--fail-on', 'never'];
  const before = process.env.TG_BENCH_BEFORE;
  console.log('\nstart-up (median wall time)');
  for (const [label, args] of [['--help', ['--help']], ['check examples/', examples]]) {
    const now = quick(cli, args);
    const then = before ? quick(before, args) : undefined;
    console.log(`  ${label.padEnd(18)} ${now.toFixed(3)} s${then !== undefined ? `   (before: ${then.toFixed(3)} s, ratio ${(now / then).toFixed(2)} ×)` : ''}${label === '--help' ? `   target 0.150 s: ${(now / 0.15).toFixed(2)} ×` : ''}`);
  }
}

const dir = mkdtempSync(join(tmpdir(), 'tg-bench-'));
try {
  const tree = generate(dir, 2000);
  console.log(`synthetic tree: ${tree.objects.toLocaleString('en-US')} objects in 2,000 files, ${(tree.bytes / 1048576).toFixed(1)} MiB`);
  const synthetic = measure('synthetic GitOps tree', [dir], tree.objects);
  console.log(`  ratio to target    time ${(synthetic.median / targets.seconds).toFixed(2)} × 2 s, memory ${(synthetic.megabytes / targets.megabytes).toFixed(2)} × 300 MB`);
  const built = dockerfiles(dir, 2000, 4);
  const withImages = measure(`the same tree with ${built} Dockerfiles building its images (mapped by directory name)`, [dir], tree.objects);
  console.log(`  ratio to plain     time ${(withImages.median / synthetic.median).toFixed(2)} ×, memory ${(withImages.megabytes / synthetic.megabytes).toFixed(2)} ×`);
  const corpus = join(root, '..', 'shared', 'corpus');
  if (existsSync(corpus)) {
    measure('../shared/corpus, plain manifests only (--no-render)', [corpus, '--no-render'], 208);
    // Renders need helm and kustomize (npm run setup-tools builds them).
    measure('../shared/corpus with its 2 charts (11 renders) and 3 overlays rendered', [corpus]);
    measure('node-exporter chart alone: 10 helm renders (defaults + 9 ci values sets)', [join(corpus, 'prometheus-community__helm-charts/charts/prometheus-node-exporter')]);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
