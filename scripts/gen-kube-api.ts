// Writes the Kubernetes API tables termination-guard keeps per version (src/k8s/api/*.json) from a
// real API server: the test cluster's (scripts/test-cluster/cluster.ts). Run by hand when the
// cluster's Kubernetes version changes; the files are committed and nothing reads a cluster at run
// time.
//
//   npx tsx scripts/gen-kube-api.ts                       # starts a cluster in a temp dir, stops it
//   npx tsx scripts/gen-kube-api.ts --kubeconfig <file>   # reads a cluster that is already up
//
// - api-versions-<minor>.json: what `helm install` sees of the cluster (Helm's GetVersionSet):
//   every served group/version, and group/version/Kind of every resource in its discovery list
//   (subresources included, as Helm includes them). `helm template` gets it as --api-versions.
// - pod-fields-<minor>.json: the field names the OpenAPI v3 schema allows in the objects
//   pod/unknown-field validates (a pod spec, its containers, lifecycle hooks and probes, the
//   workloads' rollout strategies, a PDB's spec), and which of those fields lead to another of them.
//
// Root and the Debian packages of the test cluster are needed (TEST-CLUSTER.md); the cluster lives
// in its own namespaces and is reached on the loopback only.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kubernetesBinDir } from './test-cluster/build-k8s.mjs';
import { down, up } from './test-cluster/cluster.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'src', 'k8s', 'api');

/** Where the validation walks: the schema types it checks, by their short name. */
export const checkedTypes: Record<string, string> = {
  PodSpec: 'io.k8s.api.core.v1.PodSpec',
  Container: 'io.k8s.api.core.v1.Container',
  EphemeralContainer: 'io.k8s.api.core.v1.EphemeralContainer',
  Lifecycle: 'io.k8s.api.core.v1.Lifecycle',
  LifecycleHandler: 'io.k8s.api.core.v1.LifecycleHandler',
  Probe: 'io.k8s.api.core.v1.Probe',
  ExecAction: 'io.k8s.api.core.v1.ExecAction',
  HTTPGetAction: 'io.k8s.api.core.v1.HTTPGetAction',
  HTTPHeader: 'io.k8s.api.core.v1.HTTPHeader',
  TCPSocketAction: 'io.k8s.api.core.v1.TCPSocketAction',
  GRPCAction: 'io.k8s.api.core.v1.GRPCAction',
  SleepAction: 'io.k8s.api.core.v1.SleepAction',
  DeploymentStrategy: 'io.k8s.api.apps.v1.DeploymentStrategy',
  RollingUpdateDeployment: 'io.k8s.api.apps.v1.RollingUpdateDeployment',
  DaemonSetUpdateStrategy: 'io.k8s.api.apps.v1.DaemonSetUpdateStrategy',
  RollingUpdateDaemonSet: 'io.k8s.api.apps.v1.RollingUpdateDaemonSet',
  StatefulSetUpdateStrategy: 'io.k8s.api.apps.v1.StatefulSetUpdateStrategy',
  RollingUpdateStatefulSetStrategy: 'io.k8s.api.apps.v1.RollingUpdateStatefulSetStrategy',
  PodDisruptionBudgetSpec: 'io.k8s.api.policy.v1.PodDisruptionBudgetSpec',
  LabelSelector: 'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector',
  LabelSelectorRequirement: 'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement',
};

/** The OpenAPI v3 documents that hold those types. */
const openapiPaths = ['api/v1', 'apis/apps/v1', 'apis/policy/v1'];

function fail(message: string): never {
  throw new Error(message);
}

function getRaw(kubeconfig: string, path: string): unknown {
  const result = spawnSync(join(kubernetesBinDir(), 'kubectl'), ['--kubeconfig', kubeconfig, 'get', '--raw', path], { encoding: 'utf8', maxBuffer: 256 << 20, timeout: 60_000 });
  if (result.status !== 0) fail(`kubectl get --raw ${path}: ${result.stderr || result.error?.message}`);
  return JSON.parse(result.stdout);
}

interface ApiResourceList {
  groupVersion: string;
  resources: { name: string; kind: string }[];
}

/** Helm's GetVersionSet: each group/version, and group/version/Kind of each resource listed under it. */
function apiVersions(kubeconfig: string): Record<string, string[]> {
  const core = getRaw(kubeconfig, '/api') as { versions: string[] };
  const groups = getRaw(kubeconfig, '/apis') as { groups: { versions: { groupVersion: string }[] }[] };
  const groupVersions = [...core.versions, ...groups.groups.flatMap((g) => g.versions.map((v) => v.groupVersion))];
  const kinds: Record<string, string[]> = {};
  for (const gv of groupVersions.sort()) {
    const list = getRaw(kubeconfig, gv.includes('/') ? `/apis/${gv}` : `/api/${gv}`) as ApiResourceList;
    kinds[gv] = [...new Set(list.resources.map((r) => r.kind))].sort();
  }
  return kinds;
}

interface Schema {
  properties?: Record<string, Schema>;
  items?: Schema;
  allOf?: Schema[];
  $ref?: string;
}

/** The component a property refers to (directly, through allOf, or as array items), and whether it is a list. */
function refOf(property: Schema): { ref?: string; list: boolean } {
  const target = property.items ?? property;
  const ref = target.$ref ?? target.allOf?.find((s) => s.$ref)?.$ref;
  return { ...(ref ? { ref: ref.replace('#/components/schemas/', '') } : {}), list: property.items !== undefined };
}

/** Each checked type's fields: field → the checked type it leads to ("Container[]" for a list), or "" for none. */
function podFields(kubeconfig: string): Record<string, Record<string, string>> {
  const schemas: Record<string, Schema> = {};
  for (const path of openapiPaths) Object.assign(schemas, (getRaw(kubeconfig, `/openapi/v3/${path}`) as { components: { schemas: Record<string, Schema> } }).components.schemas);
  const shortName = new Map(Object.entries(checkedTypes).map(([short, full]) => [full, short]));
  const types: Record<string, Record<string, string>> = {};
  for (const [short, full] of Object.entries(checkedTypes)) {
    const schema = schemas[full];
    if (!schema?.properties) fail(`no schema for ${full} in ${openapiPaths.join(', ')}`);
    types[short] = Object.fromEntries(
      Object.keys(schema.properties)
        .sort()
        .map((field) => {
          const { ref, list } = refOf(schema.properties![field] as Schema);
          const child = ref ? shortName.get(ref) : undefined;
          return [field, child ? `${child}${list ? '[]' : ''}` : ''];
        }),
    );
  }
  return types;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const given = args[0] === '--kubeconfig' ? args[1] : undefined;
  if (args.length > 0 && !given) fail('usage: tsx scripts/gen-kube-api.ts [--kubeconfig <file>]');
  // A cluster we start is ours to stop; one named by --kubeconfig is left as it was.
  const dir = given ? undefined : mkdtempSync(join(tmpdir(), 'tg-gen-kube-api-'));
  try {
    const kubeconfig = given ?? (await up(dir)).kubeconfig;
    const version = getRaw(kubeconfig, '/version') as { gitVersion: string; major: string; minor: string };
    const minor = `${version.major}.${version.minor.replace(/\D+$/, '')}`;
    const source = `kube-apiserver ${version.gitVersion} (the test cluster), read by scripts/gen-kube-api.ts`;
    const apis = apiVersions(kubeconfig);
    const fields = podFields(kubeconfig);
    // One line per group/version or type: small files whose diffs show what a version changed.
    const write = (name: string, data: Record<string, unknown>) => {
      const entries = Object.entries(data).map(([key, value]) => {
        const nested = typeof value === 'object' && value !== null ? Object.entries(value).map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`) : undefined;
        return `  ${JSON.stringify(key)}: ${nested ? `{\n${nested.join(',\n')}\n  }` : JSON.stringify(value)}`;
      });
      writeFileSync(join(outDir, name), `{\n${entries.join(',\n')}\n}\n`);
      process.stderr.write(`gen-kube-api: wrote src/k8s/api/${name}\n`);
    };
    write(`api-versions-${minor}.json`, { kubernetes: version.gitVersion, source: `${source}: /api, /apis and each group/version's resource list`, kinds: apis });
    write(`pod-fields-${minor}.json`, { kubernetes: version.gitVersion, source: `${source}: /openapi/v3/{${openapiPaths.join(',')}}`, types: fields });
  } finally {
    if (dir) await down(dir);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await main().catch((error: Error) => {
    process.stderr.write(`gen-kube-api: ${error.message}\n`);
    process.exitCode = 1;
  });
}
