import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-node';
import { Redis } from 'ioredis';
import request from 'supertest';
import { startTracing, type Tracing } from '../../src/infra/tracing';
import { sessionKey } from '../../src/session/keys';
import { atCaller, startTestApp, type TestApp } from '../support/app';
import { CON, END, gatewayCaller, manualClock } from '../support/gateways/caller';
import { arkeselDriver } from '../support/gateways/arkesel.driver';
import { flaresGetDriver } from '../support/gateways/flares-get.driver';
import { ownRedis, type OwnRedis } from '../support/own-redis';
import { pinBankAppEnv, startPinBank } from '../support/pin-bank';
import { everythingInRedis } from '../support/redis-dump';
import type { SourceStub } from '../support/source-stub';
import { stopTracing } from '../support/tracing';

const PIN = '731946';
const KEY = 'k3y-for-the-sensitive-inputs-test-0123456789';
const OTHER_KEY = 'another-key-another-replica-0123456789abcdef';

let redis: OwnRedis;
let plain: Redis;
let stub: SourceStub;
let tracing: Tracing;
const exporter = new InMemorySpanExporter();
const logs: string[] = [];
let t: TestApp;

const env = (key: string) => pinBankAppEnv(redis.url, stub, { SESSION_SECRET_KEY: key, LOG_LEVEL: 'debug' });
const logTo = { write: (line: string) => void logs.push(line) };

beforeAll(async () => {
  redis = await ownRedis();
  plain = new Redis(redis.url, { maxRetriesPerRequest: 1 });
  stub = await startPinBank();
  tracing = startTracing({ exporter, role: 'web' });
  t = await startTestApp(env(KEY), logTo, { traceCallback: tracing.traceCallback });
});
afterAll(async () => {
  await t.close();
  await stopTracing(tracing);
  await stub.close();
  plain.disconnect();
  await redis.stop();
});

const pinRequests = () => stub.requests.filter((r) => r.path.startsWith('/pin'));

describe("a PIN typed over Africa's Talking, whose every hop repeats the whole input chain", () => {
  it('when the PIN is typed, confirmed and sent, then the source got it, and Redis, the logs, the spans and the metrics never held it', async () => {
    const at = atCaller(t.app, { serviceCode: '*900#' });
    expect(await at.hop('')).toBe('CON Vault\n1. Change PIN\n2. Exit');
    expect(await at.hop('1')).toBe('CON New PIN (6 digits):');
    expect(await at.hop(`1*${PIN}`)).toBe('CON Confirm PIN:');
    // Mid-session: the PIN is sealed in the record, the chain kept as its length.
    const live = await everythingInRedis(plain);
    expect(live).toContain(sessionKey('at', at.sessionId));
    expect(live).not.toContain(PIN);
    // A gateway's retry of the same chain is answered from the session, without a second call.
    const calls = pinRequests().length;
    expect(await at.hop(`1*${PIN}`)).toBe('CON Confirm PIN:');
    expect(pinRequests().length).toBe(calls);
    expect(await at.hop(`1*${PIN}*${PIN}`)).toBe('END PIN changed. Ref PX7.');
    // The GET that carried it was made (and not cached: its URL holds the PIN), then the POST.
    expect(pinRequests().map((r) => [r.method, r.path.split('?')[0], r.path.includes(PIN) || r.body.includes(PIN)])).toEqual([
      ['GET', '/pin-strength', true],
      ['POST', '/pins', true],
    ]);
    const metrics = await request(t.app).get('/metrics');
    expect(metrics.status).toBe(200);
    for (const [where, text] of [
      ['Redis', await everythingInRedis(plain)],
      ['logs', logs.join('')],
      ['spans', JSON.stringify(exporter.getFinishedSpans().map((s) => [s.name, s.attributes, s.events]))],
      ['metrics', metrics.text],
    ] as const) expect([where, text.includes(PIN)]).toEqual([where, false]);
    expect(logs.some((l) => l.includes('"input":"[hidden]"'))).toBe(true);
  });

  it('when the confirmation differs, then the compare of the two sealed values says so', async () => {
    const at = atCaller(t.app, { serviceCode: '*900#' });
    await at.hop('');
    await at.hop('1');
    await at.hop(`1*${PIN}`);
    expect(await at.hop(`1*${PIN}*246810`)).toBe('END The PINs did not match. Nothing was changed.');
  });
});

describe('a PIN typed over a latest-input gateway (Arkesel), which sends one input per hop', () => {
  it('when the PIN is typed, retried by the gateway and confirmed with the same digits, then the retry is recognised from a keyed token and nothing in Redis holds the PIN', async () => {
    const clock = manualClock(t);
    try {
      const caller = gatewayCaller(t, arkeselDriver, clock);
      expect(await caller.dial('*900#')).toEqual(CON('Vault\n1. Change PIN\n2. Exit'));
      expect(await caller.answer('1')).toEqual(CON('New PIN (6 digits):'));
      expect(await caller.answer(PIN)).toEqual(CON('Confirm PIN:'));
      const record = await plain.get(sessionKey('arkesel', caller.ids.sessionId));
      expect(record).toMatch(/^\[3,"[^"]+","~[\w-]{22}",/);
      expect(await everythingInRedis(plain)).not.toContain(PIN);
      // The gateway's duplicate, at once: the same screen, not an answer to "Confirm PIN:".
      expect(await caller.resend()).toEqual(CON('Confirm PIN:'));
      // The caller's own confirmation a few seconds later: the same digits, a new answer.
      expect(await caller.answer(PIN)).toEqual(END('PIN changed. Ref PX7.'));
      expect(await everythingInRedis(plain)).not.toContain(PIN);
    } finally {
      delete t.deps.app.callbacks.now;
    }
  });
});

describe('a PIN typed at the resume prompt shown over the PIN screen (Arkesel, which never reports a drop)', () => {
  it('when the caller types the PIN where the prompt asks 1 or 2, then it is refused as a choice and kept only as a keyed token', async () => {
    const clock = manualClock(t);
    try {
      const dropped = gatewayCaller(t, arkeselDriver, clock);
      await dropped.dial('*900#');
      expect(await dropped.answer('1')).toEqual(CON('New PIN (6 digits):'));
      const again = gatewayCaller(t, arkeselDriver, clock, dropped.ids.msisdn);
      expect((await again.dial('*900#')).text).toMatch(/^Welcome back/);
      expect((await again.answer(PIN)).text).toMatch(/Continue/);
      expect(await everythingInRedis(plain)).not.toContain(PIN);
    } finally {
      delete t.deps.app.callbacks.now;
    }
  });
});

describe('a PIN typed into the dial string, on a gateway that keeps the dial as the first input (Comviva Flares over GET)', () => {
  it('when *900*1*731946# is dialled, then the parts are walked to the confirmation, and the dial string is kept only as a keyed token', async () => {
    const clock = manualClock(t);
    try {
      const caller = gatewayCaller(t, flaresGetDriver, clock);
      expect(await caller.dial(`*900*1*${PIN}#`)).toEqual(CON('Confirm PIN:'));
      expect(await plain.get(sessionKey('flares-get', caller.ids.sessionId))).toMatch(/^\[1,"[^"]+","~[\w-]{22}",/);
      expect(await everythingInRedis(plain)).not.toContain(PIN);
      expect(await caller.resend()).toEqual(CON('Confirm PIN:'));
      expect(await caller.answer(PIN)).toEqual(END('PIN changed. Ref PX7.'));
    } finally {
      delete t.deps.app.callbacks.now;
    }
  });
});

describe('replicas and the session key', () => {
  it('when a session sealed on one replica goes on on another with the same SESSION_SECRET_KEY, then the PIN opens there; with another key, the caller gets a clean END and the log says why', async () => {
    const same = await startTestApp(env(KEY), { write: () => undefined });
    const otherLogs: string[] = [];
    const other = await startTestApp(env(OTHER_KEY), { write: (line) => void otherLogs.push(line) });
    try {
      const first = atCaller(t.app, { serviceCode: '*900#' });
      await first.hop('');
      await first.hop('1');
      await first.hop(`1*${PIN}`);
      expect(await atCaller(same.app, { serviceCode: '*900#', sessionId: first.sessionId, phoneNumber: first.phoneNumber }).hop(`1*${PIN}*${PIN}`)).toBe('END PIN changed. Ref PX7.');

      const second = atCaller(t.app, { serviceCode: '*900#' });
      await second.hop('');
      await second.hop('1');
      await second.hop(`1*${PIN}`);
      const res = await atCaller(other.app, { serviceCode: '*900#', sessionId: second.sessionId, phoneNumber: second.phoneNumber }).post(`1*${PIN}*${PIN}`);
      expect([res.status, res.text]).toEqual([200, 'END Service is temporarily unavailable. Please try again shortly.']);
      const failed = otherLogs.map((l) => JSON.parse(l) as { msg: string; err?: { type: string; message: string } }).find((l) => l.msg === 'answered unavailable: the turn failed');
      expect(failed?.err).toMatchObject({ type: 'UnsealableError', message: expect.stringContaining('sealed under another SESSION_SECRET_KEY') });
      expect(otherLogs.join('')).not.toContain(PIN);
    } finally {
      await same.close();
      await other.close();
    }
  });
});
