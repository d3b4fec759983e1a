import { continueSession, startSession, type CompiledMenu, type StepOutcome } from '../../src/menu/engine';
import { menuFrom, fixtureMenu } from '../support/menus';

const env = { msisdn: '254711000111' };

/** Plays inputs from the start screen and returns every outcome. */
function play(menu: CompiledMenu, inputs: string[], opts: Parameters<typeof startSession>[1] = { env }): StepOutcome[] {
  const outs = [startSession(menu, opts)];
  for (const input of inputs) outs.push(continueSession(menu, outs.at(-1) as StepOutcome, input, env));
  return outs;
}
const last = (outs: StepOutcome[]) => outs.at(-1) as StepOutcome;

describe('the shipped Eneza menu', () => {
  const eneza = fixtureMenu('eneza');

  it('when a learner gets every Math answer right, then the END says 3/3 and the profile keeps it', () => {
    const end = last(play(eneza, ['1', '1', '2', '1', '3']));
    expect(end.screen).toEqual({ text: 'You scored 3/3 in Math. Dial *384# to try again.', end: true });
    expect(end.profile).toEqual({ lastScore: '3/3 in Math' });
  });

  it('when a learner answers wrongly, then the score counts only right answers', () => {
    expect(last(play(eneza, ['1', '1', '1', '2', '3'])).screen.text).toBe('You scored 1/3 in Math. Dial *384# to try again.');
  });

  it('when a learner takes the Science quiz, then it has three questions and the same END pattern', () => {
    const outs = play(eneza, ['1', '2', '2', '2', '3']);
    expect(outs.slice(2, 5).every((o) => !o.screen.end && /^Q\d: /.test(o.screen.text))).toBe(true);
    expect(last(outs).screen.text).toBe('You scored 3/3 in Science. Dial *384# to try again.');
  });

  it('when there is no stored score, then View Score says none yet; with one, it shows it', () => {
    expect(last(play(eneza, ['2'])).screen.text).toBe('Your last score: none yet.');
    expect(last(play(eneza, ['2'], { env, profile: { lastScore: '2/3 in Science' } })).screen.text).toBe('Your last score: 2/3 in Science.');
  });

  it('when the choice is not offered, then the same screen comes back headed by the error', () => {
    expect(last(play(eneza, ['1', '7'])).screen).toEqual({ text: 'Invalid choice, try again.\nSelect subject:\n1. Math\n2. Science', end: false });
  });

  it('when the learner errs three times on one screen, then the session ends with tooManyAttempts', () => {
    const outs = play(eneza, ['9', 'x', '5']);
    expect(outs[2]?.screen.end).toBe(false);
    expect(last(outs).screen).toEqual({ text: 'Too many invalid choices. Dial *384# to try again.', end: true });
  });

  it('when a learner dials *384*7#, then the menu is in Kiswahili and offers English', () => {
    const out = startSession(eneza, { env, dialParts: ['7'] });
    expect(out.screen.text).toBe('Karibu Eneza. Chagua:\n1. Anza Jaribio\n2. Angalia Alama\n3. English');
    expect(continueSession(eneza, out, '3', env).screen.text).toBe('Welcome to Eneza. Choose option:\n1. Start Quiz\n2. View Score');
  });

  it('when extra dial parts name no shortcut, then they are walked as inputs from start', () => {
    expect(startSession(eneza, { env, dialParts: ['1', '1'] }).screen.text).toBe('Q1: 7 x 8 = ?\n1. 54\n2. 56\n3. 64');
  });
});

describe('navigation', () => {
  const menu = menuFrom(`
id: nav
serviceCodes: ["*1#"]
start: home
screens:
  home:
    type: menu
    text: Home
    options:
      - { label: A, goto: a }
  a:
    type: menu
    text: Screen A
    options:
      - { label: B, goto: b }
  b:
    type: question
    text: "Q?"
    choices: ["x", "y"]
    answer: 1
    points: 2
    goto: done
  done:
    type: end
    text: "Score {{score}}"
`);

  it('when 0 is pressed, then the previous screen shows; 00 goes home from anywhere', () => {
    const [, a, b] = play(menu, ['1', '1']);
    expect(b?.screen.text).toBe('Q?\n1. x\n2. y');
    expect(continueSession(menu, b as StepOutcome, '0', env).screen.text).toBe('Screen A\n1. B');
    expect(continueSession(menu, continueSession(menu, b as StepOutcome, '0', env), '0', env).screen.text).toBe('Home\n1. A');
    expect(continueSession(menu, b as StepOutcome, '00', env).screen.text).toBe('Home\n1. A');
    expect(a?.ctx.history).toEqual(['home']);
  });

  it('when back is pressed on the start screen, then it is an invalid choice', () => {
    expect(last(play(menu, ['0'])).screen.text).toBe('Invalid choice, try again.\nHome\n1. A');
  });

  it('when a question is answered again after going back, then its points are not counted twice', () => {
    // a question screen has no back from its END, so answer, go back from the next question instead
    const twice = menuFrom(`
id: twice
serviceCodes: ["*3#"]
start: q1
screens:
  q1: { type: question, text: "Q1", choices: ["a", "b"], answer: 1, goto: q2 }
  q2: { type: question, text: "Q2", choices: ["a", "b"], answer: 2, goto: done }
  done: { type: end, text: "Score {{score}}" }
`);
    const onQ2 = last(play(twice, ['1']));
    expect(onQ2.ctx.vars.score).toBe(1);
    const backOnQ1 = continueSession(twice, onQ2, '0', env);
    const q2Again = continueSession(twice, backOnQ1, '1', env);
    expect(q2Again.ctx.vars.score).toBe(1);
    expect(continueSession(twice, q2Again, '2', env).screen.text).toBe('Score 2');
  });
});

describe('input screens, branches, conditions, templates and effects', () => {
  const menu = menuFrom(`
id: shop
serviceCodes: ["*2#"]
languages: [en, fr]
start: amount
vars:
  name: { maxLength: 10 }
screens:
  amount:
    type: input
    text: { en: "Amount (10-500):", fr: "Montant (10-500):" }
    save: amount
    min: 10
    max: 500
    error: "Enter a number from 10 to 500."
    goto: pin
  pin:
    type: input
    text: "PIN:"
    save: pin
    pattern: "[0-9]{4}"
    goto: route
  route:
    type: branch
    cases:
      - when: { all: [{ var: amount, gte: 100 }, { var: msisdn, exists: true }] }
        goto: big
    otherwise: small
  big:
    type: end
    text: "Big {{amount}} for {{msisdn}}"
    effects:
      - charge: { amount: 5, currency: KES, description: "Fee for {{amount}}" }
      - sms: { text: "You bought {{amount}}" }
    profile: { last: "{{amount}}" }
  small:
    type: end
    text: "Small {{amount}} {{missing|none}}"
`);

  it('when the input is out of bounds, then the screen shows its own error line', () => {
    expect(last(play(menu, ['5'])).screen.text).toBe('Enter a number from 10 to 500.\nAmount (10-500):');
    expect(last(play(menu, ['abc'])).screen.text).toBe('Enter a number from 10 to 500.\nAmount (10-500):');
  });

  it('when the pattern does not match the whole input, then it is rejected', () => {
    expect(last(play(menu, ['100', '12345'])).screen.text).toBe('Invalid choice, try again.\nPIN:');
  });

  it('when the branch condition holds, then the end screen decides the effects and profile write as data', () => {
    const end = last(play(menu, ['250', '1234']));
    expect(end.screen).toEqual({ text: 'Big 250 for 254711000111', end: true });
    expect(end.effects).toEqual([
      { kind: 'charge', amount: 5, currency: 'KES', description: 'Fee for 250' },
      { kind: 'sms', text: 'You bought 250' },
    ]);
    expect(end.profile).toEqual({ last: '250' });
  });

  it('when the branch condition fails, then otherwise is taken and the fallback fills a missing variable', () => {
    const end = last(play(menu, ['50', '1234']));
    expect(end.screen.text).toBe('Small 50 none');
    expect(end.effects).toEqual([]);
  });
});

describe('texts written as YAML blocks', () => {
  it('when a screen text is a block (text: |), then its closing line break adds no blank line before the options', () => {
    const menu = menuFrom(
      ['id: blocks', 'serviceCodes: ["*390#"]', 'start: main', 'screens:', '  main:', '    type: menu', '    text: |', '      Probe menu', '      Pick one:', '    options:', '      - { label: Done, goto: bye }', '  bye:', '    type: end', '    text: >', '      Thank you.', ''].join('\n'),
    );
    expect(last(play(menu, [])).screen.text).toBe('Probe menu\nPick one:\n1. Done');
    expect(last(play(menu, ['1'])).screen.text).toBe('Thank you.');
  });
});
