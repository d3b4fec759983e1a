import type { IncomingHttpHeaders } from 'node:http';
import type { GatewayCodec, HttpReply, RawRequest } from '../gateways/codec.js';
import type { Reply } from '../gateways/turn.js';
import type { CidrSet } from '../gateways/cidr.js';
import type { LegacyApp } from '../infra/legacy/legacy-app.js';
import type { Logger } from '../infra/logger.js';
import type { Metrics } from '../infra/metrics.js';
import type { MenuRegistry } from '../menu/registry.js';
import { fitReply, unavailableReply } from '../session/gateway-reply.js';
import { handleTurn, type BusyAnswer, type TurnDeps, type TurnResult } from '../session/handle-turn.js';
import type { ShadowRunner } from '../session/shadow-runner.js';
import { StoreUnavailableError } from '../session/session-store.js';
import { answerBudgetMs } from '../session/turn-clock.js';
import { refusalOf } from './callback-guard.js';
import { outcomeOf, recordCallback, spanAttributes } from './callback-telemetry.js';
import { clientAddress } from './client-address.js';
import type { GatewayPolicy } from './gateway-policy.js';
import type { PhoneNumbers } from './phone-numbers.js';
import { boundProblems, clip, problem } from './problem.js';
import { setTimeoutAfterIo } from '../infra/timer-after-io.js';

export interface CallbackDeps extends TurnDeps {
  log: Logger;
  menus: MenuRegistry;
  deadlineMs: number;
  /** Makes every number E.164, whatever format the gateway sent (`DEFAULT_COUNTRY`). */
  phoneNumbers: PhoneNumbers;
  /** Per codec name: text cap, default service code, callback security, rate limit. */
  policies?: ReadonlyMap<string, GatewayPolicy>;
  /** Peers whose `X-Forwarded-For` is believed (TRUSTED_PROXY_CIDRS). */
  trustedProxies?: CidrSet;
  /** Runs after the reply is on its way (the effects outbox hands work to the queues here). */
  afterReply?: (result: TurnResult) => void;
  /** Prometheus metrics; absent in tests that do not look at them. */
  metrics?: Metrics;
  /** OpenTelemetry, only when OTEL_EXPORTER_OTLP_ENDPOINT is set (`src/infra/tracing.ts`). */
  traceCallback?: CallbackTracer;
  /** Forwarding to legacy USSD apps (only with LEGACY_<GATEWAY>_URL set). */
  legacy?: LegacyApp;
  /** Shadow runs of migrated menus for callers left on the legacy side (`rollout.shadow`). */
  shadow?: Pick<ShadowRunner, 'offer'>;
}

/** Runs one callback inside a span; `note` adds attributes to it. */
export type CallbackTracer = (
  route: string,
  headers: IncomingHttpHeaders,
  run: (note: (attributes: Record<string, string | number | boolean>) => void) => Promise<HttpReply>,
) => Promise<HttpReply>;

/**
 * One gateway callback, whatever HTTP front end received it: check who is calling, parse, run
 * the turn under the deadline, render. Never throws and never answers 5xx: a refused caller gets
 * 403, a malformed payload 400, and a failure the gateway's END with the menu's `unavailable` text.
 */
export function handleCallback(codec: GatewayCodec<never>, raw: RawRequest, deps: CallbackDeps): Promise<HttpReply> {
  if (deps.traceCallback) return deps.traceCallback(codec.path, raw.headers, (note) => answer(codec, raw, deps, note));
  return answer(codec, raw, deps);
}

type Note = Parameters<Parameters<CallbackTracer>[2]>[0];

async function answer(codec: GatewayCodec<never>, raw: RawRequest, deps: CallbackDeps, note?: Note): Promise<HttpReply> {
  const startedMs = deps.metrics ? performance.now() : 0;
  const policy = deps.policies?.get(codec.name);
  const refusal = policy?.guard ? refusalOf(policy.guard, raw, deps.trustedProxies) : undefined;
  if (refusal) {
    deps.log.warn({ gateway: codec.name, client: clip(clientAddress(raw, deps.trustedProxies)), reason: clip(refusal) }, 'refused a callback');
    if (deps.metrics) recordCallback(deps.metrics, codec.name, startedMs, 'refused');
    note?.(spanAttributes(codec.name, 'refused'));
    return problem(403, 'Forbidden', `this ${codec.name} callback is not allowed`);
  }
  const parsed = codec.parse(raw);
  if (!parsed.ok) {
    deps.log.warn({ gateway: codec.name, problems: boundProblems(parsed.problems) }, 'rejected a malformed callback');
    if (deps.metrics) recordCallback(deps.metrics, codec.name, startedMs, 'invalid');
    note?.(spanAttributes(codec.name, 'invalid'));
    return problem(400, 'Bad Request', `not a valid ${codec.name} callback`, parsed.problems);
  }
  const { request, turn } = parsed;
  // Completed in place (the codec made it for this request alone): the number every store keys by, the page size.
  turn.msisdn = deps.phoneNumbers.msisdnOf(turn.msisdn);
  turn.pageSize = policy?.maxChars ?? codec.maxChars;
  if (turn.serviceCode === '' && policy?.serviceCode) turn.serviceCode = policy.serviceCode;
  let reply: Reply;
  let result: TurnResult | undefined;
  try {
    // Issued before the turn's own load so both travel in one Redis round trip.
    const admission = policy?.admit && (turn.kind === 'start' || turn.kind === 'continue') ? policy.admit(turn.msisdn) : undefined;
    const relay = deps.legacy?.relayFor(codec, raw, request);
    const busy: BusyAnswer = { told: false };
    result = await withDeadline(handleTurn(turn, deps, admission, relay, busy), deps.deadlineMs, busy);
    reply = result.reply;
    if (deps.afterReply && result.effects.length > 0) setImmediate(deps.afterReply, result);
    // Starts after this reply is written (ShadowRunner.offer defers the run).
    if (deps.shadow && result.relayed?.forwarding.shadow) deps.shadow.offer(turn, result.relayed);
  } catch (err) {
    deps.log.error({ err, sessionId: turn.sessionId, gateway: codec.name }, 'answered unavailable: the turn failed');
    reply = unavailableReply(turn, deps.menus);
    if (err instanceof StoreUnavailableError) deps.metrics?.redisErrors.inc({ client: 'web', kind: 'command' });
    if (err instanceof DeadlineError) deps.metrics?.deadlineAnswers.inc({ gateway: codec.name });
  }
  // A forwarded hop answers with the legacy app's reply, unchanged.
  const rendered = result?.relayed?.reply ?? codec.render(fitReply(reply, policy?.maxChars ?? codec.maxChars), request);
  const outcome = result ? outcomeOf(result) : 'unavailable';
  if (deps.metrics) recordCallback(deps.metrics, codec.name, startedMs, outcome, turn.gateway, result?.outcome);
  note?.(spanAttributes(codec.name, outcome, turn, result));
  return rendered;
}

export class DeadlineError extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
    this.name = 'DeadlineError';
  }
}

/**
 * Leaves room for the reply to travel: the turn gets the deadline minus a small margin. The turn
 * goes on after the guard answers; its writes then reach the store too late and are refused, and
 * one stored in time but confirmed after the guard answered is taken back (`busy` says so).
 */
function withDeadline<T>(work: Promise<T>, deadlineMs: number, busy: BusyAnswer): Promise<T> {
  const budget = answerBudgetMs(deadlineMs);
  return new Promise<T>((resolve, reject) => {
    // After a stall, a turn whose last reply is already in the socket finishes instead (timer-after-io.ts).
    let settled = false;
    const timer = setTimeoutAfterIo(() => {
      if (settled) return;
      busy.told = true;
      reject(new DeadlineError(budget));
    }, budget);
    work.then(
      (value) => {
        settled = true;
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        settled = true;
        clearTimeout(timer);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}
