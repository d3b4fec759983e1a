import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestApp, type TestApp } from '../support/app';
import { uniqueId } from '../support/redis';

// XML gateways may name the charset in the document's prolog only, not in the Content-Type.
let t: TestApp;
let front: Server;
beforeAll(async () => {
  t = await startTestApp({ MENUS_DIR: 'test/fixtures/menus' });
  front = createServer(t.app);
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  await new Promise((resolve) => front.close(resolve));
  await t.close();
});

async function post(path: string, body: Buffer): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${(front.address() as AddressInfo).port}${path}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body });
  return res.text();
}

const LATIN1_PROLOG = '<?xml version="1.0" encoding="ISO-8859-1"?>';
const WINDOWS_PROLOG = '<?xml version="1.0" encoding="windows-1252"?>';
const trurouteXml = (id: string, type: number, msg: string, prolog = LATIN1_PROLOG) => `${prolog}<ussd><msisdn>265888000111</msisdn><sessionid>${id}</sessionid><type>${type}</type><msg>${msg}</msg></ussd>`;
const truroute = (id: string, type: number, msg: string) => Buffer.from(trurouteXml(id, type, msg), 'latin1');
const cp1252 = (text: string) => Buffer.from(text.replace('€', '\x80'), 'latin1');
const flares = (id: string, first: boolean, input: string) =>
  Buffer.from(
    `${LATIN1_PROLOG}<request type="pull"><sessionId>${id}</sessionId><transactionId/><msisdn>265888000111</msisdn><newRequest>${first ? 1 : 0}</newRequest><flowState>${first ? 'FD' : 'FE'}</flowState><subscriberInput>${input}</subscriberInput></request>`,
    'latin1',
  );

describe('an XML callback whose prolog declares ISO-8859-1 (no charset in the Content-Type)', () => {
  it.each([
    ['TruRoute', '/ussd/truroute', (id: string, i: number, input: string) => truroute(id, i === 0 ? 1 : 2, input)],
    ['Flares', '/ussd/flares', (id: string, i: number, input: string) => flares(id, i === 0, input)],
  ])('when a %s caller types "José" (the é one byte, E9), then the menu reads José', async (_gateway, path, hop) => {
    const id = uniqueId('x1');
    const inputs = [path.includes('flares') ? '386' : '*386#', '1', 'José'];
    const replies: string[] = [];
    for (const [i, input] of inputs.entries()) replies.push(await post(path, hop(id, i, input)));
    expect(replies[2]).toContain('José');
  });
});

describe('an XML callback whose prolog declares another single-byte charset (windows-1252)', () => {
  it('when a TruRoute caller types "Müller €5" (ü FC, € 80), then the menu reads it as typed', async () => {
    const id = uniqueId('x2');
    const hop = (type: number, msg: string) => cp1252(trurouteXml(id, type, msg, WINDOWS_PROLOG));
    await post('/ussd/truroute', hop(1, '*386#'));
    await post('/ussd/truroute', hop(2, '1'));
    expect(await post('/ussd/truroute', hop(2, 'Müller €5'))).toContain('Müller €5');
  });
});
