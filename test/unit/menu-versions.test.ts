import { MenuRegistry } from '../../src/menu/registry';
import { menuFrom } from '../support/menus';

const v1 = menuFrom(`
id: quiz
serviceCodes: ["*384#"]
start: main
screens:
  main: { type: end, text: Version one }
`);
const v2 = { ...v1, version: `${v1.version}-2` };
const MINUTE = 60_000;

/** A registry on a clock the test moves. */
function registryAt(): { menus: MenuRegistry; pass: (ms: number) => void } {
  let now = 1_000_000;
  return { menus: new MenuRegistry(() => now), pass: (ms) => (now += ms) };
}

describe('MenuRegistry: versions no longer current', () => {
  it('when a menu is republished, then the old version serves the sessions that ask for it and is forgotten once idle; the current one never is', () => {
    const { menus, pass } = registryAt();
    menus.publish(v1);
    menus.publish(v2);
    pass(4 * MINUTE);
    expect(menus.byVersion(v1.version)).toBe(v1);
    pass(4 * MINUTE);
    menus.dropIdle(5 * MINUTE);
    expect(menus.byVersion(v1.version)).toBe(v1);
    pass(5 * MINUTE);
    menus.dropIdle(5 * MINUTE);
    expect(menus.byVersion(v1.version)).toBeUndefined();
    expect(menus.byVersion(v2.version)).toBe(v2);
    expect(menus.resolve('*384#')?.menu).toBe(v2);
  });

  it('when the file goes back to a retired version, then that version is current again and is kept', () => {
    const { menus, pass } = registryAt();
    menus.publish(v1);
    menus.publish(v2);
    menus.publish(v1);
    pass(60 * MINUTE);
    menus.dropIdle(5 * MINUTE);
    expect(menus.byVersion(v1.version)).toBe(v1);
    expect(menus.byVersion(v2.version)).toBeUndefined();
  });

  it('when a version was compiled for a pinned session, or its menu was withdrawn, then it too is forgotten once idle', () => {
    const { menus, pass } = registryAt();
    menus.publish(v2);
    menus.remember(v1);
    pass(6 * MINUTE);
    menus.dropIdle(5 * MINUTE);
    expect(menus.byVersion(v1.version)).toBeUndefined();
    expect(menus.byVersion(v2.version)).toBe(v2);
    menus.withdraw(v2.id);
    pass(6 * MINUTE);
    menus.dropIdle(5 * MINUTE);
    expect(menus.byVersion(v2.version)).toBeUndefined();
  });
});
