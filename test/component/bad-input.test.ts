import request from 'supertest';
import { sessionKey } from '../../src/session/keys';
import { startTestApp, type TestApp } from '../support/app';
import { plainRedis, uniqueId } from '../support/redis';

let t: TestApp;
const redis = plainRedis();
beforeAll(async () => (t = await startTestApp()));
afterAll(async () => {
  await t.close();
  redis.disconnect();
});

const post = (body: string, type = 'application/x-www-form-urlencoded') => request(t.app).post('/ussd/africastalking').set('content-type', type).send(body);

describe('callbacks that are not valid', () => {
  it('when sessionId is missing, then 400 with a problem document naming it, and nothing is stored', async () => {
    const res = await post('serviceCode=*384%23&phoneNumber=%2B254711000111&text=');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toEqual({
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: 'not a valid africastalking callback',
      errors: ['sessionId: required'],
    });
  });

  it('when a field is repeated (an array where a string belongs), then 400 names the field', async () => {
    const id = uniqueId();
    const res = await post(`sessionId=${id}&sessionId=other&serviceCode=*384%23&phoneNumber=%2B254711000111&text=`);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual(['sessionId: expected string or number, received array']);
    expect(await redis.exists(sessionKey('at', id))).toBe(0);
  });

  it.each([
    ['Hubtel Message as an array', '/ussd/hubtel', 'application/json', JSON.stringify({ Type: 'Response', Mobile: '233244000111', SessionId: 'h1', Message: ['1'] }), ['Message: expected string or number, received array']],
    ['Hubtel Operator as a list', '/ussd/hubtel', 'application/json', JSON.stringify({ Type: 'Response', Mobile: '233244000111', SessionId: 'h1', Message: '1', Operator: ['mtn'] }), ['Operator: expected string or number, received array']],
    ['Beem payload.response as an object', '/ussd/beem', 'application/json', JSON.stringify({ command: 'continue', msisdn: '255712345678', session_id: 'b1', payload: { request_id: 1, response: {} } }), ['payload.response: expected string or number, received object']],
    ['Beem payload.request_id as letters', '/ussd/beem', 'application/json', JSON.stringify({ command: 'continue', msisdn: '255712345678', session_id: 'b1', payload: { request_id: 'abc', response: '1' } }), ['payload.request_id: expected a whole number']],
    ['Hubtel without Mobile', '/ussd/hubtel', 'application/json', JSON.stringify({ Type: 'Response', SessionId: 'h1', Message: '1' }), ['Mobile: required']],
    ['Arkesel newSession as "yes"', '/ussd/arkesel', 'application/json', JSON.stringify({ sessionID: 'a1', userID: 'u', newSession: 'yes', msisdn: '233244000111', userData: '1' }), ['newSession: expected true or false']],
    ['Flares sessionId twice', '/ussd/flares', 'text/xml', '<request type="pull"><sessionId>a</sessionId><sessionId>b</sessionId><msisdn>256772000111</msisdn><newRequest>0</newRequest></request>', ['request.sessionId: expected string or number, received array']],
  ])('when %s arrives, then 400 says what the field should hold and what it held', async (_case, path, type, body, errors) => {
    const res = await request(t.app).post(path).set('content-type', type).send(body);
    expect({ status: res.status, errors: (res.body as { errors?: unknown }).errors }).toEqual({ status: 400, errors });
  });

  it('when the phone number is not a number, then 400 says what a number looks like', async () => {
    const res = await post(`sessionId=${uniqueId()}&serviceCode=*384%23&phoneNumber=robert&text=`);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual(['phoneNumber: expected a phone number such as +254711000111']);
  });

  it('when the body is garbage or JSON, then 400, never a 5xx', async () => {
    for (const [body, type] of [['\u0000\u0001garbage%%%', 'text/plain'], ['{"sessionId": 5}', 'application/json'], ['', 'application/x-www-form-urlencoded']]) {
      const res = await post(body as string, type);
      expect(res.status).toBe(400);
      expect(res.body.title).toBe('Bad Request');
    }
  });

  it('when the body is larger than MAX_BODY_BYTES, then 413 with a problem document', async () => {
    const res = await post(`sessionId=x&text=${'1'.repeat(10_000)}`);
    expect(res.status).toBe(413);
    expect(res.body.title).toBe('Payload Too Large');
  });

  it('when an unknown path is called, then 404 as a problem document', async () => {
    const res = await request(t.app).post('/ussd/nowhere').send('x');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ status: 404, title: 'Not Found' });
  });
});
