// The drill's pure parts: what is run for a container, and the verdict drawn from observations.
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/engine.js';
import { type DrillObservation, judgeDrill, openAtSignal, type RequestSample, timelineEvents, trafficSpans } from '../../src/measure/drill.js';
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

  describe('the requests open at the stop signal', () => {
    const slowTraffic = { protocol: 'http' as const, port: 8080, path: '/healthz', rate: 20, slowPath: '/slow?ms=1500', slowConnections: 3 };
    const afterPreStop = (samples: RequestSample[], exitMs: number) =>
      observation({
        traffic: slowTraffic,
        preStop: { kind: 'sleep', startMs: 0, endMs: 3_000, outcome: 'slept 3 s', ok: true },
        signal: { name: 'SIGTERM', atMs: 3_000, source: 'the default' },
        exit: { code: 0, atMs: exitMs, oomKilled: false },
        samples,
      });
    const texts = (o: DrillObservation) => judgeDrill(o, 10).findings.map((f) => f.text);

    it('slow requests that ended during the preStop test nothing: the report says so instead of "all finished"', () => {
      // The case: three 1.5 s requests sent before a 3 s preStop, all answered before SIGTERM.
      const o = afterPreStop([at('in-flight', -200, 1_300, true), at('in-flight', -200, 1_300, true), at('in-flight', -200, 1_300, true)], 3_010);
      expect(texts(o)).toContain('In-flight behaviour was not tested: no request to the slow path /slow?ms=1500 was open at SIGTERM.');
      expect(texts(o).join('\n')).not.toMatch(/finished/);
      expect(openAtSignal(o)).toMatchObject({ signal: 'SIGTERM', atMs: 3_000, open: 0, inFlightTested: false });
    });

    it('counts them apart from the rest, and the verdict judges them: answered → graceful, broken off → abrupt', () => {
      const before = [at('in-flight', -990, 510, true), at('in-flight', 510, 2_010, true)];
      const drained = afterPreStop([...before, at('in-flight', 2_010, 3_510, true), at('in-flight', 2_060, 3_560, true), at('in-flight', 3_510, 3_520, false, 'refused'), at('keep-alive', 2_990, 2_991, true)], 3_600);
      expect(judgeDrill(drained, 10).verdict).toBe('graceful');
      expect(texts(drained)).toContain('2 requests were open at SIGTERM: 2 answered, 0 broken off.');
      expect(openAtSignal(drained)).toEqual({ signal: 'SIGTERM', atMs: 3_000, open: 2, answered: 2, brokenOff: 0, byKind: {}, slow: 2, inFlightTested: true });

      const dropped = afterPreStop([...before, at('in-flight', 2_010, 3_004, false, 'reset'), at('in-flight', 2_060, 3_004, false, 'reset'), at('in-flight', 2_110, 3_004, true)], 3_003);
      const facts = judgeDrill(dropped, 10);
      expect(facts.verdict).toBe('abrupt');
      expect(texts(dropped)).toContain('3 requests were open at SIGTERM: 1 answered, 2 broken off (2 reset).');
      expect(facts.openAtSignal).toMatchObject({ open: 3, answered: 1, brokenOff: 2, byKind: { reset: 2 }, slow: 3 });
      expect(timelineEvents(dropped).map((e) => e.event).filter((e) => e.startsWith('request'))).toEqual([
        'request 1 open at SIGTERM broken off (reset)',
        'request 2 open at SIGTERM broken off (reset)',
        'request 3 open at SIGTERM answered (200)',
      ]);
    });

    it('without a slow path, says plainly that in-flight behaviour was not tested', () => {
      const o = observation({ exit: { code: 0, atMs: 40, oomKilled: false }, samples: [at('new-connection', -100, -99, true)] });
      const facts = judgeDrill(o, 30);
      expect(facts.verdict).toBe('graceful');
      expect(facts.findings.map((f) => f.text).join('\n')).toMatch(/^In-flight behaviour was not tested: no slow path is known\. Set drill\.inFlightPath/m);
      const tcp = judgeDrill(observation({ traffic: { protocol: 'tcp', port: 5432, rate: 20 }, exit: { code: 0, atMs: 40, oomKilled: false } }), 30);
      expect(tcp.findings.map((f) => f.text)).toContain('In-flight behaviour was not tested: the port does not answer HTTP, so only TCP connects were sent.');
    });
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
    // t = 0 is the start of termination, as in the events table.
    expect(chart).toContain('  preStop exec :done, 0, 10000');
    expect(chart).toContain('  SIGKILL :crit, milestone, 12000, 0ms');
    expect(chart).toContain('  exit 137 :crit, milestone, 12010, 0ms');
  });
});
