import { spawn } from 'node:child_process';
import { redisAnswers } from '../../src/infra/local-redis';
import { eventually } from '../support/eventually';
import { freePort } from '../support/own-redis';

describe('the throwaway redis-server', () => {
  it('when the process that started it exits with an error, then the redis-server stops too and frees its port', async () => {
    const port = await freePort();
    // As main.ts does on a fatal start-up error: start it, then process.exit(1).
    // (tsx hands a CommonJS module to an ESM import as its default export.)
    const script = `import local from './src/infra/local-redis.ts'; await local.startLocalRedis(${port}); process.stdout.write('up\\n'); process.exit(1);`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let said = '';
    child.stdout.on('data', (d: Buffer) => (said += d.toString()));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect([code, said]).toEqual([1, 'up\n']);
    await eventually(async () => !(await redisAnswers(`redis://127.0.0.1:${port}`, 200)), 'the redis-server to stop');
  }, 30_000);
});
