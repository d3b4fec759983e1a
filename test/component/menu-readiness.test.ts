import { unlinkSync } from 'node:fs';
import request from 'supertest';
import { appOnMenusDir } from '../support/app';
import { eventually } from '../support/eventually';
import { fixture } from '../support/menus-dir';

const soko = fixture('soko/v1.yaml');
const broken = 'id: broken\nserviceCodes: ["*790#"]\nstart: nowhere\nscreens: {}\n';
const fixed = 'id: broken\nserviceCodes: ["*790#"]\nstart: main\nscreens:\n  main: { type: end, text: Fixed }\n';

describe('readiness and the menu files of MENUS_DIR', () => {
  const logLines: string[] = [];
  const t = appOnMenusDir({ 'soko.menu.yaml': soko, 'broken.menu.yaml': broken }, { LOG_LEVEL: 'info' }, { write: (line) => logLines.push(line) });
  const { menus } = t;
  const readiness = async () => {
    const r = await request(t.app).get('/readyz');
    return [r.status, r.body] as const;
  };
  const refusals = () => logLines.map((l) => JSON.parse(l) as { msg: string; file?: string }).filter((l) => l.msg.startsWith('menu file refused'));

  it('when a file is refused at start-up, then the replica is not ready, naming it, and the log says it is not served', async () => {
    expect(await readiness()).toEqual([
      503,
      { status: 'unavailable', reason: `menu files refused at start-up (their problems are in the log and GET /admin/menus): ${menus.path('broken.menu.yaml')}` },
    ]);
    expect(refusals()).toEqual([expect.objectContaining({ file: menus.path('broken.menu.yaml'), msg: 'menu file refused: not served until it is fixed' })]);
  });

  it('when that file is fixed, then the replica is ready; broken again later, its last valid version serves and the replica stays ready', async () => {
    menus.write('broken.menu.yaml', fixed);
    await eventually(() => t.deps.menus.byId('broken'), 'the fixed file to load');
    expect(await readiness()).toEqual([200, { status: 'ready' }]);

    menus.write('broken.menu.yaml', broken);
    await eventually(() => refusals().length === 2, 'the broken edit to be refused');
    expect(refusals()[1]).toEqual(expect.objectContaining({ msg: 'menu file refused: the last valid version keeps serving' }));
    expect(await readiness()).toEqual([200, { status: 'ready' }]);
  });

  it('when a new file appears broken after start-up, then the replica stays ready: what it served at start still serves', async () => {
    menus.write('later.menu.yaml', broken.replace('id: broken', 'id: later').replace('*790#', '*791#'));
    await eventually(() => refusals().some((l) => l.file === menus.path('later.menu.yaml')), 'the new file to be refused');
    expect(await readiness()).toEqual([200, { status: 'ready' }]);
  });
});

describe('readiness when the refused file is removed instead', () => {
  const t = appOnMenusDir({ 'soko.menu.yaml': soko, 'broken.menu.yaml': broken });
  const { menus } = t;

  it('when the file refused at start-up is deleted, then the replica becomes ready', async () => {
    expect((await request(t.app).get('/readyz')).status).toBe(503);
    unlinkSync(menus.path('broken.menu.yaml'));
    await eventually(async () => (await request(t.app).get('/readyz')).status === 200, 'the replica to become ready');
    expect((await request(t.app).get('/readyz')).body).toEqual({ status: 'ready' });
  });
});
