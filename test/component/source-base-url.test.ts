import { atCaller, startTestApp, type TestApp } from '../support/app';
import { tempMenusDir } from '../support/menus-dir';
import { startSourceStub, type SourceStub } from '../support/source-stub';

const MENU = `
id: keyed
serviceCodes: ["*650#"]
start: balance
sources:
  bank:
    url: "\${SOURCE_KEYED_URL}"
screens:
  balance:
    type: fetch
    source: bank
    path: "/accounts/{{msisdn}}"
    query: { currency: KES }
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
let stub: SourceStub;
let t: TestApp;

beforeAll(async () => {
  stub = await startSourceStub();
  menus.write('keyed.menu.yaml', MENU);
  t = await startTestApp({ MENUS_DIR: menus.dir, SOURCE_KEYED_URL: `${stub.url}/v1?key=k-123` });
});
afterAll(async () => {
  await t.close();
  await stub.close();
  menus.remove();
});

describe("a source whose base URL has a query (an API key the provider wants there)", () => {
  it("when a fetch calls it, then the request carries the base URL's query as well as the fetch's own", async () => {
    const at = atCaller(t.app, { serviceCode: '*650#', phoneNumber: '+254711000222' });
    expect(await at.hop('')).toBe('END Balance 1500.');
    expect(stub.requests.at(-1)?.path).toBe('/v1/accounts/254711000222?key=k-123&currency=KES');
  });
});
