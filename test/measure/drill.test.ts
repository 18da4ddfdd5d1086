// The drill's pure parts: what is run for a container, and the verdict drawn from observations.
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/engine.js';
import { type DrillObservation, judgeDrill, type RequestSample, timelineEvents, trafficSpans } from '../../src/measure/drill.js';
import { expandVariables } from '../../src/measure/plan.js';
import { drillTimeline } from '../../src/report/drill.js';

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop, annotations: {termination-guard.io/drill-in-flight-path: /slow?ms=4000}}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      terminationGracePeriodSeconds: 45
      securityContext: {runAsUser: 1000}
      containers:
        - name: api
          image: ghcr.io/acme/api:1.2
          command: [/app, serve]
          args: [--listen, ":$(PORT)", --name, $(POD_NAME), --literal, $$(PORT), --missing, $(NOPE)]
          workingDir: /srv
          env:
            - {name: PORT, value: "8080"}
            - {name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
            - {name: LEVEL, valueFrom: {configMapKeyRef: {name: api-config, key: level}}}
            - {name: TOKEN, valueFrom: {secretKeyRef: {name: api, key: token}}}
          ports: [{name: http, containerPort: 8080}, {name: dns, containerPort: 53, protocol: UDP}]
          readinessProbe: {httpGet: {path: /ready, port: http, httpHeaders: [{name: X-Probe, value: "1"}]}}
          lifecycle: {preStop: {httpGet: {path: /drain, port: http}}}
          volumeMounts: [{name: data, mountPath: /data}]
        - name: worker
          image: ghcr.io/acme/worker:1.2
          lifecycle: {preStop: {sleep: {seconds: 5}}, stopSignal: SIGINT}
      initContainers:
        - {name: migrate, image: ghcr.io/acme/api:1.2}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: api-config, namespace: shop}
data: {level: debug}
---
apiVersion: batch/v1
kind: Job
metadata: {name: once}
spec: {template: {spec: {restartPolicy: Never, containers: [{name: job, image: busybox}]}}}
`;

describe('drill plans', () => {
  it('read command, args ($(VAR) expanded), env, user, ports, readiness and preStop as the kubelet would', () => {
    const result = analyze([{ path: 'api.yaml', content: deployment }], { drillPlans: true });
    const plans = result.drillPlans!;
    expect(plans.map((p) => p.container)).toEqual(['api', 'worker']);
    const [api, worker] = plans;
    expect(api).toMatchObject({
      image: 'ghcr.io/acme/api:1.2',
      command: ['/app', 'serve'],
      args: ['--listen', ':8080', '--name', 'api-drill', '--literal', '$(PORT)', '--missing', '$(NOPE)'],
      workingDir: '/srv',
      user: '1000',
      ports: [8080],
      readiness: { kind: 'http', port: 8080, path: '/ready', scheme: 'HTTP', headers: { 'X-Probe': '1' } },
      preStop: { kind: 'http', port: 8080, path: '/drain' },
      gracePeriodSeconds: 45,
      inFlightPath: '/slow?ms=4000',
    });
    expect(api.env).toEqual([
      { name: 'PORT', value: '8080' },
      { name: 'POD_NAME', value: 'api-drill' },
      { name: 'LEVEL', value: 'debug' },
    ]);
    expect(api.notes.join('\n')).toMatch(/not set in the drill .*: TOKEN/);
    expect(api.notes.join('\n')).toMatch(/1 volume mount/);
    expect(worker).toMatchObject({ preStop: { kind: 'sleep', seconds: 5 }, stopSignal: 'SIGINT', ports: [] });
    expect(worker.command).toBeUndefined();
  });

  it('expands $(VAR) like the API server: defined names only, $$ escapes', () => {
    const vars = new Map([['A', 'x']]);
    expect(expandVariables('$(A)-$(B)-$$(A)-$-$(A', vars)).toBe('x-$(B)-$(A)-$-$(A');
  });
});

const at = (mode: RequestSample['mode'], sentMs: number, doneMs: number, ok: boolean, failure?: RequestSample['failure']): RequestSample => ({
  mode,
  sentMs,
  doneMs,
  ok,
  ...(ok ? { status: 200 } : { failure }),
});

function observation(extra: Partial<DrillObservation>): DrillObservation {
  return { deadlineMs: 10_000, samples: [], processes: [{ pid: 10, ppid: 1, command: '/app serve' }], traffic: { protocol: 'http', port: 8080, path: '/', rate: 20 }, signal: { name: 'SIGTERM', atMs: 0, source: 'the default' }, ...extra };
}

describe('drill verdicts', () => {
  it('killed: SIGKILL was needed; serving until then means the signal never reached the app', () => {
    const facts = judgeDrill(
      observation({ sigkillAtMs: 10_000, exit: { code: 137, atMs: 10_010, oomKilled: false }, samples: [at('new-connection', 9_900, 9_905, true), at('new-connection', 10_050, 10_051, false, 'refused')] }),
      10,
    );
    expect(facts.verdict).toBe('killed');
    expect(facts.findings.map((f) => f.text).join('\n')).toMatch(/no sign that SIGTERM reached the app/);
  });

  it('graceful: 0 or 143 in time with nothing dropped; abrupt: in-flight work broken off, or another exit code', () => {
    const inFlight = [at('in-flight', -200, 2_000, true), at('in-flight', -200, 2_000, true)];
    expect(judgeDrill(observation({ exit: { code: 143, atMs: 2_100, oomKilled: false }, samples: inFlight }), 30).verdict).toBe('graceful');
    const broken = [at('in-flight', -200, 50, false, 'reset'), at('in-flight', -200, 2_000, true)];
    const abrupt = judgeDrill(observation({ exit: { code: 0, atMs: 40, oomKilled: false }, samples: broken }), 30);
    expect(abrupt.verdict).toBe('abrupt');
    expect(abrupt.dropped).toBe(1);
    expect(judgeDrill(observation({ exit: { code: 1, atMs: 40, oomKilled: false } }), 30).verdict).toBe('abrupt');
    // A connection reset after the signal (still in the listen backlog) is traffic, not in-flight work.
    expect(judgeDrill(observation({ exit: { code: 0, atMs: 500, oomKilled: false }, samples: [at('new-connection', 100, 101, false, 'reset')] }), 30).verdict).toBe('graceful');
  });

  it('names a shell PID 1 with the app as its child', () => {
    const facts = judgeDrill(
      observation({
        sigkillAtMs: 3_000,
        exit: { code: 137, atMs: 3_010, oomKilled: false },
        processes: [
          { pid: 10, ppid: 1, command: '/bin/sh -c /app serve && echo done' },
          { pid: 11, ppid: 10, command: '/app serve' },
        ],
      }),
      3,
    );
    expect(facts.findings.find((f) => f.text.startsWith('PID 1 was'))?.layer).toBe('runtime');
  });

  it('orders the timeline and draws it with Mermaid', () => {
    const o = observation({
      preStop: { kind: 'exec', startMs: 0, endMs: 10_000, outcome: 'exit 0', ok: true },
      signal: { name: 'SIGTERM', atMs: 10_000, source: 'the default' },
      sigkillAtMs: 12_000,
      exit: { code: 137, atMs: 12_010, oomKilled: false },
      samples: [at('new-connection', -500, -490, true), at('keep-alive', 11_900, 11_905, true), at('new-connection', 12_100, 12_101, false, 'refused')],
    });
    expect(timelineEvents(o).map((e) => e.event)).toEqual([
      'termination begins: preStop (exec) starts',
      'preStop ends: exit 0',
      'SIGTERM sent (the default)',
      'last answered request',
      'SIGKILL (grace period over)',
      'exited with code 137',
      'first refused connection',
    ]);
    expect(trafficSpans(o.samples, -1000).map((s) => `${s.outcome}×${s.count}`)).toEqual(['answered×2', 'refused×1']);
    const chart = drillTimeline({ object: { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'exporter' }, file: 'x.yaml', container: 'app', image: 'x', gracePeriodSeconds: 10, status: 'measured', observation: o, verdict: 'killed', findings: [], notes: [], seconds: 13 })!;
    expect(chart).toContain('gantt\n  title exporter/app: killed');
    expect(chart).toContain('  preStop exec :done, 1000, 11000');
    expect(chart).toContain('  SIGKILL :milestone, crit, 13000, 0ms');
    expect(chart).toContain('  exit 137 :milestone, crit, 13010, 0ms');
  });
});
