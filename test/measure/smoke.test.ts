// The smoke test's pure parts: what is applied and probed for a workload, the figures of a
// rollout from its samples and pods, the verdict, and the Mermaid timeline.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/engine.js';
import { analyzeChange } from '../../src/analysis/diff.js';
import { parseConfig } from '../../src/analysis/config.js';
import type { RequestSample } from '../../src/measure/drill.js';
import { forCluster } from '../../src/measure/smoke-plan.js';
import { causeFixes, causeSentences, failureCause, judgeSmoke, killedAtDeadline, parseSmokeFailOn, type RolloutName, type RolloutObservation, rolloutFigures, type SmokeResult, summariseTrials } from '../../src/measure/smoke.js';
import { smokeFailedRequests } from '../../src/outputs.js';
import { renderSmokeSection, smokeTimeline } from '../../src/report/smoke.js';
import { repoRoot } from '../helpers.js';

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

function rollout(name: RolloutName, killed: boolean, trial?: number): RolloutObservation {
  return {
    name,
    ...(trial !== undefined ? { trial } : {}),
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
  const figures = (name: RolloutName, failed: number, killed = false, outcome: 'complete' | 'stalled' = 'complete', trial?: number) => ({
    ...rolloutFigures(rollout(name, killed, trial), Array.from({ length: failed }, (_, i) => sample('new-connection', 11_100 + i * 10, false, 'refused'))),
    outcome,
  });

  it('the head is worse than the base beyond the tolerance: regression', () => {
    const verdict = judgeSmoke([figures('update', 1), figures('restart', 9)], ['regression'], 2);
    expect(verdict.failing).toEqual(['regression']);
    expect(verdict.findings[0]).toBe("The head's pods terminating cost 9 failed requests, the base's 1 (tolerance 2): the change makes rollouts worse.");
    expect(judgeSmoke([figures('update', 1), figures('restart', 3)], ['regression'], 2).failing).toEqual([]);
  });

  it('better or equal passes; failures asks for zero', () => {
    const better = judgeSmoke([figures('update', 12), figures('restart', 1)], ['regression'], 2);
    expect(better).toMatchObject({ failing: [], findings: ["The head's pods terminating cost 1 failed request, the base's 12: the change makes rollouts better."] });
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
    expect(judgeSmoke([figures('restart', 5)], ['regression'], 2)).toMatchObject({ failing: ['regression'], findings: ["The new workload's rollout failed 5 requests (tolerance 2)."] });
  });

  it('the base restarted as it is gives the noise floor: the allowance is the larger of it and the tolerance', () => {
    // The base's own restart failed 6 (a noisy cluster): 7 against the base's 1 is within 1 + 6.
    const noisy = judgeSmoke([figures('baseline', 6), figures('update', 1), figures('restart', 7)], ['regression'], 2);
    expect(noisy).toMatchObject({ failing: [], noiseFloor: 6, allowance: 6 });
    expect(noisy.findings[0]).toBe("The head's pods terminating cost 7 failed requests, the base's 1 (allowance 6: the larger of the tolerance 2 and the noise floor 6): no worse.");
    // A quiet floor leaves the tolerance in charge.
    expect(judgeSmoke([figures('baseline', 0), figures('update', 1), figures('restart', 7)], ['regression'], 2)).toMatchObject({ failing: ['regression'], noiseFloor: 0, allowance: 2 });
    // A baseline that did not complete measured no floor, and its stall is not the head's.
    const stalledBaseline = judgeSmoke([figures('baseline', 6, false, 'stalled'), figures('update', 1), figures('restart', 9)], ['regression', 'stalled'], 2);
    expect(stalledBaseline.noiseFloor).toBeUndefined();
    expect(stalledBaseline.failing).toEqual(['regression']);
    expect(stalledBaseline.findings[0]).toBe("The base's own restart (the noise-floor measurement) stalled.");
  });

  it('trials: the median is compared, failures and kills fail the gate only in a majority', () => {
    // The case: a well-behaved workload loses one request in one of three restarts.
    const once = judgeSmoke([figures('baseline', 0), figures('update', 0), figures('restart', 0, false, 'complete', 1), figures('restart', 1, false, 'complete', 2), figures('restart', 0, false, 'complete', 3)], ['regression', 'failures', 'killed'], 0);
    expect(once.failing).toEqual([]);
    expect(once.trials).toEqual({ count: 3, failed: { median: 0, min: 0, max: 1 }, disruptedSeconds: { median: 0, min: 0, max: 1 }, killed: { median: 0, min: 0, max: 0 }, withFailures: 1, withKills: 0 });
    expect(once.findings).toContain("Requests failed in 1 of 3 trials of the head's restart — not a majority, so `failures` does not hold.");
    // Two of three: a majority.
    const twice = judgeSmoke([figures('update', 0), figures('restart', 3, false, 'complete', 1), figures('restart', 1, false, 'complete', 2), figures('restart', 0, false, 'complete', 3)], ['failures'], 0);
    expect(twice.failing).toEqual(['failures']);
    expect(twice.findings[0]).toBe("The head's pods terminating cost 1 failed request (median; 0–3 over 3 trials), the base's 0 (tolerance 0): the change makes rollouts worse.");
    // Kills in one of three trials are reported, but fail neither killed nor regression.
    const killedOnce = judgeSmoke([figures('update', 0), figures('restart', 0, true, 'complete', 1), figures('restart', 0, false, 'complete', 2), figures('restart', 0, false, 'complete', 3)], ['killed', 'regression'], 2);
    expect(killedOnce.failing).toEqual([]);
    expect(killedOnce.findings).toContain('2 head pods did not exit within the grace period and were SIGKILLed (exit 137) in 1 of 3 trials: web-1-aaaaa, web-1-bbbbb.');
    const killedTwice = judgeSmoke([figures('update', 0), figures('restart', 0, true, 'complete', 1), figures('restart', 0, true, 'complete', 2), figures('restart', 0, false, 'complete', 3)], ['killed', 'regression'], 2);
    expect(killedTwice.failing).toEqual(['killed', 'regression']);
    // An even count: the median is the mean of the middle two, and half is not a majority.
    const even = judgeSmoke([figures('restart', 0, false, 'complete', 1), figures('restart', 3, false, 'complete', 2)], ['failures'], 2);
    expect(even.trials?.failed).toEqual({ median: 1.5, min: 0, max: 3 });
    expect(even.failing).toEqual([]);
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
      '  title Deployment web (seconds since traffic began)',
      '  dateFormat x',
      '  axisFormat %S s',
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

describe('the cause of each failed request', () => {
  // A RollingUpdate with a surge pod: web-a exits at once (routed away 20 ms after its deletion),
  // web-b ignores SIGTERM and is SIGKILLed at its 4 s deadline.
  const rolling: RolloutObservation = {
    name: 'restart',
    startMs: 10_000,
    endMs: 20_000,
    outcome: 'complete',
    oldPods: [
      { name: 'web-a', createdMs: 0, readyMs: 1000, deletedMs: 11_000, unroutedMs: 11_020, graceSeconds: 10, terminatedMs: 11_100, exitCode: 0, events: [] },
      { name: 'web-b', createdMs: 0, readyMs: 1000, deletedMs: 13_000, unroutedMs: 13_010, graceSeconds: 4, terminatedMs: 17_020, exitCode: 137, events: [] },
    ],
    newPods: [{ name: 'web-c', createdMs: 10_100, readyMs: 10_900, events: [] }],
  };

  it('endpoint race, killed in flight, other — each with the fix it calls for', () => {
    expect(failureCause(sample('new-connection', 11_300, false, 'refused'), rolling)).toBe('endpoint-race');
    expect(failureCause(sample('keep-alive', 12_900, false, 'reset'), rolling)).toBe('endpoint-race');
    // Past the slice change plus kube-proxy's sync: not the race any more.
    expect(failureCause(sample('new-connection', 15_500, false, 'refused'), rolling)).toBe('other');
    // A connect to a pod IP whose network is gone times out instead of being refused: the same race.
    expect(failureCause(sample('new-connection', 12_000, false, 'timeout'), rolling)).toBe('endpoint-race');
    expect(failureCause(sample('new-connection', 12_000, false, 'http-5xx'), rolling)).toBe('other');
    // Open across the SIGKILL (finishedAt 17.02 s at one-second resolution).
    expect(failureCause(sample('in-flight', 15_600, false, 'reset'), rolling)).toBe('killed-in-flight');
    // Without a slice change seen (a host port), the pod's end bounds the race.
    const hostPort = { ...rolling, oldPods: rolling.oldPods.map((pod) => ({ ...pod, unroutedMs: undefined })) };
    expect(failureCause(sample('new-connection', 12_900, false, 'refused'), hostPort)).toBe('endpoint-race');
    expect(failureCause(sample('new-connection', 13_200, false, 'refused'), hostPort)).toBe('endpoint-race'); // web-b's own deletion

    const figures = rolloutFigures(rolling, [sample('new-connection', 11_300, false, 'refused'), sample('keep-alive', 12_900, false, 'reset'), sample('in-flight', 15_600, false, 'reset'), sample('new-connection', 12_000, false, 'http-5xx')]);
    expect(figures.byCause).toEqual({ 'endpoint-race': 2, 'killed-in-flight': 1, other: 1 });
    expect(causeSentences([figures])).toEqual([
      `Why requests failed in the restart of head (head pods terminate): 2 endpoint race (fix: ${causeFixes['endpoint-race']}); 1 killed in flight (fix: ${causeFixes['killed-in-flight']}); 1 other (fix: ${causeFixes.other}).`,
    ]);
    expect(causeFixes['endpoint-race']).toMatch(/preStop delay/);
    expect(causeFixes['killed-in-flight']).toMatch(/terminationGracePeriodSeconds/);
    expect(causeFixes['no-ready-endpoint']).toMatch(/readiness probe and maxUnavailable: 0/);
  });

  it('no ready endpoint: the old pod went before the new one was ready', () => {
    const recreate: RolloutObservation = {
      ...rolling,
      oldPods: [{ name: 'web-d', createdMs: 0, readyMs: 1000, deletedMs: 11_000, unroutedMs: 11_010, graceSeconds: 10, terminatedMs: 11_200, exitCode: 0, events: [] }],
      newPods: [{ name: 'web-e', createdMs: 11_300, readyMs: 14_000, events: [] }],
    };
    expect(failureCause(sample('new-connection', 12_500, false, 'refused'), recreate)).toBe('no-ready-endpoint');
    expect(failureCause(sample('new-connection', 11_100, false, 'refused'), recreate)).toBe('no-ready-endpoint');
    expect(failureCause(sample('new-connection', 14_100, false, 'refused'), recreate)).toBe('other');
  });
});

describe('causes on a recorded run of the test cluster', () => {
  // test/fixtures/smoke/recorded-causes.json: three restarts each of tg-app ignoring SIGTERM and of
  // tg-app exiting at once without a preStop delay, the failed requests and the pods' times.
  const recorded = JSON.parse(readFileSync(join(repoRoot, 'test', 'fixtures', 'smoke', 'recorded-causes.json'), 'utf8')) as {
    results: { name: string; rollouts: RolloutObservation[]; failures: RequestSample[] }[];
  };
  const figuresOf = (name: string) => {
    const result = recorded.results.find((r) => r.name === name)!;
    return result.rollouts.map((rollout) => rolloutFigures(rollout, result.failures));
  };

  it('ignores SIGTERM: every failure is a request cut at the SIGKILL', () => {
    for (const figures of figuresOf('ignore')) {
      expect(figures.failed).toBeGreaterThan(0);
      expect(figures.byCause).toEqual({ 'killed-in-flight': figures.failed });
    }
  });

  it('exits at once without a preStop delay: the failures are the endpoint race — refused, reset, or timed out on the gone pod', () => {
    for (const figures of figuresOf('race')) {
      expect(figures.failed).toBeGreaterThan(10);
      expect(figures.byCause['endpoint-race']).toBe(figures.failed);
      expect(figures.byKind.timeout).toBeGreaterThan(0);
    }
  });
});

describe('the smoke-failed-requests output', () => {
  const restart = (trial: number, failed: number) => ({ name: 'restart', trial, failed, disruptedSeconds: 0, killed: [] }) as unknown as SmokeResult['figures'][number];
  it('counts each workload by its median over the trials, not by its first trial', () => {
    const trials = [restart(1, 9), restart(2, 0), restart(3, 1)];
    const withTrials = { figures: trials, trials: summariseTrials(trials) } as unknown as SmokeResult;
    const single = { figures: [restart(1, 4)] } as unknown as SmokeResult;
    expect(smokeFailedRequests([withTrials])).toBe(1);
    expect(smokeFailedRequests([withTrials, single])).toBe(5);
    expect(smokeFailedRequests([])).toBe(0);
  });
});
