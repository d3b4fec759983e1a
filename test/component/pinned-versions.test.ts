import { unlinkSync } from 'node:fs';
import { menuVersion } from '../../src/infra/menu-files';
import { menuSourceKey, MenuSourceStore } from '../../src/infra/menu-source-store';
import { appOnMenusDir, atCaller, startTestApp, type TestApp } from '../support/app';
import { eventually } from '../support/eventually';
import { fixture, tempMenusDir } from '../support/menus-dir';
import { plainRedis } from '../support/redis';

const v1 = fixture('soko/v1.yaml');
const v2 = fixture('soko/v2-typo.yaml').replace('goto: crpo', 'goto: crop');

describe('a session pinned to its menu version across replicas', () => {
  const dirs = [tempMenusDir(), tempMenusDir()];
  const redis = plainRedis();
  let oldReplica: TestApp;
  let newReplica: TestApp;

  beforeAll(async () => {
    dirs[0]?.write('soko.menu.yaml', v1);
    dirs[1]?.write('soko.menu.yaml', v2);
    oldReplica = await startTestApp({ MENUS_DIR: dirs[0]?.dir ?? '' });
    newReplica = await startTestApp({ MENUS_DIR: dirs[1]?.dir ?? '' });
  });
  afterAll(async () => {
    await Promise.all([oldReplica.close(), newReplica.close()]);
    redis.disconnect();
    for (const d of dirs) d.remove();
  });

  it('when every replica loads its menus, then each version source is in Redis under its hash', async () => {
    expect(await redis.get(menuSourceKey(menuVersion(v1)))).toBe(v1);
    expect(await redis.get(menuSourceKey(menuVersion(v2)))).toBe(v2);
    expect(await redis.ttl(menuSourceKey(menuVersion(v1)))).toBeGreaterThan(86_400);
  });

  it("when a deployment has a KEY_PREFIX of its own, then its menu sources are kept under it, like every other key of it", async () => {
    const own = tempMenusDir();
    const source = `${v1}# a deployment's own copy\n`;
    own.write('soko.menu.yaml', source);
    const prefix = `pv${Date.now()}`;
    const t = await startTestApp({ MENUS_DIR: own.dir, KEY_PREFIX: prefix });
    try {
      expect(await redis.get(`${prefix}:menu:{${menuVersion(source)}}`)).toBe(source);
      expect(await redis.exists(`ussd:menu:{${menuVersion(source)}}`)).toBe(0);
    } finally {
      await t.close();
      own.remove();
    }
  });

  it('when a replica of before the prefix applied to menu sources stored a version under the default, then a replica with its own KEY_PREFIX still finds it (a rolling deploy)', async () => {
    const version = `old${Date.now()}`;
    await redis.set(menuSourceKey(version), v1, 'EX', 60);
    expect(await new MenuSourceStore(redis, `pv${Date.now()}`).load(version)).toBe(v1);
  });

  it('when a session started on the old version reaches a replica that never loaded it, then that replica compiles it from Redis and the session finishes on it', async () => {
    const sessionId = `pin-${Date.now()}`;
    const onOld = atCaller(oldReplica.app, { sessionId, serviceCode: '*789#', phoneNumber: '+254700100200' });
    const onNew = atCaller(newReplica.app, { sessionId, serviceCode: '*789#', phoneNumber: '+254700100200' });
    expect(await onOld.hop('')).toBe('CON Soko market prices\n1. Prices by county');
    expect(newReplica.deps.menus.byVersion(menuVersion(v1))).toBeUndefined();

    expect(await onNew.hop('1')).toBe('CON Choose your county:\n1. Nairobi\n2. Mombasa\n3. Kisumu');
    expect(await onNew.hop('1*2')).toBe('END Maize in Mombasa: KES 50/kg.');
    expect(newReplica.deps.menus.byVersion(menuVersion(v1))?.version).toBe(menuVersion(v1));
    // New sessions on that replica still get its current version.
    expect(await atCaller(newReplica.app, { serviceCode: '*789#' }).hop('')).toBe('CON Soko market prices\n1. Prices by county\n2. Kiswahili');
  });
});

describe('menu files appearing and disappearing', () => {
  const t = appOnMenusDir({ 'soko.menu.yaml': v1, 'broken.menu.yaml': 'id: broken\nserviceCodes: ["*790#"]\nstart: nowhere\nscreens: {}\n' });
  const { menus } = t;

  it('when a file is invalid at start-up, then it is not served and the others are', async () => {
    expect(await atCaller(t.app, { serviceCode: '*790#' }).hop('')).toBe('END This service code is not in use. Please check the number and dial again.');
    expect(await atCaller(t.app, { serviceCode: '*789#' }).hop('')).toBe('CON Soko market prices\n1. Prices by county');
  });

  it('when a new valid file appears, then its service code starts answering; when it is deleted, new dials stop while a session in flight finishes', async () => {
    menus.write('fresh.menu.yaml', 'id: fresh\nserviceCodes: ["*791#"]\nstart: main\nscreens:\n  main:\n    type: menu\n    text: Fresh\n    options:\n      - { label: Go, goto: bye }\n  bye: { type: end, text: Gone well }\n');
    await eventually(() => t.deps.menus.byId('fresh'), 'the new file to load');
    const inFlight = atCaller(t.app, { serviceCode: '*791#' });
    expect(await inFlight.hop('')).toBe('CON Fresh\n1. Go');

    unlinkSync(menus.path('fresh.menu.yaml'));
    await eventually(() => !t.deps.menus.byId('fresh'), 'the deleted file to be withdrawn');
    expect(await atCaller(t.app, { serviceCode: '*791#' }).hop('')).toBe('END This service code is not in use. Please check the number and dial again.');
    expect(await inFlight.hop('1')).toBe('END Gone well');
  });
});

describe('versions no longer current are forgotten', () => {
  const t = appOnMenusDir({ 'soko.menu.yaml': v1 });
  const { menus } = t;

  it('when the file changes and the old version is then forgotten, then a session still on it is compiled again from Redis and finishes on it', async () => {
    const onOld = atCaller(t.app, { serviceCode: '*789#' });
    expect(await onOld.hop('')).toBe('CON Soko market prices\n1. Prices by county');
    menus.write('soko.menu.yaml', v2);
    await eventually(() => t.deps.menus.byId('soko')?.version === menuVersion(v2), 'the changed file to load');
    t.deps.menus.dropIdle(0);
    expect(t.deps.menus.byVersion(menuVersion(v1))).toBeUndefined();

    expect(await onOld.hop('1')).toBe('CON Choose your county:\n1. Nairobi\n2. Mombasa\n3. Kisumu');
    expect(await onOld.hop('1*2')).toBe('END Maize in Mombasa: KES 50/kg.');
    expect(await atCaller(t.app, { serviceCode: '*789#' }).hop('')).toBe('CON Soko market prices\n1. Prices by county\n2. Kiswahili');
  });
});

describe('a replica with short session lifetimes', () => {
  // Records outlive their last hop by at most 1 + max(0, 1) s: versions idle for 4 s are forgotten.
  const t = appOnMenusDir({ 'soko.menu.yaml': v1 }, { SESSION_TTL_SECONDS: '1', RESUME_WINDOW_SECONDS: '0', ENDED_SESSION_TTL_SECONDS: '1' });
  const { menus } = t;

  it('when its menu file changes, then the old version is forgotten on its own once no session asks for it', async () => {
    menus.write('soko.menu.yaml', v2);
    await eventually(() => t.deps.menus.byId('soko')?.version === menuVersion(v2), 'the changed file to load');
    expect(t.deps.menus.holds(menuVersion(v1))).toBe(true);
    await eventually(() => !t.deps.menus.holds(menuVersion(v1)), 'the old version to be forgotten', 20_000);
    expect(t.deps.menus.holds(menuVersion(v2))).toBe(true);
  }, 30_000);
});
