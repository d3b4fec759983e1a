import { Writable } from 'node:stream';
import pino from 'pino';
import type { Logger } from '../../src/infra/logger';

/** A real pino logger whose lines are kept for assertions. */
export function capturingLogger(level = 'info'): { log: Logger; lines: () => Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n')) if (line.trim() !== '') lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { log: pino({ level }, stream), lines: () => lines };
}
