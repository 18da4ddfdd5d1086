import { createRequire as __tgCreateRequire } from 'node:module';
const require = __tgCreateRequire(import.meta.url);
import {
  Prober
} from "./chunk-PZNY4IOG.js";

// src/smoke/prober.ts
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath, pathToFileURL } from "node:url";
async function runProbeProcess(spec, input, output) {
  const prober = new Prober(spec.target, {
    rate: spec.rate,
    timeoutMs: spec.timeoutMs,
    maxMs: spec.maxMs,
    clock: Date.now,
    slowTimeoutMs: 3e4,
    onSample: (sample) => output.write(`${JSON.stringify(sample)}
`)
  });
  output.write(`${JSON.stringify({ started: Date.now() })}
`);
  prober.start();
  if (spec.slowPath) prober.streamSlow(spec.slowPath, 2);
  await new Promise((resolve) => {
    const timer = setTimeout(resolve, spec.maxMs);
    const finish = () => {
      clearTimeout(timer);
      resolve();
    };
    input.once("end", finish);
    input.once("close", finish);
    process.once("SIGTERM", finish);
    input.resume();
  });
  await prober.stop();
}
function proberCommand(moduleUrl) {
  const dir = dirname(fileURLToPath(moduleUrl));
  const bundled = join(dir, "cli.js");
  if (existsSync(bundled)) return [process.execPath, bundled];
  return [process.execPath, "--import", pathToFileURL(join(dir, "..", "node_modules", "tsx", "dist", "loader.mjs")).href, join(dir, "cli.ts")];
}
function netnsPath(netns) {
  return /^\d+$/.test(netns) ? `/proc/${netns}/ns/net` : netns;
}
function startProber(spec, launch) {
  const argv = [...launch.command, "probe", JSON.stringify(spec)];
  const sudo = launch.netns && process.getuid?.() !== 0 ? ["sudo", "-n"] : [];
  const full = launch.netns ? [...sudo, "nsenter", `--net=${netnsPath(launch.netns)}`, "--", ...argv] : argv;
  const child = spawn(full[0], full.slice(1), { stdio: ["pipe", "pipe", "pipe"] });
  const samples = [];
  let stderr = "";
  let answered;
  let hasAnswer = false;
  child.stderr?.on("data", (chunk) => {
    if (stderr.length < 8192) stderr += chunk.toString();
  });
  const exited = new Promise((resolve) => {
    child.once("exit", (code) => resolve(code));
    child.once("error", (error) => {
      stderr += `${error.message}
`;
      resolve(-1);
    });
  });
  createInterface({ input: child.stdout }).on("line", (line) => {
    let parsed;
    try {
      parsed = JSON.parse(line);
    } catch {
      return;
    }
    const sample = parsed;
    if (typeof sample.sentMs !== "number") return;
    samples.push(sample);
    if (sample.ok && !hasAnswer) {
      hasAnswer = true;
      answered?.();
    }
  });
  return {
    samples,
    ...child.pid !== void 0 ? { pid: child.pid } : {},
    firstAnswer(withinMs) {
      if (hasAnswer) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          const last = samples[samples.length - 1];
          const why = last ? `the last request failed: ${last.failure ?? last.status}` : stderr.trim() ? stderr.trim().split("\n").slice(-3).join(" ") : "no request completed";
          reject(new Error(`no good answer from ${spec.target.host}:${spec.target.port} within ${Math.round(withinMs / 1e3)} s (${why})`));
        }, withinMs);
        answered = () => {
          clearTimeout(timer);
          resolve();
        };
        void exited.then((code) => {
          if (hasAnswer) return;
          clearTimeout(timer);
          reject(new Error(`the prober exited (${code}) before a good answer: ${stderr.trim().split("\n").slice(-3).join(" ") || "no output"}`));
        });
      });
    },
    async stop() {
      child.stdin?.end();
      const grace = spec.timeoutMs + 3e3;
      const timer = setTimeout(() => {
        if (child.pid !== void 0 && child.exitCode === null) process.kill(child.pid, "SIGKILL");
      }, grace);
      await exited;
      clearTimeout(timer);
      return samples;
    }
  };
}

export {
  runProbeProcess,
  proberCommand,
  netnsPath,
  startProber
};
