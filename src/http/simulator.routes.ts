import { join } from 'node:path';
import { Router } from 'express';
import { methodNotAllowed } from './method-not-allowed.js';

export interface SimulatorDeps {
  /** Served only when true (SIMULATOR_ENABLED). */
  enabled: boolean;
  /** The menus a caller can dial, for the page's quick-dial buttons: service codes and shortcut keys. */
  menus: () => { id: string; serviceCodes: string[]; shortcuts: string[] }[];
  /** The gateways the page can speak (see simulator/gateways.js), with the most septets each carries in a reply. */
  gateways: { name: string; label: string; maxChars: number }[];
}

/** One quick-dial button: a service code, or a service code with a shortcut (`*384#` + `7` = `*384*7#`). */
export interface Dial {
  code: string;
  label: string;
}

/** Plain files, no build step; `npm run build` copies them next to the compiled routes. */
const ASSETS = join(__dirname, 'simulator');
/** A Map, not an object literal: `/simulator/constructor` must not find Object.prototype's. */
const FILES = new Map([
  ['simulator.css', 'text/css'],
  ['simulator.js', 'text/javascript'],
  ['gateways.js', 'text/javascript'],
]);

/** `GET /simulator`: a feature phone in the browser that talks to `/ussd/<gateway>` as that gateway does. */
export function simulatorRoutes(deps: SimulatorDeps): Router {
  const router = Router();
  if (!deps.enabled) return router;
  router.get('/simulator', (req, res) => {
    // The page's links are relative to /simulator: from /simulator/ they would miss, so redirect there.
    if (req.originalUrl.split('?')[0]?.endsWith('/')) return res.redirect(301, '../simulator');
    res.sendFile(join(ASSETS, 'index.html'));
  });
  router.get('/simulator/setup.json', (_req, res) => res.json({ gateways: deps.gateways, dials: dialsOf(deps.menus()) }));
  router.get('/simulator/:file', (req, res, next) => {
    const type = FILES.get(req.params.file);
    if (!type) return next();
    res.type(type).sendFile(join(ASSETS, req.params.file));
  });
  for (const path of ['/simulator', '/simulator/setup.json', ...[...FILES.keys()].map((f) => `/simulator/${f}`)]) router.all(path, methodNotAllowed(path, 'GET, HEAD'));
  return router;
}

export function dialsOf(menus: ReturnType<SimulatorDeps['menus']>): Dial[] {
  return menus.flatMap((m) =>
    m.serviceCodes.flatMap((code) => [
      { code, label: `${code} ${m.id}` },
      ...m.shortcuts.map((key) => ({ code: `${code.slice(0, -1)}*${key}#`, label: `${code.slice(0, -1)}*${key}# ${m.id} shortcut` })),
    ]),
  );
}
