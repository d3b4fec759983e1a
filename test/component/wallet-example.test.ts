import { startSourceSandbox, type SourceSandbox } from '../../src/sandbox/source-sandbox';
import { atCaller } from '../support/app';
import { startEffectsHarness, type EffectsHarness } from '../support/effects';

/**
 * The wallet example (examples/menus/wallet.menu.yaml) end to end over Africa's Talking, with the
 * effect workers running: the voucher list from the source past one screen, airtime charged at the
 * amount typed, and the transfer's `call` event reaching the wallet's event log once.
 */
let wallet: SourceSandbox;
let h: EffectsHarness;
beforeAll(async () => {
  wallet = await startSourceSandbox('wallet');
  h = await startEffectsHarness({ env: { MENUS_DIR: 'examples/menus', SOURCE_WALLET_URL: wallet.url, SOURCE_MARKET_URL: wallet.url, EFFECT_BACKOFF_MS: '10' } });
});
afterAll(async () => {
  await h?.close();
  await wallet?.close();
});

describe('the wallet example with its effects', () => {
  it('when a caller opens their vouchers, then the list from the source pages past one screen and the chosen voucher is shown', async () => {
    const at = atCaller(h.app, { serviceCode: '*700#', phoneNumber: '+254711000412' });
    expect(await at.hop('')).toBe('CON Hi Chebet. Balance: KES 1000\n1. Send money\n2. My vouchers\n3. Buy airtime\n4. Exit');
    const first = await at.hop('2');
    expect(first).toMatch(/^CON Your vouchers:\n1\. SRF 65\n2\. GRN 100\n/);
    expect(first).toMatch(/\n98\. More$/);
    const second = await at.hop('2*98');
    expect(second).toMatch(/\n12\. COOP \d+\n13\. Main menu/);
    expect(await at.hop('2*98*12')).toMatch(/^END COOP: KES \d+, valid until 2027-03-28\.$/);
  });

  it('when a caller buys airtime, then the amount typed is what the billing provider charges, once', async () => {
    const at = atCaller(h.app, { serviceCode: '*700#', phoneNumber: '+254711000413' });
    await at.hop('');
    expect(await at.hop('3')).toBe('CON Airtime amount (KES 5 to 1250):');
    expect(await at.hop('3*5000')).toBe('CON Amount must be 5 to 1250.\nAirtime amount (KES 5 to 1250):');
    expect(await at.hop('3*5000*75')).toBe('END KES 75 of airtime is on its way.');
    const ids = await h.jobIds('billing', at.sessionId);
    expect(await h.settled('billing', ids)).toEqual(['completed']);
    const charges = h.billing.ledger.applied().filter((e) => ids.includes(e.key));
    expect(charges.map((e) => JSON.parse(e.request))).toEqual([expect.objectContaining({ amount: 75, currency: 'KES', msisdn: '254711000413' })]);
  });

  it('when a transfer is sent, then its TransferSent event reaches the wallet through the calls queue with the effect id as Idempotency-Key', async () => {
    const at = atCaller(h.app, { serviceCode: '*700#', phoneNumber: '+254711000414' });
    for (const text of ['', '1', '1*254722000003', '1*254722000003*300', '1*254722000003*300*123456']) await at.hop(text);
    const sent = await at.hop('1*254722000003*300*123456*123456');
    const ref = /Ref (tx_\d+)\.$/.exec(sent)?.[1];
    expect(ref).toBeDefined();
    const ids = await h.jobIds('calls', at.sessionId);
    expect(await h.settled('calls', ids)).toEqual(['completed']);
    const events = wallet.ledger.list().filter((e) => ids.includes(e.key));
    expect(events.map((e) => [JSON.parse(e.request), e.answer?.status])).toEqual([[{ event: 'TransferSent', ref, amount: 300 }, 202]]);
  });
});
