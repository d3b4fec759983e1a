import { eventually } from '../support/eventually';
import { atCaller, startTestApp, type TestApp } from '../support/app';
import { downUrl, startSourceStub, type SourceStub } from '../support/source-stub';

const UNAVAILABLE = 'END Service unavailable, try later.';
let stub: SourceStub;
let t: TestApp;
let failing = true;

beforeAll(async () => {
  stub = await startSourceStub();
  stub.route('/boom', (_req, res) => {
    res.writeHead(failing ? 503 : 200, { 'content-type': 'application/json' });
    res.end(failing ? '{"error":"down"}' : '{"name":"Back"}');
  });
  t = await startTestApp({
    MENUS_DIR: 'test/fixtures/menus-sources',
    SOURCE_BANK_URL: stub.url,
    SOURCE_BANK_TOKEN: 'tok',
    SOURCE_DOWN_URL: await downUrl(),
    BREAKER_VOLUME_THRESHOLD: '2',
    BREAKER_RESET_TIMEOUT_MS: '300',
  });
});
afterAll(async () => {
  await t.close();
  await stub.close();
});

const boomCalls = () => stub.requests.filter((r) => r.path === '/boom').length;
const breakerState = async () => /ussd_source_breaker_state\{source="live\.prices"\} (\d)/.exec(await t.deps.metrics.registry.getSingleMetricAsString('ussd_source_breaker_state'))?.[1];
const boom = async () => {
  const at = atCaller(t.app, { serviceCode: '*600#' });
  await at.hop('');
  return at.hop('4');
};

describe('a source that keeps failing', () => {
  it('when its breaker opens, then fetches go to onError without a call; half-open, one probe closes it again', async () => {
    expect(await boom()).toBe(UNAVAILABLE);
    expect(await boom()).toBe(UNAVAILABLE);
    expect(await breakerState()).toBe('2');
    const calls = boomCalls();
    expect(await boom()).toBe(UNAVAILABLE);
    expect(boomCalls()).toBe(calls);
    expect(await t.deps.metrics.registry.getSingleMetricAsString('ussd_source_requests_total')).toContain('source="live.prices",outcome="open"} 1');

    await eventually(async () => (await breakerState()) === '1', 'the breaker to turn half-open');
    failing = false;
    expect(await boom()).toBe('END Hello Back.');
    expect(boomCalls()).toBe(calls + 1);
    expect(await breakerState()).toBe('0');
  });
});
