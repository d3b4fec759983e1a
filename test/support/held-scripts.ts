import type { Redis } from 'ioredis';
import type { TestApp } from './app';

export interface HeldScripts {
  /** Scripts (compare-and-sets) the app has asked to send since the hold began. */
  held(): number;
  /** Sends the held scripts, in the order they were asked for, and stops holding. */
  release(): void;
}

/**
 * The app's web client keeps every script it is asked to send (the hops' compare-and-sets) until
 * `release()`, while its reads go to Redis at once: two requests on one session both read it
 * before either writes, in an order the test chooses. A hold on the client, not on Redis (a
 * `CLIENT PAUSE WRITE` would hold the reads queued behind a write on the same connection too).
 */
export function holdScripts(t: TestApp): HeldScripts {
  const redis = t.deps.redis as Redis;
  const send = redis.sendCommand.bind(redis);
  const held: Parameters<Redis['sendCommand']>[] = [];
  let holding = true;
  redis.sendCommand = (command, stream) => {
    if (holding && /^eval/i.test(command.name)) {
      held.push([command, stream]);
      return command.promise;
    }
    return send(command, stream);
  };
  return {
    held: () => held.length,
    release() {
      if (!holding) return;
      holding = false;
      redis.sendCommand = send;
      for (const args of held.splice(0)) void send(...args);
    },
  };
}
