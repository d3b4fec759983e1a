import { throwawaySealer } from '../../src/infra/session-sealer';
import { RedisShadowStore } from '../../src/infra/redis-shadow-store';
import type { ShadowResult } from '../../src/session/shadow-port';
import { ShadowRunner } from '../../src/session/shadow-runner';
import { startTestApp, type TestApp } from '../support/app';
import { uniqueId } from '../support/redis';

/**
 * Shadow runs of one session step each hop from the state the run of the hop before saved. A run
 * that never happened (dropped for load: at most one in flight here) must end the comparisons of
 * its session, not let the next run step from a screen the caller has left; a gateway's retry
 * (compared by no one) must not end them. The runner is driven directly, on real Redis, with the
 * legacy replies the tests give (test/fixtures/shadow-menus/shadowed.menu.yaml).
 */
const WELCOME = 'Welcome to Eneza\n1. Start Quiz\n2. My Score\n3. Old services';
const SUBJECTS = 'Choose a subject:\n1. Math\n2. Science';
const QUESTION = 'What is 7 x 8?\n1. 54\n2. 56\n3. 58';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ MENUS_DIR: 'test/fixtures/shadow-menus', SOURCE_SCORES_URL: 'http://127.0.0.1:9/', LEGACY_AFRICASTALKING_URL: 'http://127.0.0.1:9/' });
});
afterAll(() => t.close());

function shadowOf(maxInFlight: number) {
  const results: ShadowResult[] = [];
  const dropped: string[] = [];
  const c = t.deps.app.callbacks;
  const runner = new ShadowRunner(
    { menus: c.menus, store: new RedisShadowStore(t.deps.redis), profiles: c.store, sealer: throwawaySealer(), log: c.log, config: t.deps.config, now: () => Date.now() / 1000 },
    { compared: (_menu, r) => void results.push(r), dropped: (menu) => void dropped.push(menu) },
    maxInFlight,
  );
  const base = { gateway: 'at', sessionId: uniqueId('sh'), msisdn: '254711000111', serviceCode: '*384#', pageSize: 182 };
  const forwarding = { menu: 'shadowed', shadow: true as const };
  /** The forwarded session's hop `hop` on the chain `chain`, which the legacy app answered `legacy`. */
  const offer = (hop: number, chain: string, legacy: string) =>
    runner.offer({ ...base, kind: chain === '' ? 'start' : 'continue', input: chain.split('*').at(-1) ?? '', chain }, {
      reply: { status: 200, headers: {}, body: `CON ${legacy}` },
      ok: true,
      screen: { text: legacy, end: false },
      forwarding,
      hop,
    });
  return { runner, offer, results, dropped };
}

describe('shadow runs that did not happen', () => {
  it('when a run is dropped for load, then the next hop of that session compares nothing (no false mismatch)', async () => {
    const { runner, offer, results, dropped } = shadowOf(1);
    offer(1, '', WELCOME);
    offer(2, '1', SUBJECTS);
    await runner.idle();
    offer(3, '1*1', QUESTION);
    await runner.idle();
    expect(dropped).toEqual(['shadowed']);
    expect(results).toEqual(['match']);
  });

  it("when the gateway retries a hop, then the retry compares nothing and the next hop is compared as usual", async () => {
    const { runner, offer, results } = shadowOf(64);
    offer(1, '', WELCOME);
    await runner.idle();
    offer(2, '1', SUBJECTS);
    await runner.idle();
    offer(3, '1', SUBJECTS);
    await runner.idle();
    offer(4, '1*1', QUESTION);
    await runner.idle();
    expect(results).toEqual(['match', 'match', 'match']);
  });
});
