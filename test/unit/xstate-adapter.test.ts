import { screenOf } from '../../src/menu/engine';
import { createActor, transition } from 'xstate';
import type { MenuEvent } from '../../src/menu/build-machine';
import { fixtureMenu } from '../support/menus';

/*
 * The Stepper steps machines through a reused inert actor scope (XState internals). These tests
 * pin that it behaves exactly like XState's public APIs, so an XState upgrade that changes the
 * internals fails here, loudly, instead of in production.
 */
const menu = fixtureMenu('eneza');
const env = { msisdn: '254711000111' };
const input = (text: string): MenuEvent => ({ type: 'INPUT', text, env });

/** Every input sequence of length `n` over a small alphabet that includes navigation keys and junk. */
function* sequences(n: number, alphabet = ['1', '2', '3', '0', '00', '9']): Generator<string[]> {
  if (n === 0) {
    yield [];
    return;
  }
  for (const head of alphabet) for (const tail of sequences(n - 1, alphabet)) yield [head, ...tail];
}

describe('the XState adapter (Stepper)', () => {
  it('when restored from {value, context} and stepped, then it matches a persisted-and-restored XState actor, for every 4-input sequence', () => {
    let compared = 0;
    for (const seq of sequences(4)) {
      let [snap] = menu.stepper.initial({ env });
      const first = createActor(menu.machine, { input: { env } });
      first.start();
      let persisted = first.getPersistedSnapshot();
      first.stop();
      for (const text of seq) {
        if (snap.status !== 'active') break;
        // ours: compact state → resolveState → the reused scope
        [snap] = menu.stepper.next(menu.stepper.restore(screenOf(snap.value), snap.context), input(text));
        // reference: XState's full persisted snapshot restored into a real actor
        const actor = createActor(menu.machine, { snapshot: persisted, input: { env } });
        actor.start();
        actor.send(input(text));
        const theirs = actor.getSnapshot();
        expect([snap.value, snap.status, snap.context]).toEqual([theirs.value, theirs.status, theirs.context]);
        persisted = actor.getPersistedSnapshot();
        actor.stop();
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('when a step decides effects and profile writes, then the Stepper hands back the same actions as xstate.transition()', () => {
    let [snap] = menu.stepper.initial({ env });
    for (const text of ['1', '1', '2', '1']) [snap] = menu.stepper.next(snap, input(text));
    const [ours, decided] = menu.stepper.next(snap, input('3'));
    const [theirs, actions] = transition(menu.machine, snap, input('3'));
    expect(ours.value).toBe('result');
    expect(theirs.value).toBe('result');
    expect(ours.context).toEqual(theirs.context);
    const custom = (list: { type: string; params?: unknown }[]) => list.filter((a) => a.type === 'profile' || a.type === 'effect').map((a) => [a.type, a.params]);
    expect(custom(decided)).toEqual(custom(actions));
    expect(custom(decided).map(([type]) => type)).toEqual(['effect', 'effect', 'profile']); // the quiz's charge and SMS, its last score
  });

  it('when a stored state names a screen the machine does not have, then restoring throws instead of failing later', () => {
    expect(() => menu.stepper.next(menu.stepper.restore('no-such-screen', { v: {}, h: [], n: 0, g: 0, x: 0, pf: {} }), input('1'))).toThrow();
  });
});
