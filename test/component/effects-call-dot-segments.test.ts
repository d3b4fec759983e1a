import { atCaller } from '../support/app';
import { startEffectsHarness, type EffectsHarness } from '../support/effects';
import { tempMenusDir } from '../support/menus-dir';
import { startSourceStub, type SourceStub } from '../support/source-stub';

const MENU = `
id: notes
serviceCodes: ["*640#"]
start: ask
sources:
  log:
    url: "\${SOURCE_LOG_URL}/v1"
screens:
  ask:
    type: input
    text: "Order number:"
    save: order
    goto: done
  done:
    type: end
    text: "Noted."
    effects:
      - call: { source: log, path: "/orders/{{order}}/notes", body: { note: seen } }
`;

const menus = tempMenusDir();
let stub: SourceStub;
let h: EffectsHarness;

beforeAll(async () => {
  stub = await startSourceStub();
  stub.route('/orders/7/notes', (_req, res) => void res.writeHead(202, { 'content-type': 'application/json' }).end('{}'));
  menus.write('notes.menu.yaml', MENU);
  h = await startEffectsHarness({ env: { MENUS_DIR: menus.dir, SOURCE_LOG_URL: stub.url, EFFECT_BACKOFF_MS: '10' } });
});
afterAll(async () => {
  await h.close();
  await stub.close();
  menus.remove();
});

// The path a server (or the proxy in front of it) resolves the request to.
const resolved = (path: string) => new URL(path, 'http://source.example').pathname;

describe('a call effect whose path inserts what the caller typed', () => {
  it('when the caller typed ".." (a dot segment), then the call is never sent and fails for good (no retry)', async () => {
    const at = atCaller(h.app, { serviceCode: '*640#' });
    await at.hop('');
    expect(await at.hop('..')).toBe('END Noted.');
    const [id] = await h.jobIds('calls', at.sessionId);
    expect(await h.settled('calls', [id as string])).toEqual(['failed']);
    expect(stub.requests.map((r) => resolved(r.path)).filter((p) => !p.startsWith('/v1/orders/'))).toEqual([]);
  });

  it('when the caller typed an order number, then the call is made', async () => {
    const at = atCaller(h.app, { serviceCode: '*640#' });
    await at.hop('');
    expect(await at.hop('7')).toBe('END Noted.');
    const [id] = await h.jobIds('calls', at.sessionId);
    expect(await h.settled('calls', [id as string])).toEqual(['completed']);
    expect(stub.requests.at(-1)?.path).toBe('/v1/orders/7/notes');
  });
});
