import { spawn } from 'node:child_process';
import { freePort, ownRedis, type OwnRedis } from '../support/own-redis';

/** Runs src/main.ts as the image does (node itself), with only `env`; resolves with its exit and its output. */
function run(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

/** What the process said besides its JSON log lines (stdout and stderr interleave in any order). */
function saidBesidesLogs(output: string): string[] {
  return output.split('\n').filter((line) => line !== '' && !line.startsWith('{'));
}

describe('start-up errors: one line naming the setting, never a secret', () => {
  it('when REDIS_URL carries a password and no Redis answers there, then the line names the address with the password masked', async () => {
    const port = await freePort();
    const { code, output } = await run({ REDIS_URL: `redis://app:pa55-w0rd-secret@127.0.0.1:${port}` });
    expect(code).toBe(1);
    expect(output).toBe(`No Redis answers at redis://app:***@127.0.0.1:${port}. Start one (\`redis-server\`; on Debian/Ubuntu \`apt-get install redis-server\`) or set REDIS_URL.\n`);
  }, 30_000);

  describe('against a Redis that requires a password', () => {
    let redis: OwnRedis;
    beforeAll(async () => {
      redis = await ownRedis(['--requirepass', 'the-right-pa55word']);
    });
    afterAll(() => redis.stop());

    it('when REDIS_URL has the wrong password, then one line names REDIS_URL with the password masked and what Redis answered', async () => {
      const { code, output } = await run({ REDIS_URL: `redis://app:wr0ng-pa55word@127.0.0.1:${redis.port}` });
      expect(code).toBe(1);
      expect(output).toBe(`Redis at redis://app:***@127.0.0.1:${redis.port} refused the credentials in REDIS_URL (WRONGPASS invalid username-password pair or user is disabled): check its user name and password.\n`);
    }, 30_000);

    it('when REDIS_URL has no password, then one line says Redis asks for one and where to give it', async () => {
      const { code, output } = await run({ REDIS_URL: `redis://127.0.0.1:${redis.port}` });
      expect(code).toBe(1);
      expect(output).toBe(`Redis at redis://127.0.0.1:${redis.port} asks for a password (NOAUTH): give it in REDIS_URL (redis://:<password>@host:port).\n`);
    }, 30_000);
  });

  it('when REDIS_CLUSTER_NODES names a Redis that is not a Cluster, then one line says what it answered and which setting to check', async () => {
    const redis = await ownRedis();
    try {
      const { code, output } = await run({ REDIS_CLUSTER_NODES: `127.0.0.1:${redis.port}` });
      expect(code).toBe(1);
      expect(output).toBe(`Redis at 127.0.0.1:${redis.port} did not become ready: Failed to refresh slots cache (ERR This instance has cluster support disabled). Check REDIS_CLUSTER_NODES.\n`);
    } finally {
      await redis.stop();
    }
  }, 30_000);

  it('when MENUS_DIR does not exist, then one line names it, without a stack', async () => {
    const redis = await ownRedis();
    try {
      const { code, output } = await run({ REDIS_URL: redis.url, MENUS_DIR: '/nonexistent/menus' });
      expect(code).toBe(1);
      expect(saidBesidesLogs(output)).toEqual(['Invalid configuration: MENUS_DIR=/nonexistent/menus: no such directory']);
    } finally {
      await redis.stop();
    }
  }, 30_000);

  it('when ADMIN_TOKEN is too short and a gateway secret is set but empty, then one line names both and shows neither', async () => {
    const { code, output } = await run({ ADMIN_TOKEN: 'short-admin-pw', GATEWAY_HUBTEL_SECRET: '' });
    expect({ code, output }).toEqual({
      code: 1,
      output:
        'Invalid configuration: ADMIN_TOKEN=(hidden): use at least 16 characters; GATEWAY_HUBTEL_SECRET is set but empty: unset it to leave the gateway unprotected, or give it a value\n',
    });
  }, 30_000);
});
