import { Command } from 'ioredis';
import { setTimeoutAfterIo } from './timer-after-io.js';

/** The parts of ioredis's `Command` its own `setTimeout` uses (`_commandTimeoutTimer` is private). */
interface TimedCommand {
  _commandTimeoutTimer?: NodeJS.Timeout;
  isSettled: boolean;
  reject(err: Error): void;
}

let installed = false;

/**
 * ioredis's `commandTimeout`, with its verdict given after the replies already received are read
 * (`setTimeoutAfterIo`). Otherwise the same as ioredis 6.0's own `Command#setTimeout`: one timer
 * per command, cleared by ioredis when the command settles, the same "Command timed out" error.
 * A process stalled past the timeout then sees the replies Redis sent in time instead of timing
 * every command in flight out (test/component/process-stall.test.ts).
 */
export function readRepliesBeforeTimingOut(): void {
  if (installed) return;
  installed = true;
  Command.prototype.setTimeout = function armTimeout(this: Command, ms: number): void {
    const command = this as unknown as TimedCommand;
    command._commandTimeoutTimer ??= setTimeoutAfterIo(() => {
      if (!command.isSettled) command.reject(new Error('Command timed out'));
    }, ms);
  };
}
