import type { RequestListener, Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * At most `max` open connections per client address (0: no cap). A connection over the cap gets
 * one 429 with `Connection: close` to its first request and never reaches `app`: one address
 * cannot hold every socket the service has. Counted per TCP peer, so behind a load balancer the
 * cap applies to the balancer (docs/operations.md says how to size it).
 */
export function capConnectionsPerClient(server: Server, max: number, app: RequestListener): RequestListener {
  if (max <= 0) return app;
  const open = new Map<string, number>();
  const over = new WeakSet<Socket>();
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? '';
    const count = (open.get(address) ?? 0) + 1;
    open.set(address, count);
    if (count > max) over.add(socket);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left === 0) open.delete(address);
      else open.set(address, left);
    });
  });
  return (req, res) => {
    if (!over.has(req.socket)) return app(req, res);
    const body = JSON.stringify({ type: 'about:blank', title: 'Too Many Requests', status: 429, detail: `more than ${max} connections from one address` });
    res.writeHead(429, { 'content-type': 'application/problem+json', 'content-length': Buffer.byteLength(body), connection: 'close' }).end(body);
  };
}
