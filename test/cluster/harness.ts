// Shared by the tests that need the real test cluster (scripts/test-cluster): why it cannot run
// here, if it cannot, and its lifecycle around a suite.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, expect } from 'vitest';
import { type ClusterState, clusterUnavailable, down, up } from '../../scripts/test-cluster/cluster.js';

/** Why the cluster tests are skipped here, or undefined when they can run. */
export const clusterSkipReason: string | undefined = process.env.TG_K8S_BIN ? clusterUnavailable() : 'TG_K8S_BIN is not set (npm test builds the Kubernetes components and sets it)';

/**
 * Brings a cluster up in `dir` before the suite's tests and down after them (checking the
 * directory is gone). The returned state is filled in when the cluster is up.
 */
export function useTestCluster(dir: string): ClusterState {
  const cluster = {} as ClusterState;
  beforeAll(async () => {
    Object.assign(cluster, await up(dir));
  }, 600_000);
  afterAll(async () => {
    await down(dir);
    expect(existsSync(dir)).toBe(false);
  }, 60_000);
  return cluster;
}
