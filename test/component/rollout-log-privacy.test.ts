import request from 'supertest';
import { startLegacySandbox, type LegacySandbox } from '../../src/sandbox/legacy-sandbox';
import { startTestApp, type TestApp } from '../support/app';
import { uniqueId } from '../support/redis';

/* Rollout changes are logged for audit; the callers' numbers in an allow list are not (spec: "Logs never hold a full phone number"). */

const TOKEN = 'rollout-privacy-token-0123456789';
const ALLOW = Array.from({ length: 500 }, (_, i) => `+25479${String(1_000_000 + i)}`);

let legacy: LegacySandbox;
let t: TestApp;
const logLines: string[] = [];
beforeAll(async () => {
  legacy = await startLegacySandbox();
  t = await startTestApp(
    { MENUS_DIR: 'test/fixtures/legacy-menus', LEGACY_AFRICASTALKING_URL: legacy.url, ADMIN_TOKEN: TOKEN, KEY_PREFIX: uniqueId('rlp'), LOG_LEVEL: 'info' },
    { write: (line) => void logLines.push(line) },
  );
});
afterAll(async () => {
  await t.close();
  await legacy.close();
});

const admin = (req: request.Test) => req.set('authorization', `Bearer ${TOKEN}`);

describe('the log of a rollout change', () => {
  it('when an allow list of 500 numbers is set and then cleared, then each log line names the change with the numbers masked and counted, and stays under 2 KB', async () => {
    const set = await admin(request(t.app).put('/admin/menus/quiz/rollout')).send({ share: 10, allow: ALLOW });
    expect(set.status).toBe(200);
    expect(set.body.allow).toEqual(ALLOW);
    expect((await admin(request(t.app).delete('/admin/menus/quiz/rollout'))).status).toBe(200);

    const lines = logLines.filter((l) => l.includes('rollout override'));
    expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(['rollout override set', 'rollout override removed']);
    const [setLine, clearedLine] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(setLine).toMatchObject({ menu: 'quiz', change: { share: 10, allow: { count: 500, first: ['2547****0000', '2547****0001', '2547****0002'] } }, rollout: { share: 10, allow: { count: 500 }, from: 'override' } });
    // The file's own allow list (+254700000001) is masked too.
    expect(clearedLine).toMatchObject({ menu: 'quiz', change: 'cleared', rollout: { share: 50, allow: { count: 1, first: ['2547****0001'] }, from: 'file' } });
    for (const line of lines) {
      expect(line.length).toBeLessThan(2048);
      expect(line).not.toMatch(/\d{9}/);
    }
  });
});
