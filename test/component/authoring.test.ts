import { mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import request from 'supertest';
import { menuVersion } from '../../src/infra/menu-files';
import { formatProblem } from '../../src/menu/problems';
import { atCaller, startTestApp, type TestApp } from '../support/app';
import { eventually } from '../support/eventually';
import { fixture, tempMenusDir } from '../support/menus-dir';

/**
 * The "done means": an author's file written from the spec (twelve counties, a shortcut,
 * Kiswahili) with a typo in a goto is refused with file, line, column and the nearest id while the
 * last valid version serves; once fixed it goes live without a restart, and a learner already in a
 * session finishes on the version they started with.
 */
describe('an author publishing a menu change to a running service', () => {
  const menus = tempMenusDir();
  const v1 = fixture('soko/v1.yaml');
  const v2typo = fixture('soko/v2-typo.yaml');
  const v2 = v2typo.replace('goto: crpo', 'goto: crop');
  let t: TestApp;

  beforeAll(async () => {
    menus.write('soko.menu.yaml', v1);
    t = await startTestApp({ MENUS_DIR: menus.dir, ADMIN_TOKEN: 'test-admin-token-0123456789' });
  });
  afterAll(async () => {
    await t.close();
    menus.remove();
  });

  const current = () => t.deps.menus.byId('soko')?.version;
  const dial = (serviceCode = '*789#') => atCaller(t.app, { serviceCode });

  it('when the file has a typo, then it is refused with file:line:column and the nearest id, the old version serves on, and once fixed it goes live while a learner in flight finishes on the old one', async () => {
    const early = dial();
    expect(await early.hop('')).toBe('CON Soko market prices\n1. Prices by county');
    expect(await early.hop('1')).toBe('CON Choose your county:\n1. Nairobi\n2. Mombasa\n3. Kisumu');

    menus.write('soko.menu.yaml', v2typo);
    const refused = await eventually(
      () => t.deps.catalog.status().problems.find((p) => p.message.startsWith('goto "crpo"')),
      'the typo to be reported',
    );
    expect(formatProblem(refused)).toBe(`${menus.path('soko.menu.yaml')}:39:59 goto "crpo" is not a screen of this menu (did you mean "crop"?)`);
    expect(current()).toBe(menuVersion(v1));
    expect(await dial().hop('')).toBe('CON Soko market prices\n1. Prices by county');

    menus.write('soko.menu.yaml', v2);
    await eventually(() => current() === menuVersion(v2), 'the fixed file to go live');
    expect(t.deps.catalog.status().problems).toEqual([]);

    const late = dial();
    expect(await late.hop('')).toBe('CON Soko market prices\n1. Prices by county\n2. Kiswahili');
    expect(await late.hop('1')).toBe(
      'CON Choose your county:\n1. Nairobi\n2. Mombasa\n3. Kisumu\n4. Nakuru\n5. Uasin Gishu\n6. Kiambu\n7. Machakos\n8. Nyeri\n9. Meru\n98. More',
    );
    expect(await late.hop('1*98')).toBe('CON 10. Trans Nzoia\n11. Garissa\n12. Kakamega\n0. Back');
    expect(await late.hop('1*98*11')).toBe('CON Prices in Garissa. Choose a crop:\n1. Maize\n2. Beans');
    expect(await late.hop('1*98*11*2')).toBe('END Garissa beans: KES 52/kg today. Dial *789# again for more.');

    // The learner who started on the first version finishes on it.
    expect(await early.hop('1*3')).toBe('END Maize in Kisumu: KES 50/kg.');
  });

  it('when a learner uses the new Kiswahili option and the shortcut, then they work as the spec says', async () => {
    const sw = dial();
    await sw.hop('');
    expect(await sw.hop('2')).toBe('CON Bei za soko\n1. Bei kwa kaunti\n2. English');
    for (const chain of ['2*1', '2*1*98']) await sw.hop(chain);
    expect(await sw.hop('2*1*98*12')).toBe('CON Bei Kakamega. Chagua zao:\n1. Mahindi\n2. Maharagwe');
    expect(await sw.hop('2*1*98*12*1')).toBe('END Kakamega maize: KES 52/kg leo. Piga *789# tena.');

    const shortcut = dial('*789*7#');
    expect(await shortcut.hop('')).toBe('CON Prices in Nairobi. Choose a crop:\n1. Maize\n2. Beans');
    expect(await shortcut.hop('1')).toBe('END Nairobi maize: KES 52/kg today. Dial *789# again for more.');
  });

  it('when an operator asks GET /admin/menus with the token, then it lists each menu, its version and service codes', async () => {
    const res = await request(t.app).get('/admin/menus').set('authorization', 'Bearer test-admin-token-0123456789');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      menus: [
        {
          id: 'soko',
          file: menus.path('soko.menu.yaml'),
          version: menuVersion(v2),
          serviceCodes: ['*789#'],
          languages: ['en', 'sw'],
          loadedAt: expect.any(String),
          previousVersions: [menuVersion(v1)],
        },
      ],
      problems: [],
    });
  });

  it('when the admin token is missing or wrong, then the answer is 401 and nothing is listed', async () => {
    for (const auth of [undefined, 'Bearer wrong', 'Basic dGVzdA==']) {
      const req = request(t.app).get('/admin/menus');
      const res = await (auth ? req.set('authorization', auth) : req);
      expect([res.status, res.headers['www-authenticate'], res.body.title]).toEqual([401, 'Bearer realm="admin"', 'Unauthorized']);
    }
  });
});

describe('GET /admin/menus without ADMIN_TOKEN', () => {
  it('when no token is configured, then the admin routes do not exist', async () => {
    const t = await startTestApp();
    try {
      const res = await request(t.app).get('/admin/menus').set('authorization', 'Bearer anything-at-all-here');
      expect(res.status).toBe(404);
    } finally {
      await t.close();
    }
  });
});

describe('an author who reverts a refused edit', () => {
  it('when the refused file is restored to the serving content, then it is accepted again, its old problems are cleared and not logged again', async () => {
    const menus = tempMenusDir();
    const lines: string[] = [];
    const v1 = fixture('soko/v1.yaml');
    menus.write('soko.menu.yaml', v1);
    const t = await startTestApp({ MENUS_DIR: menus.dir, LOG_LEVEL: 'info' }, { write: (line) => void lines.push(line) });
    const said = (msg: string) => lines.filter((l) => (JSON.parse(l) as { msg: string }).msg.includes(msg)).length;
    try {
      menus.write('soko.menu.yaml', fixture('soko/v2-typo.yaml'));
      await eventually(() => t.deps.catalog.status().problems.length > 0, 'the typo to be reported');
      expect([said('goto "crpo"'), said('menu file refused')]).toEqual([1, 1]);

      menus.write('soko.menu.yaml', v1);
      await eventually(() => said('menu file back to the version in service') === 1, 'the revert to be noticed');
      expect(t.deps.catalog.status().problems).toEqual([]);
      expect([said('goto "crpo"'), said('menu file refused')]).toEqual([1, 1]);
      expect(t.deps.menus.byId('soko')?.version).toBe(menuVersion(v1));
    } finally {
      await t.close();
      menus.remove();
    }
  });
});

describe('an author who replaces the whole menus directory', () => {
  it('when MENUS_DIR is removed and made again with a changed file, then the change goes live and later edits do too', async () => {
    const menus = tempMenusDir();
    const v1 = fixture('soko/v1.yaml');
    const v2 = v1.replace('text: "Soko market prices"', 'text: "Soko prices, new folder"');
    const v3 = v1.replace('text: "Soko market prices"', 'text: "Soko prices, edited after"');
    menus.write('soko.menu.yaml', v1);
    const t = await startTestApp({ MENUS_DIR: menus.dir });
    const current = () => t.deps.menus.byId('soko')?.version;
    try {
      rmSync(menus.dir, { recursive: true });
      mkdirSync(menus.dir);
      menus.write('soko.menu.yaml', v2);
      await eventually(() => current() === menuVersion(v2), 'the file in the new directory to go live');
      menus.write('soko.menu.yaml', v3);
      await eventually(() => current() === menuVersion(v3), 'an edit in the new directory to go live');
      expect(await atCaller(t.app, { serviceCode: '*789#' }).hop('')).toBe('CON Soko prices, edited after\n1. Prices by county');
    } finally {
      await t.close();
      menus.remove();
    }
  }, 30_000);
});

describe('a deploy that swaps a symlink on the path to MENUS_DIR', () => {
  it('when MENUS_DIR is current/menus and current is pointed at another release, then the other release\'s menus go live', async () => {
    const root = tempMenusDir();
    const v1 = fixture('soko/v1.yaml');
    const v2 = v1.replace('text: "Soko market prices"', 'text: "Soko prices, release 2"');
    for (const [release, source] of [['r1', v1], ['r2', v2]] as const) {
      mkdirSync(root.path(`${release}/menus`), { recursive: true });
      writeFileSync(root.path(`${release}/menus/soko.menu.yaml`), source);
    }
    symlinkSync('r1', root.path('current'));
    const t = await startTestApp({ MENUS_DIR: root.path('current/menus') });
    try {
      expect(t.deps.menus.byId('soko')?.version).toBe(menuVersion(v1));
      symlinkSync('r2', root.path('current.next'));
      renameSync(root.path('current.next'), root.path('current'));
      await eventually(() => t.deps.menus.byId('soko')?.version === menuVersion(v2), 'the other release to go live');
      expect(await atCaller(t.app, { serviceCode: '*789#' }).hop('')).toBe('CON Soko prices, release 2\n1. Prices by county');
    } finally {
      await t.close();
      root.remove();
    }
  }, 30_000);
});
