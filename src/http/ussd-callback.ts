import type { IncomingHttpHeaders } from 'node:http';
import type { GatewayCodec, HttpReply, RawRequest } from '../gateways/codec.js';
import type { Reply } from '../gateways/turn.js';
import type { Logger } from '../infra/logger.js';
import type { Metrics } from '../infra/metrics.js';
import { septetLength, toGsm7, truncateSeptets } from '../menu/gsm7.js';
import type { MenuRegistry } from '../menu/registry.js';
import { handleTurn, textOf, type TurnDeps, type TurnResult } from '../session/handle-turn.js';
import { StoreUnavailableError } from '../session/session-store.js';
import { outcomeOf, recordCallback } from './callback-metrics.js';
import { problem } from './problem.js';

export interface CallbackDeps extends TurnDeps {
  log: Logger;
  menus: MenuRegistry;
  deadlineMs: number;
  /** Runs after the reply is on its way (the effects outbox hands work to the queues here). */
  afterReply?: (result: TurnResult) => void;
  /** Prometheus metrics; absent in tests that do not look at them. */
  metrics?: Metrics;
  /** OpenTelemetry, only when OTEL_EXPORTER_OTLP_ENDPOINT is set (`src/infra/tracing.ts`). */
  traceCallback?: CallbackTracer;
}

/** Runs one callback inside a span; `note` adds attributes to it. */
export type CallbackTracer = (
  route: string,
  headers: IncomingHttpHeaders,
  run: (note: (attributes: Record<string, string | number | boolean>) => void) => Promise<HttpReply>,
) => Promise<HttpReply>;

/**
 * One gateway callback, whatever HTTP front end received it: parse, run the turn under the
 * deadline, render. Never throws and never answers 5xx: a failure becomes the gateway's END with
 * the menu's `unavailable` text.
 */
export function handleCallback(codec: GatewayCodec<never>, raw: RawRequest, deps: CallbackDeps): Promise<HttpReply> {
  if (deps.traceCallback) return deps.traceCallback(codec.path, raw.headers, (note) => answer(codec, raw, deps, note));
  return answer(codec, raw, deps);
}

type Note = Parameters<Parameters<CallbackTracer>[2]>[0];

async function answer(codec: GatewayCodec<never>, raw: RawRequest, deps: CallbackDeps, note?: Note): Promise<HttpReply> {
  const startedMs = deps.metrics ? performance.now() : 0;
  const parsed = codec.parse(raw);
  if (!parsed.ok) {
    deps.log.warn({ gateway: codec.name, problems: parsed.problems }, 'rejected a malformed callback');
    if (deps.metrics) recordCallback(deps.metrics, codec.name, startedMs, 'invalid');
    note?.({ 'ussd.gateway': codec.name, 'ussd.outcome': 'invalid' });
    return problem(400, 'Bad Request', `not a valid ${codec.name} callback`, parsed.problems);
  }
  const { turn, request } = parsed;
  let reply: Reply;
  let result: TurnResult | undefined;
  try {
    result = await withDeadline(handleTurn(turn, deps), deps.deadlineMs);
    reply = result.reply;
    if (deps.afterReply && result.effects.length > 0) setImmediate(deps.afterReply, result);
  } catch (err) {
    deps.log.error({ err, sessionId: turn.sessionId, gateway: codec.name }, 'answered unavailable: the turn failed');
    reply = { text: textOf(deps.menus.resolve(turn.serviceCode)?.menu, 'unavailable'), end: true };
    if (err instanceof StoreUnavailableError) deps.metrics?.redisErrors.inc({ client: 'web', kind: 'command' });
  }
  const rendered = codec.render({ text: fitFor(codec, reply.text), end: reply.end }, request);
  const outcome = result ? outcomeOf(result) : 'unavailable';
  if (deps.metrics) recordCallback(deps.metrics, codec.name, startedMs, outcome, turn.gateway, result?.outcome);
  note?.({ 'ussd.gateway': codec.name, 'ussd.session.id': turn.sessionId, 'ussd.outcome': outcome, ...(result?.outcome.ended ? { 'ussd.session.ended': result.outcome.ended } : {}), ...(result?.outcome.started ? { 'ussd.session.started': true } : {}) });
  return rendered;
}

/** GSM-7 text no longer than the gateway carries. */
function fitFor(codec: GatewayCodec<never>, text: string): string {
  const gsm = toGsm7(text);
  return septetLength(gsm) <= codec.maxChars ? gsm : truncateSeptets(gsm, codec.maxChars);
}

export class DeadlineError extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
    this.name = 'DeadlineError';
  }
}

/** Leaves room for the reply to travel: the turn gets the deadline minus a small margin. */
function withDeadline<T>(work: Promise<T>, deadlineMs: number): Promise<T> {
  const budget = Math.max(10, deadlineMs - Math.min(100, deadlineMs / 10));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(budget)), budget);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
