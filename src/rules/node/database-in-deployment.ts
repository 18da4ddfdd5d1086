import { parseImageReference } from '../../k8s/images.js';
import { strategyOf } from '../../k8s/strategy.js';
import { asArray, asRecord } from '../../manifests/objects.js';
import { isLongRunning } from '../helpers.js';
import { defineRule } from '../types.js';

const databases = /(^|\/)(postgres|postgresql|mysql|mariadb|mongo|mongodb|cockroach|cockroachdb|cassandra|elasticsearch|opensearch|etcd|zookeeper|kafka|rabbitmq|clickhouse|neo4j|couchdb|influxdb)$/;

export default defineRule({
  target: 'workload',
  meta: {
    id: 'node/database-in-deployment',
    layer: 'node',
    name: 'database-in-deployment',
    severity: 'warning',
    title: 'Databases are not rolled like stateless apps',
    summary: 'A database image runs in a RollingUpdate Deployment: old and new instances overlap on the same data, or lose it.',
    docs: {
      why: 'A rolling update starts the new database pod while the old one still runs. With a ReadWriteOnce volume the new pod cannot attach it (Multi-Attach error) and the rollout stalls; with shared storage two servers write the same files; with no volume or an emptyDir every termination — rollout, eviction, drain — throws the data away.',
      fact: 'Deployment rolling updates overlap old and new pods (maxSurge); StatefulSets replace one pod at a time, each fully terminated before its successor with the same name and volume starts (StatefulSet docs).',
      references: ['https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#rolling-updates'],
      fixYaml: `kind: StatefulSet
spec:
  serviceName: db
  volumeClaimTemplates:
    - metadata: {name: data}
      spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 10Gi}}}`,
      verify: ['kubectl -n {namespace} get pvc', 'kubectl -n {namespace} rollout restart deployment/{name} && kubectl -n {namespace} get events -w | grep -i attach'],
      exceptions: 'Redis and memcached (usually caches); Deployments with type Recreate.',
    },
  },
  check(workload) {
    if (workload.kind !== 'Deployment' || !isLongRunning(workload)) return null;
    const database = workload.containers.find((c) => c.role === 'main' && databases.test(parseImageReference(c.image).repository));
    if (!database) return null;
    const strategy = strategyOf(workload);
    if (strategy?.type !== 'RollingUpdate') return [];
    const claim = asArray(workload.podSpec.volumes).some((v) => asRecord(v)?.persistentVolumeClaim !== undefined);
    return [
      {
        container: database.name,
        path: strategy.typeExplicit ? [...strategy.path, 'type'] : ['kind'],
        message: `container "${database.name}" runs ${database.image} in a RollingUpdate Deployment: ${claim ? 'the new pod cannot attach the ReadWriteOnce volume while the old one holds it (or both write it)' : 'there is no persistent volume, so every termination loses the data, and old and new instances overlap during rollouts'}.`,
        remediation: 'Run it as a StatefulSet with a volumeClaimTemplate (one instance per identity, replaced in order), or use a managed database.',
      },
    ];
  },
});
