// A forward proxy on loopback for the proxy tests: CONNECT tunnels (what undici's ProxyAgent and
// the tunnel agent send, for http and https targets alike) and absolute-form requests (a plain
// HTTP proxy). It resolves the names it is given to 127.0.0.1 itself, as a proxy resolves names
// its clients cannot, and only ever connects to loopback: any other target is refused, so a test
// that goes wrong cannot send traffic off the machine. It records what it carried and the local port
// of each upstream connection, so a server can tell which of its requests came through it.
import { createServer, request as httpRequest, type Server } from 'node:http';
import { connect, isIP, type Socket } from 'node:net';

export interface LoopbackProxy {
  /** http://127.0.0.1:port */
  url: string;
  /** `CONNECT host:port` targets, in order. */
  tunnels: string[];
  /** Absolute-form requests (`GET http://host:port/path`), in order. */
  forwarded: string[];
  /** Targets it refused (not on loopback). */
  refused: string[];
  /** Local ports of its upstream connections. */
  upstreamPorts: Set<number>;
  close(): Promise<void>;
}

/** The loopback address to connect to for `host`, or undefined when it is not on loopback. */
function loopbackAddress(host: string, names: readonly string[]): string | undefined {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || names.includes(bare)) return '127.0.0.1';
  if (isIP(bare) === 4) return bare.startsWith('127.') ? bare : undefined;
  return bare === '::1' ? bare : undefined;
}

function splitHostPort(authority: string): { host: string; port: number } {
  const match = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(authority);
  return match ? { host: match[1], port: Number(match[2]) } : { host: authority, port: 80 };
}

/** `names`: host names the proxy resolves to 127.0.0.1. */
export async function startLoopbackProxy(names: readonly string[] = []): Promise<LoopbackProxy> {
  const sockets = new Set<Socket>();
  const proxy: Omit<LoopbackProxy, 'url' | 'close'> = { tunnels: [], forwarded: [], refused: [], upstreamPorts: new Set() };
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };
  const server: Server = createServer((request, response) => {
    let target: URL;
    try {
      target = new URL(request.url ?? '');
    } catch {
      response.writeHead(400).end('absolute-form URL expected');
      return;
    }
    const address = target.protocol === 'http:' ? loopbackAddress(target.hostname, names) : undefined;
    if (!address) {
      proxy.refused.push(target.host);
      response.writeHead(403).end('this test proxy only reaches loopback');
      return;
    }
    proxy.forwarded.push(`${request.method} ${target.href}`);
    const upstream = httpRequest({ host: address, port: Number(target.port || 80), method: request.method, path: `${target.pathname}${target.search}`, headers: request.headers }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    upstream.on('socket', (socket) => {
      track(socket);
      socket.on('connect', () => proxy.upstreamPorts.add(socket.localPort as number));
    });
    upstream.on('error', () => response.destroy());
    request.pipe(upstream);
  });
  server.on('connection', track);
  server.on('connect', (request, client: Socket, head: Buffer) => {
    const authority = request.url ?? '';
    const { host, port } = splitHostPort(authority);
    const address = loopbackAddress(host, names);
    if (!address) {
      proxy.refused.push(authority);
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    proxy.tunnels.push(authority);
    const upstream = connect({ host: address, port }, () => {
      proxy.upstreamPorts.add(upstream.localPort as number);
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    track(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    ...proxy,
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
