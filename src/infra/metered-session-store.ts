import type { SessionRecord } from '../session/record.js';
import { LateWriteError, type Conflict, type SessionStore } from '../session/session-store.js';
import type { LiveSessions } from './live-sessions.js';
import { SessionStoreWrapper } from './session-store-wrapper.js';

/**
 * Keeps the live-sessions gauge beside the store, so the use case's result carries no metrics:
 * every stored live record counts +1 at its `at`, every live record a write replaces or removes
 * counts -1 at its own `at` (a dropped record already left the count when it was dropped).
 */
export class MeteredSessionStore extends SessionStoreWrapper {
  constructor(
    inner: SessionStore,
    private readonly live: LiveSessions,
  ) {
    super(inner);
  }

  override save(...args: Parameters<SessionStore['save']>): Promise<true | Conflict> {
    const [, record, expected, , options] = args;
    return this.inner.save(...args).then((saved) => {
      if (saved !== true) return saved;
      if (counted(expected)) this.live.add(expected.at, -1);
      if (counted(record)) this.live.add(record.at, 1);
      for (const side of options?.sides ?? []) if (side.kind === 'remove' && counted(side.record)) this.live.add(side.record.at, -1);
      return saved;
    }, (err: unknown) => {
      // A late write stored what the caller was told (an END) in place of the expected record.
      if (err instanceof LateWriteError && err.toldStored && counted(expected)) this.live.add(expected.at, -1);
      throw err;
    });
  }

  override async remove(key: string, record: SessionRecord): Promise<void> {
    await this.inner.remove(key, record);
    if (counted(record)) this.live.add(record.at, -1);
  }
}

function counted(record: SessionRecord | undefined): record is SessionRecord & { ended: false; at: number } {
  return record !== undefined && !record.ended && !record.dropped;
}
