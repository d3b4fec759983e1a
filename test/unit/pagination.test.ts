import { septets } from '../../src/menu/gsm7';
import { paginate } from '../../src/menu/paginate';
import { menuFrom, play } from '../support/menus';

const labels = { more: '98. More', back: '0. Back' };

/** A menu with `n` options; `label(i)` gives option i's label. */
function bigMenu(n: number, label: (i: number) => string) {
  const options = Array.from({ length: n }, (_, i) => `      - { label: "${label(i + 1)}", goto: done-${i + 1} }`).join('\n');
  const ends = Array.from({ length: n }, (_, i) => `  done-${i + 1}: { type: end, text: "Chose ${i + 1}" }`).join('\n');
  return menuFrom(
    `id: big\nserviceCodes: ["*1#"]\nstart: main\nscreens:\n  main:\n    type: menu\n    text: "Choose your county:"\n    options:\n${options}\n${ends}\n`,
  );
}

describe('paginate', () => {
  it('when everything fits the budget, then there is one page without More or Back', () => {
    expect(paginate('Pick:', ['1. A', '2. B'], 160, labels)).toEqual(['Pick:\n1. A\n2. B']);
  });

  it('when lines overflow, then pages close with More (all but the last) and open with Back (all but the first)', () => {
    const lines = ['1. Alpha', '2. Bravo', '3. Charlie', '4. Delta', '5. Echo'];
    expect(paginate('Pick one:', lines, 40, labels)).toEqual([
      'Pick one:\n1. Alpha\n2. Bravo\n98. More',
      // The last page needs no More, so it takes one line more than the budget allowed a middle page.
      '3. Charlie\n4. Delta\n5. Echo\n0. Back',
    ]);
    expect(paginate('Pick one:', [...lines, '6. Foxtrot'], 40, labels)).toEqual([
      'Pick one:\n1. Alpha\n2. Bravo\n98. More',
      '3. Charlie\n4. Delta\n0. Back\n98. More',
      '5. Echo\n6. Foxtrot\n0. Back',
    ]);
  });

  it('when extension characters are on a page, then they count two septets each', () => {
    const ascii = paginate('Prices E', ['1. E5 a day', '2. E9 a week'], 33, labels);
    const euro = paginate('Prices €', ['1. €5 a day', '2. €9 a week'], 33, labels);
    expect(ascii).toEqual(['Prices E\n1. E5 a day\n2. E9 a week']);
    expect(euro).toEqual(['Prices €\n1. €5 a day\n98. More', '2. €9 a week\n0. Back']);
  });
});

describe('a 12-option menu on the handset', () => {
  const menu = bigMenu(12, (i) => `County number ${i} with a long name`);
  const pageOf = (inputs: string[]) => (play(menu, inputs).at(-1) as { screen: { text: string } }).screen.text;

  it('when a learner pages through it, then every option keeps its number, in order, each page within pageSize', () => {
    const pages = [[], ['98'], ['98', '98'], ['98', '98', '98'], ['98', '98', '98', '98']].map(pageOf);
    const line = (i: number) => `${i}. County number ${i} with a long name`;
    expect(pages).toEqual([
      `Choose your county:\n${line(1)}\n${line(2)}\n98. More`,
      `${line(3)}\n${line(4)}\n${line(5)}\n0. Back\n98. More`,
      `${line(6)}\n${line(7)}\n${line(8)}\n0. Back\n98. More`,
      `${line(9)}\n${line(10)}\n${line(11)}\n0. Back\n98. More`,
      `${line(12)}\n0. Back`,
    ]);
    // 98 on the last page is not a key there: the same page comes back with the error line.
    expect(pageOf(['98', '98', '98', '98', '98'])).toBe(`Invalid choice, try again.\n${line(12)}\n0. Back`);
    for (const p of pages) expect(septets(`Invalid choice, try again.\n${p}`)).toBeLessThanOrEqual(160);
  });

  it('when an input is invalid on a later page, then the same page comes back headed by the error, within pageSize', () => {
    const text = pageOf(['98', '98', 'x']);
    expect(text).toBe(
      'Invalid choice, try again.\n6. County number 6 with a long name\n7. County number 7 with a long name\n8. County number 8 with a long name\n0. Back\n98. More',
    );
    expect(septets(text)).toBeLessThanOrEqual(160);
  });

  it('when 0 is pressed on a later page, then the previous page shows; on the first page, 0 leaves the screen', () => {
    expect(pageOf(['98', '98', '0'])).toBe(pageOf(['98']));
    const options = Array.from({ length: 12 }, (_, i) => `      - { label: "Option ${i + 1} has a long label here", goto: bye }`).join('\n');
    const twoScreens = menuFrom(
      `id: two\nserviceCodes: ["*2#"]\nstart: intro\nscreens:\n  intro:\n    type: menu\n    text: Hi\n    options:\n      - { label: List, goto: list }\n  list:\n    type: menu\n    text: Pick\n    options:\n${options}\n  bye: { type: end, text: Bye }\n`,
    );
    const outs = play(twoScreens, ['1', '98', '0', '0']);
    expect(outs.map((o) => [o.state, o.ctx.page, o.ctx.error])).toEqual([
      ['intro', 0, 0],
      ['list', 0, 0],
      ['list', 1, 0],
      ['list', 0, 0],
      ['intro', 0, 0],
    ]);
    expect(outs.at(-1)?.screen).toEqual({ text: 'Hi\n1. List', end: false });
  });

  it('when an option is chosen by its number from any page, then that option is taken', () => {
    expect(play(menu, ['98', '98', '98', '11']).at(-1)?.screen).toEqual({ text: 'Chose 11', end: true });
    expect(play(menu, ['98', '2']).at(-1)?.screen).toEqual({ text: 'Chose 2', end: true });
  });
});
