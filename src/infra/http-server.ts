import { createServer, type RequestListener, type Server, type ServerResponse } from 'node:http';

export interface HttpServer {
  server: Server;
  port: number;
  /** Requests received and not yet answered. */
  inFlight(): number;
  /**
   * Stops accepting connections, answers every request already received (each with
   * `Connection: close`, including requests that still arrive on open keep-alive connections),
   * closes idle connections, and resolves once every connection is gone.
   */
  drain(): Promise<void>;
  /** Cuts every connection, answered or not: the end of the shutdown budget. */
  destroy(): void;
}

/** An HTTP server that tracks requests in flight so that shutdown can drain it. */
export async function listen(app: RequestListener, port: number, host?: string): Promise<HttpServer> {
  const server = createServer();
  // Longer than the idle timeouts of common load balancers (60 s), so they close first.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const active = new Set<ServerResponse>();
  let draining = false;
  // Registered before the app so every response is tracked before the app can answer it.
  server.on('request', (_req, res: ServerResponse) => {
    active.add(res);
    if (draining) res.setHeader('connection', 'close');
    res.once('close', () => {
      active.delete(res);
      if (draining) server.closeIdleConnections();
    });
  });
  server.on('request', app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  return {
    server,
    port: typeof address === 'object' && address ? address.port : port,
    inFlight: () => active.size,
    drain() {
      draining = true;
      for (const res of active) if (!res.headersSent) res.setHeader('connection', 'close');
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      return closed;
    },
    destroy: () => server.closeAllConnections(),
  };
}
