import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import request from 'supertest';
import { buildApp } from '../../src/app';
import { startTestApp, type TestApp } from '../support/app';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(__dirname, '..', 'artifacts');
const haveChromium = existsSync(CHROMIUM);
const describeInBrowser = haveChromium ? describe : describe.skip;
if (!haveChromium) console.warn(`SKIPPED the browser test of /simulator: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

describeInBrowser('the web simulator in headless Chromium', () => {
  let t: TestApp;
  let server: Server;
  let browser: BrowserContext;
  let profile: string;
  let base: string;

  beforeAll(async () => {
    t = await startTestApp();
    server = createServer(t.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    profile = mkdtempSync(join(tmpdir(), 'chromium-'));
    // A fresh profile each run (playwright passes it as --user-data-dir).
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      viewport: { width: 900, height: 700 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    await t?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('when an author dials *384# on the keypad and plays the quiz, then every screen shows with its septet count, down to the END', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/simulator`);
    await page.fill('#phone', `+2547${Math.floor(10_000_000 + Math.random() * 89_999_999)}`);
    const key = (k: string) => page.click(`[data-key="${k}"]`);
    // Waits in the page for an element to hold exactly `text` (a string expression: no DOM types here).
    const waitText = (selector: string, text: string) =>
      page.waitForFunction(`document.querySelector(${JSON.stringify(selector)}).textContent === ${JSON.stringify(text)}`);
    const screen = async () => [await page.textContent('#kind'), await page.textContent('#reply'), await page.textContent('#count')];

    for (const k of '*384#') await key(k);
    await page.click('#send');
    await waitText('#kind', 'CON');
    expect(await screen()).toEqual(['CON', 'Welcome to Eneza. Choose option:\n1. Start Quiz\n2. View Score', '60 septets']);

    const answers: [string, string][] = [
      ['1', 'Select subject:\n1. Math\n2. Science'],
      ['1', 'Q1: 7 x 8 = ?\n1. 54\n2. 56\n3. 64'],
      ['2', 'Q2: 81 / 9 = ?\n1. 9\n2. 8\n3. 7'],
      ['1', 'Q3: 15 + 27 = ?\n1. 32\n2. 41\n3. 42'],
    ];
    for (const [answer, expected] of answers) {
      await key(answer);
      await page.click('#send');
      await waitText('#reply', expected);
    }
    // The last answer typed on the computer's keyboard, as an author would.
    await page.fill('#entry', '3');
    await page.press('#entry', 'Enter');
    await waitText('#kind', 'END');
    expect(await screen()).toEqual(['END', 'You scored 3/3 in Math. Dial *384# to try again.', '48 septets']);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'simulator.png'), fullPage: true });
    expect(existsSync(join(ARTIFACTS, 'simulator.png'))).toBe(true);

    await page.click('#restart');
    await waitText('#kind', 'CON');
    expect(await page.textContent('#reply')).toBe('Welcome to Eneza. Choose option:\n1. Start Quiz\n2. View Score');
    await page.close();
  }, 30_000);
});

describe('SIMULATOR_ENABLED', () => {
  it('when it is false, then /simulator is not served; by default it is', async () => {
    const off = await startTestApp({ SIMULATOR_ENABLED: 'false' });
    const on = await startTestApp();
    try {
      expect((await request(buildApp(off.deps.app)).get('/simulator')).status).toBe(404);
      const page = await request(on.app).get('/simulator');
      expect([page.status, page.type]).toEqual([200, 'text/html']);
      expect((await request(on.app).get('/simulator/menus.json')).body).toEqual([{ id: 'eneza', serviceCodes: ['*384#'] }]);
    } finally {
      await Promise.all([off.close(), on.close()]);
    }
  });
});
