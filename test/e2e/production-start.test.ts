import { spawn } from 'node:child_process';
import { testRedisUrl } from '../support/redis';

/** Runs src/main.ts as the image does (node itself), with only `env`; resolves with its exit and its output. */
function run(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', REDIS_URL: testRedisUrl(), LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

const SOURCE_MENUS = 'test/fixtures/menus-sources';
const KEY = 'a-session-secret-key-of-44-characters-000000';
const NO_KEY = 'NODE_ENV=production needs SESSION_SECRET_KEY (sensitive inputs are sealed with it; no throwaway key in production)';

describe('a worker started with NODE_ENV=production', () => {
  it.each([
    ['worker', 'BILLING_URL, SMS_URL', ''],
    ['all', 'BILLING_URL, SMS_URL, SOURCE_BANK_URL, SOURCE_DOWN_URL', `; ${NO_KEY}`],
  ])('when ROLE=%s has no BILLING_URL and no SMS_URL (nor the sources the menus name, nor the session key), then it exits 1 with one line naming them, before touching anything', async (role, names, key) => {
    // Fixture menus with sources, not menus/: an author's new menu with a source of its own must not change this line.
    const { code, stdout, stderr } = await run({ NODE_ENV: 'production', ROLE: role, MENUS_DIR: SOURCE_MENUS, SOURCE_BANK_TOKEN: 'set' });
    expect({ code, stdout, stderr }).toEqual({
      code: 1,
      stdout: '',
      stderr: `Invalid configuration: NODE_ENV=production needs ${names} (no sandbox stands in for a provider in production)${key}\n`,
    });
  }, 30_000);

  it('when only SMS_URL is missing, then the line names SMS_URL alone', async () => {
    const { code, stderr } = await run({ NODE_ENV: 'production', ROLE: 'worker', BILLING_URL: 'https://billing.example.com' });
    expect([code, stderr]).toEqual([1, 'Invalid configuration: NODE_ENV=production needs SMS_URL (no sandbox stands in for a provider in production)\n']);
  }, 30_000);
});

describe('a web replica started with NODE_ENV=production', () => {
  it('when its menus name SOURCE_* settings that are unset, then it exits 1 naming each (no sandbox stands in)', async () => {
    const { code, stderr } = await run({ NODE_ENV: 'production', ROLE: 'web', MENUS_DIR: SOURCE_MENUS, SOURCE_BANK_TOKEN: 'set', SESSION_SECRET_KEY: KEY });
    expect([code, stderr]).toEqual([1, 'Invalid configuration: NODE_ENV=production needs SOURCE_BANK_URL, SOURCE_DOWN_URL (no sandbox stands in for a provider in production)\n']);
  }, 30_000);

  it('when SESSION_SECRET_KEY is unset, then it exits 1 naming it (no throwaway key in production), before touching anything', async () => {
    const { code, stdout, stderr } = await run({ NODE_ENV: 'production', ROLE: 'web', MENUS_DIR: 'test/fixtures/menus' });
    expect({ code, stdout, stderr }).toEqual({ code: 1, stdout: '', stderr: `Invalid configuration: ${NO_KEY}\n` });
  }, 30_000);
});
