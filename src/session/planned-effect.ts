import { z } from 'zod';
import type { EffectCommand } from '../menu/model.js';

/** An effect decided by a hop, with the id that makes delivering it twice harmless. */
export interface PlannedEffect {
  /** Deterministic: the same hop of the same session always yields the same id (see `effectId`). */
  id: string;
  sessionKey: string;
  sessionId: string;
  msisdn: string;
  effect: EffectCommand;
  /** The callback's trace context (W3C headers) when tracing is on, so the enqueue joins its trace. */
  trace?: Record<string, string>;
}

/**
 * `<gateway>.<session id>.<screen>.<hop>.<index>.<time>`: session, screen, hop, position among the
 * hop's effects, and the second the hop was stored. A hop is stored once (compare-and-set), and the
 * id travels with the effect from then on, so every delivery attempt carries the same one. The
 * time keeps ids apart when a session id comes back after its session expired (gateways keyed by
 * the caller's number reuse it at every dial). The session id is URI-encoded, so the id never holds
 * a `:` (BullMQ refuses it in a job id); gateway names, screen ids and numbers hold no `.`, so two
 * different effects never share an id.
 */
export function effectId(gateway: string, sessionId: string, screen: string, hop: number, index: number, atSeconds: number): string {
  return `${gateway}.${encodeURIComponent(sessionId)}.${screen}.${hop}.${index}.${atSeconds}`;
}

export const EffectCommandSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('charge'), amount: z.number().positive(), currency: z.string().length(3), description: z.string() }),
  z.object({ kind: z.literal('sms'), text: z.string().min(1) }),
]);

/** What the outbox keeps per effect (the field is the effect id): when it was written, and the work. */
const OutboxEntrySchema = z.object({ t: z.number(), s: z.string(), m: z.string(), e: EffectCommandSchema, c: z.record(z.string(), z.string()).optional() });

export function encodeOutboxEntry(e: PlannedEffect, atMs: number): string {
  return JSON.stringify({ t: atMs, s: e.sessionId, m: e.msisdn, e: e.effect, ...(e.trace ? { c: e.trace } : {}) });
}

/** The entry as an effect again, with the time it was written (ms since the epoch). */
export function decodeOutboxEntry(id: string, sessionKey: string, raw: string): { effect: PlannedEffect; at: number } {
  const { t, s, m, e, c } = OutboxEntrySchema.parse(JSON.parse(raw));
  return { at: t, effect: { id, sessionKey, sessionId: s, msisdn: m, effect: e, ...(c ? { trace: c } : {}) } };
}
