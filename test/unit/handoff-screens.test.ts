import { handoffTo } from '../../src/menu/engine';
import { parseMenuSource } from '../../src/menu/parse-menu';
import { menuFrom, play } from '../support/menus';

const MENU = `
id: shop
serviceCodes: ["*384#", "*384*9#"]
start: main
shortcuts: { "7": { goto: old } }
screens:
  main:
    type: menu
    text: Shop
    options:
      - label: Airtime
        goto: airtime
        effects: [{ sms: { text: "Off to airtime." } }]
        profile: { chose: airtime }
      - { label: Quiz, goto: bye }
  airtime: { type: handoff, path: "3*1" }
  old: { type: handoff }
  bye: { type: end, text: Bye }
`;

describe('handoff screens in the engine', () => {
  it('when an option leads to a handoff, then the step hands it back as data with the effects and profile writes decided on the way, and shows nothing', () => {
    const [, out] = play(menuFrom(MENU), ['1']);
    expect(out).toEqual(expect.objectContaining({ state: 'airtime', screen: { text: '', end: false }, handoff: { path: '3*1', dial: '*384*3*1#' }, effects: [{ kind: 'sms', text: 'Off to airtime.' }], profile: { chose: 'airtime' } }));
  });

  it('when a shortcut dials straight into a handoff without a path, then the dial is the service code alone', () => {
    const [out] = play(menuFrom(MENU), [], ['7']);
    expect(out?.handoff).toEqual({ path: '', dial: '*384#' });
  });

  it.each([
    ['*384#', '*384*3*1#'],
    ['*384*9#', '*384*9*3*1#'],
    ['*384*5*2#', '*384*3*1#'],
    ['', '*384*3*1#'],
  ])('when the caller dialled %s, then the legacy app sees %s', (dialled, dial) => {
    expect(handoffTo(menuFrom(MENU).model, dialled, '3*1').dial).toBe(dial);
  });

  it('when a menu has a handoff, then the session keeps the code dialled (later hops may not say it)', () => {
    expect(menuFrom(MENU).model.keepsServiceCode).toBe(true);
  });
});

describe('handoff screens in the menu file', () => {
  it('when every path ends in a handoff or an end, then the menu is valid', () => {
    expect(parseMenuSource(MENU, 'shop.menu.yaml').problems).toEqual([]);
  });

  it('when a path is not inputs, or a handoff has text, then the problems say so', () => {
    const bad = MENU.replace('path: "3*1"', 'path: "3#1", text: Hi');
    expect(parseMenuSource(bad, 'shop.menu.yaml').problems.map((p) => p.message)).toEqual(expect.arrayContaining([expect.stringMatching(/^a path is the inputs/), 'unknown field "text"']));
  });

  it('when the service loads it with a legacy app for some gateways only, then each handoff warns, naming the others', () => {
    const limits = new Map([['africastalking', 182], ['hubtel', 160]]);
    const problems = parseMenuSource(MENU, 'shop.menu.yaml', undefined, limits, new Set(['africastalking'])).problems;
    expect(problems.map((p) => `${p.severity} ${p.message}`)).toEqual([
      'warning handoff "airtime": no legacy app for hubtel (set LEGACY_<GATEWAY>_URL, or name the menu\'s gateways:); callers who reach it there get the "unavailable" END',
      'warning handoff "old": no legacy app for hubtel (set LEGACY_<GATEWAY>_URL, or name the menu\'s gateways:); callers who reach it there get the "unavailable" END',
    ]);
    expect(parseMenuSource(MENU.replace('start: main', 'start: main\ngateways: [africastalking]'), 'shop.menu.yaml', undefined, limits, new Set(['africastalking'])).problems).toEqual([]);
  });
});
