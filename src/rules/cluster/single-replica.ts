import { allowedDisruptions, podsOf } from '../../k8s/pdb.js';
import { parseImageReference } from '../../k8s/images.js';
import { servingOf } from '../../k8s/pod.js';
import { describeReplicas, replicasOf, strategyOf } from '../../k8s/strategy.js';
import { scrapeOnlyException } from '../../k8s/traffic.js';
import type { ObjectIndex, ServiceView } from '../../manifests/object-index.js';
import { asArray, asRecord, asString, getPath, type KubeObject, namespaceOf } from '../../manifests/objects.js';
import { type ContainerView, hasScaleSubresource, type Workload } from '../../manifests/workloads.js';
import { isLongRunning, longRunningContainers, nameList } from '../helpers.js';
import { defineRule } from '../types.js';

/**
 * Databases and caches: a second replica is a second, empty server, not a standby. Their
 * availability is a replication design (an operator, a chart's replication mode), not a number.
 */
const dataStores =
  /(^|\/)(postgres|postgresql|mysql|mariadb|mongo|mongodb|cockroach|cockroachdb|cassandra|elasticsearch|opensearch|etcd|zookeeper|kafka|rabbitmq|clickhouse|neo4j|couchdb|influxdb|redis|valkey|keydb|memcached)$/;

/** `--leader-elect`, `--leader-election…`, `--enable-leader-election`, unless set to false. */
const leaderFlag = /^--?(?:enable-)?leader-elect(?:ion)?(?:-[\w-]+)?(?:=(.*))?$/i;
const off = (value: string | undefined) => value !== undefined && /^(false|0|no)$/i.test(value.trim().replace(/^["']|["']$/g, ''));

/**
 * A controller that elects a leader was built to run active/standby: one replica is its design,
 * and whatever it serves besides (webhooks, metrics) is not load-balanced client traffic.
 */
function leaderElection(container: ContainerView): string | undefined {
  const words = [...asArray(container.spec.command), ...asArray(container.spec.args)].flatMap((arg) => String(arg).split(/\s+/));
  for (const [i, word] of words.entries()) {
    const match = leaderFlag.exec(word);
    if (!match) continue;
    const value = match[1] ?? (/^(true|false)$/i.test(words[i + 1] ?? '') ? words[i + 1] : undefined);
    // `--leader-election-namespace=x` configures an election; only the switch itself can turn it off.
    const isSwitch = !/^--?(?:enable-)?leader-elect(?:ion)?-/i.test(word);
    if (isSwitch && off(value)) continue;
    return word.split('=')[0];
  }
  for (const item of asArray(container.spec.env)) {
    const env = asRecord(item);
    const name = asString(env?.name);
    if (!name || !/LEADER_ELECT/i.test(name)) continue;
    if (env?.value !== undefined && (off(String(env.value)) || String(env.value) === '')) continue;
    return `${name} env`;
  }
  return undefined;
}

/**
 * Services that load-balance clients over the pods. A headless Service balances nothing: it names
 * pods for peers (a StatefulSet's identity, a gossip ring), whose clients pick pods themselves.
 */
function clientServices(workload: Workload, index: ObjectIndex): ServiceView[] {
  const services = new Set<ServiceView>();
  for (const container of longRunningContainers(workload)) {
    for (const service of servingOf(container, workload, index).viaService) {
      if (!service.headless) services.add(service);
    }
  }
  return [...services];
}

/**
 * The manifest an object was written in, as one installation: its render (values set, overlay),
 * else its file. A directory is too loose: a GitOps tree keeps unrelated applications side by side.
 */
function installationOf(workload: Workload): string {
  const { source } = workload.object;
  return source.origin ? `render\0${source.origin.render}` : `file\0${source.file}`;
}

/** Per index: the workloads of each installation (namespace included) that explicitly run two or more pods. */
const scaledByInstallation = new WeakMap<ObjectIndex, Map<string, Workload[]>>();

function scaledSiblings(workload: Workload, index: ObjectIndex): Workload[] {
  let groups = scaledByInstallation.get(index);
  if (!groups) {
    groups = new Map();
    for (const other of index.workloads) {
      if (!isLongRunning(other) || !hasScaleSubresource(other.kind)) continue;
      const replicas = replicasOf(other, index);
      if (replicas.source === 'default' || replicas.count < 2) continue;
      const key = `${installationOf(other)}\0${namespaceOf(other.object.ref)}`;
      groups.set(key, [...(groups.get(key) ?? []), other]);
    }
    scaledByInstallation.set(index, groups);
  }
  return (groups.get(`${installationOf(workload)}\0${namespaceOf(workload.object.ref)}`) ?? []).filter(
    (other) => other !== workload && clientServices(other, index).length > 0,
  );
}

/**
 * Why one replica is the design rather than an oversight, or undefined. Each is something the
 * author wrote down: a Recreate strategy (two pods must never run at once), a ReadWriteOnce claim
 * (a second pod on another node cannot attach it), or replicas chosen per workload — the same
 * manifest runs its other load-balanced workloads with two or more and leaves this one at one
 * (argo-cd's HA manifest does that for dex, whose in-memory storage cannot be shared).
 */
function deliberateSingleton(workload: Workload, index: ObjectIndex): string | undefined {
  const strategy = strategyOf(workload);
  if (strategy?.type === 'Recreate') return 'its Recreate strategy never runs two pods at once';
  const namespace = namespaceOf(workload.object.ref);
  for (const volume of asArray(workload.podSpec.volumes)) {
    const claim = asString(asRecord(asRecord(volume)?.persistentVolumeClaim)?.claimName);
    if (claim === undefined) continue;
    const modes = asArray(getPath(claimObject(index, namespace, claim)?.raw, ['spec', 'accessModes'])).map(String);
    if (modes.length > 0 && modes.every((mode) => mode === 'ReadWriteOnce' || mode === 'ReadWriteOncePod')) return `PersistentVolumeClaim ${claim} is ${modes.join('/')}`;
  }
  const siblings = scaledSiblings(workload, index);
  if (siblings.length > 0) return `the same manifest runs ${nameList(siblings.map((s) => s.object.ref.name))} with two or more replicas`;
  return undefined;
}

const claimsByIndex = new WeakMap<ObjectIndex, Map<string, KubeObject>>();

function claimObject(index: ObjectIndex, namespace: string, name: string): KubeObject | undefined {
  let claims = claimsByIndex.get(index);
  if (!claims) {
    claims = new Map(index.objects.filter((o) => o.ref.kind === 'PersistentVolumeClaim').map((o) => [`${namespaceOf(o.ref)}/${o.ref.name}`, o]));
    claimsByIndex.set(index, claims);
  }
  return claims.get(`${namespace}/${name}`);
}

export default defineRule({
  target: 'workload',
  meta: {
    id: 'cluster/single-replica',
    layer: 'cluster',
    name: 'single-replica',
    severity: 'warning',
    title: 'Load-balanced workloads survive a node drain',
    summary: 'A workload behind a Service runs one replica, so every node drain or eviction takes it down until the replacement is Ready.',
    equivalents: { kubeLinter: ['minimum-three-replicas'] },
    docs: {
      why: 'An eviction deletes first: `kubectl drain`, node upgrades and cluster-autoscaler/Karpenter consolidation remove the only pod, and the controller creates its replacement only then. Clients of the Service get connection errors for the replacement\'s scheduling, image pull and start-up — every time a node goes. A PodDisruptionBudget cannot help one pod: `minAvailable: 1` turns the outage into a drain that never completes (cluster/pdb-blocks-drain). Two replicas on different nodes, with `maxUnavailable: 1`, make a drain invisible.\n\nSeverity: a warning, not an error. The outage is real but bounded (seconds to a minute per drain), one replica is often a deliberate cost choice for small or internal services, and the default gate (new errors) must not fail every such chart. It is more than info because drains are routine and nothing else in the manifest reveals the outage: rolling updates do surge a single replica (new pod first), so only drains and evictions expose it. It is info where a second replica needs the application\'s cooperation (a StatefulSet, or a Deployment that mounts a PersistentVolumeClaim).',
      fact: 'Eviction API (kubectl drain, autoscalers) deletes the pod; the ReplicaSet/StatefulSet controller creates a replacement only after that (eviction.go; a StatefulSet even waits until the old pod is gone). Only the Eviction API consults PDBs, and with one replica any budget that protects it allows 0 disruptions (disruptions docs). An HPA\'s minReplicas is the floor the autoscaler keeps.',
      references: [
        'https://kubernetes.io/docs/concepts/workloads/pods/disruptions/',
        'https://kubernetes.io/docs/tasks/run-application/configure-pdb/',
        'https://kubernetes.io/docs/tasks/administer-cluster/safely-drain-node/',
      ],
      fixYaml: `spec:
  replicas: 2   # or HPA minReplicas: 2
  template:
    spec:
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector: {matchLabels: {app.kubernetes.io/name: web}}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
spec:
  maxUnavailable: 1
  selector: {matchLabels: {app.kubernetes.io/name: web}}`,
      verify: [
        'kubectl -n {namespace} get {kind} {name} -o jsonpath=\'{.spec.replicas}\'',
        'kubectl -n {namespace} get pods -l {selector} -o wide   # how many pods, on which nodes?',
      ],
      exceptions: `Controllers that elect a leader (\`--leader-elect\`, \`--leader-election…\`, \`--enable-leader-election\` or a \`LEADER_ELECT…\` env, not set to false): one active replica is their design. Deliberate singletons, where the manifest itself says one pod is the design: a \`Recreate\` strategy (two pods must never run at once; node/recreate-strategy reports its rollout outage), a PersistentVolumeClaim in the tree that is only ReadWriteOnce or ReadWriteOncePod (a second pod on another node cannot attach it), and a workload left at one replica where the same file or render explicitly runs its other load-balanced workloads in that namespace with two or more (replicas were chosen per workload: argo-cd's HA manifest keeps dex, whose in-memory storage cannot be shared, at one). Workloads without client traffic through a Service (workers, controllers, exporters), DaemonSets, Jobs and hooks, and workloads reached only through headless Services (no load balancing: clients or peers address pods themselves). An HPA whose minReplicas is 2 or more. Databases and caches (a second replica is a second, empty server: availability there is a replication design). A PodDisruptionBudget that allows no disruption turns the outage into a blocked drain, which cluster/pdb-blocks-drain reports instead. ${scrapeOnlyException}`,
    },
  },
  check(workload, context) {
    if (!isLongRunning(workload) || !hasScaleSubresource(workload.kind)) return null;
    const services = clientServices(workload, context.index);
    if (services.length === 0) return null;
    const containers = longRunningContainers(workload);
    if (containers.some((c) => leaderElection(c) !== undefined)) return null;
    if (containers.some((c) => c.role === 'main' && dataStores.test(parseImageReference(c.image).repository))) return null;
    const replicas = replicasOf(workload, context.index);
    if (replicas.count !== 1) return replicas.count > 1 ? [] : null;
    if (deliberateSingleton(workload, context.index) !== undefined) return [];
    const budgets = context.index.pdbsFor(workload);
    if (budgets.some((pdb) => allowedDisruptions(pdb, podsOf(pdb, context.index).expected) === 0)) return [];

    const claim = asArray(workload.podSpec.volumes)
      .map((v) => asString(asRecord(asRecord(v)?.persistentVolumeClaim)?.claimName))
      .find((name) => name !== undefined);
    const needsApp = workload.kind === 'StatefulSet' || claim !== undefined;
    const serviceNames = nameList(services.map((s) => s.object.ref.name));
    const budgetNote = budgets.length > 0 ? `; PodDisruptionBudget ${nameList(budgets.map((b) => b.object.ref.name))} lets the eviction through` : '';
    const hpa = replicas.source === 'hpa' ? replicas.hpaName : undefined;
    return [
      {
        ...(needsApp ? { severity: 'info' as const } : {}),
        path: replicas.source === 'spec' ? replicas.path : ['metadata', 'name'],
        message: `runs ${describeReplicas(replicas)} replica behind Service ${serviceNames}: a node drain or eviction deletes the only pod before its replacement exists, so clients get errors until the new pod is Ready${budgetNote}.`,
        remediation: needsApp
          ? `Run a second replica if the application can (${workload.kind === 'StatefulSet' ? 'a StatefulSet\'s pods need the application\'s own replication or sharding' : `PersistentVolumeClaim ${claim} must then be ReadWriteMany, or move to a StatefulSet`}), then add a PodDisruptionBudget with maxUnavailable: 1; or accept the outage per drain (suppress with a reason).`
          : `Run at least 2 replicas${hpa ? ` (raise HPA ${hpa} minReplicas to 2)` : ''} spread over nodes, and add a PodDisruptionBudget with maxUnavailable: 1 so drains take one pod at a time.`,
        ...(!needsApp && !hpa ? { fix: { summary: 'run 2 replicas', edits: [{ path: ['spec', 'replicas'], value: 2 }] } } : {}),
        evidence: { replicas: describeReplicas(replicas), services: serviceNames },
      },
    ];
  },
});
