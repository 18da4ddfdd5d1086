// Real manifests from public projects (../shared/corpus). Every finding here was read and
// judged defensible; the golden list makes any change in them visible in review.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analysis/engine.js';
import { corpusDir, expectGolden, readTree } from './helpers.js';

const available = existsSync(corpusDir);
const result = available ? analyze(readTree(corpusDir)) : undefined;

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
