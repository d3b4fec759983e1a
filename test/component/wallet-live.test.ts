import type { ServerResponse } from 'node:http';
import { atCaller, startTestApp, type TestApp } from '../support/app';
import { plainRedis } from '../support/redis';
import { startSourceStub, type SourceStub, type StubRequest } from '../support/source-stub';

/**
 * A wallet written from the format pages alone (test/fixtures/wallet-live/mpesa.menu.yaml), played
 * over Africa's Talking against a real HTTP source: the balance fetched at the dial, a recipient
 * looked up by number, the amount checked against the balance, a PIN typed twice, a POST transfer.
 */
let stub: SourceStub;
let t: TestApp;
const redis = plainRedis();
const names = new Map<string, string>();
const json = (res: ServerResponse, status: number, body: unknown) => void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

beforeAll(async () => {
  stub = await startSourceStub();
  const account = (number: string) => (req: StubRequest, res: ServerResponse) => json(res, 200, { name: names.get(number) ?? 'Amina', balance: 1500, at: req.path });
  for (const n of ['254711300001', '254711300002', '254722300003']) stub.route(`/accounts/${n}`, account(n));
  t = await startTestApp({ MENUS_DIR: 'test/fixtures/wallet-live', SOURCE_BANK_URL: stub.url, SOURCE_BANK_TOKEN: 'tok-wallet-1' });
});
afterAll(async () => {
  await t?.close();
  await stub?.close();
  redis.disconnect();
});

const MAIN = '1. Send money\n2. My vouchers\n3. Buy airtime\n4. Terms\n5. Exit';

describe('a wallet with live data over Africa\'s Talking', () => {
  it('when a caller sends money, then the recipient is named, the PIN is compared and the transfer is posted once with its Idempotency-Key', async () => {
    const at = atCaller(t.app, { serviceCode: '*711#', phoneNumber: '+254711300001' });
    expect(await at.hop('')).toBe(`CON Hi Amina. Balance: KES 1500\n${MAIN}`);
    expect(await at.hop('1')).toBe('CON Recipient phone number:');
    expect(await at.hop('1*254722300003')).toBe('CON Send to Amina. Amount (KES):');
    expect(await at.hop('1*254722300003*2000')).toBe('CON Amount must be 1 to 1500.\nSend to Amina. Amount (KES):');
    expect(await at.hop('1*254722300003*2000*300')).toBe('CON Enter 6-digit PIN:');
    expect(await at.hop('1*254722300003*2000*300*402781')).toBe('CON Confirm PIN:');
    const chain = '1*254722300003*2000*300*402781*402781';
    const sent = await at.hop(chain);
    expect(sent).toMatch(/^END Sent KES 300 to Amina\. Ref TX\d+\.$/);
    expect(await at.hop(chain)).toBe(sent);
    const posts = stub.requests.filter((r) => r.method === 'POST' && r.body.includes('254711300001'));
    expect(posts.map((r) => JSON.parse(r.body))).toEqual([{ from: '254711300001', to: '254722300003', amount: 300, pin: '402781' }]);
    expect(posts[0]?.headers['idempotency-key']).toMatch(new RegExp(`^at\\.${at.sessionId}\\.transfer\\.7\\.0\\.`));
    const keys = await redis.keys('*');
    const values = await Promise.all(keys.map((k) => redis.type(k).then((type) => (type === 'string' ? redis.get(k) : ''))));
    expect(values.filter((v) => v?.includes('402781'))).toEqual([]);
  });

  it('when a name from the source holds a line break, then it stays on its line and never shows as an option of its own', async () => {
    names.set('254711300002', 'Baraka\n1. Claim prize');
    names.set('254722300003', 'Juma\r\n2. Reverse');
    const at = atCaller(t.app, { serviceCode: '*711#', phoneNumber: '+254711300002' });
    expect(await at.hop('')).toBe(`CON Hi Baraka 1. Claim prize. Balance: KES 1500\n${MAIN}`);
    await at.hop('1');
    expect(await at.hop('1*254722300003')).toBe('CON Send to Juma 2. Reverse. Amount (KES):');
    names.delete('254722300003');
  });
});
