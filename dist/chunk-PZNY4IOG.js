import { createRequire as __tgCreateRequire } from 'node:module';
const require = __tgCreateRequire(import.meta.url);

// src/drill/prober.ts
import { Agent, request } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { connect } from "node:net";
var drillHost = "127.0.0.1";
function classifyError(error) {
  if (error.code === "ECONNREFUSED") return "refused";
  if (error.code === "ECONNRESET" || error.code === "EPIPE" || /socket hang up/.test(error.message)) return "reset";
  if (error.code === "ETIMEDOUT" || error.name === "TimeoutError") return "timeout";
  return "other";
}
function sendRequest(target, mode, clock, timeoutMs, agent, path = target.path, connectTimeoutMs = timeoutMs) {
  const sentMs = clock();
  const done = (ok, extra) => ({ mode, sentMs, doneMs: clock(), ok, ...extra });
  if (target.protocol === "tcp") {
    return new Promise((resolve) => {
      const socket = connect({ host: target.host ?? drillHost, port: target.port });
      const finish = (sample) => {
        socket.destroy();
        resolve(sample);
      };
      socket.setTimeout(timeoutMs, () => finish(done(false, { failure: "timeout" })));
      socket.once("connect", () => finish(done(true, {})));
      socket.once("error", (error) => finish(done(false, { failure: classifyError(error) })));
    });
  }
  const send = target.protocol === "https" ? httpsRequest : request;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (sample) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(sample);
    };
    const req = send(
      {
        host: target.host ?? drillHost,
        port: target.port,
        path,
        method: "GET",
        headers: { "User-Agent": "termination-guard", ...target.headers ?? {} },
        ...agent ? { agent } : {},
        // Probes, like the kubelet's, do not verify the serving certificate.
        ...target.protocol === "https" ? { rejectUnauthorized: false } : {}
      },
      (res) => {
        const expect = target.expectBody;
        let body = "";
        if (expect === void 0) res.resume();
        else {
          res.setEncoding("utf8");
          res.on("data", (chunk) => {
            if (body.length < 65536) body += chunk;
          });
        }
        res.on("end", () => {
          const status = res.statusCode ?? 0;
          if (status >= 500) finish(done(false, { status, failure: "http-5xx" }));
          else if (expect !== void 0 && !body.includes(expect)) finish(done(false, { status, failure: "wrong-body" }));
          else finish(done(true, { status }));
        });
        res.on("error", (error) => finish(done(false, { failure: classifyError(error) })));
      }
    );
    const timer = setTimeout(() => {
      finish(done(false, { failure: "timeout" }));
      req.destroy();
    }, timeoutMs);
    if (connectTimeoutMs < timeoutMs) {
      req.once("socket", (socket) => {
        if (!socket.connecting) return;
        const connectTimer = setTimeout(() => {
          finish(done(false, { failure: "timeout" }));
          req.destroy();
        }, connectTimeoutMs);
        socket.once("connect", () => clearTimeout(connectTimer));
        socket.once("close", () => clearTimeout(connectTimer));
      });
    }
    req.on("error", (error) => finish(done(false, { failure: classifyError(error) })));
    req.end();
  });
}
var Prober = class {
  constructor(target, options) {
    this.target = target;
    this.options = options;
  }
  target;
  options;
  samples = [];
  timers = [];
  agents = [];
  stopped = false;
  streaming = true;
  answered;
  /** Resolves at the first good answer of the steady probes (the address is programmed and serving). */
  firstGood = new Promise((resolve) => {
    this.answered = resolve;
  });
  start() {
    const { rate, maxMs } = this.options;
    const limit = Math.ceil(rate * (maxMs / 1e3));
    const modes = this.target.protocol === "tcp" ? [{ mode: "new-connection" }] : [
      { mode: "new-connection", agent: this.agent(false) },
      { mode: "keep-alive", agent: this.agent(true) }
    ];
    for (const { mode, agent } of modes) {
      let sent = 0;
      const timer = setInterval(() => {
        if (this.stopped || sent >= limit) return;
        sent++;
        const sample = sendRequest(this.target, mode, this.options.clock, this.options.timeoutMs, agent);
        const { onSample } = this.options;
        void sample.then((done) => {
          if (done.ok) this.answered();
          onSample?.(done);
        });
        this.samples.push(sample);
      }, 1e3 / rate);
      this.timers.push(timer);
    }
    this.timers.push(setTimeout(() => this.halt(), maxMs));
  }
  /**
   * Long requests back to back on `connections` kept-alive connections, until the prober stops or
   * endStreams is called: whenever a pod goes away or the stop signal comes, one of them is
   * in flight (a pod that drains finishes it, one that is killed or exits at once drops it).
   * Each loop has a connection of its own, and the loops start a steady-probe interval apart, so
   * the instant between two requests of one loop is never the same instant for all of them.
   *
   * The loops start at the steady probes' first good answer. Before it, a Service's address may
   * not be programmed yet: a SYN sent then is tracked un-translated, its retries follow the same
   * conntrack entry, and the connection would hang past the rollout it was meant to watch. Each
   * connect is bounded by the steady probes' timeout for the same reason.
   */
  streamSlow(path, connections) {
    if (this.target.protocol === "tcp" || connections < 1) return;
    const agent = this.agent(true, connections);
    const limit = Math.ceil(this.options.maxMs / 100);
    const interval = 1e3 / this.options.rate;
    for (let c = 0; c < connections; c++) {
      const loop = async () => {
        await this.firstGood;
        if (c > 0) await new Promise((resolve) => setTimeout(resolve, c * interval));
        for (let i = 0; i < limit && !this.stopped && this.streaming; i++) {
          const pending = sendRequest(this.target, "in-flight", this.options.clock, this.options.slowTimeoutMs ?? 3e4, agent, path, this.options.timeoutMs);
          this.samples.push(pending);
          const sample = await pending;
          this.options.onSample?.(sample);
          if (!sample.ok) await new Promise((resolve) => setTimeout(resolve, interval));
        }
      };
      void loop();
    }
  }
  /** The slow streams send nothing more (the requests open now still run to their end). */
  endStreams() {
    this.streaming = false;
  }
  agent(keepAlive, sockets = 2) {
    const maxSockets = keepAlive ? sockets : Infinity;
    const agent = this.target.protocol === "https" ? new HttpsAgent({ keepAlive, maxSockets }) : new Agent({ keepAlive, maxSockets });
    this.agents.push(agent);
    return agent;
  }
  halt() {
    this.stopped = true;
    this.answered();
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
  }
  /** Stops sending and waits for the requests still open (each is bounded by its timeout). */
  async stop() {
    this.halt();
    const samples = await Promise.all(this.samples);
    for (const agent of this.agents) agent.destroy();
    return samples;
  }
};

export {
  sendRequest,
  Prober
};
