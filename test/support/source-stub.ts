import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a stub source received. */
export interface StubRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface SourceStub {
  url: string;
  requests: StubRequest[];
  /** Answers `path` (exact, without the query) with `handler` instead of the default routes. */
  route(path: string, handler: (req: StubRequest, res: ServerResponse) => void): void;
  close(): Promise<void>;
}

/**
 * A real HTTP source on 127.0.0.1, port 0, with the misbehaviours a source can have:
 * `/v1/…` is the same as `/…`. `/accounts/<n>` (JSON with extra fields), `/prices` (JSON), `/slow` (answers after 300 ms),
 * `/html` (not JSON), `/boom` (500), `/huge` (10 MB, no content-length), `/huge-declared`
 * (10 MB announced in content-length), `/hang` (never answers), `POST /transfers` (201 with a ref).
 */
export async function startSourceStub(): Promise<SourceStub> {
  const requests: StubRequest[] = [];
  const routes = new Map<string, (req: StubRequest, res: ServerResponse) => void>();
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = ((req.url ?? '/').split('?')[0] ?? '/').replace(/^\/v1\//, '/');
      const r: StubRequest = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString() };
      requests.push(r);
      const custom = routes.get(path);
      if (custom) return custom(r, res);
      if (path.startsWith('/accounts/')) return json(res, 200, { name: 'Amina', balance: 1500, currency: 'KES', statement: 'x'.repeat(2000), pinHash: 'not-for-the-session' });
      if (path === '/prices') return json(res, 200, { maize: 42, beans: 97 });
      if (path === '/slow') return void setTimeout(() => json(res, 200, { name: 'Late', balance: 1 }), 300);
      if (path === '/html') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html>maintenance</html>');
      if (path === '/boom') return json(res, 500, { error: 'internal' });
      if (path === '/huge') {
        res.writeHead(200, { 'content-type': 'application/json' });
        const block = 'x'.repeat(64 * 1024);
        let sent = 0;
        const more = () => {
          while (sent < 160 && res.write(block)) sent++;
          if (sent < 160) res.once('drain', more);
          else res.end();
        };
        res.on('error', () => undefined);
        return more();
      }
      if (path === '/huge-declared') {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(10 * 1024 * 1024) });
        return void res.write('{"a":"');
      }
      if (path === '/hang') return; // never answered
      if (path === '/transfers' && req.method === 'POST') return json(res, 201, { ref: `TX${requests.length}`, status: 'sent' });
      json(res, 404, { error: 'no such thing' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    route: (path, handler) => void routes.set(path, handler),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A URL where nothing listens (a source that is down). */
export async function downUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
