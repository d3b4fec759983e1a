import request from 'supertest';
import { plainRedis } from '../support/redis';
import { atCaller, startTestApp, type TestApp } from '../support/app';
import { downUrl, startSourceStub, type SourceStub } from '../support/source-stub';

const UNAVAILABLE = 'END Service unavailable, try later.';
let stub: SourceStub;
let t: TestApp;
let down: string;
const redis = plainRedis();

const env = () => ({
  MENUS_DIR: 'test/fixtures/menus-sources',
  SOURCE_BANK_URL: stub.url,
  SOURCE_BANK_TOKEN: 'tok-3f9a1c',
  SOURCE_DOWN_URL: down,
  RESPONSE_DEADLINE_MS: '1500',
});

beforeAll(async () => {
  stub = await startSourceStub();
  down = await downUrl();
  t = await startTestApp(env());
});
afterAll(async () => {
  await t.close();
  await stub.close();
  redis.disconnect();
});

const callsTo = (path: string) => stub.requests.filter((r) => r.path.startsWith(path)).length;

describe('fetch screens against a real HTTP source', () => {
  it('when a fetch answers, then the next screen shows what set kept, and the request carried the encoded path, query and token', async () => {
    const at = atCaller(t.app, { serviceCode: '*600#', phoneNumber: '+254711222333' });
    await at.hop('');
    expect(await at.hop('1')).toBe('END Amina, your balance is KES 1500.');
    const req = stub.requests.find((r) => r.path.startsWith('/v1/accounts/254711222333'));
    expect(req?.path).toBe('/v1/accounts/254711222333?currency=KES&note=a%20b%26c');
    expect(req?.headers.authorization).toBe('Bearer tok-3f9a1c');
    expect(req?.method).toBe('GET');
  });

  it('when a fetch keeps two fields of a large answer, then the live session in Redis holds those two and nothing else of the body', async () => {
    const at = atCaller(t.app, { serviceCode: '*600#' });
    await at.hop('');
    expect(await at.hop('10')).toBe('CON Amina: KES 1500\n1. ok');
    const [key] = await redis.keys(`*${at.sessionId}*`);
    const stored = await redis.get(key ?? '');
    expect(stored).toContain('"Amina"');
    expect(stored).toContain('"1500"');
    expect(stored).not.toContain('not-for-the-session');
    expect(stored).not.toContain('xxxx');
    expect(stored).not.toContain('KES');
    expect(await at.hop('10*0')).toBe('CON Live:\n1. bal\n2. slow\n3. html\n4. boom\n5. huge\n6. hang\n7. send\n8. chain\n9. down\n10. peek');
  });

  it('when a fetch leads to a branch and another fetch, then both calls are made within the one hop', async () => {
    const at = atCaller(t.app, { serviceCode: '*600#' });
    await at.hop('');
    expect(await at.hop('8')).toBe('END Balance 1500, maize 42.');
  });

  it('when a source is slow but answers within its time, then its answer is used', async () => {
    const at = atCaller(t.app, { serviceCode: '*600#' });
    await at.hop('');
    expect(await at.hop('2')).toBe('END Hello Late.');
  });

  it('when a source hangs, then the call is cut at the hop deadline and the caller gets onError (not the deadline guard END)', async () => {
    const at = atCaller(t.app, { serviceCode: '*600#' });
    await at.hop('');
    const res = await at.post('6');
    expect(res.status).toBe(200);
    expect(res.text).toBe(UNAVAILABLE);
    expect(callsTo('/v1/hang')).toBeGreaterThan(0);
    expect(await t.deps.metrics.registry.getSingleMetricAsString('ussd_source_requests_total')).toContain('source="live.bank",outcome="deadline"} 1');
  });

  it('when a source sends its headers and then trickles its body, then the call is still cut at the hop deadline', async () => {
    stub.route('/hang', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"name":"');
      const drip = setInterval(() => (res.writableEnded || res.destroyed ? clearInterval(drip) : res.write('a')), 100);
      res.on('close', () => clearInterval(drip));
    });
    const at = atCaller(t.app, { serviceCode: '*600#' });
    await at.hop('');
    expect(await at.hop('6')).toBe(UNAVAILABLE);
    expect(await t.deps.metrics.registry.getSingleMetricAsString('ussd_source_requests_total')).toContain('source="live.bank",outcome="deadline"} 2');
  });

  it('when a POST hop is retried by the gateway, then the source is called once; concurrent twins carry one Idempotency-Key', async () => {
    const at = atCaller(t.app, { serviceCode: '*600#' });
    await at.hop('');
    const before = callsTo('/v1/transfers');
    const sent = await at.hop('7');
    expect(sent).toMatch(/^END Sent: TX\d+ \(201\)\.$/);
    expect(await at.hop('7')).toBe(sent);
    expect(callsTo('/v1/transfers')).toBe(before + 1);
    const post = stub.requests.filter((r) => r.path === '/v1/transfers').at(-1);
    expect(JSON.parse(post?.body ?? '')).toEqual({ to: at.phoneNumber.slice(1), amount: 100 });
    expect(post?.headers['content-type']).toBe('application/json');

    const twin = atCaller(t.app, { serviceCode: '*600#' });
    await twin.hop('');
    const [a, b] = await Promise.all([twin.post('7'), twin.post('7')]);
    expect(a.text).toBe(b.text);
    const keys = stub.requests.filter((r) => r.path === '/v1/transfers').slice(before + 1).map((r) => r.headers['idempotency-key']);
    expect(keys.length).toBeGreaterThanOrEqual(1);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toContain(twin.sessionId);
  });

  it('when a gateway that keys sessions by number dials a POST again in a later session, then the new call carries a new Idempotency-Key (the old one would be answered from the provider\'s memory)', async () => {
    const msisdn = `2547${Math.floor(10_000_000 + Math.random() * 89_999_999)}`;
    const dial = async () => (await request(t.app).post('/ussd/nalo').send({ USERID: 'NALOTest', MSISDN: msisdn, USERDATA: '*600*7#', MSGTYPE: true })).body as { MSG: string };
    const keysOf = () => stub.requests.filter((r) => r.path === '/v1/transfers' && r.headers['idempotency-key']?.includes(msisdn)).map((r) => r.headers['idempotency-key']);
    expect((await dial()).MSG).toMatch(/^Sent: TX\d+ \(201\)\.$/);
    // The session ended; a later day, it is long gone from Redis.
    await redis.del(`ussd:s:{nalo:msisdn-${msisdn}}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await dial()).MSG).toMatch(/^Sent: TX\d+ \(201\)\.$/);
    const keys = keysOf();
    expect(keys).toHaveLength(2);
    expect(keys[0]).not.toBe(keys[1]);
  });

  it.each([
    ['answering HTML', '3', '/html'],
    ['answering 500', '4', '/boom'],
    ['sending 10 MB', '5', '/huge'],
    ['down', '9', ''],
  ])('when the source is %s, then the caller gets the onError screen (never a 5xx)', async (_what, option, path) => {
    const at = atCaller(t.app, { serviceCode: '*600#' });
    await at.hop('');
    const res = await at.post(option);
    expect(res.status).toBe(200);
    expect(res.text).toBe(UNAVAILABLE);
    if (path) expect(callsTo(path)).toBeGreaterThan(0);
  });
});
