import { startSourceSandbox, type SourceSandbox } from '../../src/sandbox/source-sandbox';

let learners: SourceSandbox;
let analytics: SourceSandbox;
let wallet: SourceSandbox;
beforeAll(async () => {
  learners = await startSourceSandbox('learners');
  analytics = await startSourceSandbox('analytics');
  wallet = await startSourceSandbox('wallet');
});
afterAll(async () => Promise.all([learners.close(), analytics.close(), wallet.close()]));

const post = (key: string | undefined, body: unknown) =>
  fetch(`${analytics.url}/events`, { method: 'POST', headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) }, body: JSON.stringify(body) });

describe('the source sandboxes', () => {
  it('when a learner is looked up, then the record is the same every time; a declined number is 404 and an injected failure 503', async () => {
    const get = async () => (await fetch(`${learners.url}/learners/254711000444/progress`)).json();
    expect(await get()).toEqual({ msisdn: '254711000444', quizzes: 6, best: '0/3', level: 2 });
    expect(await get()).toEqual(await get());
    learners.setKnobs({ declined: ['254711000444'] });
    expect((await fetch(`${learners.url}/learners/254711000444/progress`)).status).toBe(404);
    learners.setKnobs({ declined: [], failureRate: 1 });
    expect((await fetch(`${learners.url}/learners/254711000444/progress`)).status).toBe(503);
    learners.setKnobs({ failureRate: 0 });
  });

  it('when an event is posted twice under one Idempotency-Key, then it is recorded once and the repeat gets the first answer', async () => {
    const first = await post('k-1', { event: 'QuizCompleted', score: '3' });
    const again = await post('k-1', { event: 'QuizCompleted', score: '3' });
    expect([first.status, again.status]).toEqual([202, 202]);
    expect(await again.json()).toEqual(await first.json());
    expect(analytics.ledger.summary()).toMatchObject({ keys: 1, applied: 1, requests: 2 });
    expect((await post(undefined, { event: 'QuizCompleted' })).status).toBe(400);
    expect((await post('k-2', { score: 3 })).status).toBe(400);
  });

  it('when an Idempotency-Key comes back with another transfer or event, then the sandbox refuses it with 422 instead of answering the first one as if it were this', async () => {
    const send = (url: string, path: string, body: unknown) =>
      fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': 'k-reused' }, body: JSON.stringify(body) });
    const transfer = { from: '254711000401', to: '254722000003', amount: 300, pin: '123456' };
    expect((await send(wallet.url, '/transfers', transfer)).status).toBe(201);
    expect((await send(wallet.url, '/transfers', transfer)).status).toBe(201);
    const other = await send(wallet.url, '/transfers', { ...transfer, amount: 500 });
    expect([other.status, await other.json()]).toEqual([422, { error: 'this Idempotency-Key was used with a different request' }]);
    expect(wallet.ledger.applied().map((e) => JSON.parse(e.request))).toEqual([{ from: '254711000401', to: '254722000003', amount: 300 }]);
    expect((await send(analytics.url, '/events', { event: 'QuizCompleted', score: '1' })).status).toBe(202);
    expect((await send(analytics.url, '/events', { event: 'QuizCompleted', score: '2' })).status).toBe(422);
  });
});
