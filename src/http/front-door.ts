import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { charsetOf } from '../gateways/charset.js';
import type { GatewayCodec, HttpReply } from '../gateways/codec.js';
import { problem } from './problem.js';
import { handleCallback, type CallbackDeps } from './ussd-callback.js';

/** What the front door needs of the app's dependencies (`AppDeps` has it). */
export interface FrontDoorDeps {
  gateways: readonly GatewayCodec<never>[];
  callbacks: CallbackDeps;
  maxBodyBytes: number;
}

/**
 * The HTTP server's request listener: gateway callbacks go straight to `handleCallback`, the very
 * handler the Express routes call; everything else (health, metrics, admin, simulator, odd
 * requests) goes to the Express app.
 *
 * Why: Express's router, request/response prototypes and body-parser are a large share of a
 * callback's CPU budget (measured in bench/RESULTS.md), and callbacks need none of it. Only plain
 * requests take this path: a body with a content encoding or a charset other than UTF-8, a path
 * that is not exactly a callback path, goes to Express, which answers it the same way (test/component/front-door.test.ts).
 */
export function frontDoor(app: RequestListener, deps: FrontDoorDeps): RequestListener {
  const routes = new Map<string, GatewayCodec<never>>();
  for (const codec of deps.gateways) routes.set(`${codec.method} ${codec.path}`, codec);
  const limit = deps.maxBodyBytes;

  return (req, res) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const codec = routes.get(`${req.method} ${q === -1 ? url : url.slice(0, q)}`);
    if (!codec || !plainBody(req)) {
      app(req, res);
      return;
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      send(res, problem(413, 'Payload Too Large', 'request entity too large'), true);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        send(res, problem(413, 'Payload Too Large', 'request entity too large'), true);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (res.headersSent) return;
      const bytes = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
      const raw = { method: req.method ?? 'GET', query: q === -1 ? '' : url.slice(q + 1), headers: req.headers, body: withoutByteOrderMark(bytes.toString('utf8')), bytes, remoteAddress: req.socket.remoteAddress };
      handleCallback(codec, raw, deps.callbacks).then(
        (reply) => send(res, reply, false),
        // A failure of our own code (the use case answers its own failures with an END): the answer Express's error handler gives.
        (err: unknown) => {
          deps.callbacks.log.error({ path: codec.path, err }, 'a request failed');
          if (!res.headersSent) send(res, problem(503, 'Service Unavailable', 'the request could not be completed now; try again'), false);
        },
      );
    });
    req.on('error', () => res.destroy());
  };
}

/** No content encoding and no charset but UTF-8 (or its ASCII subset): what the fast path reads. */
function plainBody(req: IncomingMessage): boolean {
  const encoding = req.headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return false;
  const charset = charsetOf(req.headers['content-type']);
  return charset === undefined || charset === 'utf-8' || charset === 'utf8' || charset === 'us-ascii';
}

/**
 * Express's body parser decodes through iconv-lite, which drops a leading byte order mark; a body
 * read here must reach the codec as the same text, or a gateway that writes one (.NET's UTF-8
 * writers do) gets 400 from this path and 200 from the other.
 */
function withoutByteOrderMark(body: string): string {
  return body.charCodeAt(0) === 0xfeff ? body.slice(1) : body;
}

/** Answers as Express's `res.send` would: the body's length, and a charset on the content type. */
function send(res: ServerResponse, reply: HttpReply, close: boolean): void {
  const body = reply.bytes ?? reply.body;
  const headers: Record<string, string | number> = { ...reply.headers, 'content-length': Buffer.byteLength(body) };
  const type = headers['content-type'];
  if (typeof type === 'string' && !reply.verbatim && !/charset=/i.test(type)) headers['content-type'] = `${type}; charset=utf-8`;
  if (close) headers.connection = 'close';
  res.writeHead(reply.status, headers);
  res.end(body);
}
