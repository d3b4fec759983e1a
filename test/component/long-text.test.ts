import { septetLength } from '../../src/menu/gsm7';
import { atCaller } from '../support/app';
import { startEffectsHarness, type EffectsHarness } from '../support/effects';
import { gatewayCaller, manualClock } from '../support/gateways/caller';
import { naloDriver } from '../support/gateways/nalo.driver';

/* Issue 12 item 4: long texts page over real HTTP and Redis; an end screen ends on its last page and sends its SMS once. */

let h: EffectsHarness;
beforeAll(async () => (h = await startEffectsHarness({ env: { MENUS_DIR: 'test/fixtures/long-text' } })));
afterAll(async () => h.close());

const MAIN = 'CON Soko Loans\n1. Terms\n2. Loan offer\n3. Kiswahili';
const TERMS = [
  'CON Soko Loans terms. 1) A loan is due 30 days after it is paid out. 2) A fee of 7.5% of the loan is charged when it is paid\n98. More',
  'CON out; there is no other interest. 3) A loan repaid late pays a late fee of 5% once, on day 31. 4) Repaying early\n0. Back\n98. More',
  "CON costs nothing. 5) Soko's repayment record of you may be shared with licensed credit bureaus. 6) You may ask for your\n0. Back\n98. More",
  'END data, or its deletion, at any Soko agent. 7) Disputes go first to Soko care on 0800 720 000 - free from any network.',
];
const caller = () => atCaller(h.app, { serviceCode: '*455#' });
const digits = (phone: string) => phone.replace('+', '');

describe('terms on an end screen, over Africa\'s Talking', () => {
  it('when a caller reads the terms, then each page is CON with More until the last, which is END, and the SMS is sent once', async () => {
    const at = caller();
    expect(await at.hop('')).toBe(MAIN);
    expect(await at.hop('1')).toBe(TERMS[0]);
    expect(await at.hop('1*98')).toBe(TERMS[1]);
    expect(await at.hop('1*98*0')).toBe(TERMS[0]);
    expect(await at.hop('1*98*0*98')).toBe(TERMS[1]);
    expect(await at.hop('1*98*0*98*98')).toBe(TERMS[2]);
    expect(await at.hop('1*98*0*98*98*98')).toBe(TERMS[3]);

    const sms = await h.jobIds('sms', at.sessionId);
    expect(sms).toHaveLength(1);
    expect(await h.settled('sms', sms)).toEqual(['completed']);
    expect(h.sms.ledger.list().filter((e) => e.key === sms[0]).map((e) => JSON.parse(e.request))).toEqual([
      { to: digits(at.phoneNumber), text: 'Soko Loans: the full terms are at soko.example/terms.', reference: sms[0] },
    ]);
  });

  it('when the session has ended on the last page, then a late hop gets that END again (the ended session keeps its reply); nothing more is sent', async () => {
    const at = caller();
    for (const text of ['', '1', '1*98', '1*98*98']) await at.hop(text);
    expect(await at.hop('1*98*98*98')).toBe(TERMS[3]);
    expect(await at.hop('1*98*98*98*98')).toBe(TERMS[3]);
    expect(await h.jobIds('sms', at.sessionId)).toHaveLength(1);
  });

  it('when the gateway retries a page hop, then the same page comes back and no effect is decided again', async () => {
    const at = caller();
    await at.hop('');
    await at.hop('1');
    expect(await at.hop('1*98')).toBe(TERMS[1]);
    expect(await at.hop('1*98')).toBe(TERMS[1]);
    expect(await at.hop('1*98*98')).toBe(TERMS[2]);
    const sms = await h.jobIds('sms', at.sessionId);
    await h.settled('sms', sms);
    expect(await h.jobIds('sms', at.sessionId)).toHaveLength(1);
  });

  it('when 0 is pressed on the first page, or 00 on a later one, then it is refused: the page again, headed by the error line', async () => {
    const at = caller();
    await at.hop('');
    await at.hop('1');
    expect(await at.hop('1*0')).toBe(TERMS[0]?.replace('CON ', 'CON Invalid choice, try again.\n'));
    expect(await at.hop('1*0*98')).toBe(TERMS[1]);
    expect(await at.hop('1*0*98*00')).toBe(TERMS[1]?.replace('CON ', 'CON Invalid choice, try again.\n'));
    expect(await at.hop('1*0*98*00*98')).toBe(TERMS[2]);
  });

  it('when the caller dials straight to a page (*455*1*98#), then the dial parts page the terms as typed inputs would', async () => {
    const at = atCaller(h.app, { serviceCode: '*455*1*98#' });
    expect(await at.hop('')).toBe(TERMS[1]);
    expect(await at.hop('98')).toBe(TERMS[2]);
    expect(await h.jobIds('sms', at.sessionId)).toHaveLength(1);
  });

  it('when the caller drops on a page of the terms and dials again, then resuming puts them back on that page, and the SMS is still sent once', async () => {
    const first = caller();
    for (const text of ['', '1']) await first.hop(text);
    expect(await first.hop('1*98')).toBe(TERMS[1]);
    expect((await first.end('Incomplete')).status).toBe(200);
    const again = atCaller(h.app, { serviceCode: '*455#', phoneNumber: first.phoneNumber });
    expect(await again.hop('')).toBe('CON Welcome back. Continue where you left off?\n1. Continue\n2. Start over');
    expect(await again.hop('1')).toBe(TERMS[1]);
    expect(await again.hop('1*98')).toBe(TERMS[2]);
    expect(await again.hop('1*98*98')).toBe(TERMS[3]);
    const sms = await h.jobIds('sms', first.sessionId);
    await h.settled('sms', sms);
    expect(sms).toHaveLength(1);
    const jobs = await h.queue('sms').getJobs(['waiting', 'delayed', 'active', 'prioritized', 'completed', 'failed']);
    expect(jobs.filter((j) => j.data.sessionId === again.sessionId)).toEqual([]);
    expect(h.sms.ledger.list().filter((e) => JSON.parse(e.request).to === digits(first.phoneNumber))).toHaveLength(1);
  });

  it('when the caller reads them in Swahili, then the Swahili text is paged on its own words', async () => {
    const at = caller();
    await at.hop('');
    expect(await at.hop('3')).toBe('CON Mikopo ya Soko\n1. Masharti\n2. Ofa ya mkopo');
    expect(await at.hop('3*1')).toBe('CON Masharti ya Mikopo ya Soko. 1) Mkopo hulipwa siku 30 baada ya kutolewa. 2) Ada ya 7.5% ya mkopo hutozwa unapotolewa; hakuna\n98. More');
  });
});

describe('a menu whose text is long', () => {
  it('when the offer is read, then its text pages first and its options follow the last part; 0 there turns back a page, then leaves the screen', async () => {
    const at = caller();
    await at.hop('');
    const first = 'CON You can borrow up to KES 2,000 today. The fee is 7.5% of the loan, taken when it is paid out, and the loan is due in 30\n98. More';
    expect(await at.hop('2')).toBe(first);
    expect(await at.hop('2*98')).toBe('CON days. Repay early at no cost. Take the loan of KES 2,000 now?\n1. Accept\n2. Decline\n0. Back');
    expect(await at.hop('2*98*0')).toBe(first);
    expect(await at.hop('2*98*0*0')).toBe(MAIN);
    expect(await at.hop('2*98*0*0*2')).toBe(first);
    expect(await at.hop('2*98*0*0*2*1')).toBe('END Accepted. KES 2,000 will reach your M-Pesa shortly.');
  });
});

describe('terms on a gateway that carries less (Nalo, 120 septets)', () => {
  it('when Nalo dials, then the terms are paged for 120 septets, every word shown once, the last page ending the session', async () => {
    const clock = manualClock(h);
    const c = gatewayCaller(h, naloDriver, clock);
    await c.dial('*455#');
    const pages = [await c.answer('1')];
    while (!pages.at(-1)?.end) pages.push(await c.answer('98'));
    expect(pages.length).toBeGreaterThan(TERMS.length);
    for (const p of pages) expect(septetLength(p.text)).toBeLessThanOrEqual(120);
    const words = pages.flatMap((p) => p.text.split('\n').filter((l) => l !== '98. More' && l !== '0. Back')).join(' ');
    expect(words).toBe(TERMS.map((t) => t.slice(4).split('\n')[0]).join(' '));
  });
});
