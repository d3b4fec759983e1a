import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import type { Config } from '../config.js';
import { readRepliesBeforeTimingOut } from './command-timeout.js';

/** A standalone server or a Redis Cluster: every adapter takes either. */
export type RedisClient = Redis | Cluster;

/**
 * What a client is for:
 * - `web`: the reply path. Fails fast (no offline queue, a command timeout, no per-command
 *   retries) so a callback gets its END within the deadline while Redis is away.
 * - `producer`: BullMQ's queues the outbox publishes to. Fails fast like `web`, so a Redis outage
 *   leaves effects in the outbox for the sweeper instead of piling up in memory.
 * - `worker`: a BullMQ worker's connection. Waits out an outage and reconnects forever
 *   (`maxRetriesPerRequest: null`, which BullMQ requires for its blocking commands).
 * Every client is made here, so the Redis Cluster switch (`REDIS_CLUSTER_NODES`) covers them all.
 */
export type RedisProfile = 'web' | 'producer' | 'worker';

export type RedisTarget =
  | { kind: 'single'; url: string }
  | { kind: 'cluster'; nodes: { host: string; port: number }[]; auth: Pick<RedisOptions, 'username' | 'password' | 'tls'> };

/** `REDIS_CLUSTER_NODES` set: a Cluster seeded from those nodes; otherwise the one server at `REDIS_URL`. */
export function redisTarget(config: Pick<Config, 'REDIS_URL' | 'REDIS_CLUSTER_NODES'>): RedisTarget {
  if (!config.REDIS_CLUSTER_NODES) return { kind: 'single', url: config.REDIS_URL };
  const urls = config.REDIS_CLUSTER_NODES.split(',').map((n) => new URL(/^rediss?:\/\//.test(n) ? n : `redis://${n}`));
  const withAuth = urls.find((u) => u.password || u.username);
  return {
    kind: 'cluster',
    nodes: urls.map((u) => ({ host: u.hostname, port: Number(u.port) })),
    auth: {
      ...(withAuth?.username ? { username: decodeURIComponent(withAuth.username) } : {}),
      ...(withAuth?.password ? { password: decodeURIComponent(withAuth.password) } : {}),
      ...(urls.some((u) => u.protocol === 'rediss:') ? { tls: {} } : {}),
    },
  };
}

const retry = (attempt: number) => Math.min(50 * 2 ** attempt, 2000);

function nodeOptions(profile: RedisProfile, commandTimeoutMs: number): RedisOptions {
  const common: RedisOptions = { connectionName: `ussd-${profile}`, lazyConnect: true };
  if (profile === 'worker') {
    return { ...common, maxRetriesPerRequest: null, enableOfflineQueue: true, retryStrategy: (attempt) => Math.min(100 * 2 ** Math.min(attempt, 10), 5000) };
  }
  return {
    ...common,
    enableOfflineQueue: false,
    commandTimeout: commandTimeoutMs,
    maxRetriesPerRequest: 0,
    connectTimeout: Math.max(1000, commandTimeoutMs),
    retryStrategy: retry,
    // No auto-pipelining: under load its per-batch objects outlive young-generation GCs and get
    // promoted, which lengthens the tail latency. writeInBatches batches the web client's writes
    // without them.
  };
}

/** The one place Redis clients are made: a `Redis` or a `Cluster`, with the options its profile needs. */
export function createRedis(
  config: Pick<Config, 'REDIS_URL' | 'REDIS_CLUSTER_NODES' | 'REDIS_COMMAND_TIMEOUT_MS'>,
  profile: RedisProfile,
): RedisClient {
  readRepliesBeforeTimingOut();
  const target = redisTarget(config);
  const options = nodeOptions(profile, config.REDIS_COMMAND_TIMEOUT_MS);
  if (target.kind === 'single') {
    const redis = new Redis(target.url, options);
    return profile === 'web' ? writeInBatches(redis) : redis;
  }
  const { enableOfflineQueue, lazyConnect, ...perNode } = options;
  const cluster: ClusterOptions = {
    lazyConnect,
    clusterRetryStrategy: retry,
    redisOptions: { ...perNode, ...target.auth },
    ...(enableOfflineQueue === false ? { enableOfflineQueue } : {}),
  };
  const client = new Cluster(target.nodes, cluster);
  if (profile === 'web') client.on('+node', writeInBatches);
  return client;
}

/**
 * Commands issued in one turn of the event loop leave in one socket write, whichever request
 * issued them: the batching of ioredis's auto-pipelining without its per-batch objects (see
 * nodeOptions). The socket is corked at the turn's first command and uncorked once the turn's
 * I/O callbacks have run (`setImmediate`), so a command waits at most for the rest of its turn.
 * Why: one write per turn instead of one per command saves a system call per command, which is
 * most of the CPU a hop spends on Redis (bench/RESULTS.md compares the two).
 */
function writeInBatches(redis: Redis): Redis {
  const send = redis.sendCommand.bind(redis);
  let corked: Redis['stream'] | undefined;
  const flush = () => {
    const stream = corked;
    corked = undefined;
    stream?.uncork();
  };
  redis.sendCommand = (command, stream) => {
    if (corked === undefined && stream === undefined && redis.status === 'ready') {
      corked = redis.stream;
      corked.cork();
      setImmediate(flush);
    }
    return send(command, stream);
  };
  return redis;
}

/** The nodes a SCAN must visit to see every key: the one server, or every master of a Cluster. */
export function scanNodes(client: RedisClient): Redis[] {
  return client instanceof Cluster ? client.nodes('master') : [client];
}

/**
 * Resolves when the client is ready, or rejects with the last connection error after `timeoutMs`;
 * at once with a `RedisCredentialsError` when Redis refuses the credentials (retrying cannot fix those).
 */
export async function connectRedis(client: RedisClient, timeoutMs: number): Promise<void> {
  if (client.status === 'ready') return;
  let onError: (e: Error) => void = () => undefined;
  let onReady: () => void = () => undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      let lastError: Error | undefined;
      onError = (e) => {
        lastError = e;
        if (isCredentialRefusal(e)) reject(new RedisCredentialsError(e.message));
      };
      client.on('error', onError);
      timer = setTimeout(() => reject(lastError ?? new Error(`Redis not ready after ${timeoutMs} ms`)), timeoutMs);
      onReady = resolve;
      client.once('ready', onReady);
      if (client.status === 'wait') client.connect().catch(() => undefined);
    });
  } finally {
    clearTimeout(timer);
    client.off('error', onError);
    client.off('ready', onReady);
  }
}

/** Redis refused the user name or password the client was configured with (or asked for one it was not given). */
export class RedisCredentialsError extends Error {
  constructor(answer: string) {
    super(answer);
    this.name = 'RedisCredentialsError';
  }
}

function isCredentialRefusal(err: Error): boolean {
  return /^(WRONGPASS|NOAUTH|NOPERM)\b|^ERR (invalid password|AUTH <password> called without any password configured)/.test(err.message);
}

/**
 * QUIT once Redis answers; drop the connection at once when it does not. A client that queues
 * commands while Redis is away would hold a QUIT until Redis came back, and one that queues nothing
 * refuses it: either way the shutdown would wait, or the client would go on reconnecting.
 */
export async function closeRedis(client: RedisClient): Promise<void> {
  if (client.status !== 'ready') return client.disconnect();
  await client.quit().catch(() => client.disconnect());
}
