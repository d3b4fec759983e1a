import type { Logger } from './infra/logger.js';

/** Something that must stop cleanly before the process exits. */
export interface Closeable {
  name: string;
  close(): Promise<void> | void;
}

export interface ShutdownPlan {
  log: Logger;
  /** The whole shutdown must fit in this; past it the process exits with code 1. */
  budgetMs: number;
  /** Synchronous and immediate: `/readyz` turns 503. */
  markDraining(): void;
  /** How long to go on serving after `markDraining`, so load balancers polling `/readyz` move away first. */
  delayMs: number;
  /** Closed together: the HTTP server (answers what it has), workers (finish their current job). */
  drain: Closeable[];
  /** Closed after `drain`, in order: Redis clients, a local redis-server. */
  release: Closeable[];
  exit?: (code: number) => void;
}

const SAME_REQUEST_MS = 1000;

/**
 * SIGTERM or SIGINT: mark draining, wait `delayMs`, close `drain` together, then `release` in order, exit 0.
 * Past the budget: exit 1. A second signal, a second or more after the first: exit 1 at once. Every
 * step is logged with its time.
 */
export function handleShutdownSignals(plan: ShutdownPlan): void {
  const exit = plan.exit ?? ((code: number) => (code === 0 ? exitWhenIdle(plan.log) : process.exit(code)));
  let started: number | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (started !== undefined) {
      // Under `npm start` one signal arrives twice within milliseconds (to the process group, and
      // relayed by tsx): that is one request. A second Ctrl-C a person types is not.
      if (elapsed(started) < SAME_REQUEST_MS) return;
      plan.log.warn({ signal, ms: elapsed(started) }, 'second signal: exiting now');
      exit(1);
      return;
    }
    started = performance.now();
    void shutdown(plan, signal, started, exit);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

async function shutdown(plan: ShutdownPlan, signal: string, started: number, exit: (code: number) => void): Promise<void> {
  const { log } = plan;
  plan.markDraining();
  log.info({ signal, budgetMs: plan.budgetMs }, 'draining: /readyz answers 503');
  const pending = new Set([...plan.drain, ...plan.release].map((c) => c.name));
  const timer = setTimeout(() => {
    log.error({ ms: elapsed(started), pending: [...pending] }, `shutdown budget of ${plan.budgetMs} ms exceeded: exiting`);
    exit(1);
  }, plan.budgetMs);
  if (plan.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, plan.delayMs));
  const close = async (c: Closeable) => {
    try {
      await c.close();
      log.info({ step: c.name, ms: elapsed(started) }, `closed ${c.name}`);
    } catch (err) {
      log.warn({ step: c.name, ms: elapsed(started), err: (err as Error).message }, `closing ${c.name} failed`);
    }
    pending.delete(c.name);
  };
  // Each close() starts synchronously (the HTTP listener is closed by the time this logs).
  const draining = plan.drain.map(close);
  log.info({ ms: elapsed(started) }, 'closing: no new connections; answering those in flight');
  await Promise.all(draining);
  for (const c of plan.release) await close(c);
  clearTimeout(timer);
  log.info({ ms: elapsed(started) }, 'stopped');
  exit(0);
}

const elapsed = (since: number) => Math.round(performance.now() - since);

/**
 * Everything is closed: let the event loop run dry, so pino's asynchronous writes reach stdout in
 * order, and the process ends by itself with code 0. A handle someone forgot to close would keep
 * it alive: after a second it exits anyway, and says so.
 */
function exitWhenIdle(log: Logger): void {
  process.exitCode = 0;
  setTimeout(() => {
    log.warn('handles still open after shutdown: exiting anyway');
    process.exit(0);
  }, 1000).unref();
}
