import { readFileSync } from 'node:fs';
import { compileMenu } from '../../src/menu/engine';
import { parseMenuSource } from '../../src/menu/parse-menu';
import { screenPaths } from '../support/menu-paths';

/** The generator behind the shipped menus' path tests (menu-paths.test.ts), on menus a content author could add. */
function menuAt(file: string) {
  const spec = parseMenuSource(readFileSync(file, 'utf8'), file).menu;
  if (!spec) throw new Error(`${file} is not a valid menu`);
  return compileMenu(spec, 'paths');
}

describe('generated screen paths', () => {
  it('when a menu starts with a branch, then the paths begin where it routes the dial and reach every screen behind it', () => {
    const states = new Set(screenPaths(menuAt('test/fixtures/author/triage.menu.yaml'), 'en').map((p) => p.state));
    expect(states).not.toContain('route');
    expect([...states]).toEqual(expect.arrayContaining(['welcome', 'about', 'terms', 'declined', 'age', 'fever']));
  });
});

describe('generated inputs', () => {
  it('when an input’s max is an expression over an earlier answer, then the paths type an input it accepts and reach the screens after it', () => {
    const states = new Set(screenPaths(menuAt('test/fixtures/author/triage.menu.yaml'), 'en').map((p) => p.state));
    expect([...states]).toEqual(expect.arrayContaining(['cough', 'high', 'medium', 'low']));
  });
});

describe('a variable a condition reads that grows without end', () => {
  it('when each "Add" makes a new total, then the paths still end, and reach the screen its condition opens', () => {
    const states = new Set(screenPaths(menuAt('test/fixtures/author/tally.menu.yaml'), 'en').map((p) => p.state));
    expect([...states].sort()).toEqual(['enough', 'log', 'welcome']);
  });
});
