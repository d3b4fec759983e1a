import { startTestApp, type TestApp } from '../support/app';
import { uniqueMsisdn } from '../support/gateways/caller';
import { send } from '../support/gateways/wire';
import { uniqueId } from '../support/redis';

/*
 * JSON writers on .NET (Newtonsoft's default) and PHP send an optional field they have no value
 * for as `null` rather than leaving it out: Hubtel's ClientState once it has been delivered, the
 * Message of a Timeout, a NETWORK or operator the platform does not know. Such a hop is the
 * gateway's own and must be served as if the field were absent.
 */

const WELCOME = 'Welcome to Eneza. Choose option:\n1. Start Quiz\n2. View Score';
const ENDED = 'This session has ended. Please dial again.';

let t: TestApp;
beforeAll(async () => (t = await startTestApp({ GATEWAY_BEEM_SERVICE_CODE: '*384#' })));
afterAll(async () => t.close());

const post = async (path: string, body: unknown) => {
  const res = await send(t.app, { method: 'POST', path, contentType: 'application/json', body: JSON.stringify(body) });
  return { status: res.status, body: JSON.parse(res.body) as unknown };
};

describe('optional fields sent as JSON null', () => {
  it('when Hubtel dials with Operator, ClientState and MetaData null, then the start screen', async () => {
    const res = await post('/ussd/hubtel', { Type: 'Initiation', Mobile: uniqueMsisdn(), SessionId: uniqueId('hn'), ServiceCode: '384', Message: '*384#', Operator: null, Sequence: 1, ClientState: null, Platform: 'USSD', MetaData: null });
    expect(res).toEqual({
      status: 200,
      body: { Type: 'Response', Message: WELCOME, ClientState: '', MaskNextRoute: true, Label: 'Welcome to Eneza. Choose option:', DataType: 'input', FieldType: 'text' },
    });
  });

  it('when Hubtel times a session out with Message and ClientState null, then it is answered Release and a late hop gets the ended text', async () => {
    const ids = { Mobile: uniqueMsisdn(), SessionId: uniqueId('hn'), ServiceCode: '384', Operator: 'mtn' };
    await post('/ussd/hubtel', { Type: 'Initiation', ...ids, Message: '*384#', Sequence: 1, ClientState: '' });
    const timeout = await post('/ussd/hubtel', { Type: 'Timeout', ...ids, Message: null, Sequence: 2, ClientState: null });
    expect(timeout).toEqual({ status: 200, body: expect.objectContaining({ Type: 'Release' }) });
    const late = await post('/ussd/hubtel', { Type: 'Response', ...ids, Message: '1', Sequence: 3, ClientState: '' });
    expect(late).toEqual({ status: 200, body: { Type: 'Release', Message: ENDED, ClientState: '', Label: ENDED, DataType: 'display', FieldType: 'text' } });
  });

  it('when Arkesel dials with network null, then the start screen with the ids echoed', async () => {
    const msisdn = uniqueMsisdn();
    const sessionID = uniqueId('an');
    const res = await post('/ussd/arkesel', { sessionID, userID: 'ARK123', newSession: true, msisdn, userData: '*384#', network: null });
    expect(res).toEqual({ status: 200, body: { sessionID, userID: 'ARK123', msisdn, message: WELCOME, continueSession: true } });
  });

  it('when Nalo dials with NETWORK null, then the start screen with the ids echoed', async () => {
    const MSISDN = uniqueMsisdn();
    const res = await post('/ussd/nalo', { USERID: 'NALOTest', MSISDN, USERDATA: '*384#', MSGTYPE: true, NETWORK: null, SESSIONID: uniqueId('nn') });
    expect(res).toEqual({ status: 200, body: { USERID: 'NALOTest', MSISDN, MSG: WELCOME, MSGTYPE: true } });
  });

  it('when Beem initiates with operator and payload.response null, then the start screen', async () => {
    const msisdn = uniqueMsisdn();
    const session_id = uniqueId('bn');
    const res = await post('/ussd/beem', { command: 'initiate', msisdn, session_id, operator: null, payload: { request_id: 0, response: null } });
    expect(res).toEqual({ status: 200, body: { msisdn, operator: '', session_id, command: 'continue', payload: { request_id: 1, request: WELCOME } } });
  });

  it('when MADAPI times a session out with ussdString null, then it is answered messageType 2 and a late hop gets the ended text', async () => {
    const ids = { sessionId: uniqueId('mn'), msisdn: uniqueMsisdn(), serviceCode: '*384#' };
    await post('/ussd/madapi', { ...ids, messageType: '0', ussdString: '*384#', language: null, cellId: null, imsi: null });
    const timeout = await post('/ussd/madapi', { ...ids, messageType: '5', ussdString: null });
    expect(timeout).toEqual({ status: 200, body: expect.objectContaining({ data: expect.objectContaining({ userInputRequired: false, messageType: 2 }) }) });
    const late = await post('/ussd/madapi', { ...ids, messageType: '1', ussdString: '1' });
    expect(late).toEqual({ status: 200, body: expect.objectContaining({ data: expect.objectContaining({ inboundResponse: ENDED, messageType: 2 }) }) });
  });

  it("when Africa's Talking posts JSON with networkCode null, then the start screen", async () => {
    const res = await send(t.app, {
      method: 'POST',
      path: '/ussd/africastalking',
      contentType: 'application/json',
      body: JSON.stringify({ sessionId: uniqueId('ATn'), serviceCode: '*384#', phoneNumber: `+${uniqueMsisdn()}`, networkCode: null, text: '' }),
    });
    expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: `CON ${WELCOME}` });
  });

  it('when a required field is null, then still 400 naming it', async () => {
    const res = await post('/ussd/hubtel', { Type: 'Initiation', Mobile: null, SessionId: uniqueId('hn'), ServiceCode: '384', Message: '*384#', Sequence: 1 });
    expect(res).toEqual({ status: 400, body: expect.objectContaining({ errors: ['Mobile: expected string or number, received null'] }) });
  });
});
