import { parseMenuSource } from '../../src/menu/parse-menu';
import { readdirSync, readFileSync } from 'node:fs';
import { startSourceSandbox, type SourceSandbox } from '../../src/sandbox/source-sandbox';
import { atCaller, startTestApp, type TestApp } from '../support/app';

/** The example menus (examples/menus/), written from the spec alone, against their sandboxes. */
let market: SourceSandbox;
let wallet: SourceSandbox;
let t: TestApp;
beforeAll(async () => {
  market = await startSourceSandbox('market');
  wallet = await startSourceSandbox('wallet', { declined: ['254722000009'] });
  t = await startTestApp({ MENUS_DIR: 'examples/menus', SOURCE_MARKET_URL: market.url, SOURCE_WALLET_URL: wallet.url });
});
afterAll(async () => {
  await t?.close();
  await market?.close();
  await wallet?.close();
});

const metric = async () => t.deps.metrics.registry.getSingleMetricAsString('ussd_source_requests_total');

describe('examples/menus', () => {
  it.each(readdirSync('examples/menus').filter((f) => f.endsWith('.menu.yaml')))('%s is valid', (file) => {
    const path = `examples/menus/${file}`;
    expect(parseMenuSource(readFileSync(path, 'utf8'), path).problems).toEqual([]);
  });

  it('market prices: when two callers ask for one market, then the source is called once and both see its prices', async () => {
    for (const n of [1, 2]) {
      const at = atCaller(t.app, { serviceCode: '*789#' });
      expect(await at.hop('')).toBe('CON Market prices. Choose a market:\n1. Nairobi\n2. Kisumu\n3. Eldoret');
      expect(await at.hop('2')).toBe('CON Kisumu at 06:00, KES/kg:\nMaize 47\nBeans 121\nSukuma 35\n1. Another market');
      expect(await metric()).toContain(n === 1 ? 'source="market-prices.market",outcome="ok"} 1' : 'source="market-prices.market",outcome="cached"} 1');
    }
  });

  it('market prices: when the source fails, then the caller is told to dial again later', async () => {
    market.setKnobs({ failureRate: 1 });
    const at = atCaller(t.app, { serviceCode: '*789#' });
    await at.hop('');
    expect(await at.hop('3')).toBe('END Prices are not available right now. Please dial *789# again later.');
    market.setKnobs({ failureRate: 0 });
  });

  it('wallet: when a caller sends money, then the balance is fetched at the dial, the recipient looked up, the amount held to the balance, the PIN confirmed and the transfer POSTed once', async () => {
    const at = atCaller(t.app, { serviceCode: '*700#', phoneNumber: '+254711000444' });
    expect(await at.hop('')).toBe('CON Hi Esther. Balance: KES 1500\n1. Send money\n2. My vouchers\n3. Buy airtime\n4. Exit');
    expect(await at.hop('1')).toBe("CON Recipient's number (2547XXXXXXXX):");
    expect(await at.hop('1*254722000003')).toBe('CON Send to Daudi. Amount (KES):');
    expect(await at.hop('1*254722000003*2000')).toBe('CON Amount must be 10 to 1500.\nSend to Daudi. Amount (KES):');
    expect(await at.hop('1*254722000003*2000*300')).toBe('CON Send KES 300 to Daudi. Enter PIN:');
    expect(await at.hop('1*254722000003*2000*300*123456')).toBe('CON Confirm PIN:');
    const sent = await at.hop('1*254722000003*2000*300*123456*123456');
    expect(sent).toMatch(/^END Sent KES 300 to Daudi\. Ref tx_\d{6}\.$/);
    expect(await at.hop('1*254722000003*2000*300*123456*123456')).toBe(sent);
    const transfers = wallet.ledger.list().filter((e) => e.key.includes(at.sessionId));
    expect(transfers.map((e) => [JSON.parse(e.request), e.attempts, e.answer?.status])).toEqual([[{ from: '254711000444', to: '254722000003', amount: 300 }, 1, 201]]);
  });

  it('wallet: when the PINs differ, or the recipient has no wallet, then nothing is sent', async () => {
    const at = atCaller(t.app, { serviceCode: '*700#', phoneNumber: '+254711000445' });
    for (const text of ['', '1', '1*254722000003', '1*254722000003*100', '1*254722000003*100*123456']) await at.hop(text);
    expect(await at.hop('1*254722000003*100*123456*654321')).toBe('END The PINs did not match. Nothing was sent.');
    const none = atCaller(t.app, { serviceCode: '*700#' });
    await none.hop('');
    await none.hop('1');
    expect(await none.hop('1*254722000009')).toBe('END 254722000009 has no wallet. Nothing was sent.');
    expect(wallet.ledger.list().filter((e) => e.key.includes(at.sessionId) || e.key.includes(none.sessionId))).toEqual([]);
  });
});
