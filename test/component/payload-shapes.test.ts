import { UNKNOWN_SERVICE_TEXT } from '../../src/session/handle-turn';
import { startTestApp, type TestApp } from '../support/app';
import { uniqueMsisdn } from '../support/gateways/caller';
import { send } from '../support/gateways/wire';
import { uniqueId } from '../support/redis';

/* Real payload shapes beyond the conformance table's (issue 13, points 14 and 16). */

const WELCOME = 'Welcome to Eneza. Choose option:\n1. Start Quiz\n2. View Score';

let t: TestApp;
beforeAll(async () => (t = await startTestApp({ GATEWAY_HUBTEL_SERVICE_CODE: '*384#' })));
afterAll(async () => t.close());

const hubtel = (body: Record<string, unknown>) =>
  send(t.app, { method: 'POST', path: '/ussd/hubtel', contentType: 'application/json', body: JSON.stringify({ Mobile: uniqueMsisdn(), SessionId: uniqueId('ps'), Operator: 'Hubtel-Android', Platform: 'Hubtel-App', ClientState: '', ...body }) });

describe('Hubtel Programmable Services request types beyond USSD', () => {
  it.each(['Query', 'Favorite', 'query'])('when Type is %s (the app starts the service at a search or a saved favourite), then it starts as a dial does', async (Type) => {
    const res = await hubtel({ Type, ServiceCode: '8d440a43a98b4614b9df22b79c8190b8', Message: '', Sequence: 1 });
    expect({ status: res.status, body: JSON.parse(res.body) as unknown }).toEqual({
      status: 200,
      body: { Type: 'Response', Message: WELCOME, ClientState: '', MaskNextRoute: true, Label: 'Welcome to Eneza. Choose option:', DataType: 'input', FieldType: 'text' },
    });
  });

  it('when Type is AddToCart, then it is tolerated: 200 with the screen the session is on, nothing chosen', async () => {
    const SessionId = uniqueId('cart');
    const Mobile = uniqueMsisdn();
    await hubtel({ Type: 'Initiation', SessionId, Mobile, ServiceCode: '384', Message: '*384#', Sequence: 1 });
    const res = await hubtel({ Type: 'AddToCart', SessionId, Mobile, ServiceCode: '384', Message: '', Sequence: 2 });
    const body = JSON.parse(res.body) as { Type: string; Message: string };
    expect({ status: res.status, Type: body.Type, endsWithScreen: body.Message.endsWith(WELCOME) }).toEqual({ status: 200, Type: 'Response', endsWithScreen: true });
  });
});

describe('Comviva Flares XML answered in kind', () => {
  it.each(['text/xml', 'application/xml'])('when the pull comes as %s, then the answer is %s', async (type) => {
    const body = `<request type="pull"><sessionId>${uniqueId('fl')}</sessionId><msisdn>256772000111</msisdn><newRequest>1</newRequest><subscriberInput>384</subscriberInput></request>`;
    const res = await send(t.app, { method: 'POST', path: '/ussd/flares', contentType: type, body });
    expect({ status: res.status, type: res.headers['content-type'] }).toEqual({ status: 200, type: `${type}; charset=utf-8` });
  });
});

describe('a TruRoute dial whose <msg> is not a dial string', () => {
  it('when no GATEWAY_TRUROUTE_SERVICE_CODE is set, then it routes nowhere: END with the unknown-code text', async () => {
    const res = await send(t.app, {
      method: 'POST',
      path: '/ussd/truroute',
      contentType: 'text/xml',
      body: `<ussd><msisdn>265888000111</msisdn><sessionid>${uniqueId('tr')}</sessionid><type>1</type><msg>Welcome</msg></ussd>`,
    });
    expect(res.body).toBe(`<ussd><type>3</type><msg>${UNKNOWN_SERVICE_TEXT}</msg><premium><cost>0</cost><ref>NULL</ref></premium></ussd>`);
  });
});
