import type { RequestHandler } from 'express';
import { problem } from './problem.js';

/**
 * For `router.all(path, …)` after a path's own routes: any other method is 405 naming the ones it
 * takes (`allow`, as in the `Allow` header), so an operator with the wrong verb is not told the
 * endpoint does not exist. A HEAD gets the status and headers alone.
 */
export function methodNotAllowed(path: string, allow: string): RequestHandler {
  const p = problem(405, 'Method Not Allowed', `${path} takes ${allow} only`, [], { allow });
  return (req, res) => {
    res.status(p.status).set(p.headers).send(req.method === 'HEAD' ? '' : p.body);
  };
}
