import { UNKNOWN_SERVICE_TEXT } from '../../src/session/handle-turn';
import { startTestApp, type TestApp } from '../support/app';
import { publishConformanceMenu } from '../support/conformance-menu';
import { CON, END, gatewayCaller, manualClock } from '../support/gateways/caller';
import type { GatewayDriver } from '../support/gateways/driver';
import { DRIVERS } from '../support/gateways/index';
import { send } from '../support/gateways/wire';

/*
 * The conformance table (research Appendix C): every row runs against every gateway's endpoint
 * through the real app on real Redis. A row that a gateway cannot express (a dial string for Beem,
 * a cancel signal for Arkesel) is not generated for it; the README's gateway table says which.
 */

const WELCOME = 'Welcome to Eneza. Choose option:\n1. Start Quiz\n2. View Score';
const SUBJECT = 'Select subject:\n1. Math\n2. Science';
const ECHO_MAIN = 'Tom & Jerry\'s <b>"shop"</b> - "café"\n1. Echo';

let t: TestApp;
let clock: { advance(seconds: number): void };
beforeAll(async () => {
  t = await startTestApp({ GATEWAY_BEEM_SERVICE_CODE: '*384#', GATEWAY_TRUROUTE_SERVICE_CODE: '*384#' });
  publishConformanceMenu(t);
  clock = manualClock(t);
});
afterAll(async () => t.close());

interface Row {
  name: string;
  applies?: (d: GatewayDriver) => boolean;
  run: (d: GatewayDriver) => Promise<void>;
}

const caller = (d: GatewayDriver) => gatewayCaller(t, d, clock);

/** Dials the echo service and gets to its input screen. */
async function echoScreen(d: GatewayDriver) {
  const c = caller(d);
  expect(await c.dial('*386#')).toEqual(CON(ECHO_MAIN));
  expect(await c.answer('1')).toEqual(CON('Type anything:'));
  return c;
}

const ROWS: Row[] = [
  {
    name: 'when a learner dials the code alone, then the start screen',
    run: async (d) => expect(await caller(d).dial('*384#')).toEqual(CON(WELCOME)),
  },
  {
    name: 'when the dial carries pre-typed digits (*384*1#), then the screen they lead to',
    applies: (d) => d.dialString !== 'none',
    run: async (d) => expect(await caller(d).dial('*384*1#')).toEqual(CON(SUBJECT)),
  },
  {
    name: 'when a learner answers, then the next screen',
    run: async (d) => {
      const c = caller(d);
      await c.dial();
      expect(await c.answer('1')).toEqual(CON(SUBJECT));
    },
  },
  {
    name: 'when a learner plays the shipped Math quiz, then every screen and the END with 3/3, echo fields unchanged on every hop',
    run: async (d) => {
      const c = caller(d);
      expect(await c.dial()).toEqual(CON(WELCOME));
      expect(await c.answer('1')).toEqual(CON(SUBJECT));
      expect(await c.answer('1')).toEqual(CON('Q1: 7 x 8 = ?\n1. 54\n2. 56\n3. 64'));
      expect(await c.answer('2')).toEqual(CON('Q2: 81 / 9 = ?\n1. 9\n2. 8\n3. 7'));
      expect(await c.answer('1')).toEqual(CON('Q3: 15 + 27 = ?\n1. 32\n2. 41\n3. 42'));
      expect(await c.answer('3')).toEqual(END('You scored 3/3 in Math. Dial *384# to try again.'));
    },
  },
  {
    name: 'when a learner types the same answer on consecutive screens (Science: 2, 2, 2), then each counts',
    run: async (d) => {
      const c = caller(d);
      await c.dial();
      await c.answer('1');
      expect(await c.answer('2')).toEqual(CON('Q1: Which gas do plants take in?\n1. Oxygen\n2. Carbon dioxide\n3. Nitrogen'));
      expect(await c.answer('2')).toEqual(CON('Q2: Water boils at sea level at?\n1. 50 C\n2. 100 C\n3. 150 C'));
      expect(await c.answer('2')).toEqual(CON('Q3: Which organ pumps blood?\n1. Lungs\n2. Liver\n3. Heart'));
      expect(await c.answer('3')).toEqual(END('You scored 3/3 in Science. Dial *384# to try again.'));
    },
  },
  {
    name: 'when a hop arrives after the END, then the final reply again',
    run: async (d) => {
      const c = caller(d);
      await c.dial();
      await c.answer('2');
      const final = END('Your last score: none yet.');
      expect(await c.resend()).toEqual(final);
      expect(await c.answer('1')).toEqual(final);
    },
  },
  {
    name: 'when the gateway delivers a hop twice, then the same reply and the session advances once',
    run: async (d) => {
      const c = caller(d);
      expect(await c.dial()).toEqual(CON(WELCOME));
      expect(await c.resend()).toEqual(CON(WELCOME));
      expect(await c.answer('1')).toEqual(CON(SUBJECT));
      expect(await c.resend()).toEqual(CON(SUBJECT));
      expect(await c.answer('1')).toEqual(CON('Q1: 7 x 8 = ?\n1. 54\n2. 56\n3. 64'));
    },
  },
  {
    name: 'when a duplicate races the original hop, then both get the same reply and the session advances once',
    run: async (d) => {
      const c = caller(d);
      await c.dial();
      expect(await c.answerTwiceAtOnce('1')).toEqual([CON(SUBJECT), CON(SUBJECT)]);
      expect(await c.answer('1')).toEqual(CON('Q1: 7 x 8 = ?\n1. 54\n2. 56\n3. 64'));
    },
  },
  {
    name: 'when the user cancels, then the gateway gets the answer it expects and a late hop gets the ended text (the signal is never input)',
    applies: (d) => d.session({ sessionId: 'x', msisdn: '1' }).cancel !== undefined,
    run: async (d) => {
      const c = caller(d);
      await c.dial();
      await c.answer('1');
      await c.signal('cancel');
      expect(await c.answer('1')).toEqual(END('This session has ended. Please dial again.'));
    },
  },
  {
    name: 'when the gateway times the session out, then the answer it expects and a late hop gets the ended text',
    applies: (d) => d.session({ sessionId: 'x', msisdn: '1' }).timeout !== undefined,
    run: async (d) => {
      const c = caller(d);
      await c.dial();
      await c.signal('timeout');
      expect(await c.answer('1')).toEqual(END('This session has ended. Please dial again.'));
    },
  },
  {
    name: 'when the input holds * and #, then it is one input, not a chain',
    run: async (d) => expect(await (await echoScreen(d)).answer('1*2#')).toEqual(END('1*2#')),
  },
  {
    name: 'when the input is empty, then the screen again and nothing chosen',
    run: async (d) => {
      const c = caller(d);
      await c.dial();
      const again = await c.answer('');
      expect(again.end).toBe(false);
      expect(again.text.endsWith(WELCOME)).toBe(true);
      expect(await c.answer('1')).toEqual(CON(SUBJECT));
    },
  },
  {
    name: 'when text is outside GSM-7, then the reply is normalised (typographic marks plain, accents stripped, the rest ?)',
    run: async (d) => expect(await (await echoScreen(d)).answer('café “naïve” — 😀 ok')).toEqual(END('café "naive" - ? ok')),
  },
  {
    name: 'when the text is exactly the gateway cap, then it is sent whole',
    run: async (d) => {
      const text = `${'a'.repeat(d.maxChars - 2)}€`;
      expect(await (await echoScreen(d)).answer(text)).toEqual(END(text));
    },
  },
  {
    // A long text pages (issue 12): a page keeps room for the error line (27) and More (9); a word that fits no page is cut between characters, never inside an escape pair.
    name: 'when the text is one septet over the cap, then it is paged: a first page within the cap ending in More, the rest END on the next, the escape pair whole',
    run: async (d) => {
      const c = await echoScreen(d);
      expect(await c.answer(`${'a'.repeat(d.maxChars - 37)}€${'a'.repeat(36)}`)).toEqual(CON(`${'a'.repeat(d.maxChars - 37)}\n98. More`));
      expect(await c.answer('98')).toEqual(END(`€${'a'.repeat(36)}`));
    },
  },
  {
    name: 'when the text holds XML specials, then they arrive intact (escaped in XML gateways)',
    run: async (d) => {
      const c = await echoScreen(d);
      const req = c.session.answer(`<&>"'`);
      const res = await send(t.app, req);
      expect(d.read(res)).toEqual(END(`<&>"'`));
      if (d.xml) expect(res.body).toContain('&lt;&amp;&gt;&quot;&apos;');
    },
  },
  {
    name: 'when the code is not served here, then END with the unknown-code text',
    applies: (d) => !d.unmarkedDial,
    run: async (d) => expect(await caller(d).dial('*999#')).toEqual(END(UNKNOWN_SERVICE_TEXT)),
  },
  {
    name: 'when an unmarked first hop dials nothing served here, then END with the expired text (it cannot be told from a hop of an expired session)',
    applies: (d) => d.unmarkedDial === true,
    run: async (d) => expect(await caller(d).dial('*999#')).toEqual(END('Your session timed out. Please dial again.')),
  },
  {
    name: 'when the payload is malformed, then 400 with a problem body naming what is wrong',
    run: async (d) => {
      for (const req of d.malformed) {
        const res = await send(t.app, req);
        expect({ status: res.status, type: res.headers['content-type'], body: JSON.parse(res.body) }).toEqual({
          status: 400,
          type: 'application/problem+json; charset=utf-8',
          body: { type: 'about:blank', title: 'Bad Request', status: 400, detail: `not a valid ${d.codec ?? d.name} callback`, errors: expect.arrayContaining([expect.any(String)]) },
        });
      }
    },
  },
];

describe.each(DRIVERS.map((d) => [d.name, d.path, d] as const))('%s on %s', (_name, _path, driver) => {
  const rows = ROWS.filter((r) => r.applies?.(driver) ?? true);
  it.each(rows.map((r) => [r.name, r] as const))('%s', async (_row, row) => row.run(driver));
});

describe('every endpoint while Redis is down', () => {
  let down: TestApp;
  beforeAll(async () => {
    down = await startTestApp({ GATEWAY_BEEM_SERVICE_CODE: '*384#', GATEWAY_TRUROUTE_SERVICE_CODE: '*384#' });
    await down.close(); // the app keeps serving, its Redis client gone
  });

  it.each(DRIVERS.map((d) => [d.name, d] as const))('when %s dials, then HTTP 200 and its END with the menu\'s unavailable text', async (_name, d) => {
    const c = gatewayCaller(down, d, { advance: () => undefined });
    expect(await c.dial()).toEqual(END('Eneza is busy right now. Please dial *384# again shortly.'));
  });
});
