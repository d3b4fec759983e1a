import request from 'supertest';
import { funnelOf, renderFunnel } from '../../src/cli/funnel-table';
import { atCaller, startTestApp, type TestApp } from '../support/app';
import { sample } from '../support/prometheus';

let t: TestApp;
beforeEach(async () => (t = await startTestApp()));
afterEach(async () => t.close());

const scrape = async () => (await request(t.app).get('/metrics')).text;
const at = (screen: string) => ({ menu: 'eneza', screen });

describe('the per-screen funnel (ussd_screen_*)', () => {
  it('when callers finish, stumble, give up and drop, then each screen counts its arrivals, refused inputs and endings by reason', async () => {
    const finisher = atCaller(t.app);
    for (const text of ['', '1', '1*9', '1*9*1', '1*9*1*2', '1*9*1*2*1', '1*9*1*2*1*3']) await finisher.hop(text);
    await finisher.hop('1*9*1*2*1*3'); // the gateway's retry: a replay counts nothing

    const dropped = atCaller(t.app);
    for (const text of ['', '1']) await dropped.hop(text);
    await dropped.end('Failed');

    const stumbler = atCaller(t.app);
    for (const text of ['', '5', '5*5']) await stumbler.hop(text);
    expect(await stumbler.hop('5*5*5')).toBe('END Too many invalid choices. Dial *384# to try again.');

    const text = await scrape();
    expect(sample(text, 'ussd_screen_views_total', at('main'))).toBe(3);
    expect(sample(text, 'ussd_screen_views_total', at('subject'))).toBe(2);
    expect(sample(text, 'ussd_screen_views_total', at('math-1'))).toBe(1);
    expect(sample(text, 'ussd_screen_views_total', at('result'))).toBe(1);
    expect(sample(text, 'ussd_screen_invalid_inputs_total', at('subject'))).toBe(1);
    expect(sample(text, 'ussd_screen_invalid_inputs_total', at('main'))).toBe(3);
    expect(sample(text, 'ussd_screen_endings_total', { ...at('result'), reason: 'end' })).toBe(1);
    expect(sample(text, 'ussd_screen_endings_total', { ...at('main'), reason: 'too-many' })).toBe(1);
    expect(sample(text, 'ussd_screen_endings_total', { ...at('subject'), reason: 'dropped' })).toBe(1);

    // What `npm run menus:funnel` prints from the same text.
    const rows = funnelOf('eneza', [text]);
    expect(rows.map((r) => [r.screen, r.views, r.invalid])).toEqual(expect.arrayContaining([['main', 3, 3], ['subject', 2, 1], ['result', 1, 0]]));
    expect(renderFunnel(rows)).toMatch(/^subject\s+2\s+1\s+0\s+0\s+0\s+1\s+50%$/m);
  });

  it('when a dropped caller dials again and resumes, then the prompt is no screen and the screen resumed is no second arrival', async () => {
    const first = atCaller(t.app);
    for (const text of ['', '1']) await first.hop(text);
    await first.end('Incomplete');
    const second = atCaller(t.app, { phoneNumber: first.phoneNumber });
    await second.hop(''); // the resume prompt is not a screen of the menu
    await second.hop('1'); // back on subject
    const text = await scrape();
    expect(sample(text, 'ussd_screen_views_total', at('main'))).toBe(1);
    expect(sample(text, 'ussd_screen_endings_total', { ...at('subject'), reason: 'timeout' })).toBe(1);
  });
});
