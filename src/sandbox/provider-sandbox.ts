import type { Request, Response } from 'express';
import { z } from 'zod';
import type { KnobsPatch } from './knobs.js';
import type { Answer } from './ledger.js';
import { PROVIDER_APIS, type ProviderApi, type SandboxKind } from './provider-apis.js';
import { newSandbox, serveSandbox, type Sandbox } from './sandbox-server.js';

/** A provider sandbox: `url` is what to use as BILLING_URL or SMS_URL. */
export type ProviderSandbox = Sandbox<SandboxKind>;

/**
 * A local provider speaking the spec's API over real HTTP, for development and tests: an
 * in-memory ledger honours idempotency keys (a repeat gets the first answer, a repeat while the
 * first is still being worked on gets 409), and knobs inject latency, failures and declines.
 * `GET /_sandbox` shows knobs and ledger; `PATCH /_sandbox/knobs` changes the knobs live.
 */
export async function startProviderSandbox(kind: SandboxKind, knobs: KnobsPatch = {}, port = 0): Promise<ProviderSandbox> {
  const { sandbox, app } = newSandbox(kind, knobs);
  app.post(PROVIDER_APIS[kind].path, (req, res) => void provide(PROVIDER_APIS[kind] as ProviderApi<unknown>, sandbox, req, res));
  return serveSandbox(sandbox, app, port);
}

async function provide<T>(api: ProviderApi<T>, sandbox: ProviderSandbox, req: Request, res: Response): Promise<void> {
  const key = req.get('idempotency-key');
  if (!key || key.length > 255) return answer(res, { status: 400, body: { error: 'an Idempotency-Key header (1-255 characters) is required' } });
  const body = api.schema.safeParse(req.body);
  if (!body.success) return answer(res, { status: 400, body: { error: z.prettifyError(body.error) } });

  const request = JSON.stringify(body.data);
  const entry = sandbox.ledger.arrive(key, request);
  if (entry.request !== request) return answer(res, { status: 422, body: { error: 'this Idempotency-Key was used with a different request' } });
  if (entry.answer) return answer(res, entry.answer, sandbox.knobs.latencyMs);
  if (entry.busy) return answer(res, { status: 409, body: { error: 'a request with this Idempotency-Key is in progress' } });

  entry.busy = true;
  const { latencyMs, failureRate, declined } = sandbox.knobs;
  await sleep(latencyMs);
  if (Math.random() < failureRate) {
    sandbox.ledger.release(entry);
    return answer(res, { status: 503, body: { error: 'injected failure' } });
  }
  const refused = declined.includes(api.recipient(body.data).replace(/^\+/, ''));
  const result = refused ? api.refused(body.data) : api.applied(body.data, sandbox.ledger.nextId(api.idPrefix));
  sandbox.ledger.settle(entry, result);
  await answer(res, result);
}

async function answer(res: Response, a: Answer, delayMs = 0): Promise<void> {
  if (delayMs > 0) await sleep(delayMs);
  if (!res.writableEnded) res.status(a.status).json(a.body);
}

/** Unref'd: a sandbox closing mid-latency leaves nothing keeping the process alive. */
function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms).unref()) : Promise.resolve();
}
