// The rollout smoke test for each changed workload, in a throwaway namespace: apply the base
// version and its Services (the head when the workload is new), wait until it is available, start
// the prober, apply the head (rollout 1: the base's pods terminate) and then restart it
// (rollout 2: the head's pods terminate, with the head's settings), measure each rollout,
// delete the namespace. Every wait is bounded; the namespace goes whatever happens.
import { randomBytes } from 'node:crypto';
import type { RequestSample } from '../measure/drill.js';
import { forCluster, type Manifest, type SmokePlan } from '../measure/smoke-plan.js';
import type { SmokeConfig } from '../analysis/config.js';
import { judgeSmoke, type RolloutName, type RolloutObservation, rolloutFigures, type SmokeObservation, type SmokePod, type SmokeResult } from '../measure/smoke.js';
import { type Kube, KubeError } from './kube.js';
import { type ProberHandle, type ProberLaunch, startProber } from './prober.js';
import { waitForRollout } from './rollout.js';
import { NamespaceWatcher, type PodState } from './watcher.js';

/** The config's smoke settings the run uses, how to start the prober, and where to log. */
export type SmokeOptions = Pick<SmokeConfig, 'rate' | 'rolloutTimeoutSeconds' | 'stallSeconds' | 'settleSeconds' | 'tolerance' | 'failOn'> & {
  /** The head's restart is repeated this many times (config smoke.trials; default 1). */
  trials?: number;
  prober: ProberLaunch;
  log: (message: string) => void;
  /** A terminal's status line: each rollout as it starts and while it runs. */
  progress?: (message: string) => void;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const apiVersionOf = (manifest: Manifest) => String(manifest.apiVersion ?? 'apps/v1');

/** Applies in dependency order: ServiceAccounts, ConfigMaps, Secrets, Services, then the workload. */
async function applyAll(kube: Kube, namespace: string, companions: readonly Manifest[], workload: Manifest): Promise<void> {
  const order = ['ServiceAccount', 'ConfigMap', 'Secret', 'Service'];
  const sorted = [...companions].sort((a, b) => order.indexOf(String(a.kind)) - order.indexOf(String(b.kind)));
  for (const object of sorted) await kube.apply(forCluster(object, namespace));
  await kube.apply(forCluster(workload, namespace));
}

function toPod(state: PodState, originMs: number): SmokePod {
  const pod: SmokePod = { name: state.name, createdMs: state.createdMs - originMs, events: state.events.map((e) => ({ ...e, atMs: e.atMs - originMs })) };
  const times = ['readyMs', 'deletedMs', 'terminatedMs', 'goneMs', 'unroutedMs'] as const;
  for (const key of times) if (state[key] !== undefined) pod[key] = (state[key] as number) - originMs;
  if (state.graceSeconds !== undefined) pod.graceSeconds = state.graceSeconds;
  if (state.exitCode !== undefined) pod.exitCode = state.exitCode;
  if (state.reason !== undefined) pod.reason = state.reason;
  return pod;
}

export async function smokeWorkload(plan: SmokePlan, kube: Kube, options: SmokeOptions): Promise<SmokeResult> {
  const started = Date.now();
  const { object } = plan;
  const blank = { object, ...(plan.render ? { render: plan.render } : {}), file: plan.file, kind: plan.kind, figures: [], failing: [], findings: [], notes: [] as string[] };
  const elapsed = () => Math.round((Date.now() - started) / 100) / 10;
  if (!plan.endpoint) return { ...blank, status: 'skipped', reason: `no way to reach it: ${plan.unreachable ?? 'no endpoint'}`, seconds: 0 };
  const endpoint = plan.endpoint;
  const namespace = `tg-smoke-${randomBytes(4).toString('hex')}`;
  const apiVersion = apiVersionOf(plan.head);
  const name = object.name;
  const timeoutMs = options.rolloutTimeoutSeconds * 1000;
  const stallMs = Math.max(options.stallSeconds, plan.gracePeriodSeconds + 5) * 1000;
  const watcher = new NamespaceWatcher(kube, namespace);
  let prober: ProberHandle | undefined;
  const newWorkload = plan.base === undefined;
  options.log(`smoke: ${object.kind}/${name} in namespace ${namespace}${newWorkload ? ' (new workload: head only)' : ''}`);
  try {
    await kube.createNamespace(namespace);
    watcher.start();
    await applyAll(kube, namespace, plan.base ? (plan.baseCompanions ?? plan.headCompanions) : plan.headCompanions, plan.base ?? plan.head);
    const available = await waitForRollout(kube, plan.kind, apiVersion, namespace, name, watcher, { timeoutMs, stallMs });
    if (available.outcome !== 'complete') {
      return { ...blank, status: 'failed', reason: `the ${newWorkload ? 'head' : 'base'} version never became available${available.stall ? `: ${available.stall}` : ''}`, seconds: elapsed() };
    }
    let address: string;
    if (endpoint.via === 'service') {
      const ip = await kube.serviceClusterIp(namespace, endpoint.name);
      if (!ip) return { ...blank, status: 'skipped', reason: `Service ${endpoint.name} has no ClusterIP`, seconds: elapsed() };
      address = ip;
    } else {
      // The node one of its pods runs on (the watch saw where it was scheduled).
      const nodes = await kube.nodeAddresses();
      const nodeName = watcher.live().find((pod) => pod.node !== undefined)?.node ?? [...nodes.keys()][0];
      const ip = nodeName ? nodes.get(nodeName) : undefined;
      if (!ip) return { ...blank, status: 'skipped', reason: 'no node has an InternalIP to reach the host port on', seconds: elapsed() };
      address = ip;
    }
    const trials = Math.max(1, options.trials ?? 1);
    // A baseline restart, the update and the trials: each a rollout with a settle after it.
    const rolloutCount = (plan.base ? 2 : 0) + trials;
    const maxMs = ((options.settleSeconds + options.rolloutTimeoutSeconds) * rolloutCount + options.settleSeconds + 30) * 1000;
    prober = startProber(
      {
        target: { protocol: endpoint.protocol, host: address, port: endpoint.port, path: endpoint.path, headers: endpoint.headers, ...(plan.expectBody ? { expectBody: plan.expectBody } : {}) },
        rate: options.rate,
        timeoutMs: 1000,
        maxMs,
        ...(plan.inFlightPath && endpoint.protocol !== 'tcp' ? { slowPath: plan.inFlightPath } : {}),
      },
      options.prober,
    );
    await prober.firstAnswer(15_000);
    // t = 0 is the first good answer: what failed before it (kube-proxy still programming the
    // Service) is warm-up, not the rollout's doing.
    const origin = Math.min(...prober.samples.filter((sample) => sample.ok).map((sample) => sample.sentMs));
    await sleep(options.settleSeconds * 1000);

    const rollouts: RolloutObservation[] = [];
    const rollout = async (rolloutName: RolloutName, trigger: () => Promise<void>, trial?: number) => {
      const oldUids = new Set(watcher.live().map((p) => p.uid));
      const known = new Set(watcher.pods.keys());
      const label = `smoke: ${object.kind}/${name} ${rolloutName}${trial !== undefined ? ` ${trial}/${trials}` : ''}`;
      options.progress?.(`${label}: started`);
      const startMs = Date.now();
      await trigger();
      const onPoll = (elapsedMs: number, oldLeft: number) => options.progress?.(`${label}: ${Math.floor(elapsedMs / 1000)} s${oldLeft > 0 ? `, ${oldLeft} old pod(s) left` : ''}`);
      const wait = await waitForRollout(kube, plan.kind, apiVersion, namespace, name, watcher, { timeoutMs, stallMs, oldPods: oldUids, onPoll });
      const endMs = Date.now();
      const states = [...watcher.pods.values()];
      rollouts.push({
        name: rolloutName,
        ...(trial !== undefined ? { trial } : {}),
        startMs: startMs - origin,
        endMs: endMs - origin,
        outcome: wait.outcome,
        ...(wait.stall ? { stall: wait.stall } : {}),
        oldPods: states.filter((p) => oldUids.has(p.uid) && p.deleting).map((p) => toPod(p, origin)),
        newPods: states.filter((p) => !known.has(p.uid)).map((p) => toPod(p, origin)),
      });
      options.log(`${label} ${wait.outcome} in ${((endMs - startMs) / 1000).toFixed(1)} s${wait.stall ? ` (${wait.stall})` : ''}`);
      return wait.outcome === 'complete';
    };
    let proceed = true;
    if (plan.base) {
      // The noise floor: the base restarted once more, as it is, before the head is applied. What
      // fails there is this cluster's and this prober's noise for this workload.
      const calm = await rollout('baseline', () => kube.restart(apiVersion, plan.kind, namespace, name, new Date()));
      if (!calm) blank.notes.push("The base's own restart did not complete: no noise floor was measured.");
      await sleep(options.settleSeconds * 1000);
      proceed = await rollout('update', () => applyAll(kube, namespace, plan.headCompanions, plan.head));
      await sleep(options.settleSeconds * 1000);
    }
    for (let trial = 1; proceed && trial <= trials; trial++) {
      proceed = await rollout('restart', () => kube.restart(apiVersion, plan.kind, namespace, name, new Date()), trials > 1 ? trial : undefined);
      await sleep(options.settleSeconds * 1000);
      if (!proceed && trial < trials) blank.notes.push(`Trials ${trial + 1}–${trials} of the head's restart were not run: trial ${trial} did not complete.`);
    }
    if (!rollouts.some((r) => r.name === 'restart')) blank.notes.push('The restart of the head was not run: the update did not complete.');
    const samples: RequestSample[] = (await prober.stop()).filter((s) => s.sentMs >= origin).map((s) => ({ ...s, sentMs: s.sentMs - origin, doneMs: s.doneMs - origin }));
    prober = undefined;
    const observation: SmokeObservation = {
      target: { address: `${address}:${endpoint.port}`, endpoint, rate: options.rate },
      samples,
      rollouts,
      endMs: Date.now() - origin,
    };
    const figures = rollouts.map((r) => rolloutFigures(r, samples));
    const verdict = judgeSmoke(figures, options.failOn, options.tolerance);
    const notes = [...blank.notes, ...watcher.errors.slice(0, 3)];
    return { ...blank, status: 'measured', ...(newWorkload ? { newWorkload } : {}), observation, figures, ...verdict, notes, seconds: elapsed() };
  } catch (error) {
    const reason = error instanceof KubeError || error instanceof Error ? error.message : String(error);
    return { ...blank, status: 'failed', reason, seconds: elapsed() };
  } finally {
    if (prober) await prober.stop();
    watcher.stop();
    try {
      const gone = await kube.deleteNamespace(namespace, 60_000);
      if (!gone) options.log(`smoke: namespace ${namespace} was still terminating after 60 s`);
    } catch (error) {
      options.log(`smoke: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/** Smoke-tests the plans one after another (each in its own namespace). */
export async function runSmoke(plans: readonly SmokePlan[], kube: Kube, options: SmokeOptions): Promise<SmokeResult[]> {
  const results: SmokeResult[] = [];
  for (const plan of plans) results.push(await smokeWorkload(plan, kube, options));
  return results;
}
