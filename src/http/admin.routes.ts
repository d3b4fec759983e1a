import { Router } from 'express';
import type { Logger } from '../infra/logger.js';
import { bearer } from './admin-auth.js';
import { methodNotAllowed } from './method-not-allowed.js';
import { problem } from './problem.js';
import { rolloutRoutes, type RolloutAdmin } from './rollout.routes.js';

export interface AdminDeps {
  /** Bearer token for `/admin/*`; the routes are not served when it is unset. */
  token: string | undefined;
  /** What `GET /admin/menus` answers: the menus, their versions and service codes, and file problems. */
  menus: () => unknown;
  /** Menus' rollout overrides (only with a legacy app configured). */
  rollout?: RolloutAdmin;
  log?: Logger;
}

/** `GET /admin/menus` behind `Authorization: Bearer <ADMIN_TOKEN>`. */
export function adminRoutes(deps: AdminDeps): Router {
  const router = Router();
  const { token } = deps;
  if (!token) return router;
  router.get('/admin/menus', bearer(token), (_req, res) => {
    res.set('cache-control', 'no-store').json(deps.menus());
  });
  router.all('/admin/menus', methodNotAllowed('/admin/menus', 'GET, HEAD'));
  if (deps.rollout && deps.log) router.use(rolloutRoutes(token, deps.rollout, deps.log));
  else router.all('/admin/menus/:id/rollout', bearer(token), (_req, res) => void res.status(NO_ROLLOUTS.status).set(NO_ROLLOUTS.headers).send(NO_ROLLOUTS.body));
  return router;
}

// Rollouts choose between this service and a legacy app: with none configured there is nothing to roll out.
const NO_ROLLOUTS = problem(404, 'Not Found', 'rollouts need a legacy app: set LEGACY_<GATEWAY>_URL (docs/migration.md)');
