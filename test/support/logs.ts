import pino from 'pino';
import { Writable } from 'node:stream';
import type { Logger } from '../../src/infra/logger';

/** A real pino logger whose JSON lines are kept for assertions. */
export function capturingLogger(): { log: Logger; lines: () => Array<Record<string, unknown>>; messages: () => string[] } {
  const kept: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n')) if (line) kept.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const log = pino({ level: 'info' }, sink);
  return { log, lines: () => kept, messages: () => kept.map((l) => String(l.msg)) };
}
