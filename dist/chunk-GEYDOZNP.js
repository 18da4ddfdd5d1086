import { createRequire as __tgCreateRequire } from 'node:module';
const require = __tgCreateRequire(import.meta.url);
import {
  Prober,
  sendRequest
} from "./chunk-PZNY4IOG.js";
import {
  defaultDrillConfig
} from "./chunk-6ZX7BPBK.js";
import "./chunk-RF4X2UR6.js";
import "./chunk-EDZ47NS3.js";
import "./chunk-O463YJ2Z.js";
import "./chunk-OH4YQWZE.js";
import "./chunk-FZMQJXAM.js";
import "./chunk-MPLI4E57.js";
import {
  judgeDrill
} from "./chunk-4T5WEU3T.js";
import "./chunk-6CTQYBGU.js";

// src/drill/run.ts
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
var defaultDrillOptions = {
  rate: defaultDrillConfig.rate,
  inFlightCount: defaultDrillConfig.inFlightCount,
  readyTimeoutSeconds: defaultDrillConfig.readyTimeoutSeconds,
  maxSeconds: defaultDrillConfig.maxSeconds,
  pull: true
};
var minimumStopSeconds = 2;
var requestTimeoutMs = 1e3;
var warmUpMs = 1e3;
var afterExitMs = 500;
var label = "io.termination-guard.drill";
var sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
var live = /* @__PURE__ */ new Map();
var handlersInstalled = false;
function installInterruptCleanup() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.once(signal, () => {
      void removeAll().finally(() => process.kill(process.pid, signal));
    });
  }
}
async function removeAll() {
  await Promise.allSettled([...live].map(async ([id, runtime]) => {
    await runtime.remove(id);
    live.delete(id);
  }));
}
async function portOpen(port, timeoutMs = 500) {
  return (await sendRequest({ protocol: "tcp", port, path: "" }, "new-connection", () => 0, timeoutMs)).ok;
}
function httpTarget(get) {
  return { protocol: get.scheme === "HTTPS" ? "https" : "http", port: get.port, path: get.path, headers: get.headers };
}
async function isReady(plan, runtime, id) {
  const probe = plan.readiness;
  if (probe?.kind === "http") {
    const sample = await sendRequest(httpTarget(probe), "new-connection", () => 0, requestTimeoutMs);
    return sample.ok && (sample.status ?? 0) < 400;
  }
  if (probe?.kind === "tcp") return portOpen(probe.port);
  if (probe?.kind === "exec") return (await runtime.exec(id, probe.command, 5e3)).exitCode === 0;
  if (plan.ports.length > 0) return portOpen(plan.ports[0]);
  return true;
}
async function trafficTarget(plan) {
  const probe = plan.readiness;
  if (probe?.kind === "http") return httpTarget(probe);
  const port = probe?.kind === "tcp" ? probe.port : plan.ports[0];
  if (port === void 0) return void 0;
  const http = await sendRequest({ protocol: "http", port, path: "/" }, "new-connection", () => 0, requestTimeoutMs);
  return http.ok || http.status !== void 0 ? { protocol: "http", port, path: "/" } : { protocol: "tcp", port, path: "" };
}
async function runPreStop(hook, runtime, id, timeoutMs) {
  switch (hook.kind) {
    case "sleep":
      await sleep(Math.min(hook.seconds * 1e3, timeoutMs));
      return { outcome: hook.seconds * 1e3 > timeoutMs ? `cut off at the grace period` : `slept ${hook.seconds} s`, ok: true };
    case "exec": {
      const result = await runtime.exec(id, hook.command, timeoutMs);
      if (result.timedOut) return { outcome: "still running at the grace period (the kubelet stops waiting)", ok: false };
      const output = result.output.trim().split("\n").slice(-2).join(" ").slice(0, 160);
      return { outcome: `exit ${result.exitCode ?? "?"}${output ? ` (${output})` : ""}`, ok: result.exitCode === 0 };
    }
    case "http": {
      const sample = await sendRequest(httpTarget(hook), "new-connection", () => 0, timeoutMs);
      return { outcome: sample.status !== void 0 ? `HTTP ${sample.status}` : `failed (${sample.failure})`, ok: sample.ok };
    }
  }
}
function containerName(plan) {
  const base = `tg-drill-${plan.object.name}-${plan.container}`.toLowerCase().replace(/[^a-z0-9_.-]/g, "-").slice(0, 48);
  return `${base}-${randomBytes(3).toString("hex")}`;
}
async function ensureImage(plan, runtime, options) {
  const present = await runtime.image(plan.image);
  if (present) return present;
  if (!options.pull) return `image ${plan.image} is not present locally (pulling is off)`;
  options.log(`drill: pulling ${plan.image}`);
  try {
    await runtime.pull(plan.image, 18e4);
  } catch (error) {
    return `image ${plan.image} is not present locally and could not be pulled: ${error.message}`;
  }
  return await runtime.image(plan.image) ?? `image ${plan.image} could not be found after pulling`;
}
function resultOf(plan) {
  return { object: plan.object, ...plan.render ? { render: plan.render } : {}, file: plan.file, container: plan.container, image: plan.image, gracePeriodSeconds: plan.gracePeriodSeconds, notes: [...plan.notes], findings: [] };
}
async function drillContainer(plan, runtime, options) {
  const began = performance.now();
  const base = resultOf(plan);
  const finish = (rest) => ({ ...base, ...rest, seconds: (performance.now() - began) / 1e3 });
  const image = await ensureImage(plan, runtime, options);
  if (typeof image === "string") return finish({ status: "skipped", reason: image });
  for (const port of plan.ports) {
    if (await portOpen(port)) return finish({ status: "skipped", reason: `port ${port} is already in use on this host (the drill runs on the host's network, so the manifest's ports must be free)` });
  }
  installInterruptCleanup();
  const id = await runtime.create({
    name: containerName(plan),
    image: plan.image,
    ...plan.command ? { entrypoint: plan.command } : {},
    ...plan.args ? { cmd: plan.args } : {},
    env: plan.env.map((e) => `${e.name}=${e.value}`),
    ...plan.workingDir ? { workingDir: plan.workingDir } : {},
    ...plan.user ? { user: plan.user } : {},
    labels: { [label]: `${plan.object.kind}/${plan.object.name}/${plan.container}` }
  });
  live.set(id, runtime);
  try {
    let exited;
    const exit = runtime.wait(id).then((code) => {
      exited = { code, at: performance.now() };
      return exited;
    });
    await runtime.start(id);
    const readyBy = performance.now() + options.readyTimeoutSeconds * 1e3;
    let ready = false;
    const readySince = performance.now();
    while (!exited && performance.now() < readyBy) {
      options.progress?.(`drill: ${plan.container}: waiting for readiness, ${Math.floor((performance.now() - readySince) / 1e3)} s of ${options.readyTimeoutSeconds} s`);
      if (await isReady(plan, runtime, id).catch(() => false)) {
        ready = true;
        break;
      }
      await Promise.race([sleep(250), exit]);
    }
    if (!ready) {
      const logsTail2 = await runtime.logs(id, 20).catch(() => "");
      const reason = exited ? `the container exited with code ${exited.code} before it was ready` : `not ready within ${options.readyTimeoutSeconds} s (${plan.readiness ? `readinessProbe ${plan.readiness.kind}` : plan.ports.length > 0 ? `port ${plan.ports[0]}` : "no port"})`;
      return finish({ status: "failed", reason, ...logsTail2 ? { logsTail: logsTail2 } : {} });
    }
    const processes = await runtime.processes(id).catch(() => []);
    const target = await trafficTarget(plan);
    const signalName = plan.stopSignal ?? image.stopSignal ?? "SIGTERM";
    const signalSource = plan.stopSignal ? "lifecycle.stopSignal" : image.stopSignal ? "the image's STOPSIGNAL" : "the default";
    const graceMs = plan.gracePeriodSeconds * 1e3;
    let origin = performance.now() + warmUpMs;
    const clock = () => performance.now() - origin;
    const stopMsAtMost = graceMs + minimumStopSeconds * 1e3;
    const prober = target ? new Prober(target, { rate: options.rate, timeoutMs: requestTimeoutMs, maxMs: warmUpMs + stopMsAtMost + 15e3, clock, slowTimeoutMs: warmUpMs + stopMsAtMost + 5e3 }) : void 0;
    prober?.start();
    const slowPath = target && target.protocol !== "tcp" && options.inFlightCount > 0 ? plan.inFlightPath : void 0;
    if (prober && slowPath) {
      prober.streamSlow(slowPath, options.inFlightCount);
      void exit.then(() => prober.endStreams());
    }
    await sleep(warmUpMs);
    origin = performance.now();
    const traffic = target ? {
      protocol: target.protocol === "tcp" ? "tcp" : "http",
      port: target.port,
      ...target.protocol !== "tcp" ? { path: target.path } : {},
      rate: options.rate,
      ...slowPath ? { slowPath, slowConnections: options.inFlightCount } : {}
    } : void 0;
    const observation = { deadlineMs: 0, samples: [], processes, ...traffic ? { traffic } : {} };
    let preStopMs = 0;
    if (plan.preStop) {
      const startMs = clock();
      const outcome = await Promise.race([runPreStop(plan.preStop, runtime, id, graceMs), exit.then(() => ({ outcome: "ended by the container exiting", ok: false }))]);
      preStopMs = clock() - startMs;
      observation.preStop = { kind: plan.preStop.kind, startMs, endMs: startMs + preStopMs, ...outcome };
    }
    if (!exited) {
      observation.signal = { name: signalName, atMs: clock(), source: signalSource };
      await runtime.kill(id, signalName);
    }
    const stopMs = Math.max(graceMs - preStopMs, minimumStopSeconds * 1e3);
    observation.deadlineMs = (observation.signal?.atMs ?? clock()) + stopMs;
    const deadline = origin + observation.deadlineMs;
    while (!exited && performance.now() < deadline) {
      const left = deadline - performance.now();
      options.progress?.(`drill: ${plan.container}: ${observation.signal?.name ?? "stop"} sent, ${Math.max(1, Math.round(left / 1e3))} s of the grace period left`);
      await Promise.race([exit, sleep(Math.min(1e3, Math.max(0, left)))]);
    }
    if (!exited) {
      observation.sigkillAtMs = clock();
      await runtime.kill(id, "SIGKILL");
      await Promise.race([exit, sleep(1e4)]);
    }
    const state = await runtime.state(id).catch(() => void 0);
    if (exited) {
      const reported = state?.finishedAtMs !== void 0 ? state.finishedAtMs - performance.timeOrigin : void 0;
      const at = reported !== void 0 && reported <= exited.at && exited.at - reported < 2e3 ? reported : exited.at;
      observation.exit = { code: exited.code, atMs: at - origin, oomKilled: state?.oomKilled ?? false };
    }
    await sleep(afterExitMs);
    const samples = prober ? await prober.stop() : [];
    observation.samples = samples;
    const facts = judgeDrill(observation, plan.gracePeriodSeconds);
    const logsTail = await runtime.logs(id, 20).catch(() => "");
    if (!target) base.notes.push("no port to send traffic to: only the exit was measured");
    return finish({ status: "measured", observation, verdict: facts.verdict, openAtSignal: facts.openAtSignal, findings: facts.findings, ...logsTail ? { logsTail } : {} });
  } finally {
    await runtime.remove(id).catch((error) => options.log(`drill: could not remove container ${id.slice(0, 12)}: ${error.message}`));
    live.delete(id);
  }
}
async function runDrill(plans, runtime, options) {
  const results = [];
  const budgetEnds = performance.now() + options.maxSeconds * 1e3;
  for (const plan of plans) {
    const needed = (options.readyTimeoutSeconds + plan.gracePeriodSeconds + minimumStopSeconds + 15) * 1e3;
    if (performance.now() + needed > budgetEnds) {
      results.push({ ...resultOf(plan), status: "skipped", reason: `the drill's time budget (${options.maxSeconds} s) is spent`, seconds: 0 });
      continue;
    }
    options.log(`drill: ${plan.object.kind}/${plan.object.name} container ${plan.container} (${plan.image}), grace ${plan.gracePeriodSeconds} s`);
    const result = await drillContainer(plan, runtime, options);
    options.log(`drill: ${plan.container}: ${result.verdict ?? result.status}${result.reason ? ` \u2014 ${result.reason}` : ""} (${result.seconds.toFixed(1)} s)`);
    results.push(result);
  }
  return results;
}
export {
  defaultDrillOptions,
  drillContainer,
  minimumStopSeconds,
  removeAll,
  runDrill
};
