import { loadConfig } from '../../src/config';
import { redisTarget } from '../../src/infra/redis';

describe('which Redis the service talks to', () => {
  it('when REDIS_CLUSTER_NODES is unset, then it is the one server at REDIS_URL', () => {
    expect(redisTarget(loadConfig({ REDIS_URL: 'redis://redis:6379' }))).toEqual({ kind: 'single', url: 'redis://redis:6379' });
  });

  it('when REDIS_CLUSTER_NODES lists host:port pairs, then it is a Cluster seeded from them', () => {
    expect(redisTarget(loadConfig({ REDIS_CLUSTER_NODES: '10.0.0.1:7000,redis-1.redis:7001' }))).toEqual({
      kind: 'cluster',
      nodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: 'redis-1.redis', port: 7001 },
      ],
      auth: {},
    });
  });

  it('when the cluster nodes are rediss:// URLs with credentials, then every node gets those credentials and TLS', () => {
    expect(redisTarget(loadConfig({ REDIS_CLUSTER_NODES: 'rediss://app:s%40cret@a:6380,rediss://b:6380' }))).toEqual({
      kind: 'cluster',
      nodes: [
        { host: 'a', port: 6380 },
        { host: 'b', port: 6380 },
      ],
      auth: { username: 'app', password: 's@cret', tls: {} },
    });
  });

  it('when REDIS_CLUSTER_NODES is malformed, then start-up names the variable and the expected shape', () => {
    expect(() => loadConfig({ REDIS_CLUSTER_NODES: 'redis-0 redis-1' })).toThrow(
      'Invalid configuration: REDIS_CLUSTER_NODES="redis-0 redis-1": expected host:port[,host:port…] (or redis[s]://[user:pass@]host:port entries)',
    );
  });
});
