// The test cluster is a real Kubernetes: a Deployment of a locally built image behind a Service,
// requests to its ClusterIP from inside the node's network namespace (kube-proxy's iptables
// rules), a rolling update to a new tag, and the old pods' exit codes and termination times read
// from the API as they went away.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inNode, kubectl } from '../../scripts/test-cluster/cluster.js';
import { clusterSkipReason as unavailable, useTestCluster } from './harness.js';

const dir = join('/tmp', `tg-cluster-test-${process.pid}`);

const web = (tag: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  strategy: {rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}
  template:
    metadata: {labels: {app: web}}
    spec:
      automountServiceAccountToken: false
      terminationGracePeriodSeconds: 5
      containers:
        - name: app
          image: tg/app:${tag}
          imagePullPolicy: Never
          args: [--listen, ":8080"]
          ports: [{containerPort: 8080}]
          readinessProbe: {httpGet: {path: /healthz, port: 8080}, periodSeconds: 1}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
`;

describe.skipIf(unavailable !== undefined)(`a real single-node cluster${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  const cluster = useTestCluster(dir);

  /** GET the Service's ClusterIP from inside the node, a bounded number of times. */
  function requestClusterIp(ip: string, count: number): string[] {
    const result = inNode(cluster, ['sh', '-c', `for i in $(seq ${count}); do curl -s -m 2 http://${ip}/ || echo FAILED; done`], { timeoutMs: count * 3000 });
    return result.stdout.trim().split('\n');
  }

  it('is Kubernetes v1.34 with one Ready node', () => {
    const version = JSON.parse(kubectl(cluster, ['version', '-o', 'json']));
    expect(version.serverVersion.gitVersion).toMatch(/^v1\.34\.\d+$/);
    expect(kubectl(cluster, ['get', 'nodes', '-o', 'jsonpath={.items[*].metadata.name} {.items[*].status.conditions[?(@.type=="Ready")].status}'])).toBe('tg-node True');
    expect(Object.keys(cluster.phases)).toContain('kube-apiserver /readyz');
  });

  it('serves a Deployment through its ClusterIP, rolls it to a new tag, and reports the old pods’ exits', async () => {
    kubectl(cluster, ['apply', '-f', '-'], { input: web('v1') });
    kubectl(cluster, ['rollout', 'status', 'deployment/web', '--timeout=120s']);
    const ip = kubectl(cluster, ['get', 'service', 'web', '-o', 'jsonpath={.spec.clusterIP}']);
    expect(ip).toMatch(/^10\.96\./);
    // kube-proxy programs the rules shortly after the endpoints appear.
    let answers: string[] = [];
    for (let i = 0; i < 20 && !answers.every((a) => a.startsWith('ok v1')); i++) {
      answers = requestClusterIp(ip, 4);
      if (!answers.every((a) => a.startsWith('ok v1'))) await new Promise((r) => setTimeout(r, 500));
    }
    expect(answers.every((a) => a.startsWith('ok v1 web-'))).toBe(true);
    const oldPods = kubectl(cluster, ['get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[*].metadata.name}']).split(' ');
    expect(oldPods).toHaveLength(2);

    // Watch the pods while the rollout replaces them: their last states come from the API.
    const watch = spawn(join(cluster.binDir, 'kubectl'), ['--kubeconfig', cluster.kubeconfig, 'get', 'pods', '-l', 'app=web', '--watch', '--output-watch-events', '-o', 'json']);
    let events = '';
    watch.stdout.on('data', (chunk: Buffer) => (events += chunk.toString('utf8')));
    try {
      await new Promise((r) => setTimeout(r, 500));
      kubectl(cluster, ['set', 'image', 'deployment/web', 'app=tg/app:v2']);
      kubectl(cluster, ['rollout', 'status', 'deployment/web', '--timeout=120s']);
      for (let i = 0; i < 40 && oldPods.some((pod) => !events.includes(`"type": "DELETED"`) || !events.includes(pod)); i++) await new Promise((r) => setTimeout(r, 250));
    } finally {
      watch.kill();
    }
    const terminated = new Map<string, { exitCode: number; reason: string; startedAt: string; finishedAt: string; grace: number }>();
    const graces = new Map<string, number>();
    const decoder = /\{\s*"type":/g;
    const starts = [...events.matchAll(decoder)].map((m) => m.index as number);
    for (let i = 0; i < starts.length; i++) {
      const event = JSON.parse(events.slice(starts[i], starts[i + 1] ?? events.length));
      const pod = event.object;
      const state = pod.status?.containerStatuses?.[0]?.state?.terminated;
      // The grace period the deletion gave (the kubelet's final delete sets it to 0).
      const grace = Math.max(pod.metadata.deletionGracePeriodSeconds ?? 0, terminated.get(pod.metadata.name)?.grace ?? 0, graces.get(pod.metadata.name) ?? 0);
      graces.set(pod.metadata.name, grace);
      if (state) terminated.set(pod.metadata.name, { ...state, grace });
    }
    for (const pod of oldPods) {
      const state = terminated.get(pod);
      expect(state, `terminated state of ${pod}`).toBeDefined();
      // tg-app drains on SIGTERM and exits 0, well inside its 5 s grace period.
      expect(state).toMatchObject({ exitCode: 0, reason: 'Completed', grace: 5 });
      expect(Date.parse(state!.finishedAt)).toBeGreaterThanOrEqual(Date.parse(state!.startedAt));
    }
    const after = requestClusterIp(ip, 4);
    expect(after.every((a) => a.startsWith('ok v2 web-'))).toBe(true);
  }, 300_000);
});
