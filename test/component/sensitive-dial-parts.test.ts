import { Redis } from 'ioredis';
import { startLegacySandbox, type LegacySandbox } from '../../src/sandbox/legacy-sandbox';
import { atCaller, startTestApp, type TestApp } from '../support/app';
import { tempMenusDir } from '../support/menus-dir';
import { ownRedis, type OwnRedis } from '../support/own-redis';
import { everythingInRedis } from '../support/redis-dump';

/**
 * A PIN typed as a dial part (`*902*1*731946#`) over Africa's Talking, in a menu with a `handoff`
 * screen: the menu keeps the code dialled for the hand-off, which must be its own code, never
 * the dial parts, in Redis and in what the legacy app is sent.
 */
const PIN = '731946';
const MENU = `id: vault
serviceCodes: ["*902#"]
start: home
screens:
  home:
    type: menu
    text: Vault
    options:
      - { label: PIN, goto: pin }
  pin: { type: input, text: "PIN:", save: pin, sensitive: true, goto: next }
  next:
    type: menu
    text: Next
    options:
      - { label: Old services, goto: legacy }
  legacy: { type: handoff, path: "5" }
`;

const menus = tempMenusDir();
let redis: OwnRedis;
let plain: Redis;
let legacy: LegacySandbox;
let t: TestApp;
beforeAll(async () => {
  menus.write('vault.menu.yaml', MENU);
  redis = await ownRedis();
  plain = new Redis(redis.url);
  legacy = await startLegacySandbox();
  t = await startTestApp({ REDIS_URL: redis.url, MENUS_DIR: menus.dir, LEGACY_AFRICASTALKING_URL: legacy.url, SESSION_SECRET_KEY: 'k3y-for-the-dial-parts-test-0123456789abcdef' });
});
afterAll(async () => {
  await t.close();
  await legacy.close();
  plain.disconnect();
  await redis.stop();
  menus.remove();
});

describe("a PIN as a dial part, in a menu that hands off, over Africa's Talking", () => {
  it('when the dial walks into the PIN screen, then Redis holds the menu code, never the PIN', async () => {
    const at = atCaller(t.app, { serviceCode: `*902*1*${PIN}#` });
    expect(await at.hop('')).toBe('CON Next\n1. Old services');
    const stored = await everythingInRedis(plain);
    expect(stored).toContain('*902#');
    expect(stored).not.toContain(PIN);
  });

  it('when the session is handed off, then the legacy app is sent the menu code and the path, never the PIN', async () => {
    const at = atCaller(t.app, { serviceCode: `*902*1*${PIN}#` });
    await at.hop('');
    const before = legacy.received.length;
    await at.hop('1');
    const [handed] = legacy.received.slice(before);
    expect(handed?.form).toMatchObject({ serviceCode: '*902#', text: '5' });
    expect(handed?.body).not.toContain(PIN);
  });
});
