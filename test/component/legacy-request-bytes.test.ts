import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestApp, type TestApp } from '../support/app';
import { uniqueId } from '../support/redis';

/** What the legacy app received: the body's bytes and the headers. */
const received: { bytes: Buffer; headers: IncomingHttpHeaders }[] = [];
let server: Server;
let front: Server;
let t: TestApp;
beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ bytes: Buffer.concat(chunks), headers: req.headers });
      res.writeHead(200, { 'content-type': 'text/xml' }).end('<ussd><type>3</type><msg>Bye</msg></ussd>');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ussd`;
  t = await startTestApp({ MENUS_DIR: 'test/fixtures/handoff-menus', LEGACY_TRUROUTE_URL: url, LEGACY_ARKESEL_URL: url });
  front = createServer(t.app);
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  await new Promise((resolve) => front.close(resolve));
  await t.close();
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
});

/** POSTs `body` as these bytes (supertest would serialise a Buffer sent as JSON). */
async function post(path: string, contentType: string, body: Buffer): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${(front.address() as AddressInfo).port}${path}`, { method: 'POST', headers: { 'content-type': contentType }, body });
  await res.arrayBuffer();
  return res.status;
}

/** "José" in ISO-8859-1: the é is the one byte E9, never valid UTF-8 on its own. */
const latin1 = (text: string) => Buffer.from(text, 'latin1');

describe('a request the legacy app is sent', () => {
  const truroute = (id: string, type: number, msg: string, extra = '') => latin1(`<?xml version="1.0" encoding="ISO-8859-1"?><ussd><msisdn>265888000111</msisdn><sessionid>${id}</sessionid><type>${type}</type><msg>${msg}</msg>${extra}</ussd>`);
  const cases: { what: string; path: string; contentType: string; body: (id: string) => Buffer; before?: ((id: string) => Buffer)[] }[] = [
    {
      what: 'TruRoute XML declaring ISO-8859-1 in its prolog, no charset in the header (the front door)',
      path: '/ussd/truroute',
      contentType: 'text/xml',
      body: (id) => truroute(id, 1, '*999#', '<name>José</name>'),
    },
    {
      what: 'the same, a later hop of a session handed off (its body is not rewritten)',
      path: '/ussd/truroute',
      contentType: 'text/xml',
      before: [(id) => truroute(id, 1, '*384#'), (id) => truroute(id, 2, '2')],
      body: (id) => truroute(id, 2, '1', '<name>José</name>'),
    },
    {
      what: 'Arkesel JSON with charset=iso-8859-1 in the header (through Express)',
      path: '/ussd/arkesel',
      contentType: 'application/json; charset=iso-8859-1',
      body: (id) => latin1(JSON.stringify({ sessionID: id, userID: 'ARKESEL', newSession: true, msisdn: '233244000111', userData: '*999#', network: 'MTN', name: 'José' })),
    },
  ];
  it.each(cases)('when $what carries a non-UTF-8 byte, then it gets the very bytes the gateway sent under the same content type', async ({ path, contentType, body, before = [] }) => {
    const id = uniqueId('lb');
    for (const hop of before) expect(await post(path, contentType, hop(id))).toBe(200);
    const sent = body(id);
    expect(await post(path, contentType, sent)).toBe(200);
    const got = received.findLast((r) => r.bytes.includes(id));
    expect(got?.headers['content-type']).toBe(contentType);
    expect(got?.bytes.equals(sent)).toBe(true);
  });

  it('when a hand-off rewrites an ISO-8859-1 body, then the new body is sent in ISO-8859-1 too', async () => {
    const id = uniqueId('lb');
    const hop = (fields: object) => post('/ussd/arkesel', 'application/json; charset=iso-8859-1', latin1(JSON.stringify({ sessionID: id, userID: 'ARKESEL', msisdn: '233244000111', network: 'MTN', name: 'José', ...fields })));
    expect(await hop({ newSession: true, userData: '*384#' })).toBe(200);
    expect(await hop({ newSession: false, userData: '2' })).toBe(200);
    const got = received.findLast((r) => r.bytes.includes(id));
    expect(got?.bytes.toString('latin1')).toContain('"userData":"*384*3*1#"');
    expect(got?.bytes.toString('latin1')).toContain('"name":"José"');
  });
});
