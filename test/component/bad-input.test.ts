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
    expect(res.body.errors).toEqual(['sessionId: expected string, received array']);
    expect(await redis.exists(sessionKey('at', id))).toBe(0);
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
