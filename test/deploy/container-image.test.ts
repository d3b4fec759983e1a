import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'yaml';
import { loadConfig, requireInProduction } from '../../src/config';
import { PROVIDER_URL_VARIABLES } from '../../src/sandbox/local-providers';
import { execForm, inBuildContext, parseDockerfile, type Stage } from '../support/dockerfile';

/*
 * No Docker engine runs here, so the image is never built in the tests. These checks read the
 * Dockerfile, .dockerignore and docker-compose.yml as files; `.ci/image-smoke.sh` replays the
 * stages in temporary directories and runs the image's CMD and HEALTHCHECK.
 */
const docker = parseDockerfile('Dockerfile');
const runtime = docker.stages.at(-1) as Stage;
const ops = (stage: Stage, op: string) => stage.instructions.filter((i) => i.op === op);
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { main: string; engines: { node: string } };

describe('the Dockerfile', () => {
  it('when its stages are read, then every one starts from the same exact Node release on Debian slim, of the major the service runs on', () => {
    expect(docker.args.NODE_IMAGE).toMatch(/^node:(\d+)\.\d+\.\d+-bookworm-slim$/);
    const major = /^node:(\d+)\./.exec(docker.args.NODE_IMAGE ?? '')?.[1];
    expect(`>=${major}`).toBe(pkg.engines.node);
    expect(docker.stages.map((s) => [s.name, s.from])).toEqual([
      ['build', docker.args.NODE_IMAGE],
      ['prod-deps', docker.args.NODE_IMAGE],
      ['runtime', docker.args.NODE_IMAGE],
    ]);
  });

  it('when the runtime stage is read, then it holds production dependencies only, the compiled code and the menus', () => {
    const prodDeps = docker.stages.find((s) => s.name === 'prod-deps') as Stage;
    expect(ops(prodDeps, 'RUN').map((r) => r.args)).toEqual([expect.stringMatching(/^npm ci --omit=dev /)]);
    expect(ops(runtime, 'RUN')).toEqual([]);
    expect(ops(runtime, 'COPY').map((c) => c.args)).toEqual([
      '--from=prod-deps /app/node_modules ./node_modules',
      '--from=build /app/dist/src ./dist/src',
      'package.json ./',
      'menus ./menus',
    ]);
  });

  it('when the container starts, then node itself is PID 1 running the compiled entry point, as a non-root user', () => {
    expect(ops(runtime, 'CMD').map((c) => execForm(c.args))).toEqual([['node', pkg.main]]);
    expect(pkg.main).toBe('dist/src/main.js'); // tsc -p tsconfig.build.json: rootDir "." + outDir "dist" + src/main.ts
    const user = ops(runtime, 'USER').at(-1)?.args ?? '';
    expect(user).toMatch(/^[1-9]\d*:[1-9]\d*$/); // numeric, so Kubernetes' runAsNonRoot can verify it
    expect(ops(runtime, 'ENTRYPOINT')).toEqual([]);
  });

  it('when the container starts, then it runs as production: no sandbox stands in for a provider, the simulator is off', () => {
    expect(ops(runtime, 'ENV').map((e) => e.args).join(' ')).toMatch(/(^| )NODE_ENV=production( |$)/);
  });

  it('when Docker checks the container, then the HEALTHCHECK asks /healthz on the configured port without a shell', () => {
    const [check] = ops(runtime, 'HEALTHCHECK');
    expect(check?.args).toMatch(/^--interval=\d+s --timeout=\d+s --start-period=\d+s --retries=\d+ CMD \[/);
    const cmd = execForm(check?.args ?? '');
    expect(cmd?.slice(0, 2)).toEqual(['node', '-e']);
    expect(cmd?.[2]).toContain("'/healthz'");
    expect(ops(runtime, 'EXPOSE').map((e) => e.args)).toEqual(['3000']);
  });

  it.each([
    ['HOST unset (every interface)', '127.0.0.1', undefined],
    ['HOST set to one address', '127.0.0.2', '127.0.0.2'],
  ])('when the service listens with %s, then the HEALTHCHECK reaches it there', async (_case, address, host) => {
    const server = createServer((req, res) => void res.writeHead(req.url === '/healthz' ? 200 : 404).end());
    await new Promise<void>((resolve) => server.listen(0, address, resolve));
    const port = (server.address() as AddressInfo).port;
    const [node, ...args] = execForm(ops(runtime, 'HEALTHCHECK')[0]?.args ?? '') ?? [];
    const env = { PATH: process.env.PATH, PORT: String(port), ...(host ? { HOST: host } : {}) };
    const code = await new Promise<number | null>((resolve) => execFile(node as string, args, { env }, (err) => resolve(err ? (err.code as number) : 0)));
    server.close();
    expect(code).toBe(0);
  });

  it('when the build context is sent, then every file the Dockerfile copies exists and .dockerignore lets it in, and nothing else', () => {
    const ignore = readFileSync('.dockerignore', 'utf8');
    const sources = docker.stages
      .flatMap((s) => ops(s, 'COPY'))
      .filter((c) => !c.args.startsWith('--from='))
      .flatMap((c) => c.args.split(/\s+/).slice(0, -1));
    expect([...new Set(sources)].sort()).toEqual(['bench', 'menus', 'package-lock.json', 'package.json', 'src', 'tsconfig.build.json', 'tsconfig.json']);
    for (const s of sources) expect([s, existsSync(s), inBuildContext(ignore, s)]).toEqual([s, true, true]);
    // `npm run build` compiles what tsconfig.build.json includes: all of it must be copied into the build stage.
    const build = JSON.parse(readFileSync('tsconfig.build.json', 'utf8')) as { include: string[] };
    for (const path of build.include) expect([path, sources.some((s) => path === s || path.startsWith(`${s}/`))]).toEqual([path, true]);
    for (const other of ['node_modules', 'dist', '.git', 'test', 'k8s', '.env', 'README.md', 'scripts']) expect([other, inBuildContext(ignore, other)]).toEqual([other, false]);
  });
});

describe('docker-compose.yml', () => {
  interface Service {
    image?: string;
    build?: string;
    command?: string[];
    environment?: Record<string, string>;
    ports?: string[];
    read_only?: boolean;
    cap_drop?: string[];
    stop_grace_period?: string;
    depends_on?: Record<string, { condition: string }>;
    healthcheck?: { test: string[] };
  }
  const compose = parse(readFileSync('docker-compose.yml', 'utf8'), { merge: true }) as { services: Record<string, Service> };
  const { redis, web, worker } = compose.services as Record<'redis' | 'web' | 'worker', Service>;

  it('when the stack is read, then it has Redis, web and worker, and nothing else', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['redis', 'web', 'worker']);
  });

  it('when Redis starts, then it keeps an append-only file and refuses writes rather than evicting when full', () => {
    const args = (redis.command ?? []).join(' ');
    expect(args).toContain('--appendonly yes');
    expect(args).toContain('--maxmemory-policy noeviction');
    expect(redis.image).toMatch(/^redis:\d+\.\d+\.\d+-bookworm$/);
    expect(redis.healthcheck?.test).toEqual(['CMD', 'redis-cli', 'ping']);
  });

  it('when web and worker start, then they run the same image in their roles against that Redis, locked down, with time to drain', () => {
    for (const [svc, role] of [
      [web, 'web'],
      [worker, 'worker'],
    ] as const) {
      expect(svc).toMatchObject({ build: '.', image: 'ussd-engine:local', read_only: true, cap_drop: ['ALL'], depends_on: { redis: { condition: 'service_healthy' } } });
      expect(svc.environment).toMatchObject({ ROLE: role, REDIS_URL: 'redis://redis:6379' });
      expect(Number(/^(\d+)s$/.exec(svc.stop_grace_period ?? '')?.[1]) * 1000).toBeGreaterThan(10_000); // SHUTDOWN_TIMEOUT_MS default
    }
    expect(web.ports).toEqual([`${web.environment?.PORT}:${web.environment?.PORT}`]);
    expect(worker.ports).toBeUndefined();
  });

  it('when the local stack starts its worker without providers, then it is not production (the image is): the worker may use its sandboxes', () => {
    const env = worker.environment ?? {};
    expect(() => requireInProduction(loadConfig(env), PROVIDER_URL_VARIABLES, env)).not.toThrow();
    expect(() => requireInProduction(loadConfig({ ...env, NODE_ENV: 'production' }), PROVIDER_URL_VARIABLES, { ...env, NODE_ENV: 'production' })).toThrow(/BILLING_URL, SMS_URL/);
  });
});
