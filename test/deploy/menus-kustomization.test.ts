import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { menuFilesIn, menusKustomization } from '../../src/cli/kustomization-text';

describe('menus/kustomization.yaml', () => {
  it('when a menu file is added, then npm run menus:kustomization lists it with the others, sorted, and the committed file is its output', () => {
    const dir = mkdtempSync(join(tmpdir(), 'menus-'));
    try {
      for (const f of ['soko.menu.yaml', 'eneza.menu.yaml', 'notes.yaml']) writeFileSync(join(dir, f), 'id: x\n');
      const [k] = parseAllDocuments(menusKustomization(menuFilesIn(dir))).map((d) => d.toJS());
      expect(k.configMapGenerator).toEqual([
        { name: 'ussd-menus', files: ['eneza.menu.yaml', 'soko.menu.yaml'], options: { labels: { 'app.kubernetes.io/name': 'ussd-engine', 'app.kubernetes.io/component': 'menus' } } },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const committed = readFileSync('menus/kustomization.yaml', 'utf8');
    const [listed] = parseAllDocuments(committed).map((d) => (d.toJS()).configMapGenerator[0].files as string[]);
    expect(committed).toBe(menusKustomization(listed ?? []));
  });
});
