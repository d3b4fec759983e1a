import { menuVersion } from '../../src/infra/menu-files';
import { menuSourceKey } from '../../src/infra/menu-source-store';
import { atCaller, startTestApp, type TestApp } from '../support/app';
import { eventually } from '../support/eventually';
import { fixture, tempMenusDir } from '../support/menus-dir';
import { ownRedis, type OwnRedis } from '../support/own-redis';
import { createRedis } from '../../src/infra/redis';
import { loadConfig } from '../../src/config';

const v1 = fixture('soko/v1.yaml');
const v2 = v1.replace('KES 50/kg', 'KES 55/kg');

/**
 * Replica A's menus change while Redis is away (or Redis comes back empty); replica B still has
 * the old file. A session A starts on its version must still be able to continue on B.
 */
describe('menu sources in Redis after a Redis outage', () => {
  const dirs = [tempMenusDir(), tempMenusDir()];
  let server: OwnRedis;
  let a: TestApp;
  let b: TestApp;
  let probe: ReturnType<typeof createRedis>;

  beforeAll(async () => {
    server = await ownRedis();
    dirs[0]?.write('soko.menu.yaml', v1);
    dirs[1]?.write('soko.menu.yaml', v1);
    a = await startTestApp({ REDIS_URL: server.url, MENUS_DIR: dirs[0]?.dir ?? '' });
    b = await startTestApp({ REDIS_URL: server.url, MENUS_DIR: dirs[1]?.dir ?? '' });
    probe = createRedis(loadConfig({ REDIS_URL: server.url }), 'worker');
    probe.on('error', () => undefined);
  });
  afterAll(async () => {
    await Promise.all([a.close(), b.close()]);
    probe.disconnect();
    await server.stop();
    for (const d of dirs) d.remove();
  });

  it('when a file changes while Redis is down and Redis comes back empty, then the new version is stored once Redis is back, and a session started on it continues on a replica that never loaded it', async () => {
    await server.stop();
    dirs[0]?.write('soko.menu.yaml', v2);
    await eventually(() => a.deps.menus.byId('soko')?.version === menuVersion(v2), 'the changed file to go live on A');
    await server.restart();
    await eventually(async () => (await probe.get(menuSourceKey(menuVersion(v2)))) === v2, "A's version to be stored again in Redis");
    await eventually(async () => (await probe.get(menuSourceKey(menuVersion(v1)))) === v1, "B's version to be stored again in Redis");

    const sessionId = `outage-${Date.now()}`;
    const onA = atCaller(a.app, { sessionId, serviceCode: '*789#' });
    const onB = atCaller(b.app, { sessionId, serviceCode: '*789#', phoneNumber: onA.phoneNumber });
    expect(await onA.hop('')).toBe('CON Soko market prices\n1. Prices by county');
    expect(await onB.hop('1')).toBe('CON Choose your county:\n1. Nairobi\n2. Mombasa\n3. Kisumu');
    expect(await onB.hop('1*2')).toBe('END Maize in Mombasa: KES 55/kg.');
  }, 30_000);
});
