import { compileMenu } from '../../src/menu/engine';
import { septetLength } from '../../src/menu/gsm7';
import { parseMenuSource } from '../../src/menu/parse-menu';
import { startTestApp, type TestApp } from '../support/app';
import { gatewayCaller, manualClock } from '../support/gateways/caller';
import { africasTalkingDriver } from '../support/gateways/africastalking.driver';
import { naloDriver } from '../support/gateways/nalo.driver';

/* Issue 13 point 19: a page that does not fit the gateway is paginated for it, never cut. */

const OPTIONS = ['Airtime', 'Data bundles', 'Pay a bill', 'Send money', 'Withdraw cash', 'My account', 'Help line', 'Exit'];
const SOURCE = `id: shop
serviceCodes: ["*387#"]
start: main
pageSize: 182
resume: false
screens:
  main:
    type: menu
    text: "Choose a service:"
    options:
${OPTIONS.map((o) => `      - { label: "${o}", goto: chosen }`).join('\n')}
  chosen: { type: end, text: "Thank you." }
`;
const WHOLE = `Choose a service:\n${OPTIONS.map((o, i) => `${i + 1}. ${o}`).join('\n')}`;

let t: TestApp;
let clock: { advance(seconds: number): void };
beforeAll(async () => {
  t = await startTestApp();
  clock = manualClock(t);
  const parsed = parseMenuSource(SOURCE, 'shop.menu.yaml');
  if (!parsed.menu) throw new Error(parsed.problems.map((p) => p.message).join('; '));
  t.deps.menus.publish(compileMenu(parsed.menu, 'shop-v1'));
});
afterAll(async () => t.close());

describe('a screen longer than a gateway carries', () => {
  it('when the screen fits Africa\'s Talking (182, the menu\'s pageSize), then it gets the screen whole on one page', async () => {
    expect(septetLength(WHOLE)).toBeGreaterThan(120);
    expect(await gatewayCaller(t, africasTalkingDriver, clock).dial('*387#')).toEqual({ text: WHOLE, end: false, echoes: expect.anything() });
  });

  it('when Nalo (120) dials it, then pages of at most 120 septets carry every option, More and Back between them, and the last option can be chosen', async () => {
    const c = gatewayCaller(t, naloDriver, clock);
    const first = await c.dial('*387#');
    const second = await c.answer('98');
    for (const page of [first.text, second.text]) expect(septetLength(page)).toBeLessThanOrEqual(120);
    expect(first.text.endsWith('\n98. More')).toBe(true);
    expect(second.text.split('\n')).toContain('0. Back');
    const shown = [first.text, second.text].join('\n').split('\n').filter((l) => /^[1-8]\. /.test(l));
    expect(shown).toEqual(OPTIONS.map((o, i) => `${i + 1}. ${o}`));
    expect(await c.answer('8')).toEqual({ text: 'Thank you.', end: true, echoes: expect.anything() });
  });
});
