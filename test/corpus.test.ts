// Real manifests from public projects (../shared/corpus). Every finding here was read and
// judged defensible; the golden list makes any change in them visible in review.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analysis/engine.js';
import { podsOf } from '../src/k8s/pdb.js';
import { buildIndex } from '../src/manifests/object-index.js';
import { defaultParseLimits, parseManifestFile } from '../src/manifests/parse.js';
import { checkJson } from './cli-in-process.js';
import { findTool } from '../src/sources/render/tools.js';
import { corpusDir, expectGolden, readTree } from './helpers.js';

const available = existsSync(corpusDir);
const result = available ? analyze(readTree(corpusDir)) : undefined;

const helmAvailable = findTool('helm') !== undefined;

interface ChartFinding {
  ruleId: string;
  severity: string;
  message: string;
  object: { kind: string; name: string };
  container?: string;
}

/** Checks one corpus chart the way a user would (the CLI renders it with Helm); memoised per chart. */
const chartReports = new Map<string, Promise<{ findings: ChartFinding[]; errors: unknown[] }>>();
function checkChart(repository: string, chart: string): Promise<{ findings: ChartFinding[]; errors: unknown[] }> {
  const key = `${repository}/${chart}`;
  let report = chartReports.get(key);
  if (!report) {
    report = checkJson<{ findings: ChartFinding[]; errors: unknown[] }>(join(corpusDir, repository), [chart]).then((run) => run.report);
    chartReports.set(key, report);
  }
  return report;
}

function findingsOf(ruleId: string, name?: string) {
  return (result?.findings ?? []).filter((f) => f.ruleId === ruleId && (name === undefined || f.object.name === name));
}

describe.runIf(available)('corpus', () => {
  it('reads every file without input errors', () => {
    expect(result?.errors).toEqual([]);
  });

  it('matches the reviewed list of findings', () => {
    const lines = (result?.findings ?? []).map((f) => `${f.severity} ${f.ruleId} ${f.file}:${f.line} ${f.object.kind}/${f.object.name}${f.container ? ` [${f.container}]` : ''}`);
    expectGolden('corpus-findings.txt', `${lines.join('\n')}\n`);
  });

  describe('fires where the corpus notes say it should', () => {
    it('calico-node: zero grace period with a preStop it skips', () => {
      expect(findingsOf('pod/grace-period-zero', 'calico-node')[0]?.message).toContain('preStop hook of "calico-node" never runs');
    });
    it('argo-cd: the split-brain-fix shell needs its whole grace period, and no PDBs', () => {
      expect(findingsOf('runtime/shell-pid1', 'argocd-redis-ha-server').map((f) => f.container)).toEqual(['split-brain-fix']);
      expect(findingsOf('cluster/pdb-missing').map((f) => f.object.name)).toEqual(
        expect.arrayContaining(['argocd-redis-ha-haproxy', 'argocd-repo-server', 'argocd-server', 'argocd-redis-ha-server']),
      );
    });
    it('microservices-demo and bookinfo: no preStop on Service-backed workloads', () => {
      const demo = findingsOf('pod/prestop-missing').filter((f) => f.file.startsWith('GoogleCloudPlatform'));
      expect(demo).toHaveLength(11);
      expect(demo.map((f) => f.object.name)).not.toContain('loadgenerator');
      expect(findingsOf('pod/prestop-missing').filter((f) => f.file.includes('bookinfo'))).toHaveLength(6);
    });
    it('ingress-nginx: maxUnavailable 1 with one replica', () => {
      expect(findingsOf('node/rollout-full-outage', 'ingress-nginx-controller')).toHaveLength(1);
    });
    it('CockroachDB: a removed policy/v1beta1 PDB, whose 67% also rounds up to all 3 pods', () => {
      expect(findingsOf('cluster/pdb-api-removed', 'cockroachdb-budget')).toHaveLength(1);
      expect(findingsOf('cluster/pdb-blocks-drain', 'cockroachdb-budget')[0]?.message).toContain('minAvailable: 67% with 3 expected pods allows 0 disruptions');
    });
    it('spring-petclinic: PostgreSQL as a RollingUpdate Deployment', () => {
      expect(findingsOf('node/database-in-deployment', 'demo-db')).toHaveLength(1);
    });
  });

  describe('stays quiet where the corpus notes say it should', () => {
    it("CockroachDB's bash -ecx … exec cockroach and loadgenerator's init script", () => {
      expect(findingsOf('runtime/shell-pid1').map((f) => f.object.name)).toEqual(['argocd-redis-ha-server']);
    });
    it("ingress-nginx's /wait-shutdown preStop and Cassandra's nodetool drain", () => {
      const podFindings = (result?.findings ?? []).filter((f) => f.layer === 'pod' && ['ingress-nginx-controller', 'cassandra'].includes(f.object.name));
      expect(podFindings).toEqual([]);
    });
    it("podinfo kustomize's maxUnavailable: 0 rollout", () => {
      expect(findingsOf('node/rollout-full-outage', 'podinfo')).toEqual([]);
    });
    it('Helm hooks, Jobs and chart templates', () => {
      expect((result?.findings ?? []).filter((f) => f.object.kind === 'Job' || f.file.includes('/templates/'))).toEqual([]);
      expect(result?.notices.some((n) => n.startsWith('Helm chart stefanprodan__podinfo/charts/podinfo'))).toBe(true);
    });
    it('operator-managed pods behind kube-prometheus PDBs', () => {
      expect(findingsOf('cluster/pdb-selects-nothing')).toEqual([]);
    });
    it('Kustomize patch files are not read as whole objects', () => {
      expect((result?.findings ?? []).filter((f) => f.file.includes('_patch.yaml'))).toEqual([]);
    });
  });
});

// Issue 16 §3 and §8: one classification of a port's traffic (client, scrape, health) that every
// traffic rule reads, and single-replica workloads behind a Service.
describe.runIf(available)('corpus: scrape-only traffic and single replicas', () => {
  const ksm = (f: { file: string }) => f.file.startsWith('kubernetes__kube-state-metrics/');
  const trafficRules = ['pod/prestop-missing', 'pod/readiness-probe-missing', 'pod/readiness-probe-static', 'node/recreate-strategy', 'cluster/single-replica'];

  it('kube-state-metrics: every example serves scrapes only, whatever its Service is called', () => {
    expect((result?.findings ?? []).filter((f) => ksm(f) && trafficRules.includes(f.ruleId))).toEqual([]);
    const containers = (result?.subjects ?? []).filter((s) => s.kind === 'workload' && ksm(s)).flatMap((s) => s.facts.containers ?? []);
    expect(containers.length).toBeGreaterThan(5);
    for (const container of containers) expect(container.traffic).toMatch(/^serves scrapes only \(Service kube-state-metrics/);
  });

  it('kube-state-metrics autosharding: the missing PDB is named as a gap in scrapes, not a service outage', () => {
    const [finding] = findingsOf('cluster/pdb-missing', 'kube-state-metrics').filter(ksm);
    expect(finding?.message).toContain('serves scrapes only');
    expect(finding?.message).not.toContain('taking the service down');
  });

  it('single replicas behind a load-balancing Service are reported, as warnings', () => {
    const names = findingsOf('cluster/single-replica').map((f) => f.object.name);
    expect(names).toEqual(expect.arrayContaining(['frontend', 'productpage-v1', 'ingress-nginx-controller', 'petclinic']));
    expect(findingsOf('cluster/single-replica').every((f) => f.severity === 'warning')).toBe(true);
  });

  it('single replicas: quiet on caches and databases, scrape-only controllers, HPA floors of two, multi-replica sets and deliberate singletons (argo-cd HA keeps dex at one while scaling its servers)', () => {
    const names = findingsOf('cluster/single-replica').map((f) => f.object.name);
    for (const name of ['redis-cart', 'demo-db', 'argocd-application-controller', 'argocd-notifications-controller', 'podinfo', 'argocd-server', 'cassandra', 'loadgenerator', 'argocd-dex-server']) {
      expect(names).not.toContain(name);
    }
  });
});

describe.runIf(available && helmAvailable)('corpus charts rendered with Helm: scrape-only traffic and single replicas', () => {
  it('loki-distributed: the memcached exporter sidecars serve scrapes only; the memcached containers still need a preStop', async () => {
    const report = await checkChart('grafana__helm-charts', 'charts/loki-distributed');
    expect(report.errors).toEqual([]);
    const memcached = report.findings.filter((f) => f.object.name.includes('memcached'));
    expect(memcached.filter((f) => f.container === 'exporter')).toEqual([]);
    expect(memcached.filter((f) => f.ruleId === 'pod/prestop-missing').map((f) => f.container)).toEqual(['memcached', 'memcached', 'memcached']);
  });

  it('loki-distributed: single-replica Deployments are warnings, single-replica StatefulSets info, headless-only memcached nothing', async () => {
    const report = await checkChart('grafana__helm-charts', 'charts/loki-distributed');
    const single = report.findings.filter((f) => f.ruleId === 'cluster/single-replica');
    expect(single.filter((f) => f.object.kind === 'Deployment').every((f) => f.severity === 'warning')).toBe(true);
    expect(single.filter((f) => f.object.kind === 'StatefulSet').every((f) => f.severity === 'info')).toBe(true);
    expect(single.map((f) => f.object.name)).toEqual(expect.arrayContaining(['loki-distributed-distributor', 'loki-distributed-gateway', 'loki-distributed-query-frontend']));
    expect(single.filter((f) => f.object.name.includes('memcached'))).toEqual([]);
  });

  it('cert-manager: the webhook runs one replica behind its Service; the leader-elected, scrape-only controller and cainjector do not count', async () => {
    const report = await checkChart('cert-manager__cert-manager', 'deploy/charts/cert-manager');
    expect(report.errors).toEqual([]);
    expect(report.findings.filter((f) => f.ruleId === 'cluster/single-replica').map((f) => f.object.name)).toEqual(['cert-manager-webhook']);
    const trafficFindings = report.findings.filter((f) => ['pod/prestop-missing', 'pod/readiness-probe-missing'].includes(f.ruleId));
    expect(trafficFindings.map((f) => f.object.name)).not.toContain('cert-manager');
    expect(trafficFindings.map((f) => f.object.name)).not.toContain('cert-manager-cainjector');
  });
});

// Issue 16 §1: only objects that own pods stand behind a PDB — workloads, and operator resources
// whose pods carry the selected labels. An IngressClass or ServiceMonitor with the pods' labels
// (traefik, cert-manager: test/sources/render.test.ts and the rule fixtures) must not count.
describe.runIf(available)('corpus: who owns the pods a PDB selects', () => {
  const kubePrometheus = () => {
    const files = readTree(join(corpusDir, 'prometheus-operator__kube-prometheus'));
    const index = buildIndex(files.flatMap((file) => parseManifestFile(file, defaultParseLimits).objects));
    return Object.fromEntries(index.pdbs.map((pdb) => [pdb.object.ref.name, podsOf(pdb, index)]));
  };

  it('kube-prometheus: the Prometheus and Alertmanager resources own the pods of their PDBs, with their replicas', () => {
    const pods = kubePrometheus();
    expect(pods['prometheus-k8s']?.customResources.map((c) => [c.object.ref.kind, c.replicas])).toEqual([['Prometheus', 2]]);
    expect(pods['prometheus-k8s']?.expected).toBe(2);
    expect(pods['alertmanager-main']?.customResources.map((c) => [c.object.ref.kind, c.replicas])).toEqual([['Alertmanager', 3]]);
    expect(pods['alertmanager-main']?.expected).toBe(3);
    expect(pods['prometheus-adapter']).toMatchObject({ customResources: [], expected: 2 });
  });

  it('kube-prometheus: its PDBs select pods and allow evictions', () => {
    const pdbFindings = (result?.findings ?? []).filter((f) => f.file.startsWith('prometheus-operator__kube-prometheus/') && f.object.kind === 'PodDisruptionBudget');
    expect(pdbFindings.filter((f) => ['cluster/pdb-selects-nothing', 'cluster/pdb-blocks-drain'].includes(f.ruleId))).toEqual([]);
  });
});

// Issue 16 §7: an object's fixes are checked by analysing the fixed object again.
describe.runIf(available)('corpus: suggested changes never make an object worse', () => {
  const demo = (name: string) => (result?.findings ?? []).filter((f) => f.file.startsWith('GoogleCloudPlatform') && f.object.name === name);

  it("microservices-demo: no 10 s preStop where the grace period is 5 s (it would exceed it and be rejected by the API)", () => {
    const [prestop] = demo('adservice').filter((f) => f.ruleId === 'pod/prestop-missing');
    expect(prestop?.fix).toBeUndefined();
    expect(prestop?.remediation).toContain('No change is suggested: re-analysing the object with add a 10 s preStop delay applied raises pod/prestop-exceeds-grace');
  });

  it('microservices-demo frontend (default 30 s grace): the preStop delay is offered, and once', () => {
    const offered = demo('frontend').filter((f) => f.fix);
    expect(offered.map((f) => f.ruleId)).toEqual(['pod/prestop-missing']);
  });

  it('every object carries at most one suggested change', () => {
    const perObject = new Map<string, number>();
    for (const f of result?.findings ?? []) if (f.fix) perObject.set(`${f.file}|${f.object.kind}/${f.object.name}`, (perObject.get(`${f.file}|${f.object.kind}/${f.object.name}`) ?? 0) + 1);
    expect([...perObject.values()].every((count) => count === 1)).toBe(true);
    expect(perObject.size).toBeGreaterThan(10);
  });
});
