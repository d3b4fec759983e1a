import './infra/gc-tuning.js';
import type { ChildProcess } from 'node:child_process';
import { buildApp } from './app.js';
import { frontDoor } from './http/front-door.js';
import { ConfigError, loadConfig, requireInProduction, SESSION_SECRET, withoutPasswords, type Config } from './config.js';
import { createDeps } from './deps.js';
import { registerEffectMetrics } from './effects/effect-metrics.js';
import { startEffectWorkers } from './effects/effect-workers.js';
import { logConnectionErrors } from './infra/connection-errors.js';
import { listen } from './infra/http-server.js';
import { menuSourceSettings } from './infra/menu-files.js';
import { restoreFastStringPrototype } from './infra/fast-string-prototype.js';
import { createLogger, routeConsoleTo, type Logger } from './infra/logger.js';
import { closeRedis, connectRedis, createRedis, RedisCredentialsError } from './infra/redis.js';
import { checkEvictionPolicy } from './infra/redis-eviction.js';
import { checkPersistence } from './infra/redis-persistence.js';
import { redisAnswers, redisServerOnPath, startLocalRedis } from './infra/local-redis.js';
import { PROVIDER_URL_VARIABLES, providerUrls } from './sandbox/local-providers.js';
import { sourceSettings } from './sandbox/local-sources.js';
import { handleShutdownSignals } from './shutdown.js';

/** config → Redis → deps → HTTP server (every role: health, readiness, metrics) → graceful shutdown. */
async function main(): Promise<void> {
  // A ConfigError anywhere in the start is one line (the catch at the bottom of this file).
  const config = loadConfig();
  /** The SOURCE_* settings the menus name (a worker reads no menus: undefined). */
  const named = config.ROLE === 'worker' ? undefined : await menuSourceSettings(config.MENUS_DIR);
  // The workers call the providers, the web role the menus' sources: in production a missing one is a refusal to start, not a sandbox.
  requireInProduction(config, [...(config.ROLE === 'web' ? [] : PROVIDER_URL_VARIABLES), ...(named ? [...named, SESSION_SECRET] : [])]);
  const log = createLogger(config.LOG_LEVEL, { role: config.ROLE });
  routeConsoleTo(log);
  // A redis-server started here stops when this process exits, whichever way (startLocalRedis).
  const localRedis = config.REDIS_CLUSTER_NODES ? undefined : await ensureRedis(config, log);

  // OpenTelemetry only when configured: otherwise its SDK is never even loaded.
  const tracing = config.OTEL_EXPORTER_OTLP_ENDPOINT
    ? (await import('./infra/tracing.js')).startTracing({ endpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT, role: config.ROLE })
    : undefined;
  const redis = createRedis(config, 'web');
  await connectRedis(redis, 5000).catch((err: unknown) => {
    process.stderr.write(`${redisNotReady(err, config)}\n`);
    process.exit(1);
  });
  // From here on, outages are logged; one at start-up is the single line above.
  logConnectionErrors(log, 'web', redis);
  await checkEvictionPolicy(redis, log);
  // The throwaway redis-server of `npm start` said so already (nothing is saved).
  if (!localRedis) await checkPersistence(redis, log);
  // SOURCE_* settings, with a local sandbox for each one the shipped menus use that is unset (never in production).
  const sources = await sourceSettings(config, named, log);
  const deps = await createDeps(config, log, redis, { traceCallback: tracing?.traceCallback, sourceSettings: sources.settings });
  // ROLE=worker|all: the effect workers (billing, SMS), against the providers or local sandboxes.
  const providers = config.ROLE === 'web' ? undefined : await providerUrls(config, log);
  const workers = providers && startEffectWorkers(config, log, providers.urls, { redis, publisher: deps.effects.publisher }, sources.settings);
  if (workers) registerEffectMetrics(deps.metrics, deps.effects.queues, workers);

  // Last, once everything that could have slowed String.prototype down (ioredis) is loaded.
  if (!restoreFastStringPrototype()) log.warn('could not give String.prototype fast properties again: string work costs more on this Node');
  const limits = { requestTimeoutMs: config.HTTP_REQUEST_TIMEOUT_MS, maxConnectionsPerClient: config.MAX_CONNECTIONS_PER_CLIENT };
  const http = await listen(frontDoor(buildApp(deps.app), deps.app), config.PORT, config.HOST, limits).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'EADDRINUSE' && err.code !== 'EACCES' && err.code !== 'EADDRNOTAVAIL') throw err;
    process.stderr.write(`${listenFailure(err, config)}\n`);
    process.exit(1);
  });
  log.info({ port: http.port, address: http.url }, `listening on ${http.url}${config.HOST ? '' : ' (every interface; HOST=127.0.0.1 for this machine only)'}`);

  handleShutdownSignals({
    log,
    budgetMs: config.SHUTDOWN_TIMEOUT_MS,
    markDraining: () => (deps.draining.value = true),
    delayMs: config.SHUTDOWN_DELAY_MS,
    // Together: callbacks in flight are answered while each worker finishes the job it holds.
    drain: [{ name: 'http', close: () => http.drain() }, ...(workers ? [{ name: 'effect-workers', close: () => workers.close() }] : [])],
    release: [
      // Shadow runs of the last callbacks still read Redis and sources: let them finish first.
      ...(deps.shadow ? [{ name: 'shadow-runs', close: () => deps.shadow?.idle() }] : []),
      { name: 'effect-queues', close: () => deps.effects.close() },
      ...(providers ? [{ name: 'providers', close: () => providers.close() }] : []),
      ...(sources.close ? [{ name: 'source-sandboxes', close: sources.close }] : []),
      { name: 'menu-catalog', close: () => deps.catalog.close() },
      { name: 'sources', close: () => deps.sources.close() },
      ...(deps.migration ? [{ name: 'legacy-app', close: () => deps.migration?.close() }] : []),
      // The clock's samples go with the connection they use.
      { name: 'redis', close: async () => void (deps.clock.stop(), await closeRedis(redis)) },
      ...(localRedis ? [{ name: 'local-redis', close: () => void localRedis.kill() }] : []),
      ...(tracing ? [{ name: 'tracing', close: () => tracing.close() }] : []),
    ],
  });
}

/** One line an operator can act on, instead of a stack. */
function listenFailure(err: NodeJS.ErrnoException, config: Config): string {
  const where = `${config.HOST ?? 'every interface'} port ${config.PORT}`;
  if (err.code === 'EADDRINUSE') return `Cannot listen on ${where}: the port is in use (another \`npm start\`?). Stop that process or set PORT.`;
  if (err.code === 'EACCES') return `Cannot listen on ${where}: permission denied (ports below 1024 need privileges). Set PORT.`;
  return `Cannot listen on ${where}: no such address on this machine. Set HOST to one of its addresses.`;
}

/** One line naming the setting to fix, its password masked, and what Redis answered. */
function redisNotReady(err: unknown, config: Config): string {
  const [setting, value] = config.REDIS_CLUSTER_NODES ? ['REDIS_CLUSTER_NODES', config.REDIS_CLUSTER_NODES] : ['REDIS_URL', config.REDIS_URL];
  const at = `Redis at ${withoutPasswords(value)}`;
  if (err instanceof RedisCredentialsError) {
    if (err.message.startsWith('NOAUTH')) return `${at} asks for a password (NOAUTH): give it in ${setting} (redis://:<password>@host:port).`;
    return `${at} refused the credentials in ${setting} (${err.message.replace(/\.$/, '')}): check its user name and password.`;
  }
  // A Cluster client's own error hides the node's answer (ioredis' ClusterAllFailedError).
  const cause = (err as { lastNodeError?: Error }).lastNodeError?.message;
  const answer = withoutPasswords(`${(err as Error).message.replace(/\.$/, '')}${cause ? ` (${cause})` : ''}`);
  return `${at} did not become ready: ${answer}. Check ${setting}.`;
}

/**
 * With no REDIS_URL set and nothing on 127.0.0.1:6379, start a throwaway redis-server if one is
 * installed (the quick start should just work); otherwise say what to do in one line.
 */
async function ensureRedis(config: Config, log: Logger): Promise<ChildProcess | undefined> {
  if (await redisAnswers(config.REDIS_URL, 1000)) return undefined;
  const url = new URL(config.REDIS_URL);
  const isDefault = !config.REDIS_URL_SET && ['127.0.0.1', 'localhost'].includes(url.hostname);
  if (isDefault && redisServerOnPath()) {
    const child = await startLocalRedis(Number(url.port || 6379));
    log.warn(`no Redis answered at ${withoutPasswords(config.REDIS_URL)}: started a throwaway redis-server there (nothing is saved; set REDIS_URL for a real one)`);
    return child;
  }
  process.stderr.write(
    `No Redis answers at ${withoutPasswords(config.REDIS_URL)}. Start one (\`redis-server\`; on Debian/Ubuntu \`apt-get install redis-server\`) or set REDIS_URL.\n`,
  );
  process.exit(1);
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`fatal: ${withoutPasswords(err instanceof Error ? (err.stack ?? err.message) : String(err))}\n`);
  process.exit(1);
});
