import { atCaller } from '../support/app';
import { browse, describeInChromium, screenshot, type Browsing } from '../support/browser';
import { completeMathQuiz, QUIZ_END, startEffectsHarness, type EffectsHarness } from '../support/effects';

const TOKEN = 'console-test-token-0123456789';

describeInChromium('/admin/queues', 'the queue console in headless Chromium', () => {
  let h: EffectsHarness;
  let web: Browsing;

  beforeAll(async () => {
    // Billing down for good: two attempts, then the charge fails; the breaker never opens (it would hold the queue instead).
    h = await startEffectsHarness({
      billing: { failureRate: 1 },
      env: { ADMIN_TOKEN: TOKEN, EFFECT_ATTEMPTS: '2', EFFECT_BACKOFF_MS: '10', BREAKER_VOLUME_THRESHOLD: '100000' },
    });
    web = await browse(h.app, { viewport: { width: 1280, height: 900 }, httpCredentials: { username: 'operator', password: TOKEN } });
  }, 30_000);
  afterAll(async () => {
    await web?.close();
    await h?.close();
  });

  it('when an operator logs in, finds a charge that failed for good with its reason and retries it once billing is back, then it succeeds against the sandbox', async () => {
    const caller = atCaller(h.app);
    expect(await completeMathQuiz(caller.hop)).toBe(QUIZ_END);
    const [chargeId] = (await h.jobIds('billing', caller.sessionId)) as [string];
    expect(await h.settled('billing', [chargeId])).toEqual(['failed']);

    const page = await web.browser.newPage();
    await page.goto(`${web.base}/admin/queues/queue/billing?status=failed`);
    const card = page.locator('div', { has: page.getByText(chargeId, { exact: true }) }).filter({ hasText: 'attempt #2' }).last();
    await card.getByText(`POST ${h.billing.url}/charges: 503 injected failure`).first().waitFor();
    await screenshot(page, 'queue-console-failed');

    h.billing.setKnobs({ failureRate: 0 });
    await card.getByRole('button').filter({ has: page.locator('svg.lucide-refresh-cw') }).click();
    const retried = page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().includes(`/${chargeId}/retry`));
    await page.getByRole('button', { name: 'Confirm' }).click();
    expect((await retried).status()).toBeLessThan(300);
    expect(await h.settled('billing', [chargeId])).toEqual(['completed']);
    expect(h.billing.ledger.get(chargeId)?.answer?.status).toBe(201);

    await page.goto(`${web.base}/admin/queues/queue/billing?status=completed`);
    await page.getByText(chargeId, { exact: true }).waitFor();
    await screenshot(page, 'queue-console');
    await page.close();
  }, 60_000);
});
