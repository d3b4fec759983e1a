import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { atCaller } from '../support/app';
import { completeMathQuiz, QUIZ_END, startEffectsHarness, type EffectsHarness } from '../support/effects';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(__dirname, '..', 'artifacts');
const TOKEN = 'console-test-token-0123456789';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`SKIPPED the browser test of /admin/queues: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

(haveChromium ? describe : describe.skip)('the queue console in headless Chromium', () => {
  let h: EffectsHarness;
  let server: Server;
  let browser: BrowserContext;
  let profile: string;
  let base: string;

  beforeAll(async () => {
    // Billing down for good: two attempts, then the charge fails; the breaker never opens (it would hold the queue instead).
    h = await startEffectsHarness({
      billing: { failureRate: 1 },
      env: { ADMIN_TOKEN: TOKEN, EFFECT_ATTEMPTS: '2', EFFECT_BACKOFF_MS: '10', BREAKER_VOLUME_THRESHOLD: '100000' },
    });
    server = createServer(h.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    profile = mkdtempSync(join(tmpdir(), 'chromium-'));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      viewport: { width: 1280, height: 900 },
      httpCredentials: { username: 'operator', password: TOKEN },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    await h?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('when an operator logs in, finds a charge that failed for good with its reason and retries it once billing is back, then it succeeds against the sandbox', async () => {
    const caller = atCaller(h.app);
    expect(await completeMathQuiz(caller.hop)).toBe(QUIZ_END);
    const [chargeId] = (await h.jobIds('billing', caller.sessionId)) as [string];
    expect(await h.settled('billing', [chargeId])).toEqual(['failed']);

    const page = await browser.newPage();
    await page.goto(`${base}/admin/queues/queue/billing?status=failed`);
    const card = page.locator('div', { has: page.getByText(chargeId, { exact: true }) }).filter({ hasText: 'attempt #2' }).last();
    await card.getByText(`POST ${h.billing.url}/charges: 503 injected failure`).first().waitFor();
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'queue-console-failed.png'), fullPage: true });

    h.billing.setKnobs({ failureRate: 0 });
    await card.getByRole('button').filter({ has: page.locator('svg.lucide-refresh-cw') }).click();
    const retried = page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().includes(`/${chargeId}/retry`));
    await page.getByRole('button', { name: 'Confirm' }).click();
    expect((await retried).status()).toBeLessThan(300);
    expect(await h.settled('billing', [chargeId])).toEqual(['completed']);
    expect(h.billing.ledger.get(chargeId)?.answer?.status).toBe(201);

    await page.goto(`${base}/admin/queues/queue/billing?status=completed`);
    await page.getByText(chargeId, { exact: true }).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'queue-console.png'), fullPage: true });
    await page.close();
  }, 60_000);
});
