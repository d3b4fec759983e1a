import request from 'supertest';
import { LEGACY_UNAVAILABLE_TEXT } from '../../src/infra/legacy/legacy-app';
import { atCaller, startTestApp, type TestApp } from '../support/app';
import { startSourceStub, type SourceStub } from '../support/source-stub';

/** Replies a legacy app should never give, from a real HTTP server (`source-stub` routes). */
let stub: SourceStub;
let t: TestApp;
const lines: string[] = [];
beforeAll(async () => {
  stub = await startSourceStub();
  const big = 'x'.repeat(10 * 1024 * 1024);
  stub.route('/legacy/huge', (_req, res) => void res.writeHead(200, { 'content-type': 'text/plain' }).end(`CON ${big}`));
  t = await startTestApp({ LEGACY_AFRICASTALKING_URL: `${stub.url}/legacy/huge`, BREAKER_VOLUME_THRESHOLD: '1000', LOG_LEVEL: 'info' }, { write: (l) => void lines.push(l) });
});
afterAll(async () => {
  await t.close();
  await stub.close();
});

const legacyErrors = async () => Number(/^ussd_legacy_requests_total\{gateway="africastalking",outcome="error"\} (\d+)$/m.exec((await request(t.app).get('/metrics')).text)?.[1] ?? 0);

describe("a legacy app's odd replies", () => {
  it('when the legacy app answers a 10 MB body, then the caller gets the polite END (not 10 MB), an error is counted and the log says why', async () => {
    const before = await legacyErrors();
    const res = await atCaller(t.app, { serviceCode: '*999#' }).post('');
    // The length, not the text, when it is long: a failure should not print 10 MB.
    expect({ status: res.status, body: res.text.length > 200 ? `${res.text.length} bytes` : res.text }).toEqual({ status: 200, body: `END ${LEGACY_UNAVAILABLE_TEXT}` });
    expect(await legacyErrors()).toBe(before + 1);
    const failed = lines.map((l) => JSON.parse(l) as { msg: string; err?: string }).filter((l) => l.msg.startsWith('legacy app failed'));
    expect(failed.at(-1)?.err).toMatch(/65536 bytes/);
  });
});
