import { Redis } from 'ioredis';
import { outboxKeyOf, resumeKey, sessionKey } from '../../src/session/keys';
import { startTestApp, type TestApp } from '../support/app';
import { eventually } from '../support/eventually';
import { manualClock, uniqueMsisdn } from '../support/gateways/caller';
import { arkeselDriver } from '../support/gateways/arkesel.driver';
import { send } from '../support/gateways/wire';
import { holdWrites, PATIENT_WRITES } from '../support/held-writes';
import { ownRedis, type OwnRedis } from '../support/own-redis';
import { uniqueId } from '../support/redis';

/**
 * Arkesel never reports a dropped dialogue, so a session off its start screen keeps a resume
 * pointer and a new dial offers to resume it. The old session's last answer, delivered late by the
 * gateway, and the caller's new dial race: the dial must not offer (and delete) a copy of the old
 * session that its answer has moved on from, or the quiz is played and charged twice.
 */
let server: OwnRedis;
let a: TestApp;
let b: TestApp;
let admin: Redis;
let clock: { advance(seconds: number): void };
beforeAll(async () => {
  server = await ownRedis();
  // Writes held for the race must not be answered busy meanwhile.
  const env = { REDIS_URL: server.url, ...PATIENT_WRITES };
  [a, b] = await Promise.all([startTestApp(env), startTestApp(env)]);
  admin = new Redis(server.url);
  clock = manualClock(a, b);
});
afterAll(async () => {
  admin.disconnect();
  await Promise.all([a.close(), b.close()]);
  await server.stop();
});

const read = async (reply: ReturnType<typeof send>) => arkeselDriver.read(await reply).text;
const effectKinds = async (sessionId: string) =>
  Object.values(await admin.hgetall(outboxKeyOf(sessionKey('arkesel', sessionId)))).map((e) => (JSON.parse(e) as { e: { kind: string } }).e.kind).sort();

describe("a new dial racing the old session's last answer", () => {
  it('when the answer is stored first, then the dial does not resume the old copy: it starts afresh, and the quiz is charged once', async () => {
    const msisdn = uniqueMsisdn();
    const [oldId, newId] = [uniqueId('old'), uniqueId('new')];
    const old = arkeselDriver.session({ sessionId: oldId, msisdn });
    const fresh = arkeselDriver.session({ sessionId: newId, msisdn });
    await send(a.app, old.dial('*384#'));
    for (const input of ['1', '1', '2']) {
      clock.advance(5);
      await send(a.app, old.answer(input));
    }
    clock.advance(5);
    expect(await read(send(a.app, old.answer('1')))).toMatch(/^Q3/);
    expect(await admin.get(resumeKey('eneza', msisdn))).toBe(sessionKey('arkesel', oldId));

    clock.advance(3);
    const held = await holdWrites(admin, [a, b]);
    let replies: string[];
    try {
      // The old session's answer sends its compare-and-set first; the dial reads the old session on Q3 before that runs.
      const answer = read(send(a.app, old.answer('3')));
      await eventually(() => held.sent(a) === 1, "the answer's compare-and-set sent", 3000);
      const dial = read(send(b.app, fresh.dial('*384#')));
      await eventually(() => held.sent(b) === 1, "the dial's compare-and-set sent", 3000);
      await held.release();
      replies = await Promise.all([answer, dial]);
    } finally {
      await held.release();
    }
    expect(replies[0]).toMatch(/^You scored 3\/3/);
    expect(replies[1]).toMatch(/^Welcome to Eneza/);
    expect(await effectKinds(oldId)).toEqual(['charge', 'sms']);
    expect(await effectKinds(newId)).toEqual([]);
    expect(JSON.parse((await admin.get(sessionKey('arkesel', oldId))) ?? 'null')).toEqual([6, -1, expect.stringMatching(/^You scored 3\/3/)]);
  });
});
