import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { testRedisUrl, uniqueId } from '../support/redis';
import { startServiceProcess, type ServiceProcess } from '../support/service-process';

/** A stand-in OTLP/HTTP collector: a real HTTP server that keeps what it is sent. */
function collector(): Promise<{ server: Server; url: string; received: { path: string; body: string }[] }> {
  const received: { path: string; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      received.push({ path: req.url ?? '', body });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received })));
}

function post(port: number, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ port, host: '127.0.0.1', method: 'POST', path: '/ussd/africastalking', agent: false, headers: { 'content-type': 'application/x-www-form-urlencoded' } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve(text));
    });
    req.once('error', reject);
    req.end(body);
  });
}

// The test spawns the service and stops it: seconds on a loaded machine, over jest's default 5.
jest.setTimeout(30_000);

describe('tracing in the spawned service', () => {
  let svc: ServiceProcess | undefined;
  let otlp: Awaited<ReturnType<typeof collector>>;
  beforeAll(async () => (otlp = await collector()));
  afterAll(() => new Promise((resolve) => otlp.server.close(resolve)));
  afterEach(() => svc?.kill());

  it('when OTEL_EXPORTER_OTLP_ENDPOINT is set, then the callback and its Redis commands reach the collector by the time the process has stopped', async () => {
    svc = await startServiceProcess({ REDIS_URL: testRedisUrl(), OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url });
    const sessionId = uniqueId('ATUid');
    const body = new URLSearchParams({ sessionId, serviceCode: '*384#', phoneNumber: '+254711000111', networkCode: '63902', text: '' }).toString();
    expect(await post(svc.port, body)).toBe('CON Welcome to Eneza. Choose option:\n1. Start Quiz\n2. View Score');
    svc.child.kill('SIGTERM');
    expect(await svc.exited).toEqual({ code: 0, signal: null });
    expect(svc.logs.map((l) => l.msg)).toContain('closed tracing');
    expect(otlp.received.map((r) => r.path)).toContain('/v1/traces');
    const exported = otlp.received.map((r) => r.body).join('\n');
    for (const name of ['POST /ussd/africastalking', 'redis GET', 'redis HMGET']) expect(exported).toContain(`"name":"${name}"`);
    expect(exported).toContain(sessionId);
    expect(exported).not.toContain('711000111');
  });
});
