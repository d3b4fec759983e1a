import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import { FIXTURE_MENUS_DIR } from '../support/fixture-menus';
import { testRedisUrl, uniqueId } from '../support/redis';
import { spawnService } from '../support/spawn-service';

jest.setTimeout(60_000);

/** Whether anything accepts a TCP connection on 127.0.0.1:port. */
function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** True while any process of the group `pgid` is alive. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('npm start as a process tree', () => {
  it('when npm alone gets one SIGTERM, then the service drains and the whole tree exits: nothing keeps serving the port', async () => {
    const svc = await spawnService({ QUEUE_PREFIX: `{${uniqueId('q')}}` });
    const port = Number(new URL(svc.url).port);
    expect(await answers(port)).toBe(true);
    const pid = svc.child.pid as number;
    const exited = new Promise<number | null>((resolve) => svc.child.once('exit', (code) => resolve(code)));
    process.kill(pid, 'SIGTERM'); // npm only, not its group: npm must pass it on
    expect(await exited).toBe(0);
    expect(svc.lines.some((l) => l.includes('"msg":"stopped"'))).toBe(true);
    expect([await answers(port), groupAlive(pid)]).toEqual([false, false]);
  });

  it('when the port is taken, then a second npm start says so in one line and exits 1, and the listening log names the address bound', async () => {
    const first = await spawnService({ QUEUE_PREFIX: `{${uniqueId('q')}}`, HOST: '127.0.0.1' });
    try {
      const port = new URL(first.url).port;
      expect(first.lines.find((l) => l.includes('"listening on'))).toContain(`"address":"http://127.0.0.1:${port}","msg":"listening on http://127.0.0.1:${port}"`);
      const second = await new Promise<{ code: number; stderr: string }>((resolve) =>
        execFile('npm', ['start', '--silent'], { env: { ...process.env, PORT: port, HOST: '127.0.0.1', REDIS_URL: testRedisUrl(), MENUS_DIR: FIXTURE_MENUS_DIR, LOG_LEVEL: 'silent' } }, (err, _out, stderr) =>
          resolve({ code: err ? Number(err.code) : 0, stderr }),
        ),
      );
      expect(second).toEqual({ code: 1, stderr: `Cannot listen on 127.0.0.1 port ${port}: the port is in use (another \`npm start\`?). Stop that process or set PORT.\n` });
    } finally {
      await first.stop();
    }
  });

  it('when HOST and SESSION_SECRET_KEY are unset, then it listens on every interface and its log says so, and one warning says the session key is a throwaway', async () => {
    // Set but empty counts as unset (as a Kubernetes Secret with no value would).
    const svc = await spawnService({ QUEUE_PREFIX: `{${uniqueId('q')}}`, SESSION_SECRET_KEY: '' });
    try {
      const port = new URL(svc.url).port;
      expect(svc.lines.find((l) => l.includes('"listening on'))).toContain(`"msg":"listening on http://[::]:${port} (every interface; HOST=127.0.0.1 for this machine only)"`);
      expect(svc.lines.filter((l) => l.includes('"level":40') && l.includes('SESSION_SECRET_KEY is not set: sensitive inputs are sealed with a throwaway key'))).toHaveLength(1);
    } finally {
      await svc.stop();
    }
  });
});
