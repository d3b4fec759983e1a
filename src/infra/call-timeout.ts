import { EventEmitter } from 'node:events';
import { setTimeoutAfterIo } from './timer-after-io.js';

/** What undici takes as a `signal`: an emitter of `abort`, whose `reason` the call rejects with. */
export type CallSignal = EventEmitter & { reason?: Error };

/**
 * Runs one outgoing call under a total timeout: `run` gets a signal that aborts after `ms` with the
 * error `onTimeout` makes, and the timer is cleared the moment the call settles. The timer reads
 * the replies already received before it fires (`timer-after-io.ts`).
 *
 * Why not `AbortSignal.timeout`: its EventTarget costs more CPU than the rest of a short call, and
 * it lives, with the request it would abort, until it fires, seconds after the call ended, so
 * under load every call's objects outlive the young generation. Why not undici's
 * `headersTimeout`/`bodyTimeout`: coarse timers that may fire well past the hop's deadline.
 */
export async function withCallTimeout<T>(ms: number, onTimeout: () => Error, run: (signal: CallSignal) => Promise<T>): Promise<T> {
  const signal: CallSignal = new EventEmitter();
  let settled = false;
  // After a stall, an answer already in the socket is read before the call is given up on.
  const timer = setTimeoutAfterIo(() => {
    if (settled) return;
    signal.reason = onTimeout();
    signal.emit('abort');
  }, ms);
  try {
    return await run(signal);
  } finally {
    settled = true;
    clearTimeout(timer);
  }
}
