import { GATEWAYS } from '../../src/gateways/registry';
import type { GatewayCodec, RawRequest } from '../../src/gateways/codec';
import { LEGACY_UNAVAILABLE_TEXT } from '../../src/infra/legacy/legacy-app';
import { startLegacySandbox, type LegacySandbox } from '../../src/sandbox/legacy-sandbox';
import { sessionKey } from '../../src/session/keys';
import { atCaller, startTestApp, type TestApp } from '../support/app';
import { startEffectsHarness, type EffectsHarness } from '../support/effects';
import { uniqueMsisdn } from '../support/gateways/caller';
import { DRIVERS } from '../support/gateways/index';
import { send } from '../support/gateways/wire';
import { startRecordingLegacyApp, type Received } from '../support/legacy-stub';
import { uniqueId } from '../support/redis';

jest.setTimeout(30_000);

const MENUS_DIR = 'test/fixtures/handoff-menus';
const MAIN = 'CON Welcome to Eneza\n1. Start Quiz\n2. Airtime\n3. Old services';

describe("hand-off screens on Africa's Talking (the legacy sandbox)", () => {
  let legacy: LegacySandbox;
  let h: EffectsHarness;
  beforeAll(async () => {
    legacy = await startLegacySandbox();
    h = await startEffectsHarness({ env: { MENUS_DIR, LEGACY_AFRICASTALKING_URL: legacy.url, LEGACY_TIMEOUT_MS: '300', BREAKER_VOLUME_THRESHOLD: '1000' } });
  });
  afterEach(() => legacy.setKnobs({ latencyMs: 0, status: 200 }));
  afterAll(async () => {
    await h.close();
    await legacy.close();
  });

  it('when a caller picks the option that hands off with path 3*1, then the legacy app sees 3*1 then 3*1*2 and its replies reach the caller', async () => {
    const caller = atCaller(h.app);
    expect(await caller.hop('')).toBe(MAIN);
    const from = legacy.received.length;
    expect(await caller.hop('2')).toBe('CON Airtime\n1. KES 10\n2. KES 20');
    expect(await caller.hop('2*2')).toBe('END You bought KES 20 of airtime.');
    const got = legacy.received.slice(from);
    expect(got.map((r) => r.form)).toEqual([
      { sessionId: caller.sessionId, serviceCode: '*384#', phoneNumber: caller.phoneNumber, networkCode: '63902', text: '3*1' },
      { sessionId: caller.sessionId, serviceCode: '*384#', phoneNumber: caller.phoneNumber, networkCode: '63902', text: '3*1*2' },
    ]);
  });

  it('when a hand-off has no path, then the legacy app sees the dial (empty text), then the inputs after the hand-off only', async () => {
    const caller = atCaller(h.app);
    await caller.hop('');
    const from = legacy.received.length;
    expect(await caller.hop('3')).toBe('CON Welcome to Eneza\n1. Start Quiz\n2. My Score\n3. Old services');
    expect(await caller.hop('3*3')).toBe('CON Old services\n1. Airtime\n2. Bundles');
    expect(await caller.hop('3*3*2')).toBe('END Bundles are sold out.');
    expect(legacy.received.slice(from).map((r) => r.form.text)).toEqual(['', '3', '3*2']);
  });

  it('when a session is handed off, then its key keeps the marker with the dial string, the path and the chain length, and none of the inputs', async () => {
    const caller = atCaller(h.app);
    await caller.hop('');
    await caller.hop('2');
    const key = sessionKey('at', caller.sessionId, h.deps.config.KEY_PREFIX);
    expect(await h.deps.redis.get(key)).toBe('[2,-2,"shop",0,"*384*3*1#","3*1",1]');
    await caller.hop('2*1');
    expect(await h.deps.redis.get(key)).toBe('[3,-2,"shop",0,"*384*3*1#","3*1",1]');
    const ttl = await h.deps.redis.ttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(h.deps.config.SESSION_TTL_SECONDS);
  });

  it('when the option that hands off also decides an SMS, then the SMS is still sent', async () => {
    const caller = atCaller(h.app);
    await caller.hop('');
    await caller.hop('2');
    const [id] = await h.jobIds('sms', caller.sessionId);
    expect(await h.settled('sms', [id as string])).toEqual(['completed']);
    expect(JSON.parse(h.sms.ledger.get(id as string)?.request ?? '{}')).toEqual({ to: caller.phoneNumber.slice(1), text: 'Airtime is sold by our old service for now.', reference: id });
  });

  it('when the legacy app is down at the hand-off, then the caller gets the polite END within the timeout, and the SMS is still sent', async () => {
    legacy.setKnobs({ latencyMs: 3000 });
    const caller = atCaller(h.app);
    await caller.hop('');
    const started = performance.now();
    const res = await caller.post('2');
    expect({ status: res.status, body: res.text }).toEqual({ status: 200, body: `END ${LEGACY_UNAVAILABLE_TEXT}` });
    expect(performance.now() - started).toBeLessThan(1500);
    const [id] = await h.jobIds('sms', caller.sessionId);
    expect(await h.settled('sms', [id as string])).toEqual(['completed']);
  });

  it('when the gateway retries the hand-off hop, then the legacy app gets the new-session text again, not an input', async () => {
    const caller = atCaller(h.app);
    await caller.hop('');
    const from = legacy.received.length;
    await caller.hop('2');
    await caller.hop('2');
    expect(legacy.received.slice(from).map((r) => r.form.text)).toEqual(['3*1', '3*1']);
  });
});

describe('a hand-off on a gateway without a legacy app', () => {
  it("when a caller reaches a handoff screen, then the menu's unavailable END, and the load warned about it", async () => {
    const lines: string[] = [];
    const t: TestApp = await startTestApp({ MENUS_DIR, LOG_LEVEL: 'warn' }, { write: (l) => void lines.push(l) });
    try {
      const caller = atCaller(t.app);
      await caller.hop('');
      expect(await caller.hop('2')).toBe('END Service is temporarily unavailable. Please try again shortly.');
      const warned = lines.map((l) => JSON.parse(l) as { msg: string }).map((l) => l.msg);
      expect(warned).toContainEqual(expect.stringMatching(/shop\.menu\.yaml:\d+:\d+ warning: handoff "airtime": no legacy app for africastalking, .*set LEGACY_<GATEWAY>_URL/));
      expect(warned).toContain('handoff screen reached, but this gateway has no legacy app (LEGACY_<GATEWAY>_URL): answered unavailable');
    } finally {
      await t.close();
    }
  });
});

/** Reads a request the legacy app received as the gateway's own codec would: what a legacy app built for that gateway sees. */
function asTheGatewaySends(codec: GatewayCodec<never>, r: Received) {
  const raw: RawRequest = { method: r.method, query: r.url.split('?')[1] ?? '', headers: { 'content-type': r.headers['content-type'] as string | undefined }, body: r.body };
  const parsed = codec.parse(raw);
  if (!parsed.ok) throw new Error(`the legacy app got what ${codec.name} never sends: ${parsed.problems.join('; ')}`);
  // Gateways that do not mark the dial: any digits may be one; only the legacy app's own memory tells.
  const { kind, serviceCode, dialIfNew, input, seq, chain } = parsed.turn;
  return { kind, dials: kind === 'start' ? serviceCode : dialIfNew, input, seq, chain };
}

describe('hand-off conformance: every gateway', () => {
  let stub: Awaited<ReturnType<typeof startRecordingLegacyApp>>;
  let t: TestApp;
  beforeAll(async () => {
    stub = await startRecordingLegacyApp();
    const urls = Object.fromEntries([...new Set(GATEWAYS.map((g) => g.envName))].map((name) => [`LEGACY_${name}_URL`, stub.url]));
    t = await startTestApp({ MENUS_DIR, ...urls, GATEWAY_BEEM_SERVICE_CODE: '*384#', GATEWAY_TRUROUTE_SERVICE_CODE: '*384#' });
  });
  afterAll(async () => {
    await t.close();
    await stub.close();
  });

  const chainDrivers = DRIVERS.filter((d) => d.retry === 'chain');
  it.each(chainDrivers.map((d) => [d.name, d] as const))('%s: the legacy app sees text 3*1, then 3*1*1 (form or JSON, as sent)', async (_name, driver) => {
    const codec = GATEWAYS.find((g) => g.name === (driver.codec ?? driver.name)) as GatewayCodec<never>;
    const session = driver.session({ sessionId: uniqueId(driver.name), msisdn: uniqueMsisdn() });
    await send(t.app, session.dial('*384#'));
    const from = stub.received.length;
    const sent = [session.answer('2'), session.answer('1')];
    for (const hop of sent) await send(t.app, hop);
    const got = stub.received.slice(from);
    expect(got.map((r) => r.headers['content-type'])).toEqual(sent.map((r) => r.contentType));
    expect(got.map((r) => asTheGatewaySends(codec, r).chain)).toEqual(['3*1', '3*1*1']);
  });

  const dialStringDrivers = DRIVERS.filter((d) => d.retry !== 'chain');
  it.each(dialStringDrivers.map((d) => [d.name, d] as const))('%s: the hand-off hop reaches the legacy app as a new session dialling *384*3*1#, then the inputs as sent', async (_name, driver) => {
    const codec = GATEWAYS.find((g) => g.name === (driver.codec ?? driver.name)) as GatewayCodec<never>;
    const session = driver.session({ sessionId: uniqueId(driver.name), msisdn: uniqueMsisdn() });
    const dial = await send(t.app, session.dial('*384#'));
    expect(driver.read(dial).text).toBe('Welcome to Eneza\n1. Start Quiz\n2. Airtime\n3. Old services');
    const from = stub.received.length;
    const handoff = await send(t.app, session.answer('2'));
    const next = session.answer('1');
    const later = await send(t.app, next);
    expect([handoff.body, later.body]).toEqual([`legacy reply ${from + 1}`, `legacy reply ${from + 2}`]);
    const [opening, second] = stub.received.slice(from) as [Received, Received];
    expect(asTheGatewaySends(codec, opening)).toEqual(expect.objectContaining({ kind: driver.unmarkedDial || driver.name === 'flares-airtel-malawi' ? 'continue' : 'start', dials: '*384*3*1#' }));
    expect(asTheGatewaySends(codec, second)).toEqual(expect.objectContaining({ kind: 'continue', input: '1' }));
    // Hubtel numbers hops: the legacy app's session starts at 1.
    if (asTheGatewaySends(codec, opening).seq !== undefined) expect([asTheGatewaySends(codec, opening).seq, asTheGatewaySends(codec, second).seq]).toEqual([1, 2]);
    else expect(second.body).toBe(next.body === undefined ? '' : String(next.body));
  });
});
