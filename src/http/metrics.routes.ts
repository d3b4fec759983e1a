import { Router } from 'express';
import type { Metrics } from '../infra/metrics.js';
import { methodNotAllowed } from './method-not-allowed.js';

/** `GET /metrics`: the Prometheus text format of this process's registry. */
export function metricsRoutes(metrics: Metrics): Router {
  const router = Router();
  router.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  router.all('/metrics', methodNotAllowed('/metrics', 'GET, HEAD'));
  return router;
}
