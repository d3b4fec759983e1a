import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { startTestApp, type TestApp } from '../support/app';
import { uniqueId } from '../support/redis';

/** An old legacy app answering in ISO-8859-1: "Café" is 43 61 66 E9, one byte for the é. */
const LATIN1_REPLY = Buffer.concat([Buffer.from('CON Caf'), Buffer.from([0xe9]), Buffer.from('\n1. Menu')]);

let server: Server;
let t: TestApp;
beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => void res.writeHead(200, { 'content-type': 'text/plain; charset=iso-8859-1' }).end(LATIN1_REPLY));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ussd`;
  t = await startTestApp({ LEGACY_AFRICASTALKING_URL: url, LEGACY_ARKESEL_URL: url });
});
afterAll(async () => {
  await t.close();
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
});


describe("a legacy app's reply relayed to the gateway", () => {
  it.each([
    ["Africa's Talking (form, the front door)", () => request(t.app).post('/ussd/africastalking').type('form').send({ sessionId: uniqueId('AT'), serviceCode: '*999#', phoneNumber: '+254711222333', networkCode: '63902', text: '' })],
    ['Arkesel (JSON, through Express)', () => request(t.app).post('/ussd/arkesel').send({ sessionID: uniqueId('ark'), userID: 'ARKESEL', newSession: true, msisdn: '233244000111', userData: '*999#', network: 'MTN' })],
  ])('when it answers in ISO-8859-1 over %s, then the gateway gets the same bytes under the same content type', async (_gateway, post) => {
    const res = await post()
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(res.headers['content-type']).toBe('text/plain; charset=iso-8859-1');
    expect((res.body as Buffer).equals(LATIN1_REPLY)).toBe(true);
  });
});
