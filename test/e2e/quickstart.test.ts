import { eventually } from '../support/eventually';
import { plainRedis, uniqueId } from '../support/redis';
import { spawnService, type RunningService } from '../support/spawn-service';

let svc: RunningService;
// A number of its own: a dropped session of a caller with the same number (another run on the same Redis) would be offered for resume.
const phoneNumber = `+2547${Math.floor(10_000_000 + Math.random() * 89_999_999)}`;
// The quiz now bills (against the in-process sandbox): its queues go under a prefix of this test's own.
const prefix = `{${uniqueId('q')}}`;
beforeAll(async () => (svc = await spawnService({ QUEUE_PREFIX: prefix })), 40_000);
afterAll(async () => {
  await svc?.stop();
  const redis = plainRedis();
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

async function at(sessionId: string, text: string): Promise<string> {
  const res = await fetch(`${svc.url}/ussd/africastalking`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ sessionId, serviceCode: '*384#', phoneNumber, networkCode: '63902', text }),
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  return res.text();
}

describe('the service as the README starts it (npm start)', () => {
  it('when a learner plays the whole quiz over HTTP, then every screen and the END are right', async () => {
    const id = uniqueId('e2e');
    const script: [string, string][] = [
      ['', 'CON Welcome to Eneza. Choose option:\n1. Start Quiz\n2. View Score'],
      ['1', 'CON Select subject:\n1. Math\n2. Science'],
      ['1*1', 'CON Q1: 7 x 8 = ?\n1. 54\n2. 56\n3. 64'],
      ['1*1*2', 'CON Q2: 81 / 9 = ?\n1. 9\n2. 8\n3. 7'],
      ['1*1*2*1', 'CON Q3: 15 + 27 = ?\n1. 32\n2. 41\n3. 42'],
      ['1*1*2*1*3', 'END You scored 3/3 in Math. Dial *384# to try again.'],
    ];
    for (const [text, reply] of script) expect(await at(id, text)).toBe(reply);
    expect((await fetch(`${svc.url}/readyz`)).status).toBe(200);
  });

  it('when it gets SIGTERM, then it drains and stops', async () => {
    await svc.stop('SIGTERM');
    const messages = () => svc.lines.filter((l) => l.startsWith('{')).map((l) => (JSON.parse(l) as { msg: string }).msg);
    // The last log lines may trail npm's own exit.
    await eventually(() => messages().includes('stopped'), 'the "stopped" log line', 5000);
    expect(messages()).toEqual(expect.arrayContaining(['draining: /readyz answers 503', 'stopped']));
  });
});
