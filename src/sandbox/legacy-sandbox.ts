import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { legacyReply } from './legacy-screens.js';

/** How the legacy sandbox misbehaves; change it live (tests) with `setKnobs`. */
export interface LegacyKnobs {
  /** Every callback waits this long before it is answered. */
  latencyMs: number;
  /** Answer every callback with this status (500: the legacy app is broken); 200 behaves. */
  status: number;
}

/** One callback as the legacy app received it. */
export interface LegacyReceived {
  method: string;
  contentType: string | undefined;
  forwardedFor: string | undefined;
  body: string;
  /** The form's fields (Africa's Talking). */
  form: Record<string, string>;
}

export interface LegacySandbox {
  /** Use as LEGACY_AFRICASTALKING_URL. */
  url: string;
  knobs: LegacyKnobs;
  received: LegacyReceived[];
  setKnobs(patch: Partial<LegacyKnobs>): void;
  close(): Promise<void>;
}

/**
 * A small legacy USSD app speaking Africa's Talking (form POST in, `CON`/`END` text out) over real
 * HTTP: what an existing PHP or Django app looks like to this service. For trying the migration
 * locally (`npm run sandbox:legacy`) and for the tests that forward to it.
 */
export async function startLegacySandbox(opts: { port?: number; host?: string; knobs?: Partial<LegacyKnobs> } = {}): Promise<LegacySandbox> {
  const sandbox: LegacySandbox = {
    url: '',
    knobs: { latencyMs: 0, status: 200, ...opts.knobs },
    received: [],
    setKnobs: (patch) => void Object.assign(sandbox.knobs, patch),
    close: () => Promise.resolve(),
  };
  const server = createServer((req, res) => void answer(sandbox, req, res));
  server.keepAliveTimeout = 15_000;
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, host, resolve));
  sandbox.url = `http://${host}:${(server.address() as AddressInfo).port}/ussd`;
  sandbox.close = () => closeServer(server);
  return sandbox;
}

async function answer(sandbox: LegacySandbox, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks).toString('utf8');
  const form = Object.fromEntries(new URLSearchParams(body));
  sandbox.received.push({ method: req.method ?? '', contentType: req.headers['content-type'], forwardedFor: req.headers['x-forwarded-for'] as string | undefined, body, form });
  const { latencyMs, status } = sandbox.knobs;
  if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs).unref());
  if (res.writableEnded || res.destroyed) return;
  if (status !== 200) {
    res.writeHead(status, { 'content-type': 'text/plain' }).end('Internal Server Error');
    return;
  }
  res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(legacyReply(form.text ?? ''));
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
