import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { billingClient } from '../../src/effects/kinds/charge';
import type { EffectJob } from '../../src/effects/effect-job';
import { ProviderError } from '../../src/effects/provider-error';

/** A provider's proxy that wants HTTP Basic `ops` / `s@cret:1`, and answers 503 once `down`. */
let server: Server;
let port: number;
let down = false;
const seen: (string | undefined)[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req.headers.authorization);
    req.resume();
    const ok = req.headers.authorization === `Basic ${Buffer.from('ops:s@cret:1').toString('base64')}`;
    res.writeHead(!ok ? 401 : down ? 503 : 201, { 'content-type': 'application/json' });
    res.end(JSON.stringify(!ok ? { error: 'who are you' } : down ? { error: 'try later' } : { status: 'charged' }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => new Promise((resolve) => server.close(resolve)));

const job: EffectJob = { id: 'cred-1', sessionId: 's1', msisdn: '254711000111', effect: { kind: 'charge', amount: 5, currency: 'KES', description: 'quiz' } };

describe('a provider URL with credentials (BILLING_URL=https://user:password@proxy)', () => {
  it('when the proxy wants them, then they travel as HTTP Basic and the charge goes through', async () => {
    await expect(billingClient(`http://ops:s%40cret%3A1@127.0.0.1:${port}/v1`, 1000).deliver(job)).resolves.toEqual({ status: 'charged' });
    expect(seen.at(-1)).toBe(`Basic ${Buffer.from('ops:s@cret:1').toString('base64')}`);
  });

  it('when the call fails, then its reason (logged, kept with the job, shown in the console) names the URL with the password masked', async () => {
    down = true;
    try {
      const err = await billingClient(`http://ops:s%40cret%3A1@127.0.0.1:${port}/v1`, 1000).deliver(job).then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(ProviderError);
      expect((err as ProviderError).message).toBe(`POST http://ops:***@127.0.0.1:${port}/v1/charges: 503 try later`);
    } finally {
      down = false;
    }
  });
});
