// The smoke test's pure parts: what is applied and probed for a workload, the figures of a
// rollout from its samples and pods, the verdict, and the Mermaid timeline.
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/engine.js';
import { analyzeChange } from '../../src/analysis/diff.js';
import { parseConfig } from '../../src/analysis/config.js';
import type { RequestSample } from '../../src/measure/drill.js';
import { forCluster } from '../../src/measure/smoke-plan.js';
import { judgeSmoke, killedAtDeadline, parseSmokeFailOn, type RolloutObservation, rolloutFigures, type SmokeResult } from '../../src/measure/smoke.js';
import { renderSmokeSection, smokeTimeline } from '../../src/report/smoke.js';

const manifests = `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop, annotations: {termination-guard.io/drill-in-flight-path: /slow?ms=2000}}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      terminationGracePeriodSeconds: 20
      serviceAccountName: api
      containers:
        - name: api
          image: ghcr.io/acme/api:1.2
          ports: [{name: web, containerPort: 8080}, {name: metrics, containerPort: 9090}]
          readinessProbe: {httpGet: {path: /ready, port: web, httpHeaders: [{name: X-Probe, value: "1"}]}}
          env:
            - {name: LEVEL, valueFrom: {configMapKeyRef: {name: api-config, key: level}}}
          envFrom: [{secretRef: {name: api-secrets}}]
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop, uid: abc, resourceVersion: "7"}
spec:
  type: LoadBalancer
  clusterIP: 10.0.0.12
  externalTrafficPolicy: Local
  selector: {app: api}
  ports: [{name: http, port: 80, targetPort: web, nodePort: 30080}]
status: {loadBalancer: {}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: api-config, namespace: shop}
data: {level: info}
---
apiVersion: v1
kind: Secret
metadata: {name: api-secrets, namespace: shop}
stringData: {token: x}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: unrelated, namespace: shop}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: api, namespace: shop}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: shop}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      containers:
        - name: agent
          image: ghcr.io/acme/agent:1
          ports: [{containerPort: 9100, hostPort: 9100}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: shop}
spec:
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers: [{name: db, image: postgres:16, ports: [{containerPort: 5432}]}]
---
apiVersion: v1
kind: Service
metadata: {name: db, namespace: shop}
spec: {clusterIP: None, selector: {app: db}, ports: [{port: 5432}]}
---
apiVersion: batch/v1
kind: Job
metadata: {name: migrate, namespace: shop}
spec: {template: {spec: {restartPolicy: Never, containers: [{name: m, image: x}]}}}
`;

const plansOf = (text: string) => analyze([{ path: 'deploy/all.yaml', content: text }], { smokePlans: true }).smokePlans ?? [];

describe('smoke plans', () => {
  it('reach a Deployment through its Service (readiness path, headers), carry what its pods need', () => {
    const [api] = plansOf(manifests);
    expect(api).toMatchObject({
      kind: 'Deployment',
      object: { name: 'api', namespace: 'shop' },
      endpoint: { via: 'service', name: 'api', port: 80, protocol: 'http', path: '/ready', headers: { 'X-Probe': '1' } },
      images: ['ghcr.io/acme/api:1.2'],
      gracePeriodSeconds: 20,
      inFlightPath: '/slow?ms=2000',
    });
    expect(api!.headCompanions.map((o) => `${o.kind}/${(o.metadata as { name: string }).name}`).sort()).toEqual(['ConfigMap/api-config', 'Secret/api-secrets', 'Service/api', 'ServiceAccount/api']);
  });

  it('reach a DaemonSet without a Service by its host port; a headless-only StatefulSet is unreachable; Jobs have no plan', () => {
    const plans = plansOf(manifests);
    expect(plans.map((p) => p.object.name)).toEqual(['api', 'agent', 'db']);
    expect(plans[1]).toMatchObject({ kind: 'DaemonSet', endpoint: { via: 'host-port', port: 9100, protocol: 'tcp' } });
    expect(plans[2]!.endpoint).toBeUndefined();
    expect(plans[2]!.unreachable).toMatch(/only a headless Service/);
  });

  it('are applied in the throwaway namespace as plain ClusterIP Services without server fields', () => {
    const service = plansOf(manifests)[0]!.headCompanions.find((o) => o.kind === 'Service')!;
    expect(forCluster(service, 'tg-smoke-1')).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'api', namespace: 'tg-smoke-1' },
      spec: { type: 'ClusterIP', selector: { app: 'api' }, ports: [{ name: 'http', port: 80, targetPort: 'web' }] },
    });
    expect(service.spec).toMatchObject({ type: 'LoadBalancer' }); // the plan itself is left as written
  });

  it('in the PR view, only changed workloads, each with its base version', () => {
    const head = manifests.replace('terminationGracePeriodSeconds: 20', 'terminationGracePeriodSeconds: 5').replace('postgres:16', 'postgres:17');
    const view = analyzeChange([{ path: 'deploy/all.yaml', content: head }], [{ path: 'deploy/all.yaml', content: manifests }], parseConfig('', '').config, 'main', undefined, { smokePlans: true });
    expect(view.smokePlans?.map((p) => [p.object.name, p.gracePeriodSeconds, p.base !== undefined])).toEqual([
      ['api', 5, true],
      ['db', 30, true],
    ]);
    const api = view.smokePlans![0]!;
    expect((api.base as { spec: { template: { spec: { terminationGracePeriodSeconds: number } } } }).spec.template.spec.terminationGracePeriodSeconds).toBe(20);
    const fresh = analyzeChange([{ path: 'deploy/all.yaml', content: manifests }], [], parseConfig('', '').config, 'main', undefined, { smokePlans: true });
    expect(fresh.smokePlans?.every((p) => p.base === undefined)).toBe(true);
  });
});

const sample = (mode: RequestSample['mode'], sentMs: number, ok: boolean, failure?: RequestSample['failure']): RequestSample => ({ mode, sentMs, doneMs: sentMs + (mode === 'in-flight' ? 1500 : 5), ok, ...(failure ? { failure } : {}) });

function rollout(name: 'update' | 'restart', killed: boolean): RolloutObservation {
  return {
    name,
    startMs: 10_000,
    endMs: 20_000,
    outcome: 'complete',
    oldPods: [
      { name: 'web-1-aaaaa', createdMs: 0, readyMs: 1000, deletedMs: 11_000, graceSeconds: 4, terminatedMs: killed ? 15_050 : 11_100, exitCode: killed ? 137 : 0, events: [] },
      { name: 'web-1-bbbbb', createdMs: 0, readyMs: 1000, deletedMs: 13_000, graceSeconds: 4, terminatedMs: killed ? 17_020 : 13_100, exitCode: killed ? 137 : 0, events: [{ atMs: 13_000, reason: 'FailedPreStopHook', message: 'sleep: not found', type: 'Warning' }] },
    ],
    newPods: [{ name: 'web-2-ccccc', createdMs: 10_100, readyMs: 10_900, events: [] }],
  };
}

describe('rollout figures', () => {
  const samples = [
    ...Array.from({ length: 200 }, (_, i) => sample(i % 2 ? 'keep-alive' : 'new-connection', 9000 + i * 60, true)),
    sample('new-connection', 9500, false, 'refused'), // before the rollout: not counted
    sample('new-connection', 11_050, false, 'refused'),
    sample('new-connection', 11_300, false, 'timeout'),
    sample('new-connection', 11_600, false, 'timeout'),
    sample('keep-alive', 13_400, false, 'reset'),
    sample('in-flight', 13_600, false, 'reset'), // ends at 15.1 s, when web-1-aaaaa is killed
  ];

  it('count failures per kind and mode, disrupted seconds, the longest gap, and place them after the deletions', () => {
    const figures = rolloutFigures(rollout('restart', true), samples);
    expect(figures).toMatchObject({ name: 'restart', durationMs: 10_000, failed: 5, byKind: { refused: 1, timeout: 2, reset: 2 }, disruptedSeconds: 3, killed: ['web-1-aaaaa', 'web-1-bbbbb'], beforeDeletion: 0 });
    expect(figures.sent).toBe(samples.filter((s) => (s.mode === 'in-flight' ? s.doneMs : s.sentMs) >= 10_000 && (s.mode === 'in-flight' ? s.doneMs : s.sentMs) < 20_000).length);
    expect(figures.byMode['in-flight']).toMatchObject({ failed: 1, byKind: { reset: 1 } });
    expect(figures.afterDeletion).toEqual([
      { pod: 'web-1-aaaaa', count: 4, firstMs: 50, lastMs: 4100 },
      { pod: 'web-1-bbbbb', count: 1, firstMs: 400, lastMs: 400 },
    ]);
    // The longest stretch without an answer: 11.05 s (refused) to the next good new connection at 11.16 s.
    expect(figures.longestGapMs).toBe(110);
    expect(figures.warnings).toEqual(['web-1-bbbbb: FailedPreStopHook — sleep: not found']);
  });

  it('a pod is SIGKILLed at the deadline when it exits 137 once its grace period has run out', () => {
    const pod = rollout('restart', true).oldPods[0]!;
    expect(killedAtDeadline(pod)).toBe(true);
    expect(killedAtDeadline({ ...pod, terminatedMs: 11_500 })).toBe(false); // 137 at once: killed by something else
    expect(killedAtDeadline({ ...pod, exitCode: 143 })).toBe(false);
  });
});

describe('the smoke verdict', () => {
  const clean = rolloutFigures(rollout('update', false), []);
  const figures = (name: 'update' | 'restart', failed: number, killed = false, outcome: 'complete' | 'stalled' = 'complete') => ({
    ...rolloutFigures(rollout(name, killed), Array.from({ length: failed }, (_, i) => sample('new-connection', 11_100 + i * 10, false, 'refused'))),
    outcome,
  });

  it('the head is worse than the base beyond the tolerance: regression', () => {
    const verdict = judgeSmoke([figures('update', 1), figures('restart', 9)], ['regression'], 2);
    expect(verdict.failing).toEqual(['regression']);
    expect(verdict.findings[0]).toBe("The head's pods terminating cost 9 failed requests, the base's 1: the change makes rollouts worse.");
    expect(judgeSmoke([figures('update', 1), figures('restart', 3)], ['regression'], 2).failing).toEqual([]);
  });

  it('better or equal passes; failures asks for zero', () => {
    const better = judgeSmoke([figures('update', 12), figures('restart', 1)], ['regression'], 2);
    expect(better).toEqual({ failing: [], findings: ["The head's pods terminating cost 1 failed request, the base's 12: the change makes rollouts better."] });
    expect(judgeSmoke([figures('update', 12), figures('restart', 1)], ['regression', 'failures'], 2).failing).toEqual(['failures']);
    expect(judgeSmoke([clean, figures('restart', 0)], ['regression', 'failures', 'killed', 'stalled'], 0).failing).toEqual([]);
  });

  it('SIGKILLed head pods are always reported, and a regression when the base exited in time', () => {
    const verdict = judgeSmoke([clean, figures('restart', 0, true)], ['regression'], 2);
    expect(verdict.failing).toEqual(['regression']);
    expect(verdict.findings).toContain("2 head pods did not exit within the grace period and were SIGKILLed (exit 137): web-1-aaaaa, web-1-bbbbb.");
    expect(judgeSmoke([figures('update', 0, true), figures('restart', 0, true)], ['regression'], 2).failing).toEqual([]);
    expect(judgeSmoke([figures('update', 0, true), figures('restart', 0, true)], [], 2).findings.length).toBe(3);
  });

  it('a stalled rollout (with the head strategy) fails on stalled; a new workload is compared with a clean rollout', () => {
    const stalled = judgeSmoke([figures('update', 0, false, 'stalled')], ['regression', 'stalled'], 2);
    expect(stalled.failing).toEqual(['regression', 'stalled']);
    expect(stalled.findings).toEqual(["The rollout to the head stalled."]);
    expect(judgeSmoke([figures('restart', 5)], ['regression'], 2)).toEqual({ failing: ['regression'], findings: ["The new workload's rollout failed 5 requests (tolerance 2)."] });
  });

  it('smoke-fail-on lists conditions or is never', () => {
    expect(parseSmokeFailOn('regression, stalled')).toEqual(['regression', 'stalled']);
    expect(parseSmokeFailOn('never')).toEqual([]);
    expect(parseSmokeFailOn('sometimes')).toBeUndefined();
  });
});

describe('the Measured rollout section', () => {
  const observed = rollout('restart', true);
  const result: SmokeResult = {
    object: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
    file: 'deploy/web.yaml',
    kind: 'Deployment',
    status: 'measured',
    newWorkload: true,
    observation: {
      target: { address: '10.96.0.20:80', endpoint: { via: 'service', name: 'web', port: 80, protocol: 'http', path: '/healthz', headers: {} }, rate: 20 },
      samples: [sample('new-connection', 11_050, false, 'refused'), sample('new-connection', 11_100, true)],
      rollouts: [observed],
      endMs: 22_000,
    },
    figures: [],
    failing: ['regression'],
    findings: ['2 head pods did not exit within the grace period and were SIGKILLed (exit 137): web-1-aaaaa, web-1-bbbbb.'],
    notes: [],
    seconds: 25,
  };
  result.figures = [rolloutFigures(observed, result.observation!.samples)];

  it('has the numbers, the findings and a gantt of the pods and the failures per second', () => {
    const text = renderSmokeSection({ cluster: 'Kubernetes v1.34.4 at https://127.0.0.1:6443', seconds: 25, results: [result] }, { timeline: true }).join('\n');
    expect(text).toContain('### Measured rollout');
    expect(text).toContain("**Deployment web** — ❌ regression (1 failed request while the head's pods terminated)");
    expect(text).toContain('| restart of head (head pods terminate) | 10.0 s | 2 | 1 | 1 refused | 1 s | 0.1 s | web-1-aaaaa, web-1-bbbbb |');
    expect(text).toContain('Traffic: 20 req/s on new connections and on kept-alive ones, HTTP GET /healthz through Service web (ClusterIP 10.96.0.20:80).');
    const chart = smokeTimeline(result)!;
    expect(chart.split('\n')).toEqual([
      '```mermaid',
      'gantt',
      '  title Deployment web (time since traffic began)',
      '  dateFormat x',
      '  axisFormat %M %S',
      '  section restart of head',
      '  …aaaaa serving :done, 9000, 11000',
      '  …aaaaa terminating exit 137 :crit, 11000, 15050',
      '  …bbbbb serving :done, 9000, 13000',
      '  …bbbbb terminating exit 137 :crit, 13000, 17020',
      '  …ccccc starting :active, 10100, 10900',
      '  section failed requests',
      '  1 failed (1 refused) :crit, 11000, 12000',
      '```',
    ]);
  });
});
