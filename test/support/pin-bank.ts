import { startSourceStub, type SourceStub } from './source-stub';

/** The bank the `test/fixtures/sensitive` menu calls: every PIN is strong, every change gets ref PX7. */
export async function startPinBank(): Promise<SourceStub> {
  const stub = await startSourceStub();
  stub.route('/pin-strength', (_req, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end('{"strong":true}'));
  stub.route('/pins', (_req, res) => void res.writeHead(201, { 'content-type': 'application/json' }).end('{"ref":"PX7"}'));
  return stub;
}

/** The settings of an app serving `test/fixtures/sensitive` on `redisUrl` against the pin bank `stub`, with `more` on top. */
export function pinBankAppEnv(redisUrl: string, stub: SourceStub, more: Record<string, string> = {}): Record<string, string> {
  return { REDIS_URL: redisUrl, MENUS_DIR: 'test/fixtures/sensitive', SOURCE_BANK_URL: stub.url, ...more };
}
