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
function openAtStop(observation) {
  const from = stopBegan(observation);
  return observation.samples.filter((s) => s.sentMs < from && s.doneMs >= from && s.failure !== "refused");
}
function droppedRequests(observation) {
  return openAtStop(observation).filter((s) => !s.ok);
}
function openAtSignal(observation) {
  const open = openAtStop(observation);
  const counts = countSamples(open);
  const slow = open.filter((s) => s.mode === "in-flight").length;
  return {
    ...observation.signal ? { signal: observation.signal.name } : {},
    atMs: stopBegan(observation),
    open: counts.sent,
    answered: counts.ok,
    brokenOff: counts.failed,
    byKind: counts.byKind,
    slow,
    inFlightTested: slow > 0
  };
}
function describeOpenAtSignal(counts) {
  const kinds = Object.entries(counts.byKind).map(([kind, n]) => `${n} ${kind}`);
  const at = counts.signal ? `at ${counts.signal}` : "when termination began";
  return `${counts.open} ${counts.open === 1 ? "request was" : "requests were"} open ${at}: ${counts.answered} answered, ${counts.brokenOff} broken off${kinds.length > 0 ? ` (${kinds.join(", ")})` : ""}`;
}
function inFlightUntested(observation, counts) {
  if (counts.inFlightTested) return void 0;
  const traffic = observation.traffic;
  const at = counts.signal ? `at ${counts.signal}` : "when termination began";
  if (!traffic) return "In-flight behaviour was not tested: there was no port to send requests to.";
  if (traffic.protocol === "tcp") return "In-flight behaviour was not tested: the port does not answer HTTP, so only TCP connects were sent.";
  if (!traffic.slowPath || !traffic.slowConnections) {
    return "In-flight behaviour was not tested: no slow path is known. Set drill.inFlightPath, --in-flight-path or the termination-guard.io/drill-in-flight-path annotation to a path the app answers slowly (e.g. /slow?ms=5000) to hold requests open at the stop signal.";
  }
  return `In-flight behaviour was not tested: no request to the slow path ${traffic.slowPath} was open ${at}.`;
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
  const open = openAtSignal(observation);
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
  if (open.open > 0) pod(`${describeOpenAtSignal(open)}.`);
  const untested = inFlightUntested(observation, open);
  if (untested) pod(untested);
  return {
    verdict,
    findings,
    ...stopMs !== void 0 ? { stopSeconds: stopMs / 1e3 } : {},
    ...refused ? { firstRefusedMs: refused.sentMs } : {},
    ...lastOk !== void 0 ? { lastOkMs: lastOk } : {},
    dropped: dropped.length,
    openAtSignal: open
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
  const at = signal ? `at ${signal.name}` : "when termination began";
  openAtStop(observation).sort((a, b) => a.doneMs - b.doneMs).forEach((s, i) => events.push({ atMs: s.doneMs, event: `request ${i + 1} open ${at} ${s.ok ? `answered (${s.status})` : `broken off (${s.failure})`}` }));
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
var failureCauses = ["endpoint-race", "killed-in-flight", "no-ready-endpoint", "other"];
var causeFixes = {
  "endpoint-race": "a preStop delay (lifecycle.preStop sleep of 5\u201315 s) so the pod keeps serving until kube-proxy and the load balancers have dropped it",
  "killed-in-flight": "a longer terminationGracePeriodSeconds (preStop + the measured drain time + a buffer), and an app that finishes its open requests on SIGTERM",
  "no-ready-endpoint": "a readiness probe and maxUnavailable: 0, so old pods keep serving until new ones are ready",
  other: "no known pattern: read the pods' events and logs around the failures"
};
var causeLabels = {
  "endpoint-race": "endpoint race",
  "killed-in-flight": "killed in flight",
  "no-ready-endpoint": "no ready endpoint",
  other: "other"
};
var smokeFailOnValues = ["regression", "failures", "killed", "stalled"];
var rolloutLabels = {
  baseline: "restart of base (noise floor)",
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
var proxySyncMs = 2e3;
var killSlackMs = 1500;
function readyAt(pods, atMs) {
  return pods.filter((p) => p.readyMs !== void 0 && p.readyMs <= atMs && (p.deletedMs === void 0 || p.deletedMs > atMs) && (p.terminatedMs === void 0 || p.terminatedMs > atMs)).length;
}
function failureCause(sample, rollout) {
  const killed = rollout.oldPods.filter((p) => killedAtDeadline(p) && p.terminatedMs !== void 0);
  if (killed.some((p) => sample.sentMs <= p.terminatedMs && sample.doneMs >= p.terminatedMs - killSlackMs)) return "killed-in-flight";
  const at = sample.sentMs;
  if (readyAt([...rollout.oldPods, ...rollout.newPods], at) === 0) return "no-ready-endpoint";
  if (sample.failure === "refused" || sample.failure === "reset" || sample.failure === "timeout") {
    const racing = rollout.oldPods.some((p) => {
      if (p.deletedMs === void 0 || p.deletedMs > sampleTime(sample)) return false;
      const converged = (p.unroutedMs ?? p.terminatedMs ?? p.deletedMs) + proxySyncMs;
      return sampleTime(sample) <= converged;
    });
    if (racing) return "endpoint-race";
  }
  return "other";
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
  const byCause = {};
  for (const failure of failures) {
    const cause = failureCause(failure, rollout);
    byCause[cause] = (byCause[cause] ?? 0) + 1;
  }
  const seconds2 = new Set(failures.map((s) => Math.floor((sampleTime(s) - rollout.startMs) / 1e3)));
  const warnings = [...rollout.oldPods, ...rollout.newPods].flatMap(
    (pod) => pod.events.filter((e) => warningReasons.test(e.reason)).map((e) => `${pod.name}: ${e.reason} \u2014 ${e.message}`)
  );
  return {
    name: rollout.name,
    ...rollout.trial !== void 0 ? { trial: rollout.trial } : {},
    label: rollout.trial !== void 0 ? `${rolloutLabels[rollout.name]}, trial ${rollout.trial}` : rolloutLabels[rollout.name],
    durationMs: rollout.endMs - rollout.startMs,
    outcome: rollout.outcome,
    ...rollout.stall ? { stall: rollout.stall } : {},
    sent: counts.sent,
    failed: counts.failed,
    byMode,
    byKind: counts.byKind,
    byCause,
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
function spread(values) {
  if (values.length === 0) return { median: 0, min: 0, max: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1] };
}
function summariseTrials(restarts) {
  return {
    count: restarts.length,
    failed: spread(restarts.map((f) => f.failed)),
    disruptedSeconds: spread(restarts.map((f) => f.disruptedSeconds)),
    killed: spread(restarts.map((f) => f.killed.length)),
    withFailures: restarts.filter((f) => f.failed > 0).length,
    withKills: restarts.filter((f) => f.killed.length > 0).length
  };
}
function describeSpread(value, count) {
  if (count <= 1) return String(value.median);
  return `median ${value.median} (${value.min === value.max ? `all ${value.min}` : `${value.min}\u2013${value.max}`}) over ${count} trials`;
}
function judgeSmoke(figures, failOn, tolerance) {
  const restarts = figures.filter((f) => f.name === "restart");
  const base = figures.find((f) => f.name === "update");
  const baseline = figures.find((f) => f.name === "baseline");
  const findings = [];
  const holds = /* @__PURE__ */ new Set();
  for (const f of figures) {
    if (f.outcome === "complete") continue;
    const what = f.name === "baseline" ? "The base's own restart (the noise-floor measurement)" : f.name === "update" ? "The rollout to the head" : "The restart of the head";
    findings.push(`${what} ${f.outcome === "stalled" ? "stalled" : "did not finish in time"}${f.stall ? `: ${f.stall}` : ""}.`);
    if (f.name === "baseline") continue;
    holds.add("stalled");
    holds.add("regression");
  }
  const noiseFloor = baseline && baseline.outcome === "complete" ? baseline.failed : void 0;
  const allowance = Math.max(tolerance, noiseFloor ?? 0);
  const allowanceText = noiseFloor !== void 0 ? `allowance ${allowance}: the larger of the tolerance ${tolerance} and the noise floor ${noiseFloor}` : `tolerance ${tolerance}`;
  const baseFailed = base?.failed ?? 0;
  const baseKilled = base?.killed.length ?? 0;
  const trials = restarts.length > 0 ? summariseTrials(restarts) : void 0;
  if (trials) {
    const majority = (n) => n * 2 > trials.count;
    const headFailed = trials.failed.median;
    const cost = `The head's pods terminating cost ${plural(headFailed, "failed request")}${trials.count > 1 ? ` (median; ${trials.failed.min}\u2013${trials.failed.max} over ${trials.count} trials)` : ""}`;
    if (headFailed > baseFailed + allowance) {
      holds.add("regression");
      findings.push(base ? `${cost}, the base's ${baseFailed} (${allowanceText}): the change makes rollouts worse.` : `The new workload's rollout failed ${plural(headFailed, "request")}${trials.count > 1 ? ` (median over ${trials.count} trials)` : ""} (${allowanceText}).`);
    } else if (base && baseFailed > headFailed) {
      findings.push(`${cost}, the base's ${baseFailed}: the change makes rollouts better.`);
    } else if (base) {
      findings.push(`${cost}, the base's ${baseFailed} (${allowanceText}): no worse.`);
    }
    if (majority(trials.withFailures)) holds.add("failures");
    else if (trials.withFailures > 0) findings.push(`Requests failed in ${trials.withFailures} of ${trials.count} trials of the head's restart \u2014 not a majority, so \`failures\` does not hold.`);
    if (trials.withKills > 0) {
      const worst = restarts.reduce((a, b) => b.killed.length > a.killed.length ? b : a);
      const killed = worst.killed;
      if (majority(trials.withKills)) {
        holds.add("killed");
        if (trials.killed.median > baseKilled) holds.add("regression");
      }
      const inTrials = trials.count > 1 ? ` in ${trials.withKills} of ${trials.count} trials` : "";
      findings.push(`${plural(killed.length, "head pod")} did not exit within the grace period and ${killed.length === 1 ? "was" : "were"} SIGKILLed (exit 137)${inTrials}: ${killed.join(", ")}.`);
    }
  }
  if (base && baseKilled > 0) findings.push(`${plural(baseKilled, "base pod")} ${baseKilled === 1 ? "was" : "were"} SIGKILLed at the grace deadline (exit 137): ${base.killed.join(", ")}.`);
  return { failing: failOn.filter((condition) => holds.has(condition)), findings, ...noiseFloor !== void 0 ? { noiseFloor } : {}, allowance, ...trials ? { trials } : {} };
}
function causeSentences(figures) {
  return figures.filter((f) => f.failed > 0).map((f) => {
    const parts = failureCauses.filter((cause) => (f.byCause[cause] ?? 0) > 0).map((cause) => `${f.byCause[cause]} ${causeLabels[cause]} (fix: ${causeFixes[cause]})`);
    return `Why requests failed in the ${f.label}: ${parts.join("; ")}.`;
  });
}
function measurementSentences(result) {
  const out = [];
  if (result.noiseFloor !== void 0) {
    const allowance = result.allowance !== void 0 ? `; the head may fail ${result.allowance} more than the base (the larger of the tolerance and this floor)` : "";
    out.push(`Noise floor: ${plural(result.noiseFloor, "failed request")} when the base was restarted as it is, before the head was applied${allowance}.`);
  } else if (result.newWorkload) out.push("Noise floor: not measured (a new workload has no base to restart).");
  const trials = result.trials;
  if (trials && trials.count > 1) {
    out.push(
      `${trials.count} trials of the head's restart: failed requests ${describeSpread(trials.failed, trials.count)}; disrupted seconds ${describeSpread(trials.disruptedSeconds, trials.count)}; SIGKILLed pods ${describeSpread(trials.killed, trials.count)}. Failures in ${trials.withFailures} of ${trials.count}, kills in ${trials.withKills} of ${trials.count} (they fail the gate only in a majority).`
    );
  }
  return out;
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
  openAtStop,
  openAtSignal,
  describeOpenAtSignal,
  judgeDrill,
  timelineEvents,
  trafficSpans,
  failureCauses,
  causeFixes,
  causeLabels,
  smokeFailOnValues,
  rolloutLabels,
  killedAtDeadline,
  sampleTime,
  proxySyncMs,
  failureCause,
  rolloutFigures,
  spread,
  summariseTrials,
  describeSpread,
  judgeSmoke,
  causeSentences,
  measurementSentences,
  failuresPerSecond,
  parseSmokeFailOn
};
