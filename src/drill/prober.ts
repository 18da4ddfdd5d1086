// Fixed-rate traffic at a container on loopback, in two modes — a new connection per request and
// a kept-alive connection — plus a few long requests held in flight across the stop. Every
// request has a short timeout and every loop a hard cap, so a hung app cannot hang the drill.
import { Agent, request } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import type { FailureKind, RequestMode, RequestSample } from '../measure/drill.js';

export interface ProbeTarget {
  protocol: 'http' | 'https' | 'tcp';
  port: number;
  path: string;
  headers?: Record<string, string>;
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

/** One request; resolves with its sample, never rejects. */
export function sendRequest(target: ProbeTarget, mode: RequestMode, clock: Clock, timeoutMs: number, agent?: Agent, path = target.path): Promise<RequestSample> {
  const sentMs = clock();
  const done = (ok: boolean, extra: Partial<RequestSample>): RequestSample => ({ mode, sentMs, doneMs: clock(), ok, ...extra });
  if (target.protocol === 'tcp') {
    return new Promise((resolve) => {
      const socket = connect({ host: drillHost, port: target.port });
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
        host: drillHost,
        port: target.port,
        path,
        method: 'GET',
        headers: { 'User-Agent': 'termination-guard-drill', ...(target.headers ?? {}) },
        ...(agent ? { agent } : {}),
        // Probes, like the kubelet's, do not verify the serving certificate.
        ...(target.protocol === 'https' ? { rejectUnauthorized: false } : {}),
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          finish(status >= 500 ? done(false, { status, failure: 'http-5xx' }) : done(true, { status }));
        });
        res.on('error', (error) => finish(done(false, { failure: classifyError(error) })));
      },
    );
    const timer = setTimeout(() => {
      finish(done(false, { failure: 'timeout' }));
      req.destroy();
    }, timeoutMs);
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
}

export class Prober {
  private readonly samples: Promise<RequestSample>[] = [];
  private timers: NodeJS.Timeout[] = [];
  private readonly agents: Agent[] = [];
  private stopped = false;

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
        this.samples.push(sendRequest(this.target, mode, this.options.clock, this.options.timeoutMs, agent));
      }, 1000 / rate);
      this.timers.push(timer);
    }
    this.timers.push(setTimeout(() => this.halt(), maxMs));
  }

  /** Long requests that should be in flight when the stop signal comes. */
  holdInFlight(path: string, count: number, timeoutMs: number): void {
    if (this.target.protocol === 'tcp') return;
    const agent = this.agent(false);
    for (let i = 0; i < count; i++) this.samples.push(sendRequest(this.target, 'in-flight', this.options.clock, timeoutMs, agent, path));
  }

  private agent(keepAlive: boolean): Agent {
    const agent = this.target.protocol === 'https' ? new HttpsAgent({ keepAlive, maxSockets: keepAlive ? 2 : Infinity }) : new Agent({ keepAlive, maxSockets: keepAlive ? 2 : Infinity });
    this.agents.push(agent);
    return agent;
  }

  private halt(): void {
    this.stopped = true;
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
