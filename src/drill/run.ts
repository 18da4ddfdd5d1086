// The SIGTERM drill: run each container as its manifest says, wait until it is ready, keep
// traffic flowing, then replay what the kubelet does when the pod is deleted — preStop hook,
// stop signal, the rest of the grace period (at least 2 s), SIGKILL — and record what happened.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { type DrillConfig, defaultDrillConfig } from '../analysis/config.js';
import { type DrillObservation, type DrillResult, judgeDrill, type RequestSample } from '../measure/drill.js';
import type { DrillPlan, PreStopPlan } from '../measure/plan.js';
import { Prober, type ProbeTarget, sendRequest } from './prober.js';
import type { ContainerRuntime, ImageInfo } from './runtime.js';

/** The config's drill settings, plus what only the caller knows. */
export interface DrillOptions extends Pick<DrillConfig, 'rate' | 'inFlightCount' | 'readyTimeoutSeconds' | 'maxSeconds'> {
  /** Pull images that are not present locally (on a runner: yes; in tests: no registry). */
  pull: boolean;
  log: (message: string) => void;
  /** Where a drill is (waiting for readiness, the grace period counting down): a terminal's status line. */
  progress?: (message: string) => void;
}

export const defaultDrillOptions: Omit<DrillOptions, 'log'> = {
  rate: defaultDrillConfig.rate,
  inFlightCount: defaultDrillConfig.inFlightCount,
  readyTimeoutSeconds: defaultDrillConfig.readyTimeoutSeconds,
  maxSeconds: defaultDrillConfig.maxSeconds,
  pull: true,
};

/** The kubelet's floor for the time between the stop signal and SIGKILL (minimumGracePeriodInSeconds). */
export const minimumStopSeconds = 2;
const requestTimeoutMs = 1000;
const warmUpMs = 1000;
const afterExitMs = 500;
const label = 'io.termination-guard.drill';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Containers this process created and has not removed yet: removed on interruption too. */
const live = new Map<string, ContainerRuntime>();
let handlersInstalled = false;

function installInterruptCleanup(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void removeAll().finally(() => process.kill(process.pid, signal));
    });
  }
}

export async function removeAll(): Promise<void> {
  await Promise.allSettled([...live].map(async ([id, runtime]) => {
    await runtime.remove(id);
    live.delete(id);
  }));
}

async function portOpen(port: number, timeoutMs = 500): Promise<boolean> {
  return (await sendRequest({ protocol: 'tcp', port, path: '' }, 'new-connection', () => 0, timeoutMs)).ok;
}

/** An httpGet probe or hook as a prober target. */
function httpTarget(get: { scheme: 'HTTP' | 'HTTPS'; port: number; path: string; headers: Record<string, string> }): ProbeTarget {
  return { protocol: get.scheme === 'HTTPS' ? 'https' : 'http', port: get.port, path: get.path, headers: get.headers };
}

/** Readiness as the kubelet would judge it, else the first declared port accepting connections. */
async function isReady(plan: DrillPlan, runtime: ContainerRuntime, id: string): Promise<boolean> {
  const probe = plan.readiness;
  if (probe?.kind === 'http') {
    const sample = await sendRequest(httpTarget(probe), 'new-connection', () => 0, requestTimeoutMs);
    return sample.ok && (sample.status ?? 0) < 400;
  }
  if (probe?.kind === 'tcp') return portOpen(probe.port);
  if (probe?.kind === 'exec') return (await runtime.exec(id, probe.command, 5000)).exitCode === 0;
  if (plan.ports.length > 0) return portOpen(plan.ports[0]);
  return true;
}

/** Where the prober sends traffic: the readiness endpoint, else `/` (or TCP connects) on the first port. */
async function trafficTarget(plan: DrillPlan): Promise<ProbeTarget | undefined> {
  const probe = plan.readiness;
  if (probe?.kind === 'http') return httpTarget(probe);
  const port = probe?.kind === 'tcp' ? probe.port : plan.ports[0];
  if (port === undefined) return undefined;
  const http = await sendRequest({ protocol: 'http', port, path: '/' }, 'new-connection', () => 0, requestTimeoutMs);
  return http.ok || http.status !== undefined ? { protocol: 'http', port, path: '/' } : { protocol: 'tcp', port, path: '' };
}

async function runPreStop(hook: PreStopPlan, runtime: ContainerRuntime, id: string, timeoutMs: number): Promise<{ outcome: string; ok: boolean }> {
  switch (hook.kind) {
    case 'sleep':
      await sleep(Math.min(hook.seconds * 1000, timeoutMs));
      return { outcome: hook.seconds * 1000 > timeoutMs ? `cut off at the grace period` : `slept ${hook.seconds} s`, ok: true };
    case 'exec': {
      const result = await runtime.exec(id, hook.command, timeoutMs);
      if (result.timedOut) return { outcome: 'still running at the grace period (the kubelet stops waiting)', ok: false };
      const output = result.output.trim().split('\n').slice(-2).join(' ').slice(0, 160);
      return { outcome: `exit ${result.exitCode ?? '?'}${output ? ` (${output})` : ''}`, ok: result.exitCode === 0 };
    }
    case 'http': {
      const sample = await sendRequest(httpTarget(hook), 'new-connection', () => 0, timeoutMs);
      return { outcome: sample.status !== undefined ? `HTTP ${sample.status}` : `failed (${sample.failure})`, ok: sample.ok };
    }
  }
}

function containerName(plan: DrillPlan): string {
  const base = `tg-drill-${plan.object.name}-${plan.container}`.toLowerCase().replace(/[^a-z0-9_.-]/g, '-').slice(0, 48);
  return `${base}-${randomBytes(3).toString('hex')}`;
}

async function ensureImage(plan: DrillPlan, runtime: ContainerRuntime, options: DrillOptions): Promise<ImageInfo | string> {
  const present = await runtime.image(plan.image);
  if (present) return present;
  if (!options.pull) return `image ${plan.image} is not present locally (pulling is off)`;
  options.log(`drill: pulling ${plan.image}`);
  try {
    await runtime.pull(plan.image, 180_000);
  } catch (error) {
    return `image ${plan.image} is not present locally and could not be pulled: ${(error as Error).message}`;
  }
  return (await runtime.image(plan.image)) ?? `image ${plan.image} could not be found after pulling`;
}

/** The fields of a container's result that come from its plan. */
function resultOf(plan: DrillPlan): Omit<DrillResult, 'status' | 'seconds'> {
  return { object: plan.object, ...(plan.render ? { render: plan.render } : {}), file: plan.file, container: plan.container, image: plan.image, gracePeriodSeconds: plan.gracePeriodSeconds, notes: [...plan.notes], findings: [] };
}

/** Drills one container. Never throws for the app's behaviour; runtime failures become `skipped`. */
export async function drillContainer(plan: DrillPlan, runtime: ContainerRuntime, options: DrillOptions): Promise<DrillResult> {
  const began = performance.now();
  const base = resultOf(plan);
  const finish = (rest: Partial<DrillResult> & Pick<DrillResult, 'status'>): DrillResult => ({ ...base, ...rest, seconds: (performance.now() - began) / 1000 });

  const image = await ensureImage(plan, runtime, options);
  if (typeof image === 'string') return finish({ status: 'skipped', reason: image });
  for (const port of plan.ports) {
    if (await portOpen(port)) return finish({ status: 'skipped', reason: `port ${port} is already in use on this host (the drill runs on the host's network, so the manifest's ports must be free)` });
  }
  installInterruptCleanup();
  const id = await runtime.create({
    name: containerName(plan),
    image: plan.image,
    ...(plan.command ? { entrypoint: plan.command } : {}),
    ...(plan.args ? { cmd: plan.args } : {}),
    env: plan.env.map((e) => `${e.name}=${e.value}`),
    ...(plan.workingDir ? { workingDir: plan.workingDir } : {}),
    ...(plan.user ? { user: plan.user } : {}),
    labels: { [label]: `${plan.object.kind}/${plan.object.name}/${plan.container}` },
  });
  live.set(id, runtime);
  try {
    let exited: { code: number; at: number } | undefined;
    const exit = runtime.wait(id).then((code) => {
      exited = { code, at: performance.now() };
      return exited;
    });
    await runtime.start(id);
    const readyBy = performance.now() + options.readyTimeoutSeconds * 1000;
    let ready = false;
    const readySince = performance.now();
    while (!exited && performance.now() < readyBy) {
      options.progress?.(`drill: ${plan.container}: waiting for readiness, ${Math.floor((performance.now() - readySince) / 1000)} s of ${options.readyTimeoutSeconds} s`);
      if (await isReady(plan, runtime, id).catch(() => false)) {
        ready = true;
        break;
      }
      await Promise.race([sleep(250), exit]);
    }
    if (!ready) {
      const logsTail = await runtime.logs(id, 20).catch(() => '');
      const reason = exited
        ? `the container exited with code ${exited.code} before it was ready`
        : `not ready within ${options.readyTimeoutSeconds} s (${plan.readiness ? `readinessProbe ${plan.readiness.kind}` : plan.ports.length > 0 ? `port ${plan.ports[0]}` : 'no port'})`;
      return finish({ status: 'failed', reason, ...(logsTail ? { logsTail } : {}) });
    }
    const processes = await runtime.processes(id).catch(() => []);
    const target = await trafficTarget(plan);
    const signalName = plan.stopSignal ?? image.stopSignal ?? 'SIGTERM';
    const signalSource = plan.stopSignal ? 'lifecycle.stopSignal' : image.stopSignal ? "the image's STOPSIGNAL" : 'the default';
    const graceMs = plan.gracePeriodSeconds * 1000;
    // The clock of the report: zero is when termination begins.
    let origin = performance.now() + warmUpMs;
    const clock = () => performance.now() - origin;
    const stopMsAtMost = graceMs + minimumStopSeconds * 1000;
    const prober = target
      ? new Prober(target, { rate: options.rate, timeoutMs: requestTimeoutMs, maxMs: warmUpMs + stopMsAtMost + 15_000, clock, slowTimeoutMs: warmUpMs + stopMsAtMost + 5000 })
      : undefined;
    prober?.start();
    // Long requests back to back from before the preStop hook until the exit, so that some are
    // open at the stop signal however long the hook runs: "are existing requests completed?" is
    // about the requests open when the signal comes, not about those the hook outlasted.
    const slowPath = target && target.protocol !== 'tcp' && options.inFlightCount > 0 ? plan.inFlightPath : undefined;
    if (prober && slowPath) {
      prober.streamSlow(slowPath, options.inFlightCount);
      void exit.then(() => prober.endStreams());
    }
    await sleep(warmUpMs);
    origin = performance.now();
    const traffic: DrillObservation['traffic'] = target
      ? {
          protocol: target.protocol === 'tcp' ? 'tcp' : 'http',
          port: target.port,
          ...(target.protocol !== 'tcp' ? { path: target.path } : {}),
          rate: options.rate,
          ...(slowPath ? { slowPath, slowConnections: options.inFlightCount } : {}),
        }
      : undefined;
    const observation: DrillObservation = { deadlineMs: 0, samples: [], processes, ...(traffic ? { traffic } : {}) };

    let preStopMs = 0;
    if (plan.preStop) {
      const startMs = clock();
      const outcome = await Promise.race([runPreStop(plan.preStop, runtime, id, graceMs), exit.then(() => ({ outcome: 'ended by the container exiting', ok: false }))]);
      preStopMs = clock() - startMs;
      observation.preStop = { kind: plan.preStop.kind, startMs, endMs: startMs + preStopMs, ...outcome };
    }
    if (!exited) {
      observation.signal = { name: signalName, atMs: clock(), source: signalSource };
      await runtime.kill(id, signalName);
    }
    const stopMs = Math.max(graceMs - preStopMs, minimumStopSeconds * 1000);
    observation.deadlineMs = (observation.signal?.atMs ?? clock()) + stopMs;
    const deadline = origin + observation.deadlineMs;
    // Waits for the exit or the deadline, saying each second how much of the grace period is left.
    while (!exited && performance.now() < deadline) {
      const left = deadline - performance.now();
      options.progress?.(`drill: ${plan.container}: ${observation.signal?.name ?? 'stop'} sent, ${Math.max(1, Math.round(left / 1000))} s of the grace period left`);
      await Promise.race([exit, sleep(Math.min(1000, Math.max(0, left)))]);
    }
    if (!exited) {
      observation.sigkillAtMs = clock();
      await runtime.kill(id, 'SIGKILL');
      await Promise.race([exit, sleep(10_000)]);
    }
    const state = await runtime.state(id).catch(() => undefined);
    if (exited) {
      // The runtime's own exit time is exact; the wait's answer comes ~0.1 s later. Trust it
      // only when the two clocks agree (a remote engine's may not).
      const reported = state?.finishedAtMs !== undefined ? state.finishedAtMs - performance.timeOrigin : undefined;
      const at = reported !== undefined && reported <= exited.at && exited.at - reported < 2000 ? reported : exited.at;
      observation.exit = { code: exited.code, atMs: at - origin, oomKilled: state?.oomKilled ?? false };
    }
    await sleep(afterExitMs);
    const samples: RequestSample[] = prober ? await prober.stop() : [];
    observation.samples = samples;
    const facts = judgeDrill(observation, plan.gracePeriodSeconds);
    const logsTail = await runtime.logs(id, 20).catch(() => '');
    if (!target) base.notes.push('no port to send traffic to: only the exit was measured');
    return finish({ status: 'measured', observation, verdict: facts.verdict, openAtSignal: facts.openAtSignal, findings: facts.findings, ...(logsTail ? { logsTail } : {}) });
  } finally {
    await runtime.remove(id).catch((error) => options.log(`drill: could not remove container ${id.slice(0, 12)}: ${(error as Error).message}`));
    live.delete(id);
  }
}

/** Drills each plan in turn within the time budget. */
export async function runDrill(plans: readonly DrillPlan[], runtime: ContainerRuntime, options: DrillOptions): Promise<DrillResult[]> {
  const results: DrillResult[] = [];
  const budgetEnds = performance.now() + options.maxSeconds * 1000;
  for (const plan of plans) {
    const needed = (options.readyTimeoutSeconds + plan.gracePeriodSeconds + minimumStopSeconds + 15) * 1000;
    if (performance.now() + needed > budgetEnds) {
      results.push({ ...resultOf(plan), status: 'skipped', reason: `the drill's time budget (${options.maxSeconds} s) is spent`, seconds: 0 });
      continue;
    }
    options.log(`drill: ${plan.object.kind}/${plan.object.name} container ${plan.container} (${plan.image}), grace ${plan.gracePeriodSeconds} s`);
    const result = await drillContainer(plan, runtime, options);
    options.log(`drill: ${plan.container}: ${result.verdict ?? result.status}${result.reason ? ` — ${result.reason}` : ''} (${result.seconds.toFixed(1)} s)`);
    results.push(result);
  }
  return results;
}
