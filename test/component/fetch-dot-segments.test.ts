import { atCaller, startTestApp, type TestApp } from '../support/app';
import { tempMenusDir } from '../support/menus-dir';
import { startSourceStub, type SourceStub } from '../support/source-stub';

const MENU = `
id: acct
serviceCodes: ["*610#"]
start: ask
sources:
  bank:
    url: "\${SOURCE_BANK_URL}/v1"
screens:
  ask:
    type: input
    text: "Account:"
    save: acct
    goto: balance
  balance:
    type: fetch
    source: bank
    path: "/accounts/{{acct}}/balance"
    set: { balance: "=response.balance" }
    goto: show
    onError: unavailable
  show:
    type: end
    text: "Balance {{balance}}."
  unavailable:
    type: end
    text: "Service unavailable, try later."
`;

const menus = tempMenusDir();
const logs: string[] = [];
let stub: SourceStub;
let t: TestApp;

beforeAll(async () => {
  stub = await startSourceStub();
  menus.write('acct.menu.yaml', MENU);
  t = await startTestApp({ MENUS_DIR: menus.dir, SOURCE_BANK_URL: stub.url, LOG_LEVEL: 'warn' }, { write: (line) => void logs.push(line) });
});
afterAll(async () => {
  await t.close();
  await stub.close();
  menus.remove();
});

// The path a server (or the proxy in front of it) resolves the request to.
const resolved = (path: string) => new URL(path, 'http://source.example').pathname;

describe('a fetch whose path inserts what the caller typed', () => {
  it.each(['..', '.'])('when the caller types "%s" (a dot segment), then the fetch goes to onError and no request leaves the account\'s path', async (typed) => {
    const before = stub.requests.length;
    const at = atCaller(t.app, { serviceCode: '*610#' });
    expect(await at.hop('')).toBe('CON Account:');
    expect(await at.hop(typed)).toBe('END Service unavailable, try later.');
    const sent = stub.requests.slice(before).map((r) => r.path);
    expect(sent.filter((p) => !resolved(p).startsWith('/v1/accounts/'))).toEqual([]);
    const line = logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.sessionId === at.sessionId && l.screen === 'balance');
    expect(line).toMatchObject({ source: 'acct.bank', outcome: 'bad-path' });
    expect(JSON.stringify(line)).not.toContain('/accounts');
  });

  it('when the caller types an account number with dots inside it, then it is fetched as typed', async () => {
    const at = atCaller(t.app, { serviceCode: '*610#' });
    await at.hop('');
    expect(await at.hop('12..3')).toBe('END Balance 1500.');
    expect(stub.requests.at(-1)?.path).toBe('/v1/accounts/12..3/balance');
  });
});
