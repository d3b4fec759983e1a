import { Redis } from 'ioredis';
import request from 'supertest';
import { outboxKeyOf, sessionKey } from '../../src/session/keys';
import { atCaller, startTestApp, type TestApp } from '../support/app';
import { ownRedis, type OwnRedis } from '../support/own-redis';
import { hopDuringStall } from '../support/redis-stall';

const WELCOME = /^CON Welcome to Eneza/;
const SCORE = /^END You scored 3\/3/;
const BUSY = 'END Eneza is busy right now. Please dial *384# again shortly.';
const QUIZ = ['', '1', '1*1', '1*1*2', '1*1*2*1'];
const FINAL = '1*1*2*1*3';

/**
 * This host's clock off Redis's by `skewMs` (Date.now shifted in this process, where the app runs;
 * Redis keeps the real time). Each hop's writes carry a cut-off the compare-and-set script compares
 * with Redis's TIME (docs/adr/deadline-in-script.md), so the cut-off has to be on Redis's clock.
 */
describe.each([
  { skewMs: -5_000, side: 'behind' },
  { skewMs: 5_000, side: 'ahead of' },
])('with this host $side Redis by 5 s', ({ skewMs }) => {
  let server: OwnRedis;
  let t: TestApp;
  let admin: Redis;
  let dateNow: jest.SpyInstance<number, []>;
  const logLines: string[] = [];
  beforeAll(async () => {
    const realNow = Date.now.bind(Date);
    dateNow = jest.spyOn(Date, 'now').mockImplementation(() => realNow() + skewMs);
    server = await ownRedis(['--enable-debug-command', 'local']);
    const env = { REDIS_URL: server.url, REDIS_COMMAND_TIMEOUT_MS: '10000', RESPONSE_DEADLINE_MS: '400', LOG_LEVEL: 'warn' };
    t = await startTestApp(env, { write: (line) => void logLines.push(line) });
    admin = new Redis(server.url);
  });
  afterAll(async () => {
    admin.disconnect();
    await t.close();
    await server.stop();
    dateNow.mockRestore();
  });

  it('says so: the offset in /metrics, and one warning', async () => {
    const metrics = await request(t.app).get('/metrics');
    const offset = Number(/^ussd_redis_clock_offset_seconds (\S+)$/m.exec(metrics.text)?.[1]);
    expect(Math.abs(offset + skewMs / 1000)).toBeLessThan(0.05);
    const warnings = logLines.map((l) => JSON.parse(l) as { msg: string; offsetMs?: number }).filter((l) => l.offsetMs !== undefined);
    expect(warnings).toEqual([expect.objectContaining({ msg: expect.stringMatching(/differ by more than a second/) })]);
  });

  it('a quiz is answered and stored as usual', async () => {
    const at = atCaller(t.app);
    expect(await at.hop('')).toMatch(WELCOME);
    for (const text of QUIZ.slice(1)) await at.hop(text);
    expect(await at.hop(FINAL)).toMatch(SCORE);
    expect(await admin.exists(outboxKeyOf(sessionKey('at', at.sessionId)))).toBe(1);
  });

  it('a hop whose write runs after its caller was answered busy still stores nothing but the busy answer', async () => {
    const at = atCaller(t.app);
    for (const text of QUIZ) await at.hop(text);
    const key = sessionKey('at', at.sessionId);

    expect(await hopDuringStall(t, admin, '1', key, () => at.hop(FINAL))).toEqual({ reply: BUSY, stored: [6, -1, BUSY.slice(4)] });
    expect(await admin.exists(outboxKeyOf(key))).toBe(0);
  });
});
