import request from 'supertest';
import { startTestApp, type TestApp } from '../support/app';
import { uniqueMsisdn } from '../support/gateways/caller';
import { startRecordingLegacyApp } from '../support/legacy-stub';

/**
 * Nalo without SESSIONID keys a session by the caller's number, and every dial starts a new
 * dialogue over whatever that key holds: a dialogue served here, or one forwarded to the legacy
 * app (whose marker is on the same key). `*999#` is claimed by no menu; `*384#` is the quiz.
 */
let legacy: Awaited<ReturnType<typeof startRecordingLegacyApp>>;
let t: TestApp;
beforeAll(async () => {
  legacy = await startRecordingLegacyApp();
  t = await startTestApp({ LEGACY_NALO_URL: legacy.url });
});
afterAll(async () => {
  await t.close();
  await legacy.close();
});

const hop = async (msisdn: string, MSGTYPE: boolean, USERDATA: string) => {
  const res = await request(t.app).post('/ussd/nalo').send({ USERID: 'NALOTest', MSISDN: msisdn, USERDATA, MSGTYPE, NETWORK: 'MTN' });
  return res.text.startsWith('legacy reply') ? res.text : (res.body as { MSG: string }).MSG;
};

describe('one number, two dialogues in a row, on Nalo keyed by number', () => {
  it('when a forwarded dialogue is followed by a dial of a menu served here, then that dial is served here', async () => {
    const n = uniqueMsisdn();
    await hop(n, true, '*999#');
    await hop(n, false, '1');
    const relayed = legacy.received.length;
    expect(await hop(n, true, '*384#')).toMatch(/^Welcome to Eneza/);
    expect(legacy.received.length).toBe(relayed);
  });

  it.each([
    ['live', []],
    ['ended', ['2']],
  ])('when a dialogue served here (%s) is followed by a dial of an unclaimed code, then the dial and every later hop go to the legacy app', async (_state, served) => {
    const n = uniqueMsisdn();
    await hop(n, true, '*384#');
    for (const input of served) await hop(n, false, input);
    const relayed = legacy.received.length;
    expect(await hop(n, true, '*999#')).toMatch(/^legacy reply/);
    expect(await hop(n, false, '1')).toMatch(/^legacy reply/);
    expect(legacy.received.length).toBe(relayed + 2);
  });
});
