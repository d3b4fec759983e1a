import { Agent, request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { listen } from '../../src/infra/http-server';

/** Sends a GET on the keep-alive agent; resolves with the status and the Connection header. */
function get(port: number, agent: Agent): Promise<{ status: number; connection: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request({ port, path: '/', agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the HTTP server', () => {
  it('when it drains with a request in flight on a keep-alive connection, then that request is answered with Connection: close, and the drain ends once it is', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let holdNext = false;
    const http = await listen((_req, res) => {
      const answer = () => res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      if (holdNext) void held.then(answer);
      else answer();
    }, 0, '127.0.0.1');
    const agent = new Agent({ keepAlive: true });
    try {
      expect(await get(http.port, agent)).toEqual({ status: 200, connection: 'keep-alive' });
      expect(http.inFlight()).toBe(0);

      holdNext = true;
      const inFlight = get(http.port, agent);
      while (http.inFlight() === 0) await new Promise((r) => setImmediate(r));
      let drained = false;
      const drain = http.drain().then(() => (drained = true));
      await new Promise((r) => setTimeout(r, 20));
      expect(drained).toBe(false);

      release();
      expect(await inFlight).toEqual({ status: 200, connection: 'close' });
      await drain;
      expect(http.inFlight()).toBe(0);
    } finally {
      agent.destroy();
      http.destroy();
    }
  });
});

/** Opens a raw TCP connection to the server and collects what comes back until it closes. */
function rawConnection(port: number): Promise<{ socket: Socket; closed: Promise<string> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.setEncoding('utf8').on('data', (d: string) => (text += d));
    const closed = new Promise<string>((done) => socket.once('close', () => done(text)));
    socket.once('error', () => undefined);
    socket.once('connect', () => resolve({ socket, closed }));
    socket.once('error', reject);
  });
}

describe('gateway traffic limits', () => {
  it('when a body arrives too slowly (a slow-loris), then the server answers 408 and closes the socket at the request timeout, not after minutes', async () => {
    const http = await listen((req, res) => req.resume().on('end', () => res.end('ok')), 0, '127.0.0.1', { requestTimeoutMs: 300, maxConnectionsPerClient: 0 });
    try {
      const { socket, closed } = await rawConnection(http.port);
      socket.write('POST /ussd/hubtel HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"Type":');
      expect(await closed).toMatch(/^HTTP\/1\.1 408 /);
    } finally {
      http.destroy();
      await http.drain();
    }
  });

  it('when one client address holds the most connections allowed, then a further one is refused with 429 while the others are served', async () => {
    const http = await listen((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('ok'), 0, '127.0.0.1', { requestTimeoutMs: 10_000, maxConnectionsPerClient: 2 });
    const held = await Promise.all([rawConnection(http.port), rawConnection(http.port)]);
    try {
      const third = await rawConnection(http.port);
      third.socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
      expect(await third.closed).toMatch(/^HTTP\/1\.1 429 Too Many Requests\r\n/);
      const first = held[0];
      first.socket.end('GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      expect(await first.closed).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    } finally {
      for (const h of held) h.socket.destroy();
      http.destroy();
      await http.drain();
    }
  });
});
