import { menuVersion } from '../../src/infra/menu-files';
import { checkMenuSet, type MenuSource } from '../../src/menu/menu-set';
import { formatProblem } from '../../src/menu/problems';

const menu = (id: string, code: string, greeting = 'Hi') => `id: ${id}\nserviceCodes: ["${code}"]\nstart: main\nscreens:\n  main: { type: end, text: "${greeting}" }\n`;
const src = (file: string, source: string): MenuSource => ({ file: `menus/${file}`, source, version: menuVersion(source) });

describe('checking a directory of menus', () => {
  it('when two files claim one service code, then the second is refused at its serviceCodes line', () => {
    const result = checkMenuSet([src('a.menu.yaml', menu('a', '*1#')), src('b.menu.yaml', menu('b', '*1#'))]);
    expect(result.accepted.map((m) => m.menu.id)).toEqual(['a']);
    expect(result.problems.map(formatProblem)).toEqual(['menus/b.menu.yaml:2:16 service code *1# is already claimed by menus/a.menu.yaml']);
  });

  it('when a file is named after another id, then it is refused at its id', () => {
    const result = checkMenuSet([src('a.menu.yaml', menu('b', '*1#'))]);
    expect(result.accepted).toEqual([]);
    expect(result.problems.map(formatProblem)).toEqual(['menus/a.menu.yaml:1:5 the menu id is "b" but the file is a.menu.yaml: name it b.menu.yaml']);
  });

  it('when a served file changes to something invalid, then its last valid version keeps serving and nothing is published', () => {
    const first = checkMenuSet([src('a.menu.yaml', menu('a', '*1#'))]);
    const second = checkMenuSet([src('a.menu.yaml', 'id: a\nscreens: []\n')], first.accepted);
    expect(second.accepted).toEqual(first.accepted);
    expect(second.changed).toEqual([]);
    expect(second.problems.length).toBeGreaterThan(0);
  });

  it('when a served file changes validly, then the new version is published and the unchanged files are not checked again', () => {
    const first = checkMenuSet([src('a.menu.yaml', menu('a', '*1#')), src('b.menu.yaml', menu('b', '*2#'))]);
    const second = checkMenuSet([src('a.menu.yaml', menu('a', '*1#', 'Hello')), src('b.menu.yaml', menu('b', '*2#'))], first.accepted);
    expect(second.changed.map((m) => [m.menu.id, m.version])).toEqual([['a', src('a.menu.yaml', menu('a', '*1#', 'Hello')).version]]);
    expect(second.accepted.find((m) => m.menu.id === 'b')).toBe(first.accepted.find((m) => m.menu.id === 'b'));
  });

  it('when a changed file takes the code of a menu already serving, then the serving one keeps it and the changed one keeps its old version', () => {
    const first = checkMenuSet([src('a.menu.yaml', menu('a', '*1#')), src('z.menu.yaml', menu('z', '*9#'))]);
    const second = checkMenuSet([src('a.menu.yaml', menu('a', '*1#')), src('z.menu.yaml', menu('z', '*1#'))], first.accepted);
    expect(second.accepted.map((m) => [m.menu.id, m.menu.model.menu.serviceCodes])).toEqual([
      ['a', ['*1#']],
      ['z', ['*9#']],
    ]);
    expect(second.problems.map(formatProblem)).toEqual(['menus/z.menu.yaml:2:16 service code *1# is already claimed by menus/a.menu.yaml']);
  });

  it('when the serving file is edited while a file refused for its code is still there, then the serving one keeps the code with its new version', () => {
    const first = checkMenuSet([src('z.menu.yaml', menu('z', '*1#'))]);
    const clash = checkMenuSet([src('a.menu.yaml', menu('a', '*1#')), src('z.menu.yaml', menu('z', '*1#'))], first.accepted);
    const edited = checkMenuSet([src('a.menu.yaml', menu('a', '*1#')), src('z.menu.yaml', menu('z', '*1#', 'Hello'))], clash.accepted);
    expect(edited.accepted.map((m) => [m.menu.id, m.version])).toEqual([['z', src('z.menu.yaml', menu('z', '*1#', 'Hello')).version]]);
    expect(edited.problems.map(formatProblem)).toEqual(['menus/a.menu.yaml:2:16 service code *1# is already claimed by menus/z.menu.yaml']);
  });

  it('when a file is deleted, then its menu is reported as removed', () => {
    const first = checkMenuSet([src('a.menu.yaml', menu('a', '*1#')), src('b.menu.yaml', menu('b', '*2#'))]);
    const second = checkMenuSet([src('a.menu.yaml', menu('a', '*1#'))], first.accepted);
    expect(second.removed.map((m) => m.menu.id)).toEqual(['b']);
    expect(second.accepted.map((m) => m.menu.id)).toEqual(['a']);
  });
});
