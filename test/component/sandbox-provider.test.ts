import { startProviderSandbox, type ProviderSandbox } from '../../src/sandbox/provider-sandbox';

let billing: ProviderSandbox;
beforeAll(async () => (billing = await startProviderSandbox('billing')));
afterAll(async () => billing.close());
afterEach(() => billing.setKnobs({ latencyMs: 0, failureRate: 0, declined: [] }));

const charge = (reference: string, extra: object = {}) => ({ msisdn: '254711000111', amount: 5, currency: 'KES', description: 'quiz', reference, ...extra });

async function post(path: string, body: object, key?: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${billing.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

describe('the billing sandbox over HTTP', () => {
  it('when a charge is repeated under its key, then the repeat gets the first answer and the ledger holds one charge', async () => {
    const first = await post('/charges', charge('k-repeat'), 'k-repeat');
    const again = await post('/charges', charge('k-repeat'), 'k-repeat');
    expect(first).toEqual({ status: 201, body: { id: expect.stringMatching(/^ch_/), status: 'charged', msisdn: '254711000111', amount: 5, currency: 'KES', reference: 'k-repeat' } });
    expect(again).toEqual(first);
    expect(billing.ledger.get('k-repeat')).toMatchObject({ attempts: 2, busy: false, answer: { status: 201 } });
  });

  it('when a repeat arrives while the first request is still being worked on, then it gets 409 and only the first is applied', async () => {
    billing.setKnobs({ latencyMs: 300 });
    const [first, second] = await Promise.all([post('/charges', charge('k-busy'), 'k-busy'), post('/charges', charge('k-busy'), 'k-busy')]);
    expect([first.status, second]).toEqual([201, { status: 409, body: { error: 'a request with this Idempotency-Key is in progress' } }]);
    expect(billing.ledger.applied().filter((e) => e.key === 'k-busy')).toHaveLength(1);
  });

  it('when a key comes back with a different request, then 422 and the first charge stands', async () => {
    await post('/charges', charge('k-other'), 'k-other');
    expect(await post('/charges', charge('k-other', { amount: 50 }), 'k-other')).toEqual({ status: 422, body: { error: 'this Idempotency-Key was used with a different request' } });
  });

  it('when the Idempotency-Key header or a field is missing, then 400 says which', async () => {
    expect(await post('/charges', charge('k-none'))).toEqual({ status: 400, body: { error: 'an Idempotency-Key header (1-255 characters) is required' } });
    expect(await post('/charges', { msisdn: '254711000111', amount: 5, currency: 'KES', reference: 'x' }, 'k-field')).toEqual({
      status: 400,
      body: { error: expect.stringContaining('description') },
    });
  });

  it('when the knobs are patched over HTTP, then declines and failures apply at once, and a bad knob gets 400', async () => {
    const patched = await fetch(`${billing.url}/_sandbox/knobs`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ declined: ['254711000111'] }) });
    expect(await patched.json()).toEqual({ latencyMs: 0, failureRate: 0, declined: ['254711000111'] });
    expect(await post('/charges', charge('k-poor'), 'k-poor')).toEqual({ status: 402, body: { error: 'insufficient funds', reference: 'k-poor' } });

    billing.setKnobs({ declined: [], failureRate: 1 });
    expect(await post('/charges', charge('k-down'), 'k-down')).toEqual({ status: 503, body: { error: 'injected failure' } });
    billing.setKnobs({ failureRate: 0 });
    expect((await post('/charges', charge('k-down'), 'k-down')).status).toBe(201);

    const bad = await fetch(`${billing.url}/_sandbox/knobs`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ failureRate: 2 }) });
    expect(bad.status).toBe(400);
    const state = (await (await fetch(`${billing.url}/_sandbox`)).json()) as { knobs: unknown; summary: { applied: number } };
    expect(state.knobs).toEqual({ latencyMs: 0, failureRate: 0, declined: [] });
    expect(state.summary.applied).toBe(billing.ledger.applied().length);
  });
});
