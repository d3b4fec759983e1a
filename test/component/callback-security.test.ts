import { sessionKey } from '../../src/session/keys';
import { startTestApp, type TestApp } from '../support/app';
import { naloDriver } from '../support/gateways/nalo.driver';
import { send, type WireRequest } from '../support/gateways/wire';
import { flaresGetDriver } from '../support/gateways/flares-get.driver';
import { hubtelDriver } from '../support/gateways/hubtel.driver';
import { africasTalkingDriver } from '../support/gateways/africastalking.driver';
import { uniqueMsisdn } from '../support/gateways/caller';
import { capturingLogger } from '../support/log-capture';
import { plainRedis, uniqueId } from '../support/redis';

const SECRET = 'a-long-shared-secret-1';
const WELCOME = 'Welcome to Eneza. Choose option:\n1. Start Quiz\n2. View Score';
const FORBIDDEN = (gateway: string) => ({
  status: 403,
  type: 'application/problem+json; charset=utf-8',
  body: { type: 'about:blank', title: 'Forbidden', status: 403, detail: `this ${gateway} callback is not allowed` },
});

const redis = plainRedis();
let t: TestApp;
let logs: ReturnType<typeof capturingLogger>;
beforeAll(async () => {
  t = await startTestApp({
    // supertest calls from 127.0.0.1: it plays the load balancer in front of the service.
    TRUSTED_PROXY_CIDRS: '127.0.0.1/32, ::1/128',
    GATEWAY_HUBTEL_ALLOW_CIDRS: '198.51.100.0/24',
    GATEWAY_NALO_SECRET: SECRET,
    GATEWAY_FLARES_GET_SECRET: SECRET,
    GATEWAY_FLARES_GET_SECRET_IN: 'query:password',
  });
  logs = capturingLogger('warn');
  t.deps.app.callbacks.log = logs.log;
});
afterAll(async () => {
  await t.close();
  redis.disconnect();
});

/** Sends a dial and returns the answer, plus whether the session reached Redis. */
async function dial(driver: typeof hubtelDriver, gw: string, change: (req: WireRequest) => WireRequest) {
  const sessionId = uniqueId(driver.name);
  const req = change(driver.session({ sessionId, msisdn: uniqueMsisdn() }).dial('*384#'));
  const res = await send(t.app, req);
  return { res, stored: (await redis.exists(sessionKey(gw, sessionId))) === 1 };
}
const status = (r: Awaited<ReturnType<typeof dial>>) => ({ status: r.res.status, type: r.res.headers['content-type'], body: JSON.parse(r.res.body) as unknown });

describe('an IP allow-list (Hubtel, behind a trusted proxy)', () => {
  it('when the forwarded client is on the list, then the callback is served', async () => {
    const r = await dial(hubtelDriver, 'hubtel', (req) => ({ ...req, headers: { 'x-forwarded-for': '198.51.100.7' } }));
    expect(hubtelDriver.read(r.res).text).toBe(WELCOME);
    expect(r.stored).toBe(true);
  });

  it('when the client is not on the list, then 403, a log line naming it, and the menu never sees the callback', async () => {
    const r = await dial(hubtelDriver, 'hubtel', (req) => ({ ...req, headers: { 'x-forwarded-for': '203.0.113.5' } }));
    expect({ ...status(r), stored: r.stored }).toEqual({ ...FORBIDDEN('hubtel'), stored: false });
    expect(logs.lines()).toContainEqual(expect.objectContaining({ msg: 'refused a callback', gateway: 'hubtel', client: '203.0.113.5', reason: 'address 203.0.113.5 is not on the allow-list' }));
  });

  it('when an allowed address is forged left of the real one, then the real one counts and it is refused', async () => {
    const r = await dial(hubtelDriver, 'hubtel', (req) => ({ ...req, headers: { 'x-forwarded-for': '198.51.100.7, 203.0.113.5' } }));
    expect(status(r)).toEqual(FORBIDDEN('hubtel'));
  });

  it('when the proxy forwards nothing, then the proxy itself is the client and it is refused', async () => {
    expect(status(await dial(hubtelDriver, 'hubtel', (req) => req))).toEqual(FORBIDDEN('hubtel'));
  });
});

describe('a shared secret', () => {
  it('when Nalo sends the secret header, then it is served; without it or with another, 403 and nothing stored', async () => {
    const ok = await dial(naloDriver, 'nalo', (req) => ({ ...req, headers: { 'x-ussd-secret': SECRET } }));
    expect({ text: naloDriver.read(ok.res).text, stored: ok.stored }).toEqual({ text: WELCOME, stored: true });
    const attempts: Record<string, string>[] = [{}, { 'x-ussd-secret': 'a-long-shared-secret-2' }, { 'x-ussd-secret': SECRET.slice(0, -1) }];
    for (const headers of attempts) {
      const refused = await dial(naloDriver, 'nalo', (req) => ({ ...req, headers }));
      expect({ ...status(refused), stored: refused.stored }).toEqual({ ...FORBIDDEN('nalo'), stored: false });
    }
  });

  it('when Flares sends it as its `password` query parameter, then it is served; a wrong one gets 403', async () => {
    const ok = await dial(flaresGetDriver, 'flares-get', (req) => ({ ...req, query: `${req.query}&userid=app&password=${SECRET}` }));
    expect(flaresGetDriver.read(ok.res).text).toBe(WELCOME);
    const refused = await dial(flaresGetDriver, 'flares-get', (req) => ({ ...req, query: `${req.query}&userid=app&password=guess` }));
    expect({ ...status(refused), stored: refused.stored }).toEqual({ ...FORBIDDEN('flares-get'), stored: false });
  });

  it('when a gateway has no security configured, then it is served as before', async () => {
    const r = await dial(africasTalkingDriver, 'at', (req) => req);
    expect(africasTalkingDriver.read(r.res).text).toBe(WELCOME);
  });
});
