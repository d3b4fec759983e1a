import { writeFileSync } from 'node:fs';
import { menuVersion, readMenuDir } from '../../src/infra/menu-files';
import { checkMenuSet, type MenuSource } from '../../src/menu/menu-set';
import { formatProblem } from '../../src/menu/problems';
import { tempMenusDir } from '../support/menus-dir';

/** Mistakes of YAML itself, as an author makes them: each is a problem of its file, at its place. */
const menu = (id: string, codes: string, screens = '  main: { type: end, text: "Hi" }\n') => `id: ${id}\nserviceCodes: ${codes}\nstart: main\nscreens:\n${screens}`;
const src = (file: string, source: string): MenuSource => ({ file: `menus/${file}`, source, version: menuVersion(source) });
const check = (...sources: MenuSource[]) => {
  const result = checkMenuSet(sources);
  return { ids: result.accepted.map((m) => m.menu.id), problems: result.problems.map(formatProblem) };
};

describe('YAML mistakes in a menu file', () => {
  it('when a service code is left unquoted (a YAML alias), then that file is refused at the code with how to fix it, and the other files are still served', () => {
    expect(check(src('a.menu.yaml', menu('a', '["*1#"]')), src('b.menu.yaml', menu('b', '[*2#]')), src('c.menu.yaml', menu('c', '\n  - *3#')))).toEqual({
      ids: ['a'],
      problems: [
        'menus/b.menu.yaml:2:16 *2# is read as a YAML alias (a leading "*" makes one) and no &2# is set before it: quote it if it is text, "*2#"',
        'menus/c.menu.yaml:3:5 *3# is read as a YAML alias (a leading "*" makes one) and no &3# is set before it: quote it if it is text, "*3#"',
      ],
    });
  });

  it('when anchors and aliases share a text, then the file is accepted; when they expand into a "billion laughs", then it is refused at the first alias', () => {
    const shared = menu('a', '["*1#"]', '  main: { type: menu, text: &hi "Hi", options: [{ label: Go, goto: bye }] }\n  bye: { type: end, text: *hi }\n');
    expect(check(src('a.menu.yaml', shared))).toEqual({ ids: ['a'], problems: [] });

    const laughs = ['x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]', ...Array.from({ length: 8 }, (_, i) => `x${i + 1}: &a${i + 1} [${Array(9).fill(`*a${i}`).join(', ')}]`)];
    const bomb = `${laughs.join('\n')}\n${menu('b', '["*2#"]')}`;
    expect(check(src('a.menu.yaml', shared), src('b.menu.yaml', bomb))).toEqual({
      ids: ['a'],
      problems: [expect.stringMatching(/^menus\/b\.menu\.yaml:2:10 this file's YAML aliases \(\*name\) expand into too many copies \(.*\): write the values out$/)],
    });
  });
});

describe('YAML syntax slips', () => {
  const FILE = `id: t\nserviceCodes: ["*1#"]\nstart: main\nscreens:\n  main:\n    type: menu\n    text: Hi\n    options:\n      - label: Go\n        goto: done\n  done:\n    type: end\n    text: Bye\n`;
  const slip = (from: string, to: string) => checkMenuSet([src('t.menu.yaml', FILE.replace(from, to))]).problems.map(formatProblem);

  it('when a slip breaks the YAML, then it is reported once, at its place, in words about the file rather than the parser', () => {
    expect(slip('    text: Bye', '     text: Bye')).toEqual([
      'menus/t.menu.yaml:12:11 a value here holds ": ", which YAML reads as a key: put the value in quotes, or, if the next line is a field of its own, indent it less',
    ]);
    expect(slip('    text: Bye', '    text: Note: bye')).toEqual([
      'menus/t.menu.yaml:13:11 a value here holds ": ", which YAML reads as a key: put the value in quotes, or, if the next line is a field of its own, indent it less',
    ]);
    expect(slip('    type: end', '    type end')).toEqual(['menus/t.menu.yaml:12:5 this line runs on into the next: a key here lacks its ":", or the next line is indented too far']);
    expect(slip('    text: Bye', '    text:"Bye"')).toEqual(['menus/t.menu.yaml:13:5 a key here needs ": " after it, the space included (text: "Hi")']);
    expect(slip('    text: Bye', '    text: Bye\n    "text": Again')).toEqual(['menus/t.menu.yaml:14:5 "text" appears twice in this map: a field is given once']);
    expect(slip('    text: Bye', '    text: Bye\n---\nid: u')).toEqual([
      'menus/t.menu.yaml:14:1 a second YAML document starts here ("---"): a menu file holds one menu; remove this line and what follows, or move it to a file of its own',
    ]);
  });
});

describe('a "#" in an unquoted text', () => {
  it('when " #" follows an unquoted text, then a warning at the "#" says the text ends before it; a quoted text or a "#" inside a word is not one', () => {
    const screens = '  main:\n    type: menu\n    text: Dial *384# now\n    options:\n      - label: Press # to go back\n        goto: bye\n      - label: "Call # 100"   # a note\n        goto: bye\n  bye: { type: end, text: Bye }\n';
    expect(check(src('a.menu.yaml', menu('a', '["*1#"]', screens)))).toEqual({
      ids: ['a'],
      problems: ['menus/a.menu.yaml:9:22 warning: the text ends at "Press": YAML reads " #" as the start of a comment; quote the text, with the "#…" inside if it belongs to it, or before it if the comment is meant'],
    });
  });
});

describe('a menu file saved in another encoding', () => {
  it('when an editor wrote a byte-order mark, then the file is accepted and a problem on its first line is at the column the editor shows', () => {
    const bom = (source: string) => `\uFEFF${source}`;
    expect(check(src('a.menu.yaml', bom(menu('a', '["*1#"]'))))).toEqual({ ids: ['a'], problems: [] });
    expect(check(src('b.menu.yaml', bom(menu('B', '["*2#"]'))))).toEqual({ ids: [], problems: ['menus/b.menu.yaml:1:5 a menu id is lowercase letters, digits and "-"'] });
  });

  it('when an editor saved it as Latin-1, then it is refused at the first unreadable character as not UTF-8, not as a character outside GSM-7', async () => {
    const menus = tempMenusDir();
    try {
      const latin1 = Buffer.from(menu('a', '["*1#"]', '  main: { type: end, text: "Adios" }\n'), 'latin1');
      writeFileSync(menus.path('a.menu.yaml'), Buffer.concat([latin1.subarray(0, latin1.indexOf('dios') + 2), Buffer.from([0xf3]), latin1.subarray(latin1.indexOf('dios') + 3)]));
      writeFileSync(menus.path('b.menu.yaml'), Buffer.from(`# caf\xe9\n${menu('b', '["*2#"]')}`, 'latin1'));
      const result = checkMenuSet(await readMenuDir(menus.dir));
      expect([result.accepted.length, result.problems.map((p) => formatProblem({ ...p, file: p.file.slice(p.file.lastIndexOf('/') + 1) }))]).toEqual([
        0,
        [
          'a.menu.yaml:5:32 this file is not UTF-8: a character here cannot be read (an editor saving as Latin-1 or Windows-1252 does this): save it as UTF-8',
          'b.menu.yaml:1:6 this file is not UTF-8: a character here cannot be read (an editor saving as Latin-1 or Windows-1252 does this): save it as UTF-8',
        ],
      ]);
    } finally {
      menus.remove();
    }
  });

  it('when a file is empty or holds only comments (an editor that truncates before it writes, caught in between), then it is refused saying so, not as a wrong type', () => {
    expect(check(src('a.menu.yaml', ''), src('b.menu.yaml', '# the prices menu, being rewritten\n'))).toEqual({
      ids: [],
      problems: [
        'menus/a.menu.yaml:1:1 the file is empty: a menu needs at least id, serviceCodes, start and screens',
        'menus/b.menu.yaml:1:1 the file is empty: a menu needs at least id, serviceCodes, start and screens',
      ],
    });
  });
});
