import type { ServerResponse } from 'node:http';
import { atCaller, startTestApp, type TestApp } from '../support/app';
import { eventually } from '../support/eventually';
import { tempMenusDir } from '../support/menus-dir';
import { startSourceStub, type SourceStub, type StubRequest } from '../support/source-stub';

/**
 * `ledger` is healthy (answers in 800 ms, its timeoutMs is 1500) but is reached late in some hops:
 * after `slowpoke` took 1300 ms of the hop's 1700 ms for source calls (RESPONSE_DEADLINE_MS 2000).
 * `stuck` never answers within its own 300 ms. `flaky` is `ledger` under another name, failing
 * (503) while `failing` says so.
 */
const MENU = `
id: late
serviceCodes: ["*620#"]
start: main
sources:
  slowpoke: { url: "\${SOURCE_STUB_URL}", timeoutMs: 1500 }
  ledger: { url: "\${SOURCE_STUB_URL}", timeoutMs: 1500 }
  stuck: { url: "\${SOURCE_STUB_URL}", timeoutMs: 300 }
  flaky: { url: "\${SOURCE_STUB_URL}", timeoutMs: 1500 }
screens:
  main:
    type: menu
    text: "Late:"
    options:
      - { label: late, goto: slow-first }
      - { label: ledger, goto: ledger }
      - { label: stuck, goto: stuck }
      - { label: flaky, goto: flaky }
      - { label: late flaky, goto: slow-then-flaky }
  slow-first:
    type: fetch
    source: slowpoke
    path: /slow-1300
    goto: ledger
    onError: unavailable
  ledger:
    type: fetch
    source: ledger
    path: /ledger
    set: { total: "=response.total" }
    goto: show
    onError: unavailable
  slow-then-flaky:
    type: fetch
    source: slowpoke
    path: /slow-1300
    goto: flaky
    onError: unavailable
  flaky:
    type: fetch
    source: flaky
    path: /ledger
    set: { total: "=response.total" }
    goto: show
    onError: unavailable
  stuck:
    type: fetch
    source: stuck
    path: /hang
    goto: show
    onError: unavailable
  show:
    type: end
    text: "Ledger {{total}}."
  unavailable:
    type: end
    text: "Service unavailable, try later."
`;
const UNAVAILABLE = 'END Service unavailable, try later.';

const menus = tempMenusDir();
let stub: SourceStub;
let t: TestApp;
let failing = false;

beforeAll(async () => {
  stub = await startSourceStub();
  const after = (ms: number, body: string) => (_req: StubRequest, res: ServerResponse) =>
    void setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(body), ms);
  stub.route('/slow-1300', after(1300, '{}'));
  const ledger = after(800, '{"total":7}');
  stub.route('/ledger', (req, res) => (failing ? void res.writeHead(503, { 'content-type': 'application/json' }).end('{}') : ledger(req, res)));
  menus.write('late.menu.yaml', MENU);
  t = await startTestApp({ MENUS_DIR: menus.dir, SOURCE_STUB_URL: stub.url, RESPONSE_DEADLINE_MS: '2000', BREAKER_VOLUME_THRESHOLD: '2', BREAKER_RESET_TIMEOUT_MS: '300' });
});
afterAll(async () => {
  await t.close();
  await stub.close();
  menus.remove();
});

const choose = async (option: string) => {
  const at = atCaller(t.app, { serviceCode: '*620#' });
  await at.hop('');
  return at.hop(option);
};
const metric = async (name: string) => t.deps.metrics.registry.getSingleMetricAsString(name);

describe("a source's breaker and the hop's deadline", () => {
  it('when hops reach a healthy source too late and their calls are cut by the hop deadline, then its breaker stays closed and the next caller is answered', async () => {
    expect(await choose('1')).toBe(UNAVAILABLE);
    expect(await choose('1')).toBe(UNAVAILABLE);
    expect(await choose('2')).toBe('END Ledger 7.');
    expect(await metric('ussd_source_breaker_state')).toContain('ussd_source_breaker_state{source="late.ledger"} 0');
    expect(await metric('ussd_source_requests_total')).toContain('source="late.ledger",outcome="deadline"} 2');
  });

  it("when a half-open breaker's probe is cut by its hop's deadline, then the breaker opens again (the probe proved nothing) instead of closing", async () => {
    const state = async () => /ussd_source_breaker_state\{source="late\.flaky"\} (\d)/.exec(await metric('ussd_source_breaker_state'))?.[1];
    failing = true;
    expect(await choose('4')).toBe(UNAVAILABLE);
    expect(await choose('4')).toBe(UNAVAILABLE);
    expect(await state()).toBe('2');
    await eventually(async () => (await state()) === '1', 'the breaker to turn half-open');
    failing = false;
    expect(await choose('5')).toBe(UNAVAILABLE);
    expect(await state()).toBe('2');
  });

  it("when a source's calls time out at its own timeoutMs, then they still count against its breaker", async () => {
    expect(await choose('3')).toBe(UNAVAILABLE);
    expect(await choose('3')).toBe(UNAVAILABLE);
    expect(await metric('ussd_source_requests_total')).toContain('source="late.stuck",outcome="timeout"} 2');
    expect(await metric('ussd_source_breaker_state')).toContain('ussd_source_breaker_state{source="late.stuck"} 2');
  });
});
