import type { Request, Response } from 'express';
import { z } from 'zod';
import type { KnobsPatch } from './knobs.js';
import { newSandbox, serveSandbox, type Sandbox } from './sandbox-server.js';

/**
 * The sources the shipped menus (learners, analytics) and the example menus (market) read and
 * tell, each standing in for its SOURCE_* URL under `npm start`.
 */
export const SOURCE_SANDBOXES = [
  { variable: 'SOURCE_LEARNERS_URL', kind: 'learners' },
  { variable: 'SOURCE_ANALYTICS_URL', kind: 'analytics' },
  { variable: 'SOURCE_MARKET_URL', kind: 'market' },
  { variable: 'SOURCE_WALLET_URL', kind: 'wallet' },
] as const;
export type SourceSandboxKind = (typeof SOURCE_SANDBOXES)[number]['kind'];

/** A source sandbox; its ledger holds analytics' events, one entry per Idempotency-Key. */
export type SourceSandbox = Sandbox<SourceSandboxKind>;

const EventSchema = z.object({ event: z.string().min(1) }).catchall(z.union([z.string(), z.number()]));

/**
 * A local source over real HTTP, with the providers' knobs (`latencyMs`, `failureRate` → 503,
 * `declined` numbers → 404): `learners` answers `GET /learners/<msisdn>/progress` with a learner's
 * record (made up from the number, the same every time); `analytics` takes
 * `POST /events` with an `Idempotency-Key`, a repeat getting the first answer; `market` answers
 * `GET /markets/<name>/prices` (KES per kg; an unknown market is 404); `wallet` answers
 * `GET /accounts/<msisdn>` (name and balance; a `declined` number is 404: no such account),
 * `GET /accounts/<msisdn>/vouchers` (a list longer than one screen), `POST /transfers`
 * (`Idempotency-Key`, a key reused with another request 422; more than the balance is 402, a wrong PIN 403) and `POST /events` (as analytics).
 * `GET /_sandbox` shows knobs and events; `PATCH /_sandbox/knobs` changes the knobs live.
 */
export async function startSourceSandbox(kind: SourceSandboxKind, knobs: KnobsPatch = {}, port = 0): Promise<SourceSandbox> {
  const { sandbox, app } = newSandbox(kind, knobs);
  app.use((_req, res, next) => void misbehave(sandbox, res).then((answered) => !answered && next()));
  if (kind === 'learners') app.get('/learners/:msisdn/progress', (req, res) => void progress(sandbox, req, res));
  if (kind === 'analytics') app.post('/events', (req, res) => void record(sandbox, req, res));
  if (kind === 'market') app.get('/markets/:market/prices', (req, res) => void prices(sandbox, req, res));
  if (kind === 'wallet') {
    app.get('/accounts/:msisdn', (req, res) => void account(sandbox, req, res));
    app.get('/accounts/:msisdn/vouchers', (req, res) => void vouchers(sandbox, req, res));
    app.post('/transfers', (req, res) => void transfer(sandbox, req, res));
    app.post('/events', (req, res) => void record(sandbox, req, res));
  }
  return serveSandbox(sandbox, app, port);
}

/** Latency, then an injected 503 for `failureRate` of the requests (not for the sandbox's own routes). */
async function misbehave(sandbox: SourceSandbox, res: Response): Promise<boolean> {
  if (res.req.path.startsWith('/_sandbox')) return false;
  const { latencyMs, failureRate } = sandbox.knobs;
  if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs).unref());
  if (Math.random() >= failureRate) return false;
  res.status(503).json({ error: 'injected failure' });
  return true;
}

function progress(sandbox: SourceSandbox, req: Request, res: Response): void {
  const msisdn = String(req.params.msisdn).replace(/^\+/, '');
  if (!/^\d{6,15}$/.test(msisdn) || sandbox.knobs.declined.includes(msisdn)) return void res.status(404).json({ error: 'no such learner' });
  const digits = [...msisdn].map(Number);
  const quizzes = digits.reduce((a, b) => a + b, 0) % 13;
  res.json({ msisdn, quizzes, best: quizzes === 0 ? 'none yet' : `${(digits.at(-1) ?? 0) % 4}/3`, level: 1 + (quizzes % 5) });
}

const MARKETS: Record<string, { maize: number; beans: number; sukuma: number }> = {
  nairobi: { maize: 52, beans: 130, sukuma: 40 },
  kisumu: { maize: 47, beans: 121, sukuma: 35 },
  eldoret: { maize: 41, beans: 118, sukuma: 38 },
};

function prices(_sandbox: SourceSandbox, req: Request, res: Response): void {
  const market = MARKETS[String(req.params.market)];
  if (!market) return void res.status(404).json({ error: 'no such market' });
  res.json({ market: req.params.market, ...market, updated: '06:00', unit: 'kg' });
}

/** Every number has an account: a name and a balance made up from its digits (the same every time). */
function accountOf(msisdn: string): { name: string; balance: number } {
  const names = ['Amina', 'Baraka', 'Chebet', 'Daudi', 'Esther', 'Faraji', 'Gathoni', 'Hassan', 'Imani', 'Juma'];
  const digits = msisdn.replace(/\D/g, '');
  return { name: names[Number(digits.at(-1) ?? 0)] ?? 'Amina', balance: 500 + (Number(digits.slice(-3)) % 10) * 250 };
}

function account(sandbox: SourceSandbox, req: Request, res: Response): void {
  const msisdn = String(req.params.msisdn).replace(/^\+/, '');
  if (!/^\d{6,15}$/.test(msisdn) || sandbox.knobs.declined.includes(msisdn)) return void res.status(404).json({ error: 'no such account' });
  res.json({ msisdn, ...accountOf(msisdn), currency: 'KES' });
}

const VOUCHERS = ['SRF', 'GRN', 'MAIZE', 'SEED', 'FUEL', 'BUS', 'SCHOOL', 'CLINIC', 'WATER', 'SOLAR', 'MARKET', 'COOP'];

/** Every account holds a dozen community vouchers: enough to page past one screen. */
function vouchers(sandbox: SourceSandbox, req: Request, res: Response): void {
  const msisdn = String(req.params.msisdn).replace(/^\+/, '');
  if (!/^\d{6,15}$/.test(msisdn) || sandbox.knobs.declined.includes(msisdn)) return void res.status(404).json({ error: 'no such account' });
  const seed = Number(msisdn.slice(-2));
  res.json({ vouchers: VOUCHERS.map((symbol, i) => ({ symbol, balance: ((seed + i * 7) % 40) * 5 + 5, expires: `2027-0${1 + (i % 9)}-28` })) });
}

const TransferSchema = z.object({ from: z.string().regex(/^\d{6,15}$/), to: z.string().regex(/^\d{6,15}$/), amount: z.coerce.number().positive(), pin: z.string().regex(/^\d{4,6}$/) });

/** The sandbox's one PIN for every account: what a caller types to confirm. */
export const SANDBOX_WALLET_PIN = '123456';

/**
 * A key that comes back with another request is refused, as the provider sandboxes do: answering
 * the first transfer again would tell the caller of the second one it was sent, and hide a service
 * that reuses its keys.
 */
const REUSED_KEY = { error: 'this Idempotency-Key was used with a different request' };

function transfer(sandbox: SourceSandbox, req: Request, res: Response): void {
  const key = req.get('idempotency-key');
  if (!key || key.length > 255) return void res.status(400).json({ error: 'an Idempotency-Key header (1-255 characters) is required' });
  const body = TransferSchema.safeParse(req.body);
  if (!body.success) return void res.status(400).json({ error: z.prettifyError(body.error) });
  const { from, to, amount, pin } = body.data;
  // The ledger keeps the request without the PIN: a sandbox shows what it received, a PIN is never shown.
  const request = JSON.stringify({ from, to, amount });
  const entry = sandbox.ledger.arrive(key, request);
  if (entry.request !== request) return void res.status(422).json(REUSED_KEY);
  if (!entry.answer) {
    const refused = pin !== SANDBOX_WALLET_PIN ? { status: 403, body: { error: 'wrong PIN' } } : amount > accountOf(from).balance ? { status: 402, body: { error: 'insufficient funds' } } : undefined;
    sandbox.ledger.settle(entry, refused ?? { status: 201, body: { ref: sandbox.ledger.nextId('tx'), status: 'sent', to, amount } });
  }
  const answer = entry.answer ?? { status: 500, body: {} };
  res.status(answer.status).json(answer.body);
}

function record(sandbox: SourceSandbox, req: Request, res: Response): void {
  const key = req.get('idempotency-key');
  if (!key || key.length > 255) return void res.status(400).json({ error: 'an Idempotency-Key header (1-255 characters) is required' });
  const body = EventSchema.safeParse(req.body);
  if (!body.success) return void res.status(400).json({ error: z.prettifyError(body.error) });
  const request = JSON.stringify(body.data);
  const entry = sandbox.ledger.arrive(key, request);
  if (entry.request !== request) return void res.status(422).json(REUSED_KEY);
  if (!entry.answer) sandbox.ledger.settle(entry, { status: 202, body: { id: sandbox.ledger.nextId('ev'), status: 'recorded', event: body.data.event } });
  const answer = entry.answer ?? { status: 500, body: {} };
  res.status(answer.status).json(answer.body);
}
