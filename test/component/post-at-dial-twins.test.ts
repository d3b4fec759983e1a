import request from 'supertest';
import { startTestApp, type TestApp } from '../support/app';
import { startSourceStub, type SourceStub } from '../support/source-stub';

// Two copies of one dial in flight at once, the second sent in the next second of the clock: a
// gateway that resends a dial its upstream timed out. The dial's first screen POSTs a transfer.
let stub: SourceStub;
let t: TestApp;

beforeAll(async () => {
  stub = await startSourceStub();
  // Slow enough that the first copy is still waiting on it when the second arrives.
  stub.route('/transfers', (_req, res) => void setTimeout(() => res.writeHead(201, { 'content-type': 'application/json' }).end('{"ref":"TX1","status":"sent"}'), 400));
  t = await startTestApp({ MENUS_DIR: 'test/fixtures/menus-sources', SOURCE_BANK_URL: stub.url, SOURCE_BANK_TOKEN: 'tok-3f9a1c', SOURCE_DOWN_URL: stub.url, RESPONSE_DEADLINE_MS: '1500' });
});
afterAll(async () => {
  await t.close();
  await stub.close();
});

const untilMillisecond = async (ms: number) => new Promise((resolve) => setTimeout(resolve, (ms - (Date.now() % 1000) + 1000) % 1000));

describe('a POST fetch at a dial sent twice at once', () => {
  it.each([
    ['Nalo (sessions keyed by the number)', (msisdn: string) => request(t.app).post('/ussd/nalo').send({ USERID: 'NALOTest', MSISDN: msisdn, USERDATA: '*600*7#', MSGTYPE: true })],
    ["Africa's Talking (one session id)", (msisdn: string) => request(t.app).post('/ussd/africastalking').type('form').send({ sessionId: `twin-${msisdn}`, serviceCode: '*600*7#', phoneNumber: `+${msisdn}`, text: '' })],
  ])('on %s, when the copies straddle a second, then both calls carry one Idempotency-Key and both copies are answered alike', async (_gateway, dial) => {
    const msisdn = `2547${Math.floor(10_000_000 + Math.random() * 89_999_999)}`;
    await untilMillisecond(850);
    const first = dial(msisdn).then((r) => r.text);
    await new Promise((resolve) => setTimeout(resolve, 250));
    const [a, b] = await Promise.all([first, dial(msisdn).then((r) => r.text)]);
    const keys = stub.requests.filter((r) => r.method === 'POST' && r.headers['idempotency-key']?.includes(msisdn)).map((r) => r.headers['idempotency-key']);
    expect(keys).toHaveLength(2);
    expect(new Set(keys).size).toBe(1);
    expect(a).toContain('Sent: TX1 (201).');
    expect(b).toBe(a);
  });
});
