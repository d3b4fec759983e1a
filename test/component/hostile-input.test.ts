import request from 'supertest';
import { sessionKey } from '../../src/session/keys';
import { startTestApp, type TestApp } from '../support/app';
import { CON, END, manualClock, uniqueMsisdn } from '../support/gateways/caller';
import { naloDriver } from '../support/gateways/nalo.driver';
import { send, type WireRequest } from '../support/gateways/wire';
import { capturingLogger } from '../support/log-capture';
import { plainRedis, uniqueId } from '../support/redis';

/* What an attacker sends (issue 13, "Hostile input"): each is refused or kept apart, never a 5xx. */

const WELCOME = 'Welcome to Eneza. Choose option:\n1. Start Quiz\n2. View Score';
const SUBJECT = 'Select subject:\n1. Math\n2. Science';

const redis = plainRedis();
let t: TestApp;
let logs: ReturnType<typeof capturingLogger>;
beforeAll(async () => {
  t = await startTestApp();
  logs = capturingLogger('warn');
  t.deps.app.callbacks.log = logs.log;
  manualClock(t);
});
afterAll(async () => {
  await t.close();
  redis.disconnect();
});

describe('an XML body with a DOCTYPE', () => {
  it('when a TruRoute dial names its code through an internal entity, then 400 and no session starts', async () => {
    const sessionId = uniqueId('dtd');
    const body = `<!DOCTYPE ussd [<!ENTITY a "*384#">]><ussd><msisdn>265888000111</msisdn><sessionid>${sessionId}</sessionid><type>1</type><msg>&a;</msg></ussd>`;
    const res = await send(t.app, { method: 'POST', path: '/ussd/truroute', contentType: 'text/xml', body });
    expect({ status: res.status, body: JSON.parse(res.body) as unknown }).toEqual({
      status: 400,
      body: expect.objectContaining({ errors: ['the body has a DOCTYPE: not accepted (no gateway sends one, and its entities would rewrite the payload)'] }),
    });
    expect(await redis.exists(sessionKey('truroute', sessionId))).toBe(0);
  });
});

describe('methods a gateway does not use', () => {
  it('when HEAD reaches the Flares GET callback, then 405 naming GET and the session is not advanced', async () => {
    const sessionId = uniqueId('head');
    const res = await request(t.app).head(`/ussd/flares-get?SessionID=${sessionId}&MSISDN=254733000111&input=384`);
    expect({ status: res.status, allow: res.headers.allow }).toEqual({ status: 405, allow: 'GET' });
    expect(await redis.exists(sessionKey('flares-get', sessionId))).toBe(0);
  });

  it.each([
    ['PUT', '/ussd/hubtel', 'POST'],
    ['GET', '/ussd/africastalking', 'POST'],
    ['POST', '/ussd/flares-get', 'GET'],
    ['DELETE', '/ussd/nalo', 'POST'],
  ] as const)('when %s reaches %s, then 405 with a problem body and Allow: %s', async (method, path, allow) => {
    const res = await request(t.app)[method.toLowerCase() as 'put' | 'get' | 'post' | 'delete'](path).send('x=1');
    expect({ status: res.status, allow: res.headers.allow, body: res.body as unknown }).toEqual({
      status: 405,
      allow,
      body: { type: 'about:blank', title: 'Method Not Allowed', status: 405, detail: `this callback takes ${allow} only` },
    });
  });
});

describe('problem bodies and log lines stay bounded', () => {
  it('when 8 KB of unclosed XML arrive, then the 400 body and its log line are each under 1 KB', async () => {
    const body = '<request>'.repeat(900);
    expect(body.length).toBeGreaterThan(8000);
    const res = await send(t.app, { method: 'POST', path: '/ussd/flares', contentType: 'text/xml', body });
    expect(res.status).toBe(400);
    expect(res.body.length).toBeLessThan(1024);
    const line = logs.lines().filter((l) => l.msg === 'rejected a malformed callback' && l.gateway === 'flares').at(-1);
    expect(JSON.stringify(line).length).toBeLessThan(1024);
  });

  it('when a JSON body fails on many fields with long values, then at most 10 problems of at most 200 characters, and a count of the rest', async () => {
    const fields = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`f${i}`, 'x']));
    const res = await send(t.app, {
      method: 'POST',
      path: '/ussd/beem',
      contentType: 'application/json',
      body: JSON.stringify({ ...fields, command: 'x'.repeat(60), msisdn: 'y'.repeat(2000), session_id: ' '.repeat(10), payload: { request_id: 'z'.repeat(1000), response: 5 } }),
    });
    const errors = (JSON.parse(res.body) as { errors: string[] }).errors;
    expect(res.status).toBe(400);
    expect(errors.length).toBeLessThanOrEqual(10);
    for (const e of errors) expect(e.length).toBeLessThanOrEqual(200);
  });
});

describe('Nalo session ids and number-keyed sessions', () => {
  const msisdn = uniqueMsisdn();
  const hop = (body: Record<string, unknown>): WireRequest => ({ method: 'POST', path: '/ussd/nalo', contentType: 'application/json', body: JSON.stringify({ USERID: 'NALOTest', MSISDN: msisdn, NETWORK: 'MTN', ...body }) });
  const exchange = async (req: WireRequest) => naloDriver.read(await send(t.app, req));

  it('when a SESSIONID reads msisdn-<the caller\'s number>, then it does not reach the number-keyed session of that caller', async () => {
    expect(await exchange(hop({ USERDATA: '*384#', MSGTYPE: true }))).toEqual(CON(WELCOME));
    expect(await exchange(hop({ USERDATA: '1', MSGTYPE: false }))).toEqual(CON(SUBJECT));
    const numberKeyed = await t.deps.app.callbacks.store.load(sessionKey('nalo', `msisdn-${msisdn}`));
    expect(numberKeyed).toMatchObject({ state: 'subject' });

    // Another party names that session: it is a session of its own, which does not exist.
    expect(await exchange(hop({ USERDATA: '1', MSGTYPE: false, SESSIONID: `msisdn-${msisdn}` }))).toEqual(END('Your session timed out. Please dial again.'));
    expect(await t.deps.app.callbacks.store.load(sessionKey('nalo', `msisdn-${msisdn}`))).toMatchObject({ hop: numberKeyed?.hop, state: 'subject' });
  });
});

describe("Africa's Talking session ids", () => {
  it.each([
    ['a line break', (id: string) => `${id}\r\nX-Injected: 1`],
    ['a NUL', (id: string) => `${id}\u0000`],
    ['a space', (id: string) => `${id} `],
    ['a letter outside ASCII', (id: string) => `${id}é`],
  ])('when a sessionId holds %s, then 400 names sessionId (as on every other gateway) and no session starts', async (_what, hostile) => {
    const id = uniqueId('at-sid');
    const res = await send(t.app, {
      method: 'POST',
      path: '/ussd/africastalking',
      contentType: 'application/x-www-form-urlencoded',
      body: new URLSearchParams({ sessionId: hostile(id), serviceCode: '*384#', phoneNumber: `+${uniqueMsisdn()}`, text: '' }).toString(),
    });
    expect({ status: res.status, errors: (JSON.parse(res.body) as { errors?: unknown }).errors }).toEqual({
      status: 400,
      errors: ['sessionId: expected 1 to 128 printable characters without spaces'],
    });
    expect(await redis.exists(sessionKey('at', hostile(id)))).toBe(0);
  });

  it('when an end-of-session report names a sessionId with a line break, then 400 names sessionId', async () => {
    const body = new URLSearchParams({ sessionId: 'ATUid_1\r\n', serviceCode: '*384#', phoneNumber: '+254711000111', status: 'Incomplete' }).toString();
    const res = await send(t.app, { method: 'POST', path: '/ussd/africastalking/events', contentType: 'application/x-www-form-urlencoded', body });
    expect({ status: res.status, errors: (JSON.parse(res.body) as { errors?: unknown }).errors }).toEqual({
      status: 400,
      errors: ['sessionId: expected 1 to 128 printable characters without spaces'],
    });
  });
});

describe('form bodies', () => {
  it('when fields are named after object properties (constructor, __proto__, toString), then they are plain fields and the dial is served', async () => {
    const sessionId = uniqueId('proto');
    const phone = encodeURIComponent(uniqueMsisdn());
    const res = await request(t.app)
      .post('/ussd/africastalking')
      .type('form')
      .send(`constructor=x&__proto__=y&toString=z&hasOwnProperty=w&sessionId=${sessionId}&serviceCode=*384%23&phoneNumber=${phone}&text=`);
    expect({ status: res.status, text: res.text }).toEqual({ status: 200, text: `CON ${WELCOME}` });
  });
});

describe('paths named after object properties', () => {
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])('when /simulator/%s is asked for, then 404 as for any file the simulator does not have', async (name) => {
    const res = await request(t.app).get(`/simulator/${name}`);
    expect({ status: res.status, body: res.body as unknown }).toEqual({ status: 404, body: { type: 'about:blank', title: 'Not Found', status: 404, detail: 'no such endpoint' } });
  });
});

describe('methods the read-only endpoints do not take', () => {
  it.each(['/healthz', '/readyz', '/metrics', '/simulator', '/simulator/setup.json'])('when POST or DELETE reaches %s, then 405 with Allow: GET, HEAD, not 404 "no such endpoint"', async (path) => {
    for (const method of ['post', 'delete'] as const) {
      const res = await request(t.app)[method](path).send('x=1');
      expect({ status: res.status, allow: res.headers.allow, body: res.body as unknown }).toEqual({
        status: 405,
        allow: 'GET, HEAD',
        body: { type: 'about:blank', title: 'Method Not Allowed', status: 405, detail: `${path} takes GET, HEAD only` },
      });
    }
  });
});

describe('bodies whose content encoding is false', () => {
  it.each(['gzip', 'deflate', 'br'])('when a body marked Content-Encoding: %s is not compressed that way, then 400 says the body is not valid data of that encoding', async (encoding) => {
    const res = await send(t.app, { method: 'POST', path: '/ussd/hubtel', contentType: 'application/json', headers: { 'content-encoding': encoding }, body: '{"Type":"Initiation"}' });
    expect({ status: res.status, body: JSON.parse(res.body) as unknown }).toEqual({
      status: 400,
      body: { type: 'about:blank', title: 'Bad Request', status: 400, detail: expect.stringMatching(new RegExp(`^the body is not valid ${encoding} data \\(Content-Encoding: ${encoding}\\): .+`)) as unknown },
    });
  });
});

describe('ids sent as JSON numbers too large to keep their digits', () => {
  // Nalo's SESSIONID is 17 digits (research/gateways.md); as a JSON number it would be rounded to its even neighbour.
  const unsafeId = () => `3${String(Math.floor(Math.random() * 1e15)).padStart(15, '0')}1`;
  const dial = (sessionId: string) => ({
    method: 'POST' as const,
    path: '/ussd/nalo',
    contentType: 'application/json',
    body: `{"USERID":"NALOTest","MSISDN":"${uniqueMsisdn()}","USERDATA":"*384#","MSGTYPE":true,"NETWORK":"MTN","SESSIONID":${sessionId}}`,
  });

  it('when a SESSIONID is a number beyond 2^53, then 400 says to send it as a string, and no session is stored under the rounded id', async () => {
    const id = unsafeId();
    expect(String(Number(id))).not.toBe(id);
    const res = await send(t.app, dial(id));
    expect({ status: res.status, errors: (JSON.parse(res.body) as { errors?: unknown }).errors }).toEqual({
      status: 400,
      errors: ['SESSIONID: a number this large loses digits in JSON: send it as a string'],
    });
    expect(await redis.exists(sessionKey('nalo', String(Number(id))))).toBe(0);
  });

  it('when a SESSIONID is a number that JSON carries exactly, then the dial is served', async () => {
    const res = await send(t.app, dial(String(Math.floor(Math.random() * 1e9))));
    expect(naloDriver.read(res)).toEqual(CON(WELCOME));
  });
});
