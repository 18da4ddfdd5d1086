import { createRequire as __tgCreateRequire } from 'node:module';
const require = __tgCreateRequire(import.meta.url);

// src/measure/drill.ts
var drillVerdicts = ["graceful", "killed", "abrupt"];
function countSamples(samples) {
  const counts = { sent: samples.length, ok: 0, failed: 0, byKind: {} };
  for (const sample of samples) {
    if (sample.ok) counts.ok++;
    else {
      counts.failed++;
      const kind = sample.failure ?? "other";
      counts.byKind[kind] = (counts.byKind[kind] ?? 0) + 1;
    }
  }
  return counts;
}
function describeCounts(counts) {
  const kinds = Object.entries(counts.byKind).map(([kind, n]) => `${n} ${kind}`);
  return `${counts.ok}/${counts.sent} ok${kinds.length > 0 ? `, ${kinds.join(", ")}` : ""}`;
}
function seconds(ms) {
  return `${(ms / 1e3).toFixed(1)} s`;
}
function stopBegan(observation) {
  return observation.signal?.atMs ?? observation.preStop?.startMs ?? 0;
}
function firstRefused(observation) {
  const from = stopBegan(observation);
  return observation.samples.filter((s) => s.failure === "refused" && s.sentMs >= from).sort((a, b) => a.sentMs - b.sentMs)[0];
}
function droppedRequests(observation) {
  const from = stopBegan(observation);
  return observation.samples.filter((s) => !s.ok && s.failure !== "refused" && s.sentMs < from && s.doneMs >= from);
}
function judgeDrill(observation, gracePeriodSeconds) {
  const { signal, exit } = observation;
  const findings = [];
  const runtime = (text) => findings.push({ layer: "runtime", text });
  const pod = (text) => findings.push({ layer: "pod", text });
  const after = stopBegan(observation);
  const refused = firstRefused(observation);
  const okSamples = observation.samples.filter((s) => s.ok);
  const lastOk = okSamples.length > 0 ? Math.max(...okSamples.map((s) => s.doneMs)) : void 0;
  const dropped = droppedRequests(observation);
  const inFlight = countSamples(observation.samples.filter((s) => s.mode === "in-flight"));
  const stopMs = exit && signal ? exit.atMs - signal.atMs : void 0;
  const signalName = signal?.name ?? "the stop signal";
  if (observation.preStop) {
    const { preStop } = observation;
    pod(`preStop (${preStop.kind}) ran ${seconds(preStop.endMs - preStop.startMs)}: ${preStop.outcome}.`);
  }
  if (exit && signal === void 0) runtime(`The container exited (code ${exit.code}) at ${seconds(exit.atMs)}, during the preStop hook, before the kubelet sent its stop signal.`);
  let verdict;
  if (observation.sigkillAtMs !== void 0) {
    verdict = "killed";
    runtime(
      `Still running ${seconds(observation.sigkillAtMs - (signal?.atMs ?? 0))} after ${signalName}: SIGKILL at ${seconds(observation.sigkillAtMs)} (grace period ${gracePeriodSeconds} s), exit ${exit?.code ?? 137}.`
    );
    const refusedBeforeKill = refused !== void 0 && refused.sentMs < observation.sigkillAtMs;
    if (!refusedBeforeKill && lastOk !== void 0 && lastOk >= (signal?.atMs ?? 0)) runtime(`It kept accepting and answering requests until the SIGKILL: no sign that ${signalName} reached the app.`);
    const pid1 = observation.processes[0];
    if (pid1 && observation.processes.length > 1 && /^(\S*\/)?(sh|bash|dash|ash|busybox)\b/.test(pid1.command)) {
      runtime(`PID 1 was \`${pid1.command}\` with the app as its child: ${signalName} went to the shell, which neither handled nor passed it on.`);
    }
  } else if (exit) {
    const expected = exit.code === 0 || exit.code === 143;
    verdict = expected && dropped.length === 0 ? "graceful" : "abrupt";
    const when = stopMs !== void 0 ? `${seconds(stopMs)} after ${signalName}` : `at ${seconds(exit.atMs)}`;
    runtime(`Exited with code ${exit.code}${exit.oomKilled ? " (OOM-killed)" : ""} ${when}, within the grace period.`);
    if (!expected) runtime(`Exit code ${exit.code} is neither 0 nor 143 (${signalName}'s default): the shutdown path failed or the process died another way.`);
  } else {
    verdict = "killed";
    runtime("The container did not report an exit.");
  }
  if (refused && refused.sentMs < (observation.sigkillAtMs ?? exit?.atMs ?? Infinity)) {
    pod(`Stopped accepting new connections ${seconds(refused.sentMs - after)} after ${signal ? signalName : "termination began"}.`);
  } else if (observation.sigkillAtMs === void 0 && exit && lastOk !== void 0 && lastOk >= after) {
    pod(`Kept accepting new connections until it exited.`);
  }
  if (inFlight.sent > 0) {
    pod(
      inFlight.failed === 0 ? `All ${inFlight.sent} in-flight requests finished.` : `${inFlight.failed} of ${inFlight.sent} in-flight requests failed (${Object.entries(inFlight.byKind).map(([k, n]) => `${n} ${k}`).join(", ")}).`
    );
  }
  if (inFlight.sent === 0 && observation.traffic?.protocol === "http") {
    pod(`No long requests were held in flight (set drill.inFlightPath or the termination-guard.io/drill-in-flight-path annotation to a slow path): whether it finishes in-flight work was judged only from the requests open at the signal.`);
  }
  if (dropped.length > 0) pod(`${dropped.length} accepted request(s) were broken off instead of answered.`);
  return {
    verdict,
    findings,
    ...stopMs !== void 0 ? { stopSeconds: stopMs / 1e3 } : {},
    ...refused ? { firstRefusedMs: refused.sentMs } : {},
    ...lastOk !== void 0 ? { lastOkMs: lastOk } : {},
    dropped: dropped.length,
    inFlight
  };
}
function timelineEvents(observation) {
  const events = [];
  const { preStop, signal, exit } = observation;
  events.push({ atMs: 0, event: preStop ? `termination begins: preStop (${preStop.kind}) starts` : "termination begins (no preStop hook)" });
  if (preStop) events.push({ atMs: preStop.endMs, event: `preStop ends: ${preStop.outcome}` });
  if (signal) events.push({ atMs: signal.atMs, event: `${signal.name} sent (${signal.source})` });
  const refused = firstRefused(observation);
  if (refused) events.push({ atMs: refused.sentMs, event: "first refused connection" });
  const ok = observation.samples.filter((s) => s.ok && s.mode !== "in-flight");
  if (ok.length > 0) events.push({ atMs: Math.max(...ok.map((s) => s.doneMs)), event: "last answered request" });
  observation.samples.filter((s) => s.mode === "in-flight").forEach((s, i) => events.push({ atMs: s.doneMs, event: `in-flight request ${i + 1} ${s.ok ? `answered (${s.status})` : `failed (${s.failure})`}` }));
  if (observation.sigkillAtMs !== void 0) events.push({ atMs: observation.sigkillAtMs, event: "SIGKILL (grace period over)" });
  if (exit) events.push({ atMs: exit.atMs, event: `exited with code ${exit.code}` });
  return events.sort((a, b) => a.atMs - b.atMs);
}
function trafficSpans(samples, fromMs) {
  const spans = [];
  const sorted = samples.filter((s) => s.mode !== "in-flight" && s.sentMs >= fromMs).sort((a, b) => a.sentMs - b.sentMs);
  for (const sample of sorted) {
    const outcome = sample.ok ? "answered" : sample.failure ?? "other";
    const last = spans[spans.length - 1];
    if (last && last.outcome === outcome) {
      last.endMs = Math.max(last.endMs, sample.doneMs);
      last.count++;
    } else spans.push({ startMs: sample.sentMs, endMs: Math.max(sample.doneMs, sample.sentMs + 1), outcome, count: 1 });
  }
  return spans;
}

// src/measure/smoke.ts
var smokeFailOnValues = ["regression", "failures", "killed", "stalled"];
var rolloutLabels = {
  update: "base \u2192 head (base pods terminate)",
  restart: "restart of head (head pods terminate)"
};
var warningReasons = /^(FailedPreStopHook|FailedScheduling|ExceededGracePeriod|Unhealthy|FailedKillPod|BackOff|Failed)$/;
function killedAtDeadline(pod) {
  if (pod.exitCode !== 137) return false;
  if (pod.events.some((e) => e.reason === "ExceededGracePeriod")) return true;
  if (pod.deletedMs === void 0 || pod.terminatedMs === void 0 || pod.graceSeconds === void 0) return true;
  return pod.terminatedMs - pod.deletedMs >= pod.graceSeconds * 1e3 - 1500;
}
function sampleTime(sample) {
  return sample.mode === "in-flight" ? sample.doneMs : sample.sentMs;
}
function longestGap(samples) {
  let longest = 0;
  let failingSince;
  for (const sample of [...samples].sort((a, b) => a.sentMs - b.sentMs)) {
    if (!sample.ok) failingSince ??= sample.sentMs;
    else if (failingSince !== void 0) {
      longest = Math.max(longest, sample.sentMs - failingSince);
      failingSince = void 0;
    }
  }
  if (failingSince !== void 0) {
    const last = samples.reduce((max, s) => Math.max(max, s.doneMs), failingSince);
    longest = Math.max(longest, last - failingSince);
  }
  return longest;
}
function rolloutFigures(rollout, samples) {
  const window = samples.filter((s) => sampleTime(s) >= rollout.startMs && sampleTime(s) < rollout.endMs);
  const counts = countSamples(window);
  const byMode = {};
  for (const mode of new Set(window.map((s) => s.mode))) byMode[mode] = countSamples(window.filter((s) => s.mode === mode));
  const failures = window.filter((s) => !s.ok);
  const deletions = rollout.oldPods.filter((p) => p.deletedMs !== void 0).sort((a, b) => a.deletedMs - b.deletedMs);
  const windows = /* @__PURE__ */ new Map();
  let beforeDeletion = 0;
  for (const failure of failures) {
    const at = sampleTime(failure);
    const dying = deletions.find((p) => p.terminatedMs !== void 0 && p.deletedMs <= at && Math.abs(p.terminatedMs - at) <= 1e3);
    const latest = dying ?? [...deletions].reverse().find((p) => p.deletedMs <= at);
    if (!latest) {
      beforeDeletion++;
      continue;
    }
    const offset = at - latest.deletedMs;
    const entry = windows.get(latest.name);
    if (entry) {
      entry.count++;
      entry.lastMs = Math.max(entry.lastMs, offset);
      entry.firstMs = Math.min(entry.firstMs, offset);
    } else windows.set(latest.name, { pod: latest.name, count: 1, firstMs: offset, lastMs: offset });
  }
  const seconds2 = new Set(failures.map((s) => Math.floor((sampleTime(s) - rollout.startMs) / 1e3)));
  const warnings = [...rollout.oldPods, ...rollout.newPods].flatMap(
    (pod) => pod.events.filter((e) => warningReasons.test(e.reason)).map((e) => `${pod.name}: ${e.reason} \u2014 ${e.message}`)
  );
  return {
    name: rollout.name,
    label: rolloutLabels[rollout.name],
    durationMs: rollout.endMs - rollout.startMs,
    outcome: rollout.outcome,
    ...rollout.stall ? { stall: rollout.stall } : {},
    sent: counts.sent,
    failed: counts.failed,
    byMode,
    byKind: counts.byKind,
    disruptedSeconds: seconds2.size,
    // Per steady-rate mode (the long in-flight requests have no rate to leave gaps in).
    longestGapMs: Math.max(0, ...Object.keys(byMode).filter((mode) => mode !== "in-flight").map((mode) => longestGap(window.filter((s) => s.mode === mode)))),
    killed: rollout.oldPods.filter(killedAtDeadline).map((p) => p.name),
    afterDeletion: [...windows.values()],
    beforeDeletion,
    warnings: [...new Set(warnings)].slice(0, 20)
  };
}
var plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
function judgeSmoke(figures, failOn, tolerance) {
  const head = figures.find((f) => f.name === "restart");
  const base = figures.find((f) => f.name === "update");
  const findings = [];
  const holds = /* @__PURE__ */ new Set();
  for (const f of figures) {
    if (f.outcome === "complete") continue;
    holds.add("stalled");
    holds.add("regression");
    const what = f.name === "update" ? "The rollout to the head" : "The restart of the head";
    findings.push(`${what} ${f.outcome === "stalled" ? "stalled" : "did not finish in time"}${f.stall ? `: ${f.stall}` : ""}.`);
  }
  const baseFailed = base?.failed ?? 0;
  const baseKilled = base?.killed.length ?? 0;
  if (head) {
    if (head.failed > baseFailed + tolerance) {
      holds.add("regression");
      findings.push(
        base ? `The head's pods terminating cost ${plural(head.failed, "failed request")}, the base's ${baseFailed}: the change makes rollouts worse.` : `The new workload's rollout failed ${plural(head.failed, "request")} (tolerance ${tolerance}).`
      );
    } else if (base && baseFailed > head.failed) {
      findings.push(`The head's pods terminating cost ${plural(head.failed, "failed request")}, the base's ${baseFailed}: the change makes rollouts better.`);
    } else if (base) {
      findings.push(`The head's pods terminating cost ${plural(head.failed, "failed request")}, the base's ${baseFailed}: no worse.`);
    }
    if (head.failed > 0) holds.add("failures");
    if (head.killed.length > 0) {
      holds.add("killed");
      if (baseKilled < head.killed.length) holds.add("regression");
      findings.push(`${plural(head.killed.length, "head pod")} did not exit within the grace period and ${head.killed.length === 1 ? "was" : "were"} SIGKILLed (exit 137): ${head.killed.join(", ")}.`);
    }
  }
  if (base && baseKilled > 0) findings.push(`${plural(baseKilled, "base pod")} ${baseKilled === 1 ? "was" : "were"} SIGKILLed at the grace deadline (exit 137): ${base.killed.join(", ")}.`);
  return { failing: failOn.filter((condition) => holds.has(condition)), findings };
}
function failuresPerSecond(samples) {
  const bySecond = /* @__PURE__ */ new Map();
  for (const sample of samples) {
    if (sample.ok) continue;
    const second = Math.floor(sampleTime(sample) / 1e3);
    bySecond.set(second, [...bySecond.get(second) ?? [], sample]);
  }
  return [...bySecond.entries()].sort(([a], [b]) => a - b).map(([second, list]) => ({ second, count: list.length, kinds: Object.entries(countSamples(list).byKind).map(([k, n]) => `${n} ${k}`).join(", ") }));
}
function parseSmokeFailOn(text) {
  const words = text.split(/[\s,]+/).filter(Boolean);
  if (words.length === 1 && words[0] === "never") return [];
  if (words.length === 0 || !words.every((w) => smokeFailOnValues.includes(w))) return void 0;
  return [...new Set(words)];
}

export {
  drillVerdicts,
  countSamples,
  describeCounts,
  seconds,
  judgeDrill,
  timelineEvents,
  trafficSpans,
  smokeFailOnValues,
  rolloutLabels,
  killedAtDeadline,
  sampleTime,
  rolloutFigures,
  judgeSmoke,
  failuresPerSecond,
  parseSmokeFailOn
};
