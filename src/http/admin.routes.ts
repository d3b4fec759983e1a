import { createHash, timingSafeEqual } from 'node:crypto';
import { Router, type RequestHandler } from 'express';
import { problem } from './problem.js';

export interface AdminDeps {
  /** Bearer token for `/admin/*`; the routes are not served when it is unset. */
  token: string | undefined;
  /** What `GET /admin/menus` answers: the menus, their versions and service codes, and file problems. */
  menus: () => unknown;
}

/** `GET /admin/menus` behind `Authorization: Bearer <ADMIN_TOKEN>`. */
export function adminRoutes(deps: AdminDeps): Router {
  const router = Router();
  const { token } = deps;
  if (!token) return router;
  router.get('/admin/menus', bearer(token), (_req, res) => {
    res.set('cache-control', 'no-store').json(deps.menus());
  });
  return router;
}

function bearer(token: string): RequestHandler {
  const expected = digest(token);
  return (req, res, next) => {
    const given = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();
    // Compared as digests so neither the length nor the content leaks through timing.
    if (given !== undefined && timingSafeEqual(digest(given), expected)) return next();
    const p = problem(401, 'Unauthorized', 'send Authorization: Bearer <ADMIN_TOKEN>');
    res.status(p.status).set({ ...p.headers, 'www-authenticate': 'Bearer realm="admin"' }).send(p.body);
  };
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}
