import type { Redis } from 'ioredis';
import type { TestApp } from './app';

/**
 * Sends `hop` while Redis (a server of the test's own, `admin` on it, started with
 * `--enable-debug-command local`) sleeps `seconds`; resolves with the reply and, once Redis woke
 * and ran the writes the hop had sent, what `key` holds (parsed).
 */
export async function hopDuringStall(t: TestApp, admin: Redis, seconds: string, key: string, hop: () => Promise<string>): Promise<{ reply: string; stored: unknown }> {
  const stalled = admin.call('DEBUG', 'SLEEP', seconds);
  // A sleeping Redis answers nothing that could confirm it is asleep: give the command time to arrive.
  await new Promise((resolve) => setTimeout(resolve, 100));
  const reply = await hop();
  await stalled;
  // The app's own connection: answered only after the hop's writes, which it sent first, have run.
  const raw = await (t.deps.redis as Redis).get(key);
  return { reply, stored: JSON.parse(raw ?? 'null') };
}
