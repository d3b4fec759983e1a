import request from 'supertest';
import { menuVersion } from '../../src/infra/menu-files';
import { appOnMenusDir } from '../support/app';
import { eventually } from '../support/eventually';
import { fixture } from '../support/menus-dir';

const TOKEN = 'test-admin-token-0123456789';
const v1 = fixture('soko/v1.yaml');
const v2 = fixture('soko/v2-typo.yaml').replace('goto: crpo', 'goto: crop');

describe('GET /admin/menus after an author goes back and forth between versions', () => {
  const t = appOnMenusDir({ 'soko.menu.yaml': v1 }, { ADMIN_TOKEN: TOKEN });

  async function save(source: string) {
    t.menus.write('soko.menu.yaml', source);
    await eventually(() => t.deps.menus.byId('soko')?.version === menuVersion(source), 'the saved file to go live');
  }

  it('when a file is reverted and changed again, then previous versions name each earlier version once, newest first, and never the current one', async () => {
    const v3 = v2.replace('KES 52/kg', 'KES 53/kg');
    for (const source of [v2, v1, v2, v3]) await save(source);
    const res = await request(t.app).get('/admin/menus').set('authorization', `Bearer ${TOKEN}`);
    expect(res.body.menus).toEqual([expect.objectContaining({ id: 'soko', version: menuVersion(v3), previousVersions: [menuVersion(v2), menuVersion(v1)] })]);

    await save(v1);
    const back = await request(t.app).get('/admin/menus').set('authorization', `Bearer ${TOKEN}`);
    expect(back.body.menus).toEqual([expect.objectContaining({ id: 'soko', version: menuVersion(v1), previousVersions: [menuVersion(v3), menuVersion(v2)] })]);
  });
});
