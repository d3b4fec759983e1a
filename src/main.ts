import { createServer, type Server } from 'node:http';
import type { ChildProcess } from 'node:child_process';
import { buildApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createDeps } from './deps.js';
import { startEffectWorkers } from './effects/effect-workers.js';
import { createLogger, type Logger } from './infra/logger.js';
import { connectRedis, createWebRedis } from './infra/redis.js';
import { redisAnswers, redisServerOnPath, startLocalRedis } from './infra/local-redis.js';
import { providerUrls } from './sandbox/local-providers.js';

/** config → Redis → deps → HTTP server → graceful shutdown. */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const log = createLogger(config.LOG_LEVEL, { role: config.ROLE });
  const localRedis = await ensureRedis(config, log);

  const redis = createWebRedis(config.REDIS_URL, config.REDIS_COMMAND_TIMEOUT_MS);
  redis.on('error', (err) => log.warn({ err: err.message }, 'redis error'));
  await connectRedis(redis, 5000);
  const deps = await createDeps(config, log, redis);
  const providers = config.ROLE === 'web' ? undefined : await providerUrls(config, log);
  const workers = providers && startEffectWorkers(config, log, providers, { redis, publisher: deps.effects.publisher });

  let server: Server | undefined;
  if (config.ROLE !== 'worker') {
    server = createServer(buildApp(deps.app));
    server.keepAliveTimeout = 65_000;
    await new Promise<void>((resolve) => server?.listen(config.PORT, resolve));
    const address = server.address();
    log.info({ port: typeof address === 'object' && address ? address.port : config.PORT }, `listening on http://127.0.0.1:${typeof address === 'object' && address ? address.port : config.PORT}`);
  }

  let stoppingSince = 0;
  const stop = async (signal: string) => {
    if (stoppingSince) {
      // Under `npm start` the signal reaches us twice within milliseconds (from the terminal or
      // process group, and relayed by tsx): that is one request. A person's second Ctrl-C is not.
      if (Date.now() - stoppingSince < 1000) return;
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stoppingSince = Date.now();
    deps.draining.value = true;
    log.info({ signal }, 'draining');
    const force = setTimeout(() => {
      log.error('drain took too long: exiting');
      process.exit(1);
    }, Math.max(config.RESPONSE_DEADLINE_MS * 2, config.PROVIDER_TIMEOUT_MS + 2000, 5000));
    force.unref();
    if (server) {
      const closed = new Promise<void>((resolve) => server?.close(() => resolve()));
      server.closeIdleConnections();
      await closed;
    }
    await workers?.close();
    await deps.effects.close();
    await providers?.close();
    deps.catalog.close();
    await redis.quit().catch(() => undefined);
    localRedis?.kill();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

/**
 * With no REDIS_URL set and nothing on 127.0.0.1:6379, start a throwaway redis-server if one is
 * installed (the quick start should just work); otherwise say what to do in one line.
 */
async function ensureRedis(config: Config, log: Logger): Promise<ChildProcess | undefined> {
  if (await redisAnswers(config.REDIS_URL, 1000)) return undefined;
  const url = new URL(config.REDIS_URL);
  const isDefault = !process.env.REDIS_URL && ['127.0.0.1', 'localhost'].includes(url.hostname);
  if (isDefault && redisServerOnPath()) {
    const child = await startLocalRedis(Number(url.port || 6379));
    log.warn(`no Redis answered at ${config.REDIS_URL}: started a throwaway redis-server there (nothing is saved; set REDIS_URL for a real one)`);
    return child;
  }
  process.stderr.write(
    `No Redis answers at ${config.REDIS_URL}. Start one (\`redis-server\`; on Debian/Ubuntu \`apt-get install redis-server\`) or set REDIS_URL.\n`,
  );
  process.exit(1);
}

main().catch((err: unknown) => {
  process.stderr.write(`fatal: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
