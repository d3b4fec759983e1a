import { Registry } from 'prom-client';
import { TalliedCounter } from '../../src/infra/tallied-counter';

describe('TalliedCounter', () => {
  it('when scraped, then each label set shows its count; scraping again counts nothing twice; later increments show at the next scrape', async () => {
    const registry = new Registry();
    const views = new TalliedCounter({ name: 'views_total', help: 'Views.', labelNames: ['menu', 'screen'] }, registry);
    views.inc({ menu: 'eneza', screen: 'main' });
    views.inc({ menu: 'eneza', screen: 'main' });
    views.inc({ menu: 'eneza', screen: 'math-1' });
    const series = async () => (await registry.metrics()).split('\n').filter((line) => line.startsWith('views_total{'));
    expect(await series()).toEqual(['views_total{menu="eneza",screen="main"} 2', 'views_total{menu="eneza",screen="math-1"} 1']);
    expect(await series()).toEqual(['views_total{menu="eneza",screen="main"} 2', 'views_total{menu="eneza",screen="math-1"} 1']);
    views.inc({ menu: 'eneza', screen: 'math-1' });
    views.inc({ menu: 'other', screen: 'main' });
    expect(await series()).toEqual(['views_total{menu="eneza",screen="main"} 2', 'views_total{menu="eneza",screen="math-1"} 2', 'views_total{menu="other",screen="main"} 1']);
  });

  it('when label values contain the separator-like characters of other values, then the series stay apart', async () => {
    const registry = new Registry();
    const c = new TalliedCounter({ name: 'c_total', help: 'C.', labelNames: ['a', 'b'] }, registry);
    c.inc({ a: 'x', b: 'yz' });
    c.inc({ a: 'xy', b: 'z' });
    expect((await registry.metrics()).split('\n').filter((line) => line.startsWith('c_total{'))).toEqual(['c_total{a="x",b="yz"} 1', 'c_total{a="xy",b="z"} 1']);
  });
});
