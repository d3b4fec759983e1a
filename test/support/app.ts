import request from 'supertest';
import type { RequestListener } from 'node:http';
import { buildApp } from '../../src/app';
import { frontDoor } from '../../src/http/front-door';
import { loadConfig } from '../../src/config';
import { createDeps, type Deps } from '../../src/deps';
import { createLogger } from '../../src/infra/logger';
import { connectRedis, createRedis } from '../../src/infra/redis';
import { FIXTURE_MENUS_DIR } from './fixture-menus';
import { tempMenusDir } from './menus-dir';
import { testRedisUrl, uniqueId } from './redis';

export interface TestApp {
  /** What the server listens with in production: the front door, then the Express app. */
  app: RequestListener;
  deps: Deps;
  close(): Promise<void>;
}

/** The real app (real Redis, the fixture menus unless `MENUS_DIR` says otherwise) as `npm start` builds it, minus the listening socket. */
export async function startTestApp(
  env: Record<string, string> = {},
  logTo?: { write(line: string): void },
  extras: Parameters<typeof createDeps>[3] = {},
): Promise<TestApp> {
  const config = loadConfig({ REDIS_URL: testRedisUrl(), MENUS_DIR: FIXTURE_MENUS_DIR, LOG_LEVEL: 'silent', QUEUE_PREFIX: `{${uniqueId('q')}}`, ...env });
  const log = createLogger(config.LOG_LEVEL, {}, logTo);
  const redis = createRedis(config, 'web');
  redis.on('error', () => undefined);
  await connectRedis(redis, 3000);
  // An app that fails to start must not leave its client open: jest would hang instead of failing.
  const deps = await createDeps(config, log, redis, extras).catch((err: unknown) => {
    redis.disconnect();
    throw err;
  });
  return {
    app: frontDoor(buildApp(deps.app), deps.app),
    deps,
    close: async () => {
      // The queues live under this app's own prefix: remove them with everything in them.
      await Promise.all(Object.values(deps.effects.queues.byName).map((q) => q.obliterate({ force: true })));
      await deps.shadow?.idle();
      await deps.effects.close();
      await deps.sources.close();
      await deps.migration?.close();
      deps.catalog.close();
      deps.clock.stop();
      if (redis.status === 'end') return;
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/** A learner on Africa's Talking: `hop('1*2')` posts the chain and returns the reply body. */
export function atCaller(app: RequestListener, opts: { sessionId?: string; phoneNumber?: string; serviceCode?: string; networkCode?: string } = {}) {
  const sessionId = opts.sessionId ?? uniqueId('ATUid');
  const phoneNumber = opts.phoneNumber ?? `+2547${Math.floor(10_000_000 + Math.random() * 89_999_999)}`;
  const serviceCode = opts.serviceCode ?? '*384#';
  const post = (text: string) =>
    request(app).post('/ussd/africastalking').type('form').send({ sessionId, serviceCode, phoneNumber, networkCode: opts.networkCode ?? '63902', text });
  return {
    sessionId,
    phoneNumber,
    post,
    async hop(text: string): Promise<string> {
      const res = await post(text);
      if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${res.text}`);
      return res.text;
    },
    end: (status = 'Success') =>
      request(app).post('/ussd/africastalking/events').type('form').send({ sessionId, serviceCode, phoneNumber, status, date: '2026-11-22 10:00:00' }),
  };
}

/**
 * For a `describe`: a test app on a MENUS_DIR of its own holding `files`, started before its
 * tests and stopped (the directory removed) after them. `app` and `deps` read the running app's.
 */
export function appOnMenusDir(files: Record<string, string>, env: Record<string, string> = {}, logTo?: { write(line: string): void }) {
  const menus = tempMenusDir();
  let t: TestApp | undefined;
  const running = () => {
    if (!t) throw new Error('the app starts in beforeAll');
    return t;
  };
  beforeAll(async () => {
    for (const [file, source] of Object.entries(files)) menus.write(file, source);
    t = await startTestApp({ MENUS_DIR: menus.dir, ...env }, logTo);
  });
  afterAll(async () => {
    await t?.close();
    menus.remove();
  });
  return {
    menus,
    get app(): RequestListener {
      return running().app;
    },
    get deps(): Deps {
      return running().deps;
    },
  };
}
