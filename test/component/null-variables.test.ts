import { atCaller, startTestApp, type TestApp } from '../support/app';
import { tempMenusDir } from '../support/menus-dir';
import { startSourceStub, type SourceStub } from '../support/source-stub';

/**
 * A variable set to null, by an expression or from a source's JSON: the screen built on it must be
 * the same from memory (the replica that stepped), after a retry and on another replica (both read
 * Redis, which keeps no null apart from unset). Null is unset: `exists` is false.
 */
const NULLS = `id: nulls
serviceCodes: ["*384#"]
start: main
screens:
  main:
    type: menu
    text: Hello
    options:
      - { label: Go, goto: second, set: { nick: "=null" } }
  second:
    type: menu
    text: Pick
    options:
      - { label: Change nickname, when: { var: nick, exists: true }, goto: changed }
      - { label: Quit, goto: quit }
  changed: { type: end, text: Nickname changed. }
  quit: { type: end, text: Bye. }
`;
const ACCOUNT = `id: acct
serviceCodes: ["*600#"]
start: main
sources:
  crm: { url: "\${SOURCE_CRM_URL}" }
screens:
  main:
    type: menu
    text: Account
    options:
      - { label: Profile, goto: load }
  load: { type: fetch, source: crm, path: /customer, set: { nick: "=response.nickname" }, goto: profile, onError: oops }
  profile:
    type: menu
    text: Profile
    options:
      - { label: Remove nickname, when: { var: nick, exists: true }, goto: removed }
      - { label: Close account, goto: closed }
  removed: { type: end, text: Nickname removed. }
  closed: { type: end, text: Account closed. }
  oops: { type: end, text: Try later. }
`;

const menus = tempMenusDir();
let stub: SourceStub;
let a: TestApp;
let b: TestApp;
beforeAll(async () => {
  stub = await startSourceStub();
  stub.route('/customer', (_req, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ name: 'Amina', nickname: null })));
  menus.write('nulls.menu.yaml', NULLS);
  menus.write('acct.menu.yaml', ACCOUNT);
  const env = { MENUS_DIR: menus.dir, SOURCE_CRM_URL: stub.url };
  [a, b] = await Promise.all([startTestApp(env), startTestApp(env)]);
});
afterAll(async () => {
  await Promise.all([a.close(), b.close()]);
  await stub.close();
  menus.remove();
});

describe.each([
  { how: 'set to null by an expression', serviceCode: '*384#', shown: 'CON Pick\n1. Quit', then: 'END Bye.' },
  { how: 'kept null from a source', serviceCode: '*600#', shown: 'CON Profile\n1. Close account', then: 'END Account closed.' },
])('a variable $how', ({ serviceCode, shown, then }) => {
  it('when the screen shows options by `exists`, then the first answer, a retry and the next hop on another replica all see it unset', async () => {
    const onA = atCaller(a.app, { serviceCode });
    const onB = atCaller(b.app, { serviceCode, sessionId: onA.sessionId, phoneNumber: onA.phoneNumber });
    await onA.hop('');
    expect(await onA.hop('1')).toBe(shown);
    expect(await onA.hop('1')).toBe(shown);
    expect(await onB.hop('1*1')).toBe(then);
  });
});
