import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { buildApp } from '../../src/app';
import { frontDoor } from '../../src/http/front-door';
import type { GatewayCodec } from '../../src/gateways/codec';
import { uniqueMsisdn } from '../support/gateways/caller';
import { DRIVERS } from '../support/gateways';
import { send, type WireRequest, type WireResponse } from '../support/gateways/wire';
import { startTestApp, type TestApp } from '../support/app';
import { uniqueId } from '../support/redis';

/*
 * The front door answers gateway callbacks without Express. These tests send the same requests
 * through the front door and through the Express app alone and require the same answers.
 */
let t: TestApp;
let express: ReturnType<typeof buildApp>;
beforeAll(async () => {
  t = await startTestApp();
  express = buildApp(t.deps.app);
});
afterAll(async () => t.close());

const shape = (r: WireResponse) => ({ status: r.status, type: r.headers['content-type'], freeflow: r.headers.freeflow, body: r.body });

/** The body with every id of the session (different on each side) put back to one placeholder. */
const neutral = (r: WireResponse, ids: string[]) => ({ ...shape(r), body: ids.reduce((b, id) => b.split(id).join('<id>'), r.body).replace(/"transactionId":"[^"]+"/, '"transactionId":"<uuid>"') });

/** A raw HTTP POST to a listening server (supertest re-encodes compressed bodies). */
async function postRaw(body: Buffer, headers: Record<string, string>): Promise<[number, string]> {
  const server = createServer(t.app).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  try {
    const { port } = server.address() as AddressInfo;
    const res = await fetch(`http://127.0.0.1:${port}/ussd/africastalking`, { method: 'POST', headers, body });
    return [res.status, await res.text()];
  } finally {
    server.close();
  }
}

describe('the front door', () => {
  it.each(DRIVERS.map((d) => [d.name, d] as const))('when %s dials and answers, then it answers exactly as the Express route does', async (_name, driver) => {
    const playOn = async (target: typeof express | typeof t.app) => {
      const ids = { sessionId: uniqueId('fd'), msisdn: uniqueMsisdn() };
      const session = driver.session(ids);
      const replies = [await send(target, session.dial('*384#')), await send(target, session.answer('1')), await send(target, session.answer('9'))];
      return replies.map((r) => neutral(r, [ids.sessionId, ids.msisdn]));
    };
    expect(await playOn(t.app)).toEqual(await playOn(express));
  });

  it.each(DRIVERS.map((d) => [d.name, d] as const))('when %s sends a malformed payload, then both answer the same 400 problem', async (_name, driver) => {
    for (const req of driver.malformed) expect(shape(await send(t.app, req))).toEqual(shape(await send(express, req)));
  });

  const posting = DRIVERS.filter((d) => d.session({ sessionId: 'x', msisdn: '1' }).dial('*384#').method === 'POST');
  it.each(posting.map((d) => [d.name, d] as const))('when a %s body starts with a UTF-8 byte order mark, then it is read without it, as Express reads it', async (_name, driver) => {
    const dialWithMark = async (target: typeof express | typeof t.app) => {
      const ids = { sessionId: uniqueId('bom'), msisdn: uniqueMsisdn() };
      const req = driver.session(ids).dial('*384#');
      return neutral(await send(target, { ...req, body: `\uFEFF${String(req.body)}` }), [ids.sessionId, ids.msisdn]);
    };
    const ours = await dialWithMark(t.app);
    expect(ours).toEqual(await dialWithMark(express));
    expect(ours.status).toBe(200);
  });

  it('when our own code fails on a callback (a codec that throws), then both answer 503 and the front door keeps serving', async () => {
    const codec = t.deps.app.gateways.find((g) => g.name === 'africastalking') as GatewayCodec<never>;
    const broken = { ...codec, parse: () => { throw new Error('a bug'); } } as GatewayCodec<never>;
    const deps = { ...t.deps.app, gateways: [broken] };
    const front = frontDoor(buildApp(deps), deps);
    const req = at(dial());
    const answers = [shape(await send(front, req)), shape(await send(buildApp(deps), req))];
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]?.status).toBe(503);
    expect((await send(t.app, at(dial()))).status).toBe(200);
  });

  const at = (body: string | Buffer, extra: Partial<WireRequest> = {}): WireRequest => ({
    method: 'POST',
    path: '/ussd/africastalking',
    contentType: 'application/x-www-form-urlencoded',
    body,
    ...extra,
  });
  const dial = () => new URLSearchParams({ sessionId: uniqueId('fd'), serviceCode: '*384#', phoneNumber: '+254711000111', text: '' }).toString();

  it('when the body is over MAX_BODY_BYTES, then both answer 413 with the same problem', async () => {
    const big = at(`sessionId=x&text=${'1'.repeat(9000)}`);
    const [ours, theirs] = [await send(t.app, big), await send(express, big)];
    expect(shape(ours)).toEqual(shape(theirs));
    expect(ours.status).toBe(413);
  });

  it('when the body is gzip-compressed or in another charset, then Express reads it (the front door steps aside)', async () => {
    const zipped = await postRaw(gzipSync(dial()), { 'content-type': 'application/x-www-form-urlencoded', 'content-encoding': 'gzip' });
    expect(zipped).toEqual([200, 'CON Welcome to Eneza. Choose option:\n1. Start Quiz\n2. View Score']);
    const latin1 = await send(t.app, at(dial(), { contentType: 'application/x-www-form-urlencoded; charset=ISO-8859-1' }));
    expect([latin1.status, latin1.body]).toEqual([200, 'CON Welcome to Eneza. Choose option:\n1. Start Quiz\n2. View Score']);
  });

  it('when a path only Express matches is used (trailing slash, other case), then Express serves it the same way', async () => {
    const slash = await send(t.app, at(dial(), { path: '/ussd/africastalking/' }));
    expect([slash.status, slash.body]).toEqual([200, 'CON Welcome to Eneza. Choose option:\n1. Start Quiz\n2. View Score']);
    expect((await send(t.app, { method: 'GET', path: '/healthz' })).status).toBe(200);
    expect((await send(t.app, { method: 'GET', path: '/ussd/africastalking' })).status).toBe(405); // the path is served, not with GET
  });
});
