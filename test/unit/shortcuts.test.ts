import { MenuRegistry } from '../../src/menu/registry';
import { menuFrom, play } from '../support/menus';

const quiz = menuFrom(`
id: quiz
serviceCodes: ["*384#", "*500*12#"]
start: main
shortcuts:
  "9": { goto: science, set: { subject: Science } }
  "1*2": { goto: science, set: { subject: Science, via: shortcut } }
screens:
  main:
    type: menu
    text: Choose
    options:
      - { label: Start, goto: subject }
      - { label: Score, goto: score }
  subject:
    type: menu
    text: Subject
    options:
      - { label: Math, goto: math, set: { subject: Math } }
      - { label: Science, goto: science, set: { subject: Science, via: menu } }
  math: { type: question, text: "Math Q", choices: ["1", "2"], answer: 1, goto: score }
  science: { type: question, text: "Science Q", choices: ["1", "2"], answer: 2, goto: score }
  score: { type: end, text: "{{subject|No}} score {{score|0}} via {{via|none}}" }
`);

const dial = (parts: string[]) => play(quiz, [], parts)[0];

describe('dialling with extra parts', () => {
  it('when the extra parts name a shortcut, then the shortcut wins over walking the menu', () => {
    const out = dial(['1', '2']);
    expect([out?.state, out?.ctx.vars]).toEqual(['science', { subject: 'Science', via: 'shortcut' }]);
    expect(out?.screen).toEqual({ text: 'Science Q\n1. 1\n2. 2', end: false });
  });

  it('when no shortcut matches, then the parts are walked as inputs from start', () => {
    expect(dial(['1', '1'])?.state).toBe('math');
    expect(dial(['2'])?.screen).toEqual({ text: 'No score 0 via none', end: true });
  });

  it('when a shortcut matches the first parts, then the rest are walked from its screen', () => {
    expect(dial(['9', '2'])?.screen).toEqual({ text: 'Science score 1 via none', end: true });
  });

  it('when a walked part is not an option, then the screen it stopped on shows with the error line', () => {
    expect(dial(['7'])?.screen).toEqual({ text: 'Invalid choice, try again.\nChoose\n1. Start\n2. Score', end: false });
  });

  it('when the caller presses back on a shortcut screen, then they land on start', () => {
    const outs = play(quiz, ['0'], ['9']);
    expect(outs.map((o) => o.state)).toEqual(['science', 'main']);
  });
});

describe('MenuRegistry.resolve', () => {
  const registry = new MenuRegistry();
  registry.publish(quiz);

  it('when a code is dialled as registered, then there are no extra parts', () => {
    expect(registry.resolve('*384#')).toEqual({ menu: quiz, extra: [] });
  });

  it('when a code is dialled with extra parts, then they come back in order', () => {
    expect(registry.resolve('*384*1*2#')).toEqual({ menu: quiz, extra: ['1', '2'] });
    expect(registry.resolve('*500*12*3#')).toEqual({ menu: quiz, extra: ['3'] });
  });

  it('when only a prefix of a registered multi-part code is dialled, or another code, then nothing resolves', () => {
    expect(registry.resolve('*500#')).toBeUndefined();
    expect(registry.resolve('*385*1#')).toBeUndefined();
  });

  it('when a menu is republished or withdrawn, then a dial string resolved before resolves as the menus now are', () => {
    const menus = new MenuRegistry();
    menus.publish(quiz);
    expect(menus.resolve('*384*1#')?.menu).toBe(quiz);
    const next = { ...quiz, version: 'quiz-2' };
    menus.publish(next);
    expect(menus.resolve('*384*1#')).toEqual({ menu: next, extra: ['1'] });
    menus.withdraw(quiz.id);
    expect(menus.resolve('*384*1#')).toBeUndefined();
    expect(menus.resolve('*384#')).toBeUndefined();
  });
});
