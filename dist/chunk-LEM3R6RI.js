import { createRequire as __tgCreateRequire } from 'node:module';
const require = __tgCreateRequire(import.meta.url);
import {
  openAtSignal
} from "./chunk-4T5WEU3T.js";

// src/measure/grace.ts
var graceBufferSeconds = 5;
var tenths = (ms) => Math.round(ms / 100) / 10;
var plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
function graceSizing(result) {
  const observation = result.observation;
  if (result.status !== "measured" || !observation?.signal) return void 0;
  const { signal, preStop, exit } = observation;
  const preStopSeconds = preStop ? tenths(preStop.endMs - preStop.startMs) : 0;
  const open = openAtSignal(observation);
  const inFlight = open.open;
  const current = result.gracePeriodSeconds;
  const requests = `with ${plural(inFlight, "request")} in flight`;
  if (observation.sigkillAtMs !== void 0 || !exit) {
    const runningSeconds = tenths((observation.sigkillAtMs ?? observation.deadlineMs) - signal.atMs);
    return {
      preStopSeconds,
      exitSeconds: runningSeconds,
      exited: false,
      signal: signal.name,
      inFlight,
      bufferSeconds: graceBufferSeconds,
      currentSeconds: current,
      tooShort: false,
      text: `measured: still running ${runningSeconds} s after ${signal.name} ${requests}, SIGKILLed at the end of the ${current} s grace period \u2014 no period can be sized until the app exits on ${signal.name}`
    };
  }
  const exitSeconds = tenths(exit.atMs - signal.atMs);
  const recommended = Math.ceil(preStopSeconds + exitSeconds + graceBufferSeconds - 1e-9);
  const tooShort = current < recommended;
  return {
    preStopSeconds,
    exitSeconds,
    exited: true,
    signal: signal.name,
    inFlight,
    bufferSeconds: graceBufferSeconds,
    recommendedSeconds: recommended,
    currentSeconds: current,
    tooShort,
    // Exiting fast by breaking off the open requests is not a shutdown time to size a period by.
    text: `measured: exits ${exitSeconds} s after ${signal.name} ${requests}; preStop ${preStopSeconds} s + ${exitSeconds} s + ${graceBufferSeconds} s buffer = ${recommended} s; terminationGracePeriodSeconds is ${current}${tooShort ? "" : " (enough)"}${open.brokenOff > 0 ? ` \u2014 but it broke ${plural(open.brokenOff, "request")} off instead of finishing ${open.brokenOff === 1 ? "it" : "them"}: the exit time is not what draining takes` : ""}`
  };
}
var graceRuleId = "pod/grace-period-measured";
var graceDocsUrl = "https://github.com/termination-guard/termination-guard/blob/main/README.md#measured-grace-period";
function graceFinding(result, plan) {
  const sizing = graceSizing(result);
  if (!sizing?.tooShort || sizing.recommendedSeconds === void 0 || !plan?.graceField) return void 0;
  const { path, location } = plan.graceField;
  const { kind, namespace, name } = result.object;
  const what = `${kind} ${namespace ? `${namespace}/` : ""}${name}, container ${result.container}`;
  const detail = `The grace period is shorter than the drill measured it needs \u2014 ${sizing.text}.`;
  return {
    ruleId: graceRuleId,
    severity: "warning",
    layer: "pod",
    message: `${what}: ${detail}`,
    detail,
    object: result.object,
    container: result.container,
    file: location.file,
    line: location.line,
    endLine: location.exact ? location.endLine : location.line,
    remediation: `Set terminationGracePeriodSeconds to at least ${sizing.recommendedSeconds} (the preStop hook, the measured shutdown and a ${graceBufferSeconds} s buffer).`,
    docsUrl: graceDocsUrl,
    fix: { summary: `terminationGracePeriodSeconds: ${sizing.recommendedSeconds} (measured)`, edits: [{ path, value: sizing.recommendedSeconds, location }] },
    evidence: {
      preStopSeconds: String(sizing.preStopSeconds),
      exitSeconds: String(sizing.exitSeconds),
      inFlight: String(sizing.inFlight),
      bufferSeconds: String(sizing.bufferSeconds),
      recommendedSeconds: String(sizing.recommendedSeconds),
      currentSeconds: String(sizing.currentSeconds)
    },
    ...result.render ? { render: result.render, renders: [result.render] } : {}
  };
}
function graceFindings(results, plans) {
  const key = (r) => `${r.object.kind}/${r.object.namespace ?? ""}/${r.object.name}/${r.container}/${r.render ?? ""}`;
  const byKey = new Map(plans.map((p) => [key(p), p]));
  return results.flatMap((r) => graceFinding(r, byKey.get(key(r))) ?? []);
}

export {
  graceBufferSeconds,
  graceSizing,
  graceRuleId,
  graceDocsUrl,
  graceFindings
};
