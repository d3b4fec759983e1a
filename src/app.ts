import { STATUS_CODES } from 'node:http';
import express, { type ErrorRequestHandler } from 'express';
import type { GatewayCodec } from './gateways/codec.js';
import { adminRoutes, type AdminDeps } from './http/admin.routes.js';
import { healthRoutes, type Readiness } from './http/health.routes.js';
import { metricsRoutes } from './http/metrics.routes.js';
import { clip, problem } from './http/problem.js';
import { queueConsoleRoutes, type QueueConsoleDeps } from './http/queue-console.routes.js';
import { simulatorRoutes, type SimulatorDeps } from './http/simulator.routes.js';
import type { CallbackDeps } from './http/ussd-callback.js';
import { ussdRoutes } from './http/ussd.routes.js';
import type { Metrics } from './infra/metrics.js';

export interface AppDeps {
  callbacks: CallbackDeps;
  /** Empty for `ROLE=worker`: health, readiness and metrics only. */
  gateways: readonly GatewayCodec<never>[];
  readiness: Readiness;
  metrics?: Metrics;
  maxBodyBytes: number;
  admin?: AdminDeps;
  /** bull-board over the effect queues (web role, with ADMIN_TOKEN). */
  queueConsole?: QueueConsoleDeps;
  simulator?: SimulatorDeps;
}

/** The Express application, without listening: tests drive it through supertest. */
export function buildApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(healthRoutes(deps.readiness));
  if (deps.metrics) app.use(metricsRoutes(deps.metrics));
  app.use(ussdRoutes(deps.gateways, deps.callbacks, deps.maxBodyBytes));
  if (deps.admin) app.use(adminRoutes(deps.admin));
  if (deps.queueConsole) app.use(queueConsoleRoutes(deps.queueConsole));
  if (deps.simulator) app.use(simulatorRoutes(deps.simulator));
  app.use((_req, res) => {
    const p = problem(404, 'Not Found', 'no such endpoint');
    res.status(p.status).set(p.headers).send(p.body);
  });
  app.use(errorHandler(deps));
  return app;
}

/**
 * Body-parser failures (too large, bad encoding, aborted) are the caller's: 4xx. Anything else that
 * reaches here failed on our side (Redis away during an admin change): 503, its message only in the
 * log. Gateway callbacks never get here: they answer every failure with an END.
 */
function errorHandler(deps: AppDeps): ErrorRequestHandler {
  return (err: BodyError, req, res, _next) => {
    const callers = typeof err.status === 'number' && err.status >= 400 && err.status < 500;
    if (!callers) {
      deps.callbacks.log.error({ path: clip(req.path), err }, 'a request failed');
      const p = problem(503, 'Service Unavailable', 'the request could not be completed now; try again');
      res.status(p.status).set(p.headers).send(p.body);
      return;
    }
    const status = err.status as number;
    const detail = undecodable(err, req.headers['content-encoding']) ?? err.message ?? 'unreadable request';
    deps.callbacks.log.warn({ path: clip(req.path), status, reason: clip(err.type ?? detail) }, 'rejected a request');
    const p = problem(status, STATUS_CODES[status] ?? 'Bad Request', detail);
    res.status(p.status).set(p.headers).send(p.body);
  };
}

interface BodyError {
  status?: number;
  type?: string;
  message?: string;
  code?: string;
}

/**
 * A body its Content-Encoding does not describe (plain JSON marked gzip): the body parser passes on
 * zlib's error, untyped, whose message is zlib's ("incorrect header check") or only "Bad Request".
 * Say which encoding the body failed.
 */
function undecodable(err: BodyError, encoding: string | undefined): string | undefined {
  if (err.status !== 400 || err.type !== undefined || err.code === undefined || encoding === undefined) return undefined;
  const named = clip(encoding, 40);
  const why = err.message && err.message !== 'Bad Request' ? err.message : err.code;
  return `the body is not valid ${named} data (Content-Encoding: ${named}): ${why}`;
}
