import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import { Router, type RequestHandler } from 'express';
import type { Logger } from '../infra/logger.js';
import { basicAuth, sameOriginWrites, tokenIdOf } from './admin-auth.js';
import { clip } from './problem.js';

export interface QueueConsoleDeps {
  /** ADMIN_TOKEN: the password of the console (any user name); no console when unset. */
  token: string | undefined;
  /** Every effect queue, from the one place they are declared: a new effect kind shows up by itself. */
  queues: () => readonly Queue[];
  /** Where each change (retry, remove, pause …) is logged. */
  log: Logger;
}

export const QUEUE_CONSOLE_PATH = '/admin/queues';

/**
 * bull-board at `/admin/queues`: every effect queue, its jobs and their failure reasons, with
 * retry and remove. Behind HTTP Basic with ADMIN_TOKEN as the password, the way a browser logs
 * in; writes (retry, remove, pause) only from the console's own pages.
 */
export function queueConsoleRoutes(deps: QueueConsoleDeps): Router {
  const router = Router();
  if (!deps.token) return router;
  const adapter = new ExpressAdapter().setBasePath(QUEUE_CONSOLE_PATH);
  createBullBoard({
    queues: deps.queues().map((q) => new BullMQAdapter(q, { description: `effect queue ${q.name}` })),
    serverAdapter: adapter,
    options: { uiConfig: { boardTitle: 'USSD effects' } },
  });
  const audit = auditChanges(deps.log, tokenIdOf(deps.token));
  router.use(QUEUE_CONSOLE_PATH, basicAuth(deps.token, 'queue console'), sameOriginWrites, noStore, audit, adapter.getRouter() as Router);
  return router;
}

/**
 * A change can drop a charge (remove) or stop billing (pause): each is logged once answered, with
 * the token's id (which token, never the token), as rollout changes are. Reads are not.
 */
function auditChanges(log: Logger, tokenId: string): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.once('finish', () => log.info({ tokenId, method: req.method, path: clip(req.path), status: res.statusCode }, 'queue console change'));
    }
    next();
  };
}

const noStore: RequestHandler = (_req, res, next) => {
  res.set('cache-control', 'no-store');
  next();
};
