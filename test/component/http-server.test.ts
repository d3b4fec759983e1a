import { Agent, request } from 'node:http';
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
