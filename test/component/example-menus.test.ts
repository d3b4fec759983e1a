import { parseMenuSource } from '../../src/menu/parse-menu';
import { readdirSync, readFileSync } from 'node:fs';
import { startSourceSandbox, type SourceSandbox } from '../../src/sandbox/source-sandbox';
import { atCaller, startTestApp, type TestApp } from '../support/app';

/** The example menus (examples/menus/), written from the spec alone, against their sandboxes. */
let market: SourceSandbox;
let t: TestApp;
beforeAll(async () => {
  market = await startSourceSandbox('market');
  t = await startTestApp({ MENUS_DIR: 'examples/menus', SOURCE_MARKET_URL: market.url });
});
afterAll(async () => {
  await t?.close();
  await market?.close();
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
});
