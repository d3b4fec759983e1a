import { answerSource, startSession, continueSession } from '../../src/menu/engine';
import { parseMenuSource } from '../../src/menu/parse-menu';
import { formatProblem } from '../../src/menu/problems';
import { menuFrom } from '../support/menus';

const env = { msisdn: '254711000111' };

const WALLET = `
id: wallet
serviceCodes: ["*700#"]
start: balance
sources:
  wallet:
    url: "\${SOURCE_WALLET_URL}/api"
    headers: { Authorization: "Bearer \${SOURCE_WALLET_TOKEN}" }
screens:
  balance:
    type: fetch
    source: wallet
    path: "/accounts/{{msisdn}}"
    set: { balance: "{{response.balance}}", name: "{{response.name}}" }
    goto: home
    onError: down
  home:
    type: menu
    text: "{{name}}: KES {{balance}}"
    options:
      - label: Send
        goto: amount
        effects:
          - sms: { text: "You chose to send" }
  amount:
    type: input
    text: "Amount:"
    save: amount
    goto: lookup
  lookup:
    type: fetch
    source: wallet
    method: POST
    path: "/quotes"
    body: { amount: "{{amount}}", from: "{{msisdn}}" }
    set: { fee: "{{response.fee}}" }
    goto: confirm
    onError: down
  confirm:
    type: end
    text: "Fee {{fee}}"
  down:
    type: end
    text: "Wallet unavailable."
`;

describe('a fetch step', () => {
  const menu = menuFrom(WALLET);

  it('when a session starts on a fetch, then the step shows nothing and describes the call as data', () => {
    const out = startSession(menu, { env });
    expect(out.screen).toEqual({ text: '', end: false });
    expect(out.needs).toMatchObject({ screen: 'balance', method: 'GET', target: '/accounts/254711000111', body: undefined });
    expect(out.needs?.source).toMatchObject({ label: 'wallet.wallet', url: '${SOURCE_WALLET_URL}/api', timeoutMs: 1500, cacheSeconds: 0 });
  });

  it('when the answer comes, then set keeps its fields and the next screen shows; a failure goes to onError', () => {
    const start = startSession(menu, { env });
    const ok = answerSource(menu, start, { ok: true, status: 200, body: { balance: 1500, name: 'Amina', other: 'dropped' } }, env);
    expect(ok.needs).toBeUndefined();
    expect(ok.screen).toEqual({ text: 'Amina: KES 1500\n1. Send', end: false });
    expect(ok.ctx.vars).toEqual({ balance: '1500', name: 'Amina' });
    expect(answerSource(menu, start, { ok: false }, env).screen).toEqual({ text: 'Wallet unavailable.', end: true });
  });

  it('when a POST fetch follows an input, then its body is JSON of the variables, and effects decided before it are kept', () => {
    const home = answerSource(menu, startSession(menu, { env }), { ok: true, status: 200, body: { balance: 9, name: 'A' } }, env);
    const amount = continueSession(menu, home, '1', env);
    const posting = continueSession(menu, amount, '250', env);
    expect(posting.needs).toMatchObject({ method: 'POST', target: '/quotes', body: '{"amount":"250","from":"254711000111"}' });
    const done = answerSource(menu, posting, { ok: true, status: 201, body: { fee: 5 } }, env);
    expect(done.screen.text).toBe('Fee 5');
  });

  it('when dial parts follow a fetch at the start, then they are walked once it is answered', () => {
    const out = startSession(menu, { env, dialParts: ['1', '300'] });
    expect(out.pendingInputs).toEqual(['1', '300']);
    const next = answerSource(menu, out, { ok: true, status: 200, body: { balance: 9, name: 'A' } }, env);
    expect(next.needs).toMatchObject({ screen: 'lookup', body: '{"amount":"300","from":"254711000111"}' });
    expect(next.effects).toEqual([{ kind: 'sms', text: 'You chose to send' }]);
    const end = answerSource(menu, next, { ok: false }, env);
    expect(end.effects).toEqual([{ kind: 'sms', text: 'You chose to send' }]);
    expect(end.screen.text).toBe('Wallet unavailable.');
  });

  it('when a value inserted in the path has reserved characters, then it is URL-encoded', () => {
    const m = menuFrom(WALLET.replace('path: "/accounts/{{msisdn}}"', 'path: "/accounts/{{msisdn}}/x"'));
    expect(startSession(m, { env: { msisdn: 'a/b?c' } }).needs?.target).toBe('/accounts/a%2Fb%3Fc/x');
  });

  it('when the path holds expressions (a field of an earlier answer, arithmetic), then they see the values as they are and what they give is encoded', () => {
    const m = menuFrom(`id: chain
serviceCodes: ["*701#"]
start: account
sources:
  bank: { url: "\${SOURCE_BANK_URL}" }
screens:
  account: { type: fetch, source: bank, path: /me, set: { acct: "=response", n: "=2" }, goto: history, onError: down }
  history: { type: fetch, source: bank, path: "/accounts/{{ acct.id }}/history/{{ n + 1 }}", goto: down, onError: down }
  down: { type: end, text: Bye }
`);
    const first = startSession(m, { env });
    const second = answerSource(m, first, { ok: true, status: 200, body: { id: 'AC 7' } }, env);
    expect(second.needs?.target).toBe('/accounts/AC%207/history/3');
  });
});

describe('validation of sources', () => {
  const problems = (source: string, settings?: ReadonlySet<string>) => parseMenuSource(source, 'menus/wallet.menu.yaml', settings).problems.map(formatProblem);

  it('when a source reads a setting that is not SOURCE_*, then the menu is refused at its line and column', () => {
    expect(problems(WALLET.replace('SOURCE_WALLET_TOKEN', 'REDIS_URL'))).toEqual([
      'menus/wallet.menu.yaml:8:31 ${REDIS_URL}: a menu may only read SOURCE_* settings (such as SOURCE_WALLET_URL)',
    ]);
  });

  it('when the service lacks a SOURCE_* setting the menu names, then the menu is refused naming it', () => {
    expect(problems(WALLET, new Set(['SOURCE_WALLET_URL']))).toEqual([
      "menus/wallet.menu.yaml:8:31 ${SOURCE_WALLET_TOKEN} is not set: set SOURCE_WALLET_TOKEN in the service's environment",
    ]);
    expect(problems(WALLET, new Set(['SOURCE_WALLET_URL', 'SOURCE_WALLET_TOKEN']))).toEqual([]);
  });

  it('when a fetch names an undeclared source or lacks onError, then each is reported', () => {
    expect(problems(WALLET.replace('source: wallet\n    method', 'source: walet\n    method'))).toEqual([
      'menus/wallet.menu.yaml:32:13 source "walet" is not declared under sources (did you mean "wallet"?)',
    ]);
    expect(problems(WALLET.replace('    onError: down\n  home', '  home'))[0]).toBe('menus/wallet.menu.yaml:11:5 missing required field "onError"');
  });
});
