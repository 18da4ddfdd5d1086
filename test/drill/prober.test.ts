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
