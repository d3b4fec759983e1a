import { createServer, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app';
import { browse, describeInChromium, type Browsing } from '../support/browser';
import { eventually } from '../support/eventually';
import { FIXTURE_MENUS_DIR } from '../support/fixture-menus';
import { tempMenusDir } from '../support/menus-dir';
import { startSourceStub, type SourceStub } from '../support/source-stub';

// *386# opens on a fetch whose source holds each request until the test lets it go: a reply that
// arrives after the caller has moved on (another dial, a hang-up), as a slow source makes it.
const HELD_MENU = `id: held
serviceCodes: ["*386#"]
start: look
sources:
  slow:
    url: "\${SOURCE_SLOW_URL}"
    timeoutMs: 20000
screens:
  look:
    type: fetch
    source: slow
    path: /held
    goto: found
    onError: found
  found:
    type: menu
    text: "Found:"
    options:
      - { label: Keep, goto: kept }
  kept:
    type: end
    text: "Kept."
`;

describeInChromium('/simulator', 'the web simulator when a reply comes late (after the caller moved on) or not at all', () => {
  let t: TestApp;
  let web: Browsing;
  let stub: SourceStub;
  const held: ServerResponse[] = [];
  const menus = tempMenusDir();

  beforeAll(async () => {
    stub = await startSourceStub();
    stub.route('/held', (_req, res) => void held.push(res));
    menus.write('eneza.menu.yaml', readFileSync(join(FIXTURE_MENUS_DIR, 'eneza.menu.yaml'), 'utf8'));
    menus.write('held.menu.yaml', HELD_MENU);
    t = await startTestApp({ MENUS_DIR: menus.dir, SOURCE_SLOW_URL: stub.url, RESPONSE_DEADLINE_MS: '30000', SHUTDOWN_TIMEOUT_MS: '40000' });
    web = await browse(t.app, { viewport: { width: 900, height: 700 } });
  }, 30_000);
  afterAll(async () => {
    for (const res of held) if (!res.writableEnded) res.end();
    await web?.close();
    await t?.close();
    await stub?.close();
    menus.remove();
  });

  async function openPhone(): Promise<Page> {
    const page = await web.browser.newPage();
    await page.goto(`${web.base}/simulator`);
    await page.waitForSelector('#codes button');
    await page.fill('#phone', `+2547${Math.floor(10_000_000 + Math.random() * 89_999_999)}`);
    // Every text the screen shows, in order, so that a reply shown only for a moment is seen too.
    await page.evaluate(`(() => { const r = document.querySelector('#reply'); window.shown = []; new MutationObserver(() => window.shown.push(r.textContent)).observe(r, { childList: true, characterData: true, subtree: true }); })()`);
    return page;
  }
  const shown = (page: Page) => page.evaluate<string[]>('window.shown');
  const logHeads = (page: Page) => page.$$eval('#log li', (items) => items.map((li) => (li.lastChild?.textContent ?? '').split('\n', 1)[0]));
  const waitText = (page: Page, selector: string, text: string) =>
    page.waitForFunction(`document.querySelector(${JSON.stringify(selector)}).textContent === ${JSON.stringify(text)}`, undefined, { timeout: 10_000 });
  const WELCOME = 'Welcome to Eneza. Choose option:\n1. Start Quiz\n2. View Score';

  /** Dials *386#, waits until its fetch is held at the source, and returns a function that lets it answer and waits for that reply to reach the page. */
  async function dialHeld(page: Page): Promise<() => Promise<void>> {
    const before = held.length;
    const reply = page.waitForResponse((r) => r.url().endsWith('/ussd/africastalking') && (r.request().postData() ?? '').includes('serviceCode=*386%23'));
    // Left unreleased when a test fails first: its page closes with it.
    reply.catch(() => undefined);
    await page.click('[data-dial="*386#"]');
    await eventually(() => held.length > before, 'the fetch held at the source', 10_000);
    return async () => {
      held[before]?.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      await (await reply).finished();
    };
  }

  it('when another code is dialled while a reply is pending, then the late reply neither shows nor ends the new dialogue', async () => {
    const page = await openPhone();
    const release = await dialHeld(page);
    await page.click('[data-dial="*384#"]');
    await waitText(page, '#reply', WELCOME);
    await release();
    // The next answer goes to the dialogue on screen: the quiz's subject list.
    await page.fill('#entry', '1');
    await page.press('#entry', 'Enter');
    await page.waitForFunction(`document.querySelector('#reply').textContent !== ${JSON.stringify(WELCOME)}`, undefined, { timeout: 10_000 });
    expect([await page.textContent('#kind'), await page.textContent('#reply')]).toEqual(['CON', 'Select subject:\n1. Math\n2. Science']);
    expect(await shown(page)).not.toContain('Found:\n1. Keep');
    expect(await logHeads(page)).toEqual(['hung up (the gateway reports it)', 'dial *384# (africastalking)', '> 1']);
    await page.close();
  }, 30_000);

  it('when the caller hangs up while a reply is pending, then a code typed at once dials, and the late reply does not reopen the screen', async () => {
    const page = await openPhone();
    const release = await dialHeld(page);
    await page.press('#entry', 'Escape');
    await waitText(page, '#kind', 'READY');
    await page.fill('#entry', '*384#');
    await page.press('#entry', 'Enter');
    await waitText(page, '#reply', WELCOME);
    await release();
    await page.fill('#entry', '2');
    await page.press('#entry', 'Enter');
    await waitText(page, '#kind', 'END');
    expect(await page.textContent('#reply')).toBe('Your last score: none yet.');
    expect(await shown(page)).not.toContain('Found:\n1. Keep');
    expect(await logHeads(page)).toEqual(['hung up (the gateway reports it)', 'dial *384# (africastalking)', '> 2']);
    await page.close();
  }, 30_000);

  it('when a keyboard user on the keypad presses Escape, then the phone hangs up, as from the text box', async () => {
    const page = await openPhone();
    await page.click('[data-dial="*384#"]');
    await waitText(page, '#reply', WELCOME);
    await page.focus('#keypad [data-key="1"]');
    await page.keyboard.press('Escape');
    await waitText(page, '#kind', 'READY');
    await page.close();
  }, 30_000);

  it('when the page cannot load its setup, then it says so, and a code typed then dials nothing and throws nothing', async () => {
    const page = await web.browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => void errors.push(err.message));
    await page.route('**/simulator/setup.json', (route) => route.abort());
    await page.goto(`${web.base}/simulator`);
    await waitText(page, '#kind', 'ERROR');
    expect(await page.textContent('#reply')).toContain('Could not load the simulator setup');
    await page.fill('#entry', '*384#');
    await page.press('#entry', 'Enter');
    expect([await page.textContent('#kind'), errors]).toEqual(['ERROR', []]);
    await page.close();
  }, 30_000);

  it('when the service stops answering, then the screen says no answer came from the service, and the log keeps the attempt', async () => {
    // The page from a server of its own, closed before the dial: the service is gone, as after a crash or Ctrl-C.
    const server = createServer(t.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const page = await web.browser.newPage();
    await page.goto(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/simulator`);
    await page.waitForSelector('#codes button');
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await page.click('[data-dial="*384#"]');
    await waitText(page, '#kind', 'ERROR');
    const reply = 'No answer from the service at ussd/africastalking: is it running? (TypeError: Failed to fetch)';
    expect(await page.textContent('#reply')).toBe(reply);
    expect(await page.$$eval('#log li', (items) => items.map((li) => li.lastChild?.textContent ?? ''))).toEqual([`dial *384# (africastalking)\n${reply}`]);
    await page.close();
  }, 30_000);
});
