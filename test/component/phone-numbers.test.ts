import { startTestApp, type TestApp } from '../support/app';
import { africasTalkingDriver } from '../support/gateways/africastalking.driver';
import { arkeselDriver } from '../support/gateways/arkesel.driver';
import { CON, END, gatewayCaller, manualClock } from '../support/gateways/caller';
import type { GatewayDriver } from '../support/gateways/driver';
import { hubtelDriver } from '../support/gateways/hubtel.driver';
import { naloDriver } from '../support/gateways/nalo.driver';
import { send } from '../support/gateways/wire';
import { uniqueId } from '../support/redis';

/* Issue 13 point 5: +254711999001, 0711999001, 00254711999001 and 254711999001 are one person. */

const WELCOME = 'Welcome to Eneza. Choose option:\n1. Start Quiz\n2. View Score';
const POLITE = 'Too many requests. Wait a few minutes, then dial again.';

let t: TestApp;
let clock: { advance(seconds: number): void };
const lines: Record<string, unknown>[] = [];
beforeAll(async () => {
  t = await startTestApp({ DEFAULT_COUNTRY: 'KE', RATE_LIMIT_PER_MSISDN: '4/60', GATEWAY_AFRICASTALKING_RATE_LIMIT: 'off', LOG_LEVEL: 'warn' }, { write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  clock = manualClock(t);
});
afterAll(async () => t.close());

/** A Kenyan number of this test's own, in the four formats gateways send. */
function formats() {
  const national = `07${Math.floor(10_000_000 + Math.random() * 89_999_999)}`;
  const rest = national.slice(1);
  return { plus: `+254${rest}`, national, idd: `00254${rest}`, digits: `254${rest}` };
}

const dialOn = async (driver: GatewayDriver, msisdn: string) => driver.read(await send(t.app, driver.session({ sessionId: uniqueId(driver.name), msisdn }).dial('*384#')));

describe('one person whatever format the gateway sends their number in', () => {
  it('when one number dials in four formats, then one rate-limit bucket counts them all', async () => {
    const n = formats();
    expect(await dialOn(hubtelDriver, n.plus)).toMatchObject({ text: WELCOME, end: false });
    expect(await dialOn(hubtelDriver, n.national)).toMatchObject({ text: WELCOME, end: false });
    expect(await dialOn(arkeselDriver, n.idd)).toMatchObject({ text: WELCOME, end: false });
    expect(await dialOn(naloDriver, n.digits)).toMatchObject({ text: WELCOME, end: false });
    expect(await dialOn(arkeselDriver, n.national)).toMatchObject({ text: POLITE, end: true });
  });

  it('when a learner finishes the quiz with one format and dials again with another, then their profile (the last score) is the same', async () => {
    const n = formats();
    // Africa's Talking (its limit off here) writes the number with a plus: +254…
    const first = gatewayCaller(t, africasTalkingDriver, clock, n.digits);
    await first.dial();
    for (const input of ['1', '1', '2']) await first.answer(input);
    expect(await first.answer('1')).toEqual(CON('Q3: 15 + 27 = ?\n1. 32\n2. 41\n3. 42'));
    expect(await first.answer('3')).toEqual(END('You scored 3/3 in Math. Dial *384# to try again.'));
    clock.advance(60);
    const again = gatewayCaller(t, hubtelDriver, clock, n.national);
    expect(await again.dial()).toEqual(CON(WELCOME));
    expect(await again.answer('2')).toEqual(END('Your last score: 3/3 in Math.'));
  });

  it('when a number cannot be normalised, then it keeps its digits, the hop is served, and it is logged once, masked', async () => {
    const odd = `99${Math.floor(1000 + Math.random() * 8999)}`;
    const c = gatewayCaller(t, hubtelDriver, clock, odd);
    expect(await c.dial()).toEqual(CON(WELCOME));
    expect(await c.answer('1')).toEqual(CON('Select subject:\n1. Math\n2. Science'));
    const logged = lines.filter((l) => String(l.msg).startsWith('phone number kept as sent'));
    expect(logged).toEqual([expect.objectContaining({ msisdn: '*'.repeat(odd.length), defaultCountry: 'KE' })]);
  });
});
