import { atCaller } from '../support/app';
import { startEffectsHarness, type EffectsHarness } from '../support/effects';
import { downUrl, startSourceStub, type SourceStub } from '../support/source-stub';

let stub: SourceStub;
let h: EffectsHarness;
let failuresLeft = 1;
/** How the source answers the next events: as it should, or 200 with a body over the sources' 64 KB cap. */
let large: 'no' | 'announced' | 'chunked' = 'no';

beforeAll(async () => {
  stub = await startSourceStub();
  stub.route('/events/254700999888', (_req, res) => {
    const big = JSON.stringify({ status: 'recorded', echo: 'x'.repeat(70_000) });
    if (large === 'announced') return void res.writeHead(200, { 'content-type': 'application/json' }).end(big);
    if (large === 'chunked') {
      res.writeHead(200, { 'content-type': 'application/json' }).write(big.slice(0, 40_000));
      return void res.end(big.slice(40_000));
    }
    const fail = failuresLeft-- > 0;
    res.writeHead(fail ? 503 : 202, { 'content-type': 'application/json' }).end(fail ? '{"error":"busy"}' : '{"status":"recorded"}');
  });
  h = await startEffectsHarness({
    env: { MENUS_DIR: 'test/fixtures/menus-sources', SOURCE_BANK_URL: stub.url, SOURCE_BANK_TOKEN: 'tok-7d2e', SOURCE_DOWN_URL: await downUrl(), EFFECT_BACKOFF_MS: '10' },
  });
});
afterAll(async () => {
  await h.close();
  await stub.close();
});

describe('a call effect', () => {
  it('when a screen decides a call, then it goes outbox → queue → breaker → source with the effect id as Idempotency-Key, retried with the same key, the token never in the queue', async () => {
    const at = atCaller(h.app, { serviceCode: '*600#', phoneNumber: '+254700999888' });
    await at.hop('');
    expect(await at.hop('7')).toMatch(/^END Sent: TX\d+ \(201\)\.$/);
    const [id] = await h.jobIds('calls', at.sessionId);
    expect(await h.settled('calls', [id as string])).toEqual(['completed']);

    const calls = stub.requests.filter((r) => r.path === '/v1/events/254700999888');
    expect(calls).toHaveLength(2);
    expect(calls.map((c) => c.headers['idempotency-key'])).toEqual([id, id]);
    expect(calls.map((c) => c.method)).toEqual(['POST', 'POST']);
    expect(calls[1]?.headers.authorization).toBe('Bearer tok-7d2e');
    const transfer = stub.requests.find((r) => r.path === '/v1/transfers' && r.headers['idempotency-key']?.includes(at.sessionId));
    expect(JSON.parse(calls[1]?.body ?? '')).toEqual({ event: 'TransferSent', ref: `TX${stub.requests.indexOf(transfer as never) + 1}`, amount: 100 });

    const job = await h.queue('calls').getJob(id as string);
    expect(JSON.stringify(job?.data)).not.toContain('tok-7d2e');
    expect(job?.data.effect).toMatchObject({ kind: 'call', source: 'live.bank', url: '${SOURCE_BANK_URL}/v1', headers: { Authorization: 'Bearer ${SOURCE_BANK_TOKEN}' }, method: 'POST' });
  });

  it.each(['announced', 'chunked'] as const)('when the source answers 2xx with a body over 64 KB (length %s), then the call is done: one POST, no retry, nothing against the breaker', async (how) => {
    large = how;
    try {
      const at = atCaller(h.app, { serviceCode: '*600#', phoneNumber: '+254700999888' });
      await at.hop('');
      await at.hop('7');
      const [id] = await h.jobIds('calls', at.sessionId);
      expect(await h.settled('calls', [id as string])).toEqual(['completed']);
      expect(stub.requests.filter((r) => r.headers['idempotency-key'] === id)).toHaveLength(1);
    } finally {
      large = 'no';
    }
  });
});
