// The prober's own guarantees, on loopback servers this test starts: a connect that nothing
// answers is bounded by the connect timeout, not by a long request's timeout, and the in-flight
// stream waits for the steady probes' first good answer.
import { createServer, type Server } from 'node:http';
import { spawn } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Prober, sendRequest } from '../../src/drill/prober.js';

const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen({ port: 0, host: '127.0.0.1' }, () => resolve((server.address() as { port: number }).port)));
}

describe('the prober', () => {
  it('fails a request whose connect is never answered at the connect timeout, not the request timeout', async () => {
    // A listener that never accepts, with its accept queue filled: the kernel drops further SYNs,
    // as it does for a Service address that no rule translates yet.
    const listener = spawn('python3', ['-c', 'import socket,sys,time\ns=socket.socket()\ns.bind(("127.0.0.1",0))\ns.listen(0)\nprint(s.getsockname()[1],flush=True)\ntime.sleep(30)'], { stdio: ['ignore', 'pipe', 'inherit'] });
    closers.push(() => listener.kill('SIGKILL'));
    const port = Number(await new Promise<string>((resolve) => listener.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString()))));
    const fillers: Socket[] = [];
    closers.push(() => {
      for (const socket of fillers) socket.destroy();
    });
    for (let i = 0; i < 4; i++) fillers.push(connect({ host: '127.0.0.1', port }).on('error', () => undefined));
    await new Promise((resolve) => setTimeout(resolve, 300));

    const started = Date.now();
    const sample = await sendRequest({ protocol: 'http', host: '127.0.0.1', port, path: '/slow' }, 'in-flight', Date.now, 20_000, undefined, '/slow', 400);
    expect(sample.ok).toBe(false);
    expect(Date.now() - started).toBeLessThan(5_000);
  }, 15_000);

  it('starts the in-flight stream only after the first good answer of the steady probes', async () => {
    const readyAt = Date.now() + 600;
    const slowArrivals: number[] = [];
    let firstGood: number | undefined;
    const server = createServer((req, res) => {
      if (req.url?.startsWith('/slow')) {
        slowArrivals.push(Date.now());
        setTimeout(() => res.end('ok slow\n'), 100);
        return;
      }
      if (Date.now() < readyAt) {
        res.statusCode = 503;
        res.end('not yet\n');
        return;
      }
      firstGood ??= Date.now();
      res.end('ok\n');
    });
    const port = await listen(server);
    closers.push(() => server.close());
    const prober = new Prober({ protocol: 'http', host: '127.0.0.1', port, path: '/' }, { rate: 20, timeoutMs: 500, maxMs: 1_500, clock: Date.now });
    prober.start();
    prober.streamSlow('/slow', 2);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const samples = await prober.stop();
    server.closeAllConnections();
    expect(firstGood).toBeDefined();
    expect(slowArrivals.length).toBeGreaterThan(0);
    expect(Math.min(...slowArrivals)).toBeGreaterThanOrEqual(firstGood!);
    expect(samples.filter((s) => s.mode === 'in-flight').every((s) => s.ok)).toBe(true);
  }, 15_000);

  it('runs each slow stream on a connection of its own, a probe interval apart, until endStreams', async () => {
    const slow: { port: number; at: number }[] = [];
    const server = createServer((req, res) => {
      if (req.url?.startsWith('/slow')) {
        slow.push({ port: req.socket.remotePort!, at: Date.now() });
        setTimeout(() => res.end('ok slow\n'), 300);
        return;
      }
      res.end('ok\n');
    });
    const port = await listen(server);
    closers.push(() => server.close());
    const prober = new Prober({ protocol: 'http', host: '127.0.0.1', port, path: '/' }, { rate: 10, timeoutMs: 500, maxMs: 3_000, clock: Date.now });
    prober.start();
    prober.streamSlow('/slow', 3);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    prober.endStreams();
    const ended = slow.length;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(slow.length).toBe(ended);
    const samples = await prober.stop();
    server.closeAllConnections();
    // Three connections, reused back to back; never a request queued behind another's socket.
    expect(new Set(slow.map((s) => s.port)).size).toBe(3);
    expect(slow.length).toBeGreaterThanOrEqual(6);
    const firsts = [...new Map(slow.map((s) => [s.port, s.at] as const).reverse()).values()].sort((a, b) => a - b);
    expect(firsts[1] - firsts[0]).toBeGreaterThanOrEqual(80);
    expect(firsts[2] - firsts[1]).toBeGreaterThanOrEqual(80);
    const inFlight = samples.filter((s) => s.mode === 'in-flight');
    expect(inFlight.every((s) => s.ok && s.doneMs - s.sentMs < 450)).toBe(true);
  }, 15_000);

  it('ends a stream that never saw a good answer when it stops', async () => {
    const server = createServer((_req, res) => {
      res.statusCode = 503;
      res.end();
    });
    const port = await listen(server);
    closers.push(() => server.close());
    const prober = new Prober({ protocol: 'http', host: '127.0.0.1', port, path: '/' }, { rate: 10, timeoutMs: 500, maxMs: 600, clock: Date.now });
    prober.start();
    prober.streamSlow('/slow', 2);
    const samples = await prober.stop();
    server.closeAllConnections();
    expect(samples.filter((s) => s.mode === 'in-flight')).toEqual([]);
  });
});
