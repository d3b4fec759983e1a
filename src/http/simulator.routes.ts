import { join } from 'node:path';
import { Router } from 'express';

export interface SimulatorDeps {
  /** Served only when true (SIMULATOR_ENABLED). */
  enabled: boolean;
  /** The menus a caller can dial, for the page's quick-dial buttons. */
  menus: () => { id: string; serviceCodes: string[] }[];
}

/** Plain files, no build step; `npm run build` copies them next to the compiled routes. */
const ASSETS = join(__dirname, 'simulator');
const FILES: Record<string, string> = { 'simulator.css': 'text/css', 'simulator.js': 'text/javascript' };

/** `GET /simulator`: a feature phone in the browser that talks to `/ussd/africastalking` as Africa's Talking does. */
export function simulatorRoutes(deps: SimulatorDeps): Router {
  const router = Router();
  if (!deps.enabled) return router;
  router.get('/simulator', (_req, res) => res.sendFile(join(ASSETS, 'index.html')));
  router.get('/simulator/menus.json', (_req, res) => res.json(deps.menus()));
  router.get('/simulator/:file', (req, res, next) => {
    const type = FILES[req.params.file];
    if (!type) return next();
    res.type(type).sendFile(join(ASSETS, req.params.file));
  });
  return router;
}
