import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import { Router, type RequestHandler } from 'express';
import { basicAuth, sameOriginWrites } from './admin-auth.js';

export interface QueueConsoleDeps {
  /** ADMIN_TOKEN: the password of the console (any user name); no console when unset. */
  token: string | undefined;
  /** Every effect queue, from the one place they are declared: a new effect kind shows up by itself. */
  queues: () => readonly Queue[];
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
  router.use(QUEUE_CONSOLE_PATH, basicAuth(deps.token, 'queue console'), sameOriginWrites, noStore, adapter.getRouter() as Router);
  return router;
}

const noStore: RequestHandler = (_req, res, next) => {
  res.set('cache-control', 'no-store');
  next();
};
