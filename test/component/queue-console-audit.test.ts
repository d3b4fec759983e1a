import request from 'supertest';
import { startTestApp, type TestApp } from '../support/app';

const TOKEN = 'console-audit-token-0123456789';
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('changes made in the queue console', () => {
  let web: TestApp;
  const lines: string[] = [];
  beforeAll(async () => (web = await startTestApp({ ADMIN_TOKEN: TOKEN, ROLE: 'web', LOG_LEVEL: 'info' }, { write: (line) => void lines.push(line) })));
  afterAll(async () => web.close());

  it('when the operator pauses and resumes a queue, then each change is logged with the token id (which token, never the token) and what it did; reading is not', async () => {
    const auth = { authorization: basic('ops', TOKEN), 'sec-fetch-site': 'same-origin' };
    await request(web.app).get('/admin/queues/api/queues').set(auth);
    expect((await request(web.app).put('/admin/queues/api/queues/billing/pause').set(auth)).status).toBeLessThan(300);
    expect((await request(web.app).put('/admin/queues/api/queues/billing/resume').set(auth)).status).toBeLessThan(300);

    const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'queue console change');
    expect(logged.map(({ tokenId, method, path, status }) => ({ tokenId, method, path, status }))).toEqual([
      { tokenId: expect.stringMatching(/^[0-9a-f]{8}$/), method: 'PUT', path: '/api/queues/billing/pause', status: 200 },
      { tokenId: expect.stringMatching(/^[0-9a-f]{8}$/), method: 'PUT', path: '/api/queues/billing/resume', status: 200 },
    ]);
    expect(lines.join('\n')).not.toContain(TOKEN);
  });
});
