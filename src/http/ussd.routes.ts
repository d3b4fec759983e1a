import express, { Router, type Request } from 'express';
import type { GatewayCodec, RawRequest } from '../gateways/codec.js';
import { handleCallback, type CallbackDeps } from './ussd-callback.js';

/** One route per gateway codec: the raw body goes to the codec, the reply comes back as it renders it. */
export function ussdRoutes(gateways: readonly GatewayCodec<never>[], deps: CallbackDeps, maxBodyBytes: number): Router {
  const router = Router();
  const body = express.text({ type: () => true, limit: maxBodyBytes, defaultCharset: 'utf-8' });
  for (const codec of gateways) {
    const method = codec.method === 'GET' ? 'get' : 'post';
    router[method](codec.path, body, async (req, res) => {
      const reply = await handleCallback(codec, toRaw(req), deps);
      // A Buffer keeps a relayed reply's content type as it came (a string would get a charset added).
      res.status(reply.status).set(reply.headers).send(reply.verbatim ? Buffer.from(reply.body) : reply.body);
    });
  }
  return router;
}

function toRaw(req: Request): RawRequest {
  const q = req.originalUrl.indexOf('?');
  return {
    method: req.method,
    query: q === -1 ? '' : req.originalUrl.slice(q + 1),
    headers: req.headers,
    body: typeof req.body === 'string' ? req.body : '',
    remoteAddress: req.socket.remoteAddress,
  };
}
