import { createServer, ServerResponse, type OutgoingHttpHeaders, type RequestListener, type Server } from 'node:http';
import { capConnectionsPerClient } from './client-connection-cap.js';

export interface HttpServer {
  server: Server;
  port: number;
  /** The URL of the address actually bound, `http://[::]:3000` when every interface. */
  url: string;
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

/** How long one client may take and how many connections it may hold (gateway traffic: small bodies, fast). */
export interface TrafficLimits {
  /** The whole request, headers and body, must arrive within this; otherwise 408 and the socket closes. */
  requestTimeoutMs: number;
  /** Open connections per client address; 0: no cap. */
  maxConnectionsPerClient: number;
}

/** Node's defaults would let a slow body hold a socket for five minutes. */
const DEFAULT_LIMITS: TrafficLimits = { requestTimeoutMs: 10_000, maxConnectionsPerClient: 0 };

/** An HTTP server that counts requests in flight so that shutdown can drain it. */
export async function listen(app: RequestListener, port: number, host?: string, limits: TrafficLimits = DEFAULT_LIMITS): Promise<HttpServer> {
  const state = { draining: false, inFlight: 0 };
  /**
   * Once draining, every response says `Connection: close`, those already in flight included.
   * Decided as the headers go out rather than by keeping a set of open responses: a set that
   * churns a young object per request keeps them alive through every young-generation GC under
   * load, which then pauses longer and more often.
   */
  class Response extends ServerResponse {
    override writeHead(statusCode: number, ...rest: unknown[]): this {
      if (state.draining) this.setHeader('connection', 'close');
      return super.writeHead(statusCode, ...(rest as [string | undefined, OutgoingHttpHeaders | undefined]));
    }
  }
  const server = createServer({
    ServerResponse: Response,
    requestTimeout: limits.requestTimeoutMs,
    headersTimeout: limits.requestTimeoutMs,
    // Node checks the two timeouts above on this interval (30 s by default, which would stretch them).
    connectionsCheckingInterval: Math.max(50, Math.min(1000, limits.requestTimeoutMs / 4)),
    // Longer than the idle timeouts of common load balancers (60 s), so they close first.
    keepAliveTimeout: 65_000,
  });
  const closed = () => {
    state.inFlight--;
    if (state.draining) server.closeIdleConnections();
  };
  // Registered before the app so every response is counted before the app can answer it.
  server.on('request', (_req, res: ServerResponse) => {
    state.inFlight++;
    res.once('close', closed);
  });
  server.on('request', capConnectionsPerClient(server, limits.maxConnectionsPerClient, app));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const bound = typeof address === 'object' && address ? address : { address: host ?? '::', family: 'IPv6', port };
  return {
    server,
    port: bound.port,
    url: `http://${bound.family === 'IPv6' ? `[${bound.address}]` : bound.address}:${bound.port}`,
    inFlight: () => state.inFlight,
    drain() {
      state.draining = true;
      const gone = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      return gone;
    },
    destroy: () => server.closeAllConnections(),
  };
}
