import { Router } from 'express';
import { methodNotAllowed } from './method-not-allowed.js';

export interface Readiness {
  /** Why the process should not get traffic now, or undefined when it should. */
  notReadyReason(): Promise<string | undefined>;
}

/** `/healthz`: the process is alive. `/readyz`: it can serve (Redis answers, menus loaded, not draining). */
export function healthRoutes(readiness: Readiness): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const reason = await readiness.notReadyReason();
    res.status(reason ? 503 : 200).json(reason ? { status: 'unavailable', reason } : { status: 'ready' });
  });
  for (const path of ['/healthz', '/readyz']) router.all(path, methodNotAllowed(path, 'GET, HEAD'));
  return router;
}
