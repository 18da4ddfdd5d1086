// The linters `npm run bench` compares termination-guard with, run as users run them:
// kube-score (github.com/zegl/kube-score) and kubeconform (github.com/yannh/kubeconform), both
// built from their Go modules into the tool cache (scripts/setup-tools.mjs). kube-linter is not
// among them: the Go module proxy here does not serve it.
//
// kubeconform validates against JSON schemas it normally downloads. The bench generates them
// offline instead, from the swagger.json (OpenAPI v2) of the Kubernetes module the test cluster
// builds from (scripts/test-cluster/build-k8s.mjs): one schema per group/version/kind, named the
// way kubeconform's `{{ .ResourceKind }}{{ .KindSuffix }}` template looks them up.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir, ensureGoTool } from './setup-tools.mjs';
import { kubernetesVersion } from './test-cluster/build-k8s.mjs';

/** swagger.json of k8s.io/kubernetes at the test cluster's version (downloaded by `go mod download`). */
export function swaggerPath() {
  const result = spawnSync('go', ['mod', 'download', '-json', `k8s.io/kubernetes@${kubernetesVersion}`], {
    encoding: 'utf8',
    cwd: cacheDir,
    env: { ...process.env, GOFLAGS: '' },
    maxBuffer: 16 << 20,
  });
  if (result.status !== 0) return undefined;
  const dir = JSON.parse(result.stdout).Dir;
  const path = dir && join(dir, 'api', 'openapi-spec', 'swagger.json');
  return path && existsSync(path) ? path : undefined;
}

/**
 * kubeconform schemas from swagger.json, into the cache (once per Kubernetes version): for each
 * definition with an x-kubernetes-group-version-kind, the definition with every definition it
 * reaches (under `definitions`, refs rewritten to them). IntOrString and Quantity accept numbers
 * as the API server does (swagger types them as strings with a format).
 */
export function kubeconformSchemas() {
  const dir = join(cacheDir, 'kubeconform-schemas', kubernetesVersion);
  if (existsSync(join(dir, 'deployment-apps-v1.json'))) return dir;
  const swagger = swaggerPath();
  if (!swagger) return undefined;
  const { definitions } = JSON.parse(readFileSync(swagger, 'utf8'));
  const rewrite = (node, reached) => {
    if (Array.isArray(node)) return node.map((item) => rewrite(item, reached));
    if (node === null || typeof node !== 'object') return node;
    if (node.format === 'int-or-string') return { ...(node.description ? { description: node.description } : {}), oneOf: [{ type: 'string' }, { type: 'integer' }] };
    const out = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') {
        const name = value.replace('#/definitions/', '');
        reached.add(name);
        out.$ref = `#/definitions/${name}`;
      } else out[key] = rewrite(value, reached);
    }
    return out;
  };
  const special = {
    'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { oneOf: [{ type: 'string' }, { type: 'integer' }] },
    'io.k8s.apimachinery.pkg.api.resource.Quantity': { oneOf: [{ type: 'string' }, { type: 'number' }] },
  };
  const converted = new Map();
  const convert = (name) => {
    if (!converted.has(name)) {
      const reached = new Set();
      converted.set(name, { schema: special[name] ?? rewrite(definitions[name] ?? {}, reached), reached });
    }
    return converted.get(name);
  };
  mkdirSync(dir, { recursive: true });
  let written = 0;
  for (const [name, definition] of Object.entries(definitions)) {
    for (const gvk of definition['x-kubernetes-group-version-kind'] ?? []) {
      const own = convert(name);
      const closure = new Map();
      const queue = [...own.reached];
      while (queue.length > 0) {
        const next = queue.pop();
        if (closure.has(next) || next === name) continue;
        const { schema, reached } = convert(next);
        closure.set(next, schema);
        queue.push(...reached);
      }
      if (own.reached.has(name)) closure.set(name, own.schema);
      // kubeconform's KindSuffix: -<first label of the group, or the version for core>-<version>.
      const suffix = gvk.group === '' ? `-${gvk.version}` : `-${gvk.group.split('.')[0].toLowerCase()}-${gvk.version}`;
      const file = `${gvk.kind.toLowerCase()}${suffix}.json`;
      writeFileSync(join(dir, file), JSON.stringify({ $schema: 'http://json-schema.org/schema#', ...own.schema, definitions: Object.fromEntries(closure) }));
      written++;
    }
  }
  process.stderr.write(`bench: generated ${written} kubeconform schemas from ${swagger}\n`);
  return dir;
}

/** The YAML files under a directory (kube-score takes files, not directories). */
export function yamlFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.ya?ml$/.test(entry.name)) out.push(path);
    }
  };
  walk(dir);
  return out.sort();
}

/**
 * The peers that can run here: { name, argv(dir) } each, or a reason why not. kube-score with its
 * default checks (`score`, CI output); kubeconform with its defaults plus -summary, skipping kinds
 * it has no schema for (custom resources), against the generated schemas.
 */
export function peers() {
  const list = [];
  const missing = [];
  const kubeScore = ensureGoTool('kube-score');
  if (kubeScore) list.push({ name: 'kube-score', argv: (dir) => [kubeScore, 'score', '--output-format', 'ci', ...yamlFiles(dir)] });
  else missing.push('kube-score (go install failed)');
  const kubeconform = ensureGoTool('kubeconform');
  const schemas = kubeconform ? kubeconformSchemas() : undefined;
  if (kubeconform && schemas) {
    list.push({
      name: 'kubeconform',
      argv: (dir) => [kubeconform, '-summary', '-ignore-missing-schemas', '-schema-location', `${schemas}/{{ .ResourceKind }}{{ .KindSuffix }}.json`, dir],
    });
  } else missing.push(kubeconform ? 'kubeconform (no swagger.json: build the test cluster once, scripts/test-cluster/build-k8s.mjs)' : 'kubeconform (go install failed)');
  missing.push('kube-linter (the Go module proxy here does not serve it)');
  return { list, missing };
}
