import { startTestApp, type TestApp } from '../support/app';
import { uniqueMsisdn } from '../support/gateways/caller';
import { send } from '../support/gateways/wire';
import { uniqueId } from '../support/redis';

/*
 * Numbers where the documentation shows strings or booleans: PHP and JavaScript gateways write a
 * flag as 1/0 and an id or network code as a number when that is how they hold it. Each field is
 * read as what it means, as the string forms already are.
 */

const WELCOME = 'Welcome to Eneza. Choose option:\n1. Start Quiz\n2. View Score';
const SUBJECT = 'Select subject:\n1. Math\n2. Science';

let t: TestApp;
beforeAll(async () => (t = await startTestApp()));
afterAll(async () => t.close());

const post = async (path: string, body: unknown) => {
  const res = await send(t.app, { method: 'POST', path, contentType: 'application/json', body: JSON.stringify(body) });
  return { status: res.status, body: JSON.parse(res.body) as unknown };
};

describe('flags sent as the numbers 1 and 0', () => {
  it('when Nalo sends MSGTYPE 1 on the dial and 0 on the answer, then the start screen and the next one', async () => {
    const ids = { USERID: 'NALOTest', MSISDN: uniqueMsisdn(), NETWORK: 'MTN', SESSIONID: uniqueId('nf') };
    expect(await post('/ussd/nalo', { ...ids, USERDATA: '*384#', MSGTYPE: 1 })).toEqual({ status: 200, body: { USERID: 'NALOTest', MSISDN: ids.MSISDN, MSG: WELCOME, MSGTYPE: true } });
    expect(await post('/ussd/nalo', { ...ids, USERDATA: '1', MSGTYPE: 0 })).toEqual({ status: 200, body: { USERID: 'NALOTest', MSISDN: ids.MSISDN, MSG: SUBJECT, MSGTYPE: true } });
  });

  it('when Arkesel sends newSession 1 on the dial and 0 on the answer, then the start screen and the next one', async () => {
    const ids = { sessionID: uniqueId('af'), userID: 'ARK123', msisdn: uniqueMsisdn(), network: 'MTN' };
    const echoes = { sessionID: ids.sessionID, userID: 'ARK123', msisdn: ids.msisdn };
    expect(await post('/ussd/arkesel', { ...ids, newSession: 1, userData: '*384#' })).toEqual({ status: 200, body: { ...echoes, message: WELCOME, continueSession: true } });
    expect(await post('/ussd/arkesel', { ...ids, newSession: 0, userData: '1' })).toEqual({ status: 200, body: { ...echoes, message: SUBJECT, continueSession: true } });
  });

  it('when a flag is another number, then 400 naming it', async () => {
    const res = await post('/ussd/nalo', { USERID: 'NALOTest', MSISDN: uniqueMsisdn(), USERDATA: '*384#', MSGTYPE: 2, SESSIONID: uniqueId('nf') });
    expect(res).toEqual({ status: 400, body: expect.objectContaining({ errors: ['MSGTYPE: expected true or false'] }) });
  });
});

describe("Africa's Talking fields as JSON numbers", () => {
  it('when its JSON carries networkCode, phoneNumber and a lone answer as numbers, then the start screen and the next one', async () => {
    const fields = { sessionId: uniqueId('ATnum'), serviceCode: '*384#', phoneNumber: Number(uniqueMsisdn()), networkCode: 63902 };
    const hop = async (text: string | number) => {
      const res = await send(t.app, { method: 'POST', path: '/ussd/africastalking', contentType: 'application/json', body: JSON.stringify({ ...fields, text }) });
      return { status: res.status, body: res.body };
    };
    expect(await hop('')).toEqual({ status: 200, body: `CON ${WELCOME}` });
    expect(await hop(1)).toEqual({ status: 200, body: `CON ${SUBJECT}` });
  });
});

describe('echoed fields sent as numbers', () => {
  const num = () => Number(uniqueMsisdn());

  it('when Arkesel sends sessionID, userID and msisdn as numbers, then the reply echoes them as the same numbers', async () => {
    const ids = { sessionID: num(), userID: 4321, msisdn: num() };
    expect(await post('/ussd/arkesel', { ...ids, newSession: true, userData: '*384#', network: 'MTN' })).toEqual({ status: 200, body: { ...ids, message: WELCOME, continueSession: true } });
  });

  it('when Nalo sends MSISDN as a number, then the reply echoes it as the same number', async () => {
    const MSISDN = num();
    expect(await post('/ussd/nalo', { USERID: 'NALOTest', MSISDN, USERDATA: '*384#', MSGTYPE: true, SESSIONID: uniqueId('ne') })).toEqual({ status: 200, body: { USERID: 'NALOTest', MSISDN, MSG: WELCOME, MSGTYPE: true } });
  });

  it('when Beem sends msisdn and session_id as numbers, then the reply echoes them as the same numbers', async () => {
    const ids = { msisdn: num(), session_id: num() };
    const res = await post('/ussd/beem', { command: 'initiate', ...ids, operator: 'vodacom', serviceCode: '*384#', payload: { request_id: 0, response: 0 } });
    expect(res).toEqual({ status: 200, body: { ...ids, operator: 'vodacom', command: 'continue', payload: { request_id: 1, request: WELCOME } } });
  });

  it('when MADAPI sends msisdn as a number, then data.msisdn echoes it as the same number', async () => {
    const msisdn = num();
    const res = await post('/ussd/madapi', { sessionId: uniqueId('me'), messageType: 0, msisdn, serviceCode: '*384#', ussdString: '*384#' });
    expect(res).toEqual({ status: 200, body: expect.objectContaining({ data: { inboundResponse: WELCOME, userInputRequired: true, messageType: 1, serviceCode: '*384#', msisdn } }) });
  });
});
