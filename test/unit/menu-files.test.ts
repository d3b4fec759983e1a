import { mkdirSync } from 'node:fs';
import { readMenuDir } from '../../src/infra/menu-files';
import { fixture, tempMenusDir } from '../support/menus-dir';

describe('reading a menus directory', () => {
  it('when a directory in it is named like a menu file, then it is passed over and the menu files are still read', async () => {
    const menus = tempMenusDir();
    try {
      menus.write('soko.menu.yaml', fixture('soko/v1.yaml'));
      mkdirSync(menus.path('old.menu.yaml'));
      expect((await readMenuDir(menus.dir)).map((s) => s.file)).toEqual([menus.path('soko.menu.yaml')]);
    } finally {
      menus.remove();
    }
  });
});
