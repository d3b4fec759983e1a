import { symlinkSync, unlinkSync } from 'node:fs';
import request from 'supertest';
import { menuVersion } from '../../src/infra/menu-files';
import { atCaller, startTestApp, type TestApp } from '../support/app';
import { eventually } from '../support/eventually';
import { fixture, tempMenusDir } from '../support/menus-dir';

const TOKEN = 'test-admin-token-0123456789';
const v1 = fixture('soko/v1.yaml');
const v2 = v1.replace('KES 50/kg', 'KES 55/kg');

/**
 * One file of MENUS_DIR cannot be read (here a symlink that points at itself; in a container, as
 * often, a file the service's user may not read): the directory itself is fine.
 */
describe('a menu file that cannot be read', () => {
  const menus = tempMenusDir();
  let t: TestApp;
  beforeAll(async () => {
    menus.write('soko.menu.yaml', v1);
    symlinkSync('loop.menu.yaml', menus.path('loop.menu.yaml'));
    t = await startTestApp({ MENUS_DIR: menus.dir, ADMIN_TOKEN: TOKEN });
  });
  afterAll(async () => {
    await t?.close();
    menus.remove();
  });
  const problems = async () => (await request(t.app).get('/admin/menus').set('authorization', `Bearer ${TOKEN}`)).body.problems;

  it('when it is there at start-up, then the service starts and serves the other files, and the file is refused naming why', async () => {
    expect(await atCaller(t.app, { serviceCode: '*789#' }).hop('')).toBe('CON Soko market prices\n1. Prices by county');
    expect(await problems()).toEqual([{ file: menus.path('loop.menu.yaml'), line: 1, column: 1, severity: 'error', message: 'the file cannot be read: too many symbolic links (ELOOP)' }]);
    expect((await request(t.app).get('/readyz')).body.reason).toContain(menus.path('loop.menu.yaml'));
  });

  it('when another file is edited while it is there, then the edit goes live; once it is removed, its problem is gone', async () => {
    menus.write('soko.menu.yaml', v2);
    await eventually(() => t.deps.menus.byId('soko')?.version === menuVersion(v2), 'the edited file to go live');
    unlinkSync(menus.path('loop.menu.yaml'));
    await eventually(async () => (await problems()).length === 0, 'the problem to clear');
    expect((await request(t.app).get('/readyz')).status).toBe(200);
  });
});
