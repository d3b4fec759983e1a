import { context, SpanKind, SpanStatusCode, type Span, type Tracer } from '@opentelemetry/api';
import { tracingChannel } from 'node:diagnostics_channel';

/** What ioredis 6 publishes on the `ioredis:command` tracing channel for every command. */
interface CommandMessage {
  command: string;
  serverAddress: string;
  serverPort: number | undefined;
  error?: unknown;
  [SPAN]?: Span;
}

const SPAN = Symbol('span');

/**
 * One client span per Redis command, child of whatever span is active where the command was
 * sent (the callback's). Command arguments are left out: they hold session records and phone
 * numbers. ioredis builds the message only while someone subscribes, so without tracing this
 * costs nothing. Returns the unsubscribe function.
 */
export function traceRedisCommands(tracer: Tracer): () => void {
  const channel = tracingChannel<unknown, CommandMessage>('ioredis:command');
  const handlers = {
    start(m: CommandMessage) {
      m[SPAN] = tracer.startSpan(
        `redis ${m.command.toUpperCase()}`,
        {
          kind: SpanKind.CLIENT,
          attributes: { 'db.system.name': 'redis', 'db.operation.name': m.command.toUpperCase(), 'server.address': m.serverAddress, ...(m.serverPort ? { 'server.port': m.serverPort } : {}) },
        },
        context.active(),
      );
    },
    error(m: CommandMessage) {
      m[SPAN]?.setStatus({ code: SpanStatusCode.ERROR, message: m.error instanceof Error ? m.error.message : String(m.error) });
    },
    asyncEnd(m: CommandMessage) {
      m[SPAN]?.end();
    },
    end() {},
    asyncStart() {},
  };
  channel.subscribe(handlers);
  return () => channel.unsubscribe(handlers);
}
