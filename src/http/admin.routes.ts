import { Router } from 'express';
import { bearer } from './admin-auth.js';

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
