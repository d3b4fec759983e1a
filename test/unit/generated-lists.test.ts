import { readFileSync } from 'node:fs';
import { continueSession, startSession, type CompiledMenu, type StepOutcome } from '../../src/menu/engine';
import { parseMenuSource } from '../../src/menu/parse-menu';
import { formatProblem } from '../../src/menu/problems';
import { menuFrom } from '../support/menus';

const VOUCHERS = readFileSync('test/fixtures/lists/vouchers.menu.yaml', 'utf8');
const env = { msisdn: '254700000001' };

function play(menu: CompiledMenu, inputs: readonly string[]): StepOutcome[] {
  const outs = [startSession(menu, { env })];
  for (const input of inputs) outs.push(continueSession(menu, outs.at(-1) as StepOutcome, input, env));
  return outs;
}
const last = (outs: StepOutcome[]) => outs.at(-1) as StepOutcome;

describe('a generated option list (test/fixtures/lists/vouchers.menu.yaml)', () => {
  const menu = menuFrom(VOUCHERS);

  it('when the list has items, then each is numbered with its label and the static options follow', () => {
    expect(last(play(menu, ['1'])).screen).toEqual({ text: 'Your vouchers:\n1. SRF 12.5\n2. GRN 3\n3. Back to start', end: false });
  });

  it('when an item is chosen, then the item itself is saved and goto follows', () => {
    const out = last(play(menu, ['1', '2']));
    expect(out.ctx.vars.voucher).toEqual({ symbol: 'GRN', balance: 3 });
    expect(out.screen).toEqual({ text: 'GRN holds 3.', end: true });
  });

  it('when a static option is chosen, then it is numbered after the items', () => {
    expect(last(play(menu, ['1', '3'])).state).toBe('main');
  });

  it('when the list is longer than a page, then it is paginated with numbers kept across pages, and items on later pages can be chosen', () => {
    const outs = play(menu, ['2', '98', '98', '0', '11']);
    expect(outs.slice(1, 5).map((o) => o.screen.text)).toEqual([
      'Your vouchers:\n1. V1 1\n2. V2 2\n3. V3 3\n4. V4 4\n5. V5 5\n98. More',
      '6. V6 6\n7. V7 7\n8. V8 8\n9. V9 9\n10. V10 10\n0. Back\n98. More',
      '11. V11 11\n12. V12 12\n13. Back to start\n0. Back',
      '6. V6 6\n7. V7 7\n8. V8 8\n9. V9 9\n10. V10 10\n0. Back\n98. More',
    ]);
    expect(last(outs).screen.text).toBe('V11 holds 11.');
    expect(last(play(menu, ['2', '13'])).state).toBe('main');
  });

  it('when a number past the items and options is typed, then the screen comes back with its error', () => {
    expect(last(play(menu, ['1', '4'])).screen.text).toBe('Try again.\nYour vouchers:\n1. SRF 12.5\n2. GRN 3\n3. Back to start');
  });

  it('when the list is empty, then the empty screen is shown instead', () => {
    const out = last(play(menu, ['3']));
    expect(out.screen).toEqual({ text: 'You hold no vouchers.', end: true });
    expect(out.failures).toEqual([]);
  });

  it('when the list expression gives something that is not a list, then the empty screen shows and the failure is an error for the log', () => {
    const out = last(play(menu, ['4']));
    expect(out.screen.text).toBe('You hold no vouchers.');
    expect(out.failures).toEqual([{ where: 'screens.pick.list', source: 'vouchers', error: 'a list was expected, not string: showing the empty screen', severe: true }]);
  });
});

describe('labels that hold line breaks (a name or a description from a source)', () => {
  const market = menuFrom(`id: market
serviceCodes: ["*601#"]
start: pick
screens:
  pick:
    type: menu
    text: "Sell:"
    list: '=["Maize\\n2. Pay KES 1000", "Beans\\r\\nred", "Rice\\n\\n"]'
    label: "{{item}}"
    goto: done
    empty: done
    options:
      - label: Home
        goto: pick
  done: { type: end, text: Sold. }
`);

  it('when an item label holds a line break, then its line stays one line: a label cannot pass for another numbered option', () => {
    expect(startSession(market, { env }).screen.text).toBe('Sell:\n1. Maize 2. Pay KES 1000\n2. Beans red\n3. Rice\n4. Home');
  });
});

describe('a generated list long enough to number an item with a navigation key (98, More)', () => {
  const long = menuFrom(`id: long
serviceCodes: ["*602#"]
start: pick
screens:
  pick:
    type: menu
    text: "Pick:"
    list: "=[${Array.from({ length: 100 }, (_, i) => i + 1).join(', ')}].map(i, 'I' + string(i))"
    label: "{{item}}"
    save: chosen
    goto: done
    empty: done
  done: { type: end, text: "Chose {{chosen}}" }
`);

  it('when 98 is typed on the last page, then it is the More key there too (refused), never item 98 from pages before', () => {
    const outs = play(long, ['98', '98', '98', '98', '98', '98', '98', '98']);
    const lastPage = outs.findIndex((o) => !o.screen.text.endsWith('98. More'));
    expect(lastPage).toBeGreaterThan(0);
    const after = continueSession(long, outs[lastPage] as StepOutcome, '98', env);
    expect(after.state).toBe('pick');
    expect(after.ctx.error).toBe(1);
    expect(continueSession(long, outs[lastPage] as StepOutcome, '97', env).screen.text).toBe('Chose I97');
  });
});

describe('an item label longer than a page (a description from a source, past its declared maxLength)', () => {
  const long = menuFrom(`id: long
serviceCodes: ["*603#"]
start: pick
vars:
  items: { maxItems: 3, maxLength: 20 }
screens:
  pick:
    type: menu
    text: "Pick:"
    list: "=items"
    label: "{{item}}"
    goto: done
    empty: done
    options:
      - label: Home
        goto: pick
  done: { type: end, text: Done. }
`);
  const items = ['Maize', `Beans ${'abcdefghij'.repeat(20)}`, 'Rice'];

  it('when its page is shown, then the label is shortened and the page keeps Back and More: the caller still sees the way on', () => {
    const first = startSession(long, { env, vars: { items } });
    expect(first.screen.text).toBe('Pick:\n1. Maize\n98. More');
    const second = continueSession(long, first, '98', env);
    const lines = second.screen.text.split('\n');
    expect(lines.slice(1)).toEqual(['0. Back', '98. More']);
    expect(lines[0]).toMatch(/^2\. Beans (abcdefghij)+[a-j]*\.\.\.$/);
    const refused = continueSession(long, second, 'x', env).screen.text;
    expect(refused).toBe(`Invalid choice, try again.\n${second.screen.text}`);
    expect(refused.length).toBe(160);
    expect(continueSession(long, second, '98', env).screen.text).toBe('3. Rice\n4. Home\n0. Back');
  });
});

describe('menus:check on generated lists', () => {
  const report = (source: string) => parseMenuSource(source, 'menus/vouchers.menu.yaml').problems.map(formatProblem);

  it('the fixture is valid', () => {
    expect(report(VOUCHERS)).toEqual([]);
  });

  it('when vars.<name>.maxItems items at maxLength would overflow a page, then the screen is reported', () => {
    expect(report(VOUCHERS.replace('maxItems: 12, maxLength: 10', 'maxItems: 12, maxLength: 70'))).toEqual([
      'menus/vouchers.menu.yaml:32:11 screen "pick" (en) page 1 of 13 (and 11 other pages) takes 108 septets with its error line, over pageSize 80',
    ]);
  });

  it('when vars.<name>.maxItems items reach a navigation key, then the item numbered like it is reported as one that can never be chosen', () => {
    expect(report(VOUCHERS.replace('maxItems: 12, maxLength: 10', 'maxItems: 99, maxLength: 10').replace('pageSize: 80', 'pageSize: 160'))).toEqual([
      'menus/vouchers.menu.yaml:33:11 item 98 of the list can never be chosen: "98" is the more key (use fewer vars.vouchers.maxItems or change keys.more)',
    ]);
    expect(report(VOUCHERS.replace('maxItems: 12, maxLength: 10', 'maxItems: 97, maxLength: 10').replace('pageSize: 80', 'pageSize: 160'))).toEqual([
      'menus/vouchers.menu.yaml:39:9 option 98 can never be chosen: "98" is the more key (use fewer options or change keys.more)',
    ]);
  });

  it('when the list variable declares no sizes, then 10 items of 20 characters are assumed', () => {
    const undeclared = VOUCHERS.replace('  vouchers: { maxItems: 12, maxLength: 10 }\n', '').replace('pageSize: 80', 'pageSize: 40');
    expect(report(undeclared)).toContainEqual(expect.stringMatching(/^menus\/vouchers\.menu\.yaml:\d+:\d+ screen "pick" \(en\) page \d+ of 11 .*over pageSize 40/));
  });

  it('when a label names something other than item, index or a variable, then it is reported with the nearest name', () => {
    expect(report(VOUCHERS.replace('{{item.symbol}}', '{{iten.symbol}}'))).toEqual(['menus/vouchers.menu.yaml:34:15 unknown name "iten" in expression (did you mean "item"?)']);
  });

  it('when a generated list misses its empty screen, or names one that does not exist, then the file is refused', () => {
    expect(report(VOUCHERS.replace('    empty: no-vouchers\n', ''))).toContainEqual(expect.stringContaining('a generated list needs empty'));
    expect(report(VOUCHERS.replace('empty: no-vouchers', 'empty: no-voucher'))).toContainEqual(expect.stringContaining('empty "no-voucher" is not a screen of this menu (did you mean "no-vouchers"?)'));
  });

  it('when a menu has neither options nor a list, then it says what it needs', () => {
    expect(report('id: vouchers\nserviceCodes: ["*6#"]\nstart: a\nscreens:\n  a: { type: menu, text: Hi }\n')).toContainEqual(expect.stringContaining('a menu has options, or a generated list'));
  });
});
