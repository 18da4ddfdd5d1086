// Fixed-rate traffic at a container on loopback, in two modes — a new connection per request and
// a kept-alive connection — plus long requests back to back on connections of their own, so that
// some are in flight whenever the stop comes. Every request has a timeout and every loop a hard
// cap, so a hung app cannot hang the drill.
import { Agent, request } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import type { FailureKind, RequestMode, RequestSample } from '../measure/drill.js';

export interface ProbeTarget {
  protocol: 'http' | 'https' | 'tcp';
  port: number;
  path: string;
  headers?: Record<string, string>;
  /** Where to send it; the drill's loopback when absent. */
  host?: string;
  /** A text every good answer's body contains; answers without it fail as wrong-body. */
  expectBody?: string;
}

/** Only loopback: the drill's containers share the host's network, and traffic must stay on it. */
export const drillHost = '127.0.0.1';

export function classifyError(error: NodeJS.ErrnoException): FailureKind {
  if (error.code === 'ECONNREFUSED') return 'refused';
  if (error.code === 'ECONNRESET' || error.code === 'EPIPE' || /socket hang up/.test(error.message)) return 'reset';
  if (error.code === 'ETIMEDOUT' || error.name === 'TimeoutError') return 'timeout';
  return 'other';
}

type Clock = () => number;

/**
 * One request; resolves with its sample, never rejects. `connectTimeoutMs` bounds the TCP connect
 * on its own: a long request's timeout must not let a SYN that nothing answers hang for as long.
 */
export function sendRequest(target: ProbeTarget, mode: RequestMode, clock: Clock, timeoutMs: number, agent?: Agent, path = target.path, connectTimeoutMs = timeoutMs): Promise<RequestSample> {
  const sentMs = clock();
  const done = (ok: boolean, extra: Partial<RequestSample>): RequestSample => ({ mode, sentMs, doneMs: clock(), ok, ...extra });
  if (target.protocol === 'tcp') {
    return new Promise((resolve) => {
      const socket = connect({ host: target.host ?? drillHost, port: target.port });
      const finish = (sample: RequestSample) => {
        socket.destroy();
        resolve(sample);
      };
      socket.setTimeout(timeoutMs, () => finish(done(false, { failure: 'timeout' })));
      socket.once('connect', () => finish(done(true, {})));
      socket.once('error', (error) => finish(done(false, { failure: classifyError(error) })));
    });
  }
  const send = target.protocol === 'https' ? httpsRequest : request;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (sample: RequestSample) => {
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
        method: 'GET',
        headers: { 'User-Agent': 'termination-guard', ...(target.headers ?? {}) },
        ...(agent ? { agent } : {}),
        // Probes, like the kubelet's, do not verify the serving certificate.
        ...(target.protocol === 'https' ? { rejectUnauthorized: false } : {}),
      },
      (res) => {
        const expect = target.expectBody;
        let body = '';
        if (expect === undefined) res.resume();
        else {
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            if (body.length < 65_536) body += chunk;
          });
        }
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status >= 500) finish(done(false, { status, failure: 'http-5xx' }));
          else if (expect !== undefined && !body.includes(expect)) finish(done(false, { status, failure: 'wrong-body' }));
          else finish(done(true, { status }));
        });
        res.on('error', (error) => finish(done(false, { failure: classifyError(error) })));
      },
    );
    const timer = setTimeout(() => {
      finish(done(false, { failure: 'timeout' }));
      req.destroy();
    }, timeoutMs);
    if (connectTimeoutMs < timeoutMs) {
      req.once('socket', (socket) => {
        if (!socket.connecting) return;
        const connectTimer = setTimeout(() => {
          finish(done(false, { failure: 'timeout' }));
          req.destroy();
        }, connectTimeoutMs);
        socket.once('connect', () => clearTimeout(connectTimer));
        socket.once('close', () => clearTimeout(connectTimer));
      });
    }
    req.on('error', (error) => finish(done(false, { failure: classifyError(error) })));
    req.end();
  });
}

export interface ProberOptions {
  /** Requests per second, in each mode. */
  rate: number;
  timeoutMs: number;
  /** Hard cap on the prober's run time, whatever happens to stop(). */
  maxMs: number;
  clock: Clock;
  /** Timeout of the long requests of streamSlow. */
  slowTimeoutMs?: number;
  /** Called with each sample as it completes (the smoke test's prober streams them). */
  onSample?: (sample: RequestSample) => void;
}

export class Prober {
  private readonly samples: Promise<RequestSample>[] = [];
  private timers: NodeJS.Timeout[] = [];
  private readonly agents: Agent[] = [];
  private stopped = false;
  private streaming = true;
  private answered!: () => void;
  /** Resolves at the first good answer of the steady probes (the address is programmed and serving). */
  private readonly firstGood = new Promise<void>((resolve) => {
    this.answered = resolve;
  });

  constructor(
    private readonly target: ProbeTarget,
    private readonly options: ProberOptions,
  ) {}

  start(): void {
    const { rate, maxMs } = this.options;
    const limit = Math.ceil(rate * (maxMs / 1000));
    const modes: { mode: RequestMode; agent?: Agent }[] =
      this.target.protocol === 'tcp'
        ? [{ mode: 'new-connection' }]
        : [
            { mode: 'new-connection', agent: this.agent(false) },
            { mode: 'keep-alive', agent: this.agent(true) },
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
      }, 1000 / rate);
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
  streamSlow(path: string, connections: number): void {
    if (this.target.protocol === 'tcp' || connections < 1) return;
    const agent = this.agent(true, connections);
    const limit = Math.ceil(this.options.maxMs / 100);
    const interval = 1000 / this.options.rate;
    for (let c = 0; c < connections; c++) {
      const loop = async () => {
        await this.firstGood;
        if (c > 0) await new Promise((resolve) => setTimeout(resolve, c * interval));
        for (let i = 0; i < limit && !this.stopped && this.streaming; i++) {
          const pending = sendRequest(this.target, 'in-flight', this.options.clock, this.options.slowTimeoutMs ?? 30_000, agent, path, this.options.timeoutMs);
          this.samples.push(pending);
          const sample = await pending;
          this.options.onSample?.(sample);
          // A failed request is not retried at once: a dead address must not turn into a busy loop.
          if (!sample.ok) await new Promise((resolve) => setTimeout(resolve, interval));
        }
      };
      void loop();
    }
  }

  /** The slow streams send nothing more (the requests open now still run to their end). */
  endStreams(): void {
    this.streaming = false;
  }

  private agent(keepAlive: boolean, sockets = 2): Agent {
    const maxSockets = keepAlive ? sockets : Infinity;
    const agent = this.target.protocol === 'https' ? new HttpsAgent({ keepAlive, maxSockets }) : new Agent({ keepAlive, maxSockets });
    this.agents.push(agent);
    return agent;
  }

  private halt(): void {
    this.stopped = true;
    this.answered(); // loops still waiting for a first answer see `stopped` and end
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
  }

  /** Stops sending and waits for the requests still open (each is bounded by its timeout). */
  async stop(): Promise<RequestSample[]> {
    this.halt();
    const samples = await Promise.all(this.samples);
    for (const agent of this.agents) agent.destroy();
    return samples;
  }
}
