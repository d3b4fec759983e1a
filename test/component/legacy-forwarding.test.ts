import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { GATEWAYS } from '../../src/gateways/registry';
import { LEGACY_UNAVAILABLE_TEXT } from '../../src/infra/legacy/legacy-app';
import { startLegacySandbox, type LegacySandbox } from '../../src/sandbox/legacy-sandbox';
import { sessionKey } from '../../src/session/keys';
import { UNKNOWN_SERVICE_TEXT } from '../../src/session/handle-turn';
import { atCaller, startTestApp, type TestApp } from '../support/app';
import { uniqueMsisdn } from '../support/gateways/caller';
import { DRIVERS } from '../support/gateways/index';
import { send } from '../support/gateways/wire';
import { startRecordingLegacyApp } from '../support/legacy-stub';
import { uniqueId } from '../support/redis';

describe("forwarding to a legacy app speaking Africa's Talking", () => {
  let legacy: LegacySandbox;
  let t: TestApp;
  beforeAll(async () => {
    legacy = await startLegacySandbox();
    t = await startTestApp({ LEGACY_AFRICASTALKING_URL: legacy.url, LEGACY_TIMEOUT_MS: '300', BREAKER_VOLUME_THRESHOLD: '1000' });
  });
  afterEach(() => legacy.setKnobs({ latencyMs: 0, status: 200 }));
  afterAll(async () => {
    await t.close();
    await legacy.close();
  });

  it('when a caller dials a code no menu claims, then every hop is forwarded as received and the legacy reply relayed unchanged', async () => {
    const caller = atCaller(t.app, { serviceCode: '*999#' });
    const from = legacy.received.length;
    const dial = await caller.post('');
    expect({ status: dial.status, type: dial.headers['content-type'], body: dial.text }).toEqual({
      status: 200,
      type: 'text/plain; charset=utf-8',
      body: 'CON Welcome to Eneza\n1. Start Quiz\n2. My Score\n3. Old services',
    });
    expect(await caller.hop('3')).toBe('CON Old services\n1. Airtime\n2. Bundles');
    expect(await caller.hop('3*1')).toBe('CON Airtime\n1. KES 10\n2. KES 20');
    expect(await caller.hop('3*1*2')).toBe('END You bought KES 20 of airtime.');
    const got = legacy.received.slice(from);
    expect(got.map((r) => r.form.text)).toEqual(['', '3', '3*1', '3*1*2']);
    expect(got[1]).toEqual({
      method: 'POST',
      contentType: 'application/x-www-form-urlencoded',
      forwardedFor: expect.stringMatching(/127\.0\.0\.1$/),
      body: expect.any(String),
      form: { sessionId: caller.sessionId, serviceCode: '*999#', phoneNumber: caller.phoneNumber, networkCode: '63902', text: '3' },
    });
  });

  it("when the gateway calls over IPv4, then X-Forwarded-For adds its address as IPv4, as a legacy app's allow list of gateway addresses has it", async () => {
    // Listening on every interface, as `npm start` does without HOST: an IPv4 peer then shows as `::ffff:127.0.0.1`.
    const server = createServer(t.app);
    await new Promise<void>((resolve) => server.listen(0, '::', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ussd/africastalking`;
    const dial = (headers: Record<string, string>) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams({ sessionId: uniqueId('xff'), serviceCode: '*999#', phoneNumber: '+254711000111', text: '' }) });
    const from = legacy.received.length;
    try {
      for (const headers of [{}, { 'x-forwarded-for': '198.51.100.7' }] as Record<string, string>[]) expect((await dial(headers)).status).toBe(200);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    expect(legacy.received.slice(from).map((r) => r.forwardedFor)).toEqual(['127.0.0.1', '198.51.100.7, 127.0.0.1']);
  });

  it("when a session is forwarded, then Redis keeps one small marker under the session's key and none of the caller's inputs", async () => {
    const caller = atCaller(t.app, { serviceCode: '*999#' });
    await caller.hop('');
    await caller.hop('3');
    await caller.hop('3*1');
    const key = sessionKey('at', caller.sessionId, t.deps.config.KEY_PREFIX);
    expect(await t.deps.redis.get(key)).toBe('[3,-2]');
    const ttl = await t.deps.redis.ttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(t.deps.config.SESSION_TTL_SECONDS);
  });

  it('when the legacy app answers 500, then the caller gets the polite END, never a 5xx, and the failure is counted', async () => {
    legacy.setKnobs({ status: 500 });
    const res = await atCaller(t.app, { serviceCode: '*999#' }).post('');
    expect({ status: res.status, body: res.text }).toEqual({ status: 200, body: `END ${LEGACY_UNAVAILABLE_TEXT}` });
    const metrics = (await request(t.app).get('/metrics')).text;
    expect(metrics).toMatch(/ussd_legacy_requests_total\{gateway="africastalking",outcome="error"\} [1-9]/);
  });

  it('when the legacy app is slower than LEGACY_TIMEOUT_MS, then the caller gets the polite END and a timeout is counted', async () => {
    legacy.setKnobs({ latencyMs: 2000 });
    const res = await atCaller(t.app, { serviceCode: '*999#' }).post('');
    expect({ status: res.status, body: res.text }).toEqual({ status: 200, body: `END ${LEGACY_UNAVAILABLE_TEXT}` });
    const metrics = (await request(t.app).get('/metrics')).text;
    expect(metrics).toMatch(/ussd_legacy_requests_total\{gateway="africastalking",outcome="timeout"\} [1-9]/);
  });

  it('when the legacy app fails, then the callback is counted unavailable (as the UssdUnavailableAnswers alert reads), not forwarded', async () => {
    const count = async (outcome: string) => Number(new RegExp(`^ussd_callbacks_total\\{gateway="africastalking",outcome="${outcome}"\\} (\\d+)$`, 'm').exec((await request(t.app).get('/metrics')).text)?.[1] ?? 0);
    const [forwarded, unavailable] = [await count('forwarded'), await count('unavailable')];
    legacy.setKnobs({ status: 500 });
    expect((await atCaller(t.app, { serviceCode: '*999#' }).post('')).text).toBe(`END ${LEGACY_UNAVAILABLE_TEXT}`);
    expect({ forwarded: await count('forwarded'), unavailable: await count('unavailable') }).toEqual({ forwarded, unavailable: unavailable + 1 });
    legacy.setKnobs({ status: 200 });
    await atCaller(t.app, { serviceCode: '*999#' }).post('');
    expect({ forwarded: await count('forwarded'), unavailable: await count('unavailable') }).toEqual({ forwarded: forwarded + 1, unavailable: unavailable + 1 });
  });

  it('when a menu claims the code, then its callers are served here and the legacy app hears nothing', async () => {
    const from = legacy.received.length;
    expect(await atCaller(t.app).hop('')).toBe('CON Welcome to Eneza. Choose option:\n1. Start Quiz\n2. View Score');
    expect(legacy.received.length).toBe(from);
  });

  it("when Africa's Talking reports the end of a forwarded session, then the notification is answered here and not forwarded", async () => {
    const caller = atCaller(t.app, { serviceCode: '*999#' });
    await caller.hop('');
    const from = legacy.received.length;
    const res = await caller.end();
    expect({ status: res.status, body: res.text }).toEqual({ status: 200, body: 'OK' });
    expect(legacy.received.length).toBe(from);
  });
});

describe('a legacy app whose breaker opens', () => {
  it('when the legacy app keeps failing, then the breaker opens and callers get the polite END without a call', async () => {
    const legacy = await startLegacySandbox({ knobs: { status: 503 } });
    const t = await startTestApp({ LEGACY_AFRICASTALKING_URL: legacy.url, BREAKER_VOLUME_THRESHOLD: '2', BREAKER_ERROR_THRESHOLD_PERCENT: '50' });
    try {
      for (let i = 0; i < 3; i++) await atCaller(t.app, { serviceCode: '*999#' }).post('');
      const calls = legacy.received.length;
      const res = await atCaller(t.app, { serviceCode: '*999#' }).post('');
      expect({ status: res.status, body: res.text }).toEqual({ status: 200, body: `END ${LEGACY_UNAVAILABLE_TEXT}` });
      expect(legacy.received.length).toBe(calls);
      expect((await request(t.app).get('/metrics')).text).toMatch(/ussd_legacy_requests_total\{gateway="africastalking",outcome="breaker_open"\} [1-9]/);
    } finally {
      await t.close();
      await legacy.close();
    }
  });
});

describe('a legacy URL with a password in it', () => {
  it('when its breaker opens, then the log names the URL with the password masked', async () => {
    const legacy = await startLegacySandbox({ knobs: { status: 503 } });
    const lines: string[] = [];
    const url = legacy.url.replace('http://', 'http://ops:s3cret-pw@');
    const t = await startTestApp({ LOG_LEVEL: 'info', LEGACY_AFRICASTALKING_URL: url, BREAKER_VOLUME_THRESHOLD: '2', BREAKER_ERROR_THRESHOLD_PERCENT: '50' }, { write: (line) => void lines.push(line) });
    try {
      for (let i = 0; i < 3; i++) await atCaller(t.app, { serviceCode: '*999#' }).post('');
      const opened = lines.find((l) => l.includes('legacy app breaker open'));
      expect(opened).toContain('ops:***@');
      expect(lines.join('')).not.toContain('s3cret-pw');
    } finally {
      await t.close();
      await legacy.close();
    }
  });
});

describe('without LEGACY_* variables', () => {
  it('when a caller dials a code no menu claims, then "not in use", as before', async () => {
    const t = await startTestApp();
    try {
      expect(t.deps.migration).toBeUndefined();
      expect(await atCaller(t.app, { serviceCode: '*999#' }).hop('')).toBe(`END ${UNKNOWN_SERVICE_TEXT}`);
    } finally {
      await t.close();
    }
  });
});

describe('every gateway: a forwarded session stays forwarded', () => {
  let stub: Awaited<ReturnType<typeof startRecordingLegacyApp>>;
  let t: TestApp;
  beforeAll(async () => {
    stub = await startRecordingLegacyApp();
    const urls = Object.fromEntries([...new Set(GATEWAYS.map((g) => g.envName))].map((name) => [`LEGACY_${name}_URL`, stub.url]));
    t = await startTestApp({ ...urls, GATEWAY_BEEM_SERVICE_CODE: '*999#' });
  });
  afterAll(async () => {
    await t.close();
    await stub.close();
  });

  it.each(DRIVERS.map((d) => [d.name, d] as const))('%s: when an unclaimed code is dialled, then the dial and every later hop reach the legacy app as sent', async (_name, driver) => {
    const session = driver.session({ sessionId: uniqueId(driver.name), msisdn: uniqueMsisdn() });
    const hops = [session.dial('*999#'), session.answer('1'), session.answer('2')];
    const from = stub.received.length;
    const replies = [];
    for (const hop of hops) replies.push(await send(t.app, hop));
    const n = from + 1;
    expect(replies.map((r) => [r.status, r.headers['content-type'], r.body])).toEqual([
      [200, 'application/x-legacy', `legacy reply ${n}`],
      [200, 'application/x-legacy', `legacy reply ${n + 1}`],
      [200, 'application/x-legacy', `legacy reply ${n + 2}`],
    ]);
    expect(stub.received.slice(from).map((r) => ({ method: r.method, query: r.url.split('?')[1] ?? '', type: r.headers['content-type'], body: r.body }))).toEqual(
      hops.map((h) => ({ method: h.method, query: h.query ?? '', type: h.contentType, body: h.body === undefined ? '' : String(h.body) })),
    );
  });
});
