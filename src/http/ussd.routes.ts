import type { IncomingMessage } from 'node:http';
import express, { Router, type Request } from 'express';
import type { GatewayCodec, RawRequest } from '../gateways/codec.js';
import { problem } from './problem.js';
import { handleCallback, type CallbackDeps } from './ussd-callback.js';

/**
 * One route per gateway codec: the raw body goes to the codec, the reply comes back as it renders it.
 * Only the codec's own method reaches it; any other (HEAD included, which Express would serve as
 * GET and so advance a session) gets 405.
 */
export function ussdRoutes(gateways: readonly GatewayCodec<never>[], deps: CallbackDeps, maxBodyBytes: number): Router {
  const router = Router();
  // The bytes too, as they came: a legacy app is forwarded those (RawRequest.bytes).
  const body = express.text({ type: () => true, limit: maxBodyBytes, defaultCharset: 'utf-8', verify: (req, _res, buf) => void receivedBytes.set(req, buf) });
  for (const codec of gateways) {
    router.all(codec.path, (req, res, next) => {
      if (req.method === codec.method) return next();
      const p = methodNotAllowed(codec.method);
      res.status(p.status).set(p.headers).send(req.method === 'HEAD' ? '' : p.body);
    });
    router[codec.method === 'GET' ? 'get' : 'post'](codec.path, body, async (req, res) => {
      const reply = await handleCallback(codec, toRaw(req), deps);
      // A Buffer keeps a relayed reply's content type as it came (a string would get a charset added).
      res.status(reply.status).set(reply.headers).send(reply.bytes ?? reply.body);
    });
  }
  return router;
}

const receivedBytes = new WeakMap<IncomingMessage, Buffer>();

const methodNotAllowed = (allow: string) => problem(405, 'Method Not Allowed', `this callback takes ${allow} only`, [], { allow });

function toRaw(req: Request): RawRequest {
  const q = req.originalUrl.indexOf('?');
  return {
    method: req.method,
    query: q === -1 ? '' : req.originalUrl.slice(q + 1),
    headers: req.headers,
    body: typeof req.body === 'string' ? req.body : '',
    bytes: receivedBytes.get(req),
    remoteAddress: req.socket.remoteAddress,
  };
}
