import type { ServerResponse } from 'node:http';
import { atCaller } from '../support/app';
import { startEffectsHarness, type EffectsHarness } from '../support/effects';
import { startSourceStub, type SourceStub } from '../support/source-stub';

/** The voucher menu a content author wrote from the docs alone (test/fixtures/author/vouchers.menu.yaml), against a real source. */
let stub: SourceStub;
let h: EffectsHarness;
const MSISDN = '254700111222';

beforeAll(async () => {
  stub = await startSourceStub();
  const json = (body: unknown) => (_req: unknown, res: ServerResponse) => void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  stub.route(`/customers/${MSISDN}/vouchers`, json({ name: 'Amina', vouchers: [{ code: 'V 1000', value: 50 }, { code: 'V1001', value: 100 }] }));
  stub.route(`/customers/${MSISDN}/pin`, json({ ok: true }));
  stub.route('/vouchers/V%201000/redeem', json({ status: 'redeemed' }));
  h = await startEffectsHarness({ env: { MENUS_DIR: 'test/fixtures/author', SOURCE_SHOP_URL: stub.url, SOURCE_SHOP_TOKEN: 'tok-shop', EFFECT_BACKOFF_MS: '10' } });
});
afterAll(async () => {
  await h.close();
  await stub.close();
});

describe('a voucher redeemed from a generated list', () => {
  it('when the call effect’s path reads a field of the chosen item, then the source is told at that item’s path, its value URL-encoded', async () => {
    const at = atCaller(h.app, { serviceCode: '*720#', phoneNumber: `+${MSISDN}` });
    expect(await at.hop('')).toBe('CON Amina, pick a voucher:\n1. V 1000 KES 50\n2. V1001 KES 100\n3. Help');
    expect(await at.hop('1')).toBe('CON Voucher V 1000: enter your 4-digit PIN');
    expect(await at.hop('1*4321')).toBe('CON Amount to redeem (1 to 50):');
    await at.hop('1*4321*50');
    expect(await at.hop('1*4321*50*1')).toBe('END KES 50 redeemed. You will get an SMS.');
    const [id] = await h.jobIds('calls', at.sessionId);
    expect(await h.settled('calls', [id as string])).toEqual(['completed']);
    const call = stub.requests.find((r) => r.headers['idempotency-key'] === id);
    expect(call && { method: call.method, path: call.path, body: JSON.parse(call.body) as unknown }).toEqual({
      method: 'POST',
      path: '/vouchers/V%201000/redeem',
      body: { amount: 50, code: 'V 1000', msisdn: MSISDN },
    });
  });
});
