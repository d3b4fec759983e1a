import { billingClient } from '../../src/effects/kinds/charge';
import type { EffectJob } from '../../src/effects/effect-job';
import { ProviderError } from '../../src/effects/provider-error';
import { smsClient } from '../../src/effects/kinds/sms';
import { startProviderSandbox, type ProviderSandbox } from '../../src/sandbox/provider-sandbox';

let billing: ProviderSandbox;
let sms: ProviderSandbox;
beforeAll(async () => {
  billing = await startProviderSandbox('billing');
  sms = await startProviderSandbox('sms');
});
afterAll(async () => Promise.all([billing.close(), sms.close()]));
afterEach(() => billing.setKnobs({ latencyMs: 0, failureRate: 0, declined: [] }));

const job = (id: string, msisdn = '254711000111'): EffectJob => ({ id, sessionId: 's1', msisdn, effect: { kind: 'charge', amount: 5, currency: 'KES', description: 'quiz' } });

async function failure(p: Promise<unknown>): Promise<{ failure: string; status: number | undefined; message: string }> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof ProviderError)) throw new Error(`expected a ProviderError, got ${String(err)}`);
  return { failure: err.failure, status: err.status, message: err.message };
}

describe('provider clients against the sandboxes', () => {
  it('when a charge and an SMS are delivered, then each carries the effect id as Idempotency-Key and reference, and resolves with the answer', async () => {
    expect(await billingClient(billing.url, 1000).deliver(job('c-ok'))).toMatchObject({ status: 'charged', reference: 'c-ok' });
    await smsClient(`${sms.url}/`, 1000).deliver({ id: 's-ok', sessionId: 's1', msisdn: '254711000111', effect: { kind: 'sms', text: 'hello' } });
    expect(JSON.parse(sms.ledger.get('s-ok')?.request ?? '{}')).toEqual({ to: '254711000111', text: 'hello', reference: 's-ok' });
  });

  it('when billing declines, then the error is final (rejected, 402)', async () => {
    billing.setKnobs({ declined: ['254700000402'] });
    expect(await failure(billingClient(billing.url, 1000).deliver(job('c-402', '254700000402')))).toEqual({
      failure: 'rejected',
      status: 402,
      message: `POST ${billing.url}/charges: 402 insufficient funds`,
    });
  });

  it('when billing fails, is too slow, or is busy with the key, then the error is retryable', async () => {
    billing.setKnobs({ failureRate: 1 });
    expect(await failure(billingClient(billing.url, 1000).deliver(job('c-503')))).toEqual({ failure: 'unavailable', status: 503, message: `POST ${billing.url}/charges: 503 injected failure` });

    billing.setKnobs({ failureRate: 0, latencyMs: 400 });
    expect(await failure(billingClient(billing.url, 100).deliver(job('c-slow')))).toEqual({ failure: 'unavailable', status: undefined, message: `POST ${billing.url}/charges: no answer within 100 ms` });
    expect(await failure(billingClient(billing.url, 1000).deliver(job('c-slow')))).toEqual({
      failure: 'in-progress',
      status: 409,
      message: `POST ${billing.url}/charges: 409 a request with this Idempotency-Key is in progress`,
    });
  });

  it('when nothing listens at the URL, then the error is retryable', async () => {
    const closed = await startProviderSandbox('billing');
    await closed.close();
    expect(await failure(billingClient(closed.url, 1000).deliver(job('c-gone')))).toEqual({ failure: 'unavailable', status: undefined, message: `POST ${closed.url}/charges: ECONNREFUSED` });
  });
});
