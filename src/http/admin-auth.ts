import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { problem } from './problem.js';

/** `Authorization: Bearer <ADMIN_TOKEN>`: for scripts and the admin API. */
export function bearer(token: string): RequestHandler {
  const matches = tokenMatcher(token);
  return (req, res, next) => {
    const given = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();
    if (given !== undefined && matches(given)) return next();
    const p = problem(401, 'Unauthorized', 'send Authorization: Bearer <ADMIN_TOKEN>');
    res.status(p.status).set({ ...p.headers, 'www-authenticate': 'Bearer realm="admin"' }).send(p.body);
  };
}

/**
 * HTTP Basic with ADMIN_TOKEN as the password (the user name is not checked): the browser asks
 * once, remembers it for the tab, and no page of ours ever holds the token.
 */
export function basicAuth(token: string, realm: string): RequestHandler {
  const matches = tokenMatcher(token);
  return (req, res, next) => {
    const encoded = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const decoded = encoded === undefined ? undefined : Buffer.from(encoded, 'base64').toString('utf8');
    const password = decoded?.slice(decoded.indexOf(':') + 1);
    if (decoded?.includes(':') && password !== undefined && matches(password)) return next();
    const p = problem(401, 'Unauthorized', 'log in with any user name and ADMIN_TOKEN as the password');
    res.status(p.status).set({ ...p.headers, 'www-authenticate': `Basic realm="${realm}", charset="UTF-8"` }).send(p.body);
  };
}

/**
 * A browser sends Basic credentials with every request to the host, also those another site
 * makes it send: changes (retry, remove, pause) are taken only from this origin's own pages.
 */
export const sameOriginWrites: RequestHandler = (req, res, next) => {
  if (req.method === 'GET' || req.method === 'HEAD') return next();
  const site = req.headers['sec-fetch-site'];
  const origin = req.headers.origin;
  const crossSite = (site !== undefined && site !== 'same-origin' && site !== 'none') || (origin !== undefined && hostOf(origin) !== req.headers.host);
  if (!crossSite) return next();
  const p = problem(403, 'Forbidden', 'changes are accepted from the console itself only');
  res.status(p.status).set(p.headers).send(p.body);
};

function hostOf(origin: string): string | undefined {
  return URL.canParse(origin) ? new URL(origin).host : undefined;
}

/** Which token made a change, for the log: the first 8 hex digits of its SHA-256, never the token. */
export function tokenIdOf(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 8);
}

/** Compared as digests so neither the length nor the content leaks through timing. */
function tokenMatcher(token: string): (given: string) => boolean {
  const expected = digest(token);
  return (given) => timingSafeEqual(digest(given), expected);
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}
