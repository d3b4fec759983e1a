import { throwawaySealer } from '../../src/infra/session-sealer';
import request from 'supertest';
import { startLegacySandbox, type LegacySandbox } from '../../src/sandbox/legacy-sandbox';
import { shadowKey } from '../../src/session/keys';
import type { ShadowResult, ShadowResults } from '../../src/session/shadow-port';
import { ShadowRunner } from '../../src/session/shadow-runner';
import { atCaller, startTestApp, type TestApp } from '../support/app';
import { eventually } from '../support/eventually';
import { uniqueId } from '../support/redis';
import { startSourceStub, type SourceStub } from '../support/source-stub';

jest.setTimeout(30_000);

const LEGACY_MAIN = 'CON Welcome to Eneza\n1. Start Quiz\n2. My Score\n3. Old services';
const prefix = uniqueId('sh').replace(/[^a-z0-9]/gi, '');
const SLOW_MS = 1000;

let legacy: LegacySandbox;
let source: SourceStub;
let t: TestApp;
const lines: string[] = [];
beforeAll(async () => {
  legacy = await startLegacySandbox();
  source = await startSourceStub();
  source.route('/slow-score', (_req, res) => void setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{"score":1}'), SLOW_MS));
  const env = { MENUS_DIR: 'test/fixtures/shadow-menus', LEGACY_AFRICASTALKING_URL: legacy.url, SOURCE_SCORES_URL: source.url, KEY_PREFIX: prefix, LOG_LEVEL: 'info' };
  t = await startTestApp(env, { write: (l) => void lines.push(l) });
});
afterAll(async () => {
  await t.close();
  await Promise.all([legacy.close(), source.close()]);
});

/** `ussd_shadow_comparisons_total{menu="shadowed"}` by result, as /metrics shows it. */
async function comparisons(): Promise<Record<string, number>> {
  const text = (await request(t.app).get('/metrics')).text;
  const out: Record<string, number> = {};
  for (const m of text.matchAll(/^ussd_shadow_comparisons_total\{menu="shadowed",result="(\w+)"\} (\d+)$/gm)) out[m[1] as string] = Number(m[2]);
  return out;
}

/** Waits until the counts reach `expected` (shadow runs finish after the replies). */
async function countsReach(expected: Record<string, number>): Promise<void> {
  await eventually(async () => {
    const got = await comparisons();
    return Object.entries(expected).every(([k, v]) => (got[k] ?? 0) >= v) ? got : undefined;
  }, `shadow counts ${JSON.stringify(expected)}`);
  expect(await comparisons()).toEqual(expect.objectContaining(expected));
}

const keysOf = (kind: string) => t.deps.redis.keys(`${prefix}:${kind}:*`);

describe('shadow comparison of a menu at share 0', () => {
  it('when a caller on the legacy side plays the quiz, then three screens match, the ending mismatches, and the mismatch is logged with numbers masked', async () => {
    const before = await comparisons();
    const caller = atCaller(t.app);
    expect(await caller.hop('')).toBe(LEGACY_MAIN);
    await countsReach({ match: (before.match ?? 0) + 1 });
    expect(await caller.hop('1')).toBe('CON Choose a subject:\n1. Math\n2. Science');
    await countsReach({ match: (before.match ?? 0) + 2 });
    expect(await caller.hop('1*1')).toBe('CON What is 7 x 8?\n1. 54\n2. 56\n3. 58');
    await countsReach({ match: (before.match ?? 0) + 3 });
    expect(await caller.hop('1*1*2')).toBe('END Correct! Your score: 1. Thank you for learning with Eneza.');
    await countsReach({ match: (before.match ?? 0) + 3, mismatch: (before.mismatch ?? 0) + 1 });

    const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'shadow run differs from the legacy app');
    expect(logged).toEqual([
      expect.objectContaining({
        sessionId: caller.sessionId,
        menu: 'shadowed',
        screen: 'done',
        hop: 4,
        msisdn: `${caller.phoneNumber.slice(1, 5)}****${caller.phoneNumber.slice(-4)}`,
        here: 'Well done! Score: 1. Help: 071****333.',
        legacy: 'Correct! Your score: 1. Thank you for learning with Eneza.',
      }),
    ]);
    expect(lines.join('\n')).not.toContain(caller.phoneNumber.slice(1));
  });

  it("when a caller answers faster than the shadow runs, then each run still steps from the one before: the same counts", async () => {
    const before = await comparisons();
    const caller = atCaller(t.app);
    for (const chain of ['', '1', '1*1', '1*1*2']) await caller.hop(chain);
    await countsReach({ match: (before.match ?? 0) + 3, mismatch: (before.mismatch ?? 0) + 1 });
    await t.deps.shadow?.idle();
    expect(await comparisons()).toEqual({ ...before, match: (before.match ?? 0) + 3, mismatch: (before.mismatch ?? 0) + 1 });
  });

  it('when the shadow reaches screens with an SMS and a profile write, then nothing is sent, queued or written: only its own key, removed at the end', async () => {
    const caller = atCaller(t.app);
    for (const chain of ['', '1', '1*1']) await caller.hop(chain);
    const key = shadowKey('at', caller.sessionId, prefix);
    await eventually(async () => ((await t.deps.redis.get(key)) !== null ? true : undefined), 'the shadow state');
    const ttl = await t.deps.redis.ttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(t.deps.config.SESSION_TTL_SECONDS);
    const before = await comparisons();
    await caller.hop('1*1*2');
    await countsReach({ mismatch: (before.mismatch ?? 0) + 1 });
    expect(await t.deps.redis.exists(key)).toBe(0);
    expect({ profiles: await keysOf('p'), outboxes: await keysOf('o'), resume: await keysOf('r') }).toEqual({ profiles: [], outboxes: [], resume: [] });
    const jobs = await t.deps.effects.queues.byName.sms.getJobs(['waiting', 'delayed', 'active', 'prioritized', 'completed', 'failed']);
    expect(jobs.filter((j) => (j.data as { sessionId?: string }).sessionId === caller.sessionId)).toEqual([]);
  });

  it('when the shadow reads a slow source with GET, then the caller gets the legacy reply at once and the comparison comes after', async () => {
    const caller = atCaller(t.app);
    await caller.hop('');
    // The dial's own comparison runs after its reply: counted before this test's baseline.
    await t.deps.shadow?.idle();
    const before = await comparisons();
    const started = performance.now();
    expect(await caller.hop('2')).toBe('END Your score is kept by the new service now.');
    expect(performance.now() - started).toBeLessThan(SLOW_MS / 2);
    expect(await comparisons()).toEqual(before);
    await countsReach({ match: (before.match ?? 0) + 1 });
    expect(source.requests.filter((r) => r.path === '/slow-score').length).toBeGreaterThan(0);
  });

  it('when the shadow reaches a fetch that would POST, then the source hears nothing, the run stops, and later hops are not compared', async () => {
    const caller = atCaller(t.app);
    await caller.hop('');
    await t.deps.shadow?.idle();
    const before = await comparisons();
    expect(await caller.hop('3')).toBe('CON Old services\n1. Airtime\n2. Bundles');
    const key = shadowKey('at', caller.sessionId, prefix);
    await eventually(async () => ((await t.deps.redis.exists(key)) === 0 ? true : undefined), 'the stopped run to drop its state');
    expect(await caller.hop('3*2')).toBe('END Bundles are sold out.');
    await t.deps.shadow?.idle();
    expect(await comparisons()).toEqual(before);
    expect(source.requests.filter((r) => r.method === 'POST')).toEqual([]);
    expect(lines.map((l) => JSON.parse(l) as Record<string, unknown>)).toContainEqual(expect.objectContaining({ sessionId: caller.sessionId, screen: 'visit-log', msg: 'shadow run stopped at a POST fetch: nothing more of this session is compared' }));
  });
});

describe('shadow runs of a menu with a sensitive input', () => {
  it('when a caller on the legacy side types a PIN, then the shadow keeps it sealed: it is nowhere in Redis', async () => {
    const caller = atCaller(t.app, { serviceCode: '*386#' });
    for (const text of ['', '1', '1*731946']) {
      await caller.hop(text);
      await t.deps.shadow?.idle();
    }
    const [key] = await keysOf('sh');
    expect(key).toBeDefined();
    const everything = await Promise.all((await t.deps.redis.keys(`${prefix}:*`)).map(async (k) => `${k} ${(await t.deps.redis.type(k)) === 'string' ? await t.deps.redis.get(k) : ''}`));
    expect(everything.join('\n')).not.toContain('731946');
  });
});

describe('shadow runs under load', () => {
  it('when more runs are offered than may be in flight, then the rest are dropped and counted, never queued', () => {
    const results: { compared: [string, ShadowResult][]; dropped: string[] } = { compared: [], dropped: [] };
    const counting: ShadowResults = { compared: (m, r) => void results.compared.push([m, r]), dropped: (m) => void results.dropped.push(m) };
    const runner = new ShadowRunner({ ...t.deps.app.callbacks, store: { load: () => new Promise(() => undefined), save: () => Promise.resolve(), remove: () => Promise.resolve() }, profiles: t.deps.app.callbacks.store, sealer: throwawaySealer(), config: t.deps.config, now: () => Date.now() / 1000 }, counting, 2);
    const turn = { gateway: 'at', msisdn: '254700000009', serviceCode: '*384#', kind: 'continue' as const, input: '1', chain: '1' };
    const relayed = { reply: { status: 200, headers: {}, body: 'CON x' }, ok: true, screen: { text: 'x', end: false }, forwarding: { menu: 'shadowed', shadow: true as const }, hop: 2 };
    for (let i = 0; i < 5; i++) runner.offer({ ...turn, sessionId: `load-${i}` }, relayed);
    expect(results.dropped).toEqual(['shadowed', 'shadowed', 'shadowed']);
  });
});
