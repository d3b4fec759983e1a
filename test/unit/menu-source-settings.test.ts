import { menuSourceSettings } from '../../src/infra/menu-files';

describe('menuSourceSettings: what production asks of the pods that run the menus', () => {
  it('when a menu fetches from three sources and calls one of them, then web replicas need every setting the sources name and workers those of the called source alone', async () => {
    const dir = 'test/fixtures/menus-sources';
    expect(await menuSourceSettings(dir)).toEqual(['SOURCE_BANK_URL', 'SOURCE_BANK_TOKEN', 'SOURCE_BANK_URL', 'SOURCE_DOWN_URL']);
    expect(await menuSourceSettings(dir, { calledOnly: true })).toEqual(['SOURCE_BANK_URL', 'SOURCE_BANK_TOKEN']);
  });

  it('when a menu calls no source, then workers need none of its settings', async () => {
    expect(await menuSourceSettings('test/fixtures/app-menus', { calledOnly: true })).toEqual([]);
  });
});
