import express, { Router, type Response } from 'express';
import type { Logger } from '../infra/logger.js';
import { RolloutOverrideSchema, type RolloutInForce, type RolloutOverride } from '../infra/rollout/rollout-overrides.js';
import { bearer, tokenIdOf } from './admin-auth.js';
import { methodNotAllowed } from './method-not-allowed.js';
import { problem } from './problem.js';
import { rolloutForLog } from './rollout-log.js';

/** What the rollout admin routes change (`infra/rollout/`); present only where a legacy app is configured. */
export interface RolloutAdmin {
  exists(menuId: string): boolean;
  set(menuId: string, override: RolloutOverride): Promise<unknown>;
  clear(menuId: string): Promise<unknown>;
  inForce(menuId: string): RolloutInForce;
}

/**
 * `PUT /admin/menus/<id>/rollout` (any subset of `share`, `allow`, `shadow`) and `DELETE` (back to
 * the file's). Every change is logged with the token's id (a digest prefix: which token, never
 * the token) and what changed (allow lists counted and masked); every replica applies it within the propagation time (pub/sub).
 */
export function rolloutRoutes(token: string, rollout: RolloutAdmin, log: Logger): Router {
  const router = Router();
  const tokenId = tokenIdOf(token);
  const path = '/admin/menus/:id/rollout';
  // Any JSON value is read (`strict: false`) so that `null` or `25` gets the schema's "expected object", not "not valid JSON".
  router.put(path, bearer(token), express.json({ limit: '256kb', strict: false }), async (req, res) => {
    const id = String(req.params.id);
    if (!rollout.exists(id)) return send(res, problem(404, 'Not Found', `no menu with id ${id}`));
    // `curl -d '{…}'` sends a form: say so, rather than "expected object" about a body never read.
    if (!req.is('application/json')) return send(res, problem(415, 'Unsupported Media Type', 'send the rollout as JSON (Content-Type: application/json)'));
    const parsed = RolloutOverrideSchema.safeParse(req.body);
    if (!parsed.success) {
      const errors = parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
      return send(res, problem(400, 'Bad Request', `invalid rollout for ${id}: ${errors.join('; ')}`, errors));
    }
    await rollout.set(id, parsed.data);
    const now = rollout.inForce(id);
    log.info({ tokenId, menu: id, change: rolloutForLog(parsed.data), rollout: rolloutForLog(now) }, 'rollout override set');
    res.set('cache-control', 'no-store').json(now);
  });
  router.delete(path, bearer(token), async (req, res) => {
    const id = String(req.params.id);
    if (!rollout.exists(id)) return send(res, problem(404, 'Not Found', `no menu with id ${id}`));
    await rollout.clear(id);
    const now = rollout.inForce(id);
    log.info({ tokenId, menu: id, change: 'cleared', rollout: rolloutForLog(now) }, 'rollout override removed');
    res.set('cache-control', 'no-store').json(now);
  });
  router.all(path, methodNotAllowed('/admin/menus/<id>/rollout', 'PUT, DELETE'));
  return router;
}

function send(res: Response, p: ReturnType<typeof problem>): void {
  res.status(p.status).set(p.headers).send(p.body);
}
