import { Redis } from 'ioredis';
import { sessionKey } from '../../src/session/keys';
import { atCaller, startTestApp, type TestApp } from '../support/app';
import { tempMenusDir } from '../support/menus-dir';
import { ownRedis, type OwnRedis } from '../support/own-redis';
import { startSourceStub, type SourceStub } from '../support/source-stub';

/**
 * `first` (a source the hop calls first) stalls Redis as it answers, so the cached fetch after it
 * (`market`, cacheSeconds 60) meets a Redis that does not answer its cache read. The hop has
 * 1700 ms for source calls (RESPONSE_DEADLINE_MS 2000); Redis sleeps 1.72 s, waking before the
 * deadline guard would answer (1900 ms) but after the time for source calls is over.
 */
const MENU = `
id: stall
serviceCodes: ["*630#"]
start: first
sources:
  first: { url: "\${SOURCE_STUB_URL}" }
  market: { url: "\${SOURCE_STUB_URL}", cacheSeconds: 60 }
screens:
  first:
    type: fetch
    source: first
    path: /stall
    goto: prices
    onError: unavailable
  prices:
    type: fetch
    source: market
    path: /prices
    set: { maize: "=response.maize" }
    goto: show
    onError: unavailable
  show:
    type: end
    text: "Maize {{maize}}."
  unavailable:
    type: end
    text: "Service unavailable, try later."
`;

const BUSY = 'END Service is temporarily unavailable. Please try again shortly.';
const menus = tempMenusDir();
let server: OwnRedis;
let admin: Redis;
let stub: SourceStub;
let t: TestApp;
let stalled: Promise<unknown> = Promise.resolve();

beforeAll(async () => {
  server = await ownRedis(['--enable-debug-command', 'local']);
  admin = new Redis(server.url);
  stub = await startSourceStub();
  stub.route('/stall', (_req, res) => {
    stalled = admin.call('DEBUG', 'SLEEP', '1.72');
    // A sleeping Redis cannot confirm it sleeps: give the command time to arrive.
    setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'), 50);
  });
  menus.write('stall.menu.yaml', MENU);
  t = await startTestApp({ MENUS_DIR: menus.dir, REDIS_URL: server.url, SOURCE_STUB_URL: stub.url, REDIS_COMMAND_TIMEOUT_MS: '10000', RESPONSE_DEADLINE_MS: '2000' });
});
afterAll(async () => {
  admin.disconnect();
  await t.close();
  await stub.close();
  await server.stop();
  menus.remove();
});

describe('a cached fetch while Redis stalls', () => {
  it('when the cache read does not answer, then it counts as a miss in time for the source to be called, and the caller is told what is stored', async () => {
    const at = atCaller(t.app, { serviceCode: '*630#' });
    const reply = await at.hop('');
    await stalled;
    // A cache read held until Redis woke would leave no time to call the source at all.
    expect(stub.requests.filter((r) => r.path === '/prices')).toHaveLength(1);
    // Redis wakes 20 ms after the time for source calls and ~180 ms before the guard answers busy:
    // on an idle machine the hop is stored in time ("Maize 42."); on a loaded one the guard may
    // answer first, and then that is what is stored. Never one told and the other kept.
    expect(['END Maize 42.', BUSY]).toContain(reply);
    const stored = JSON.parse((await admin.get(sessionKey('at', at.sessionId))) ?? 'null') as [number, number, string];
    expect(`END ${stored[2]}`).toBe(reply);
  });
});
