import { createHash } from 'node:crypto';
import { z } from 'zod';
import { EffectCommandSchema, type EffectCommand } from '../menu/effect-kinds/effect-kinds.js';

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
 * `<gateway>.<session part>.<screen part>.<hop>.<index>.<time>`: session, screen, hop, position
 * among the hop's effects, and the second of the record the hop stepped from (see
 * `plannedEffects`). A hop is stored once (compare-and-set), and the id travels with the effect
 * from then on, so every delivery attempt carries the same one. The time keeps ids apart when a session id comes back after its session
 * expired (gateways keyed by the caller's number reuse it at every dial).
 *
 * The id is also the provider's `Idempotency-Key` (1–255 printable ASCII) and a BullMQ job id (no
 * `:`), whatever a gateway sends as its session id. The session id is URI-encoded while that stays
 * short, so an operator can find a session's effects by eye; a longer one (or a long screen id) is
 * replaced by `=` and a hash of it. `=` never appears in a URI-encoded string nor in a screen id,
 * and gateway names, screen ids and numbers hold no `.`: two different effects never share an id.
 */
export function effectId(gateway: string, sessionId: string, screen: string, hop: number, index: number, atSeconds: number): string {
  return `${gateway}.${bounded(encodeURIComponent(sessionId))}.${bounded(screen)}.${hop}.${index}.${atSeconds}`;
}

/** Longest part kept as it is; with the other parts the id stays well under 255 characters. */
const MAX_READABLE_PART = 64;

/** The part itself when short, else `=` and 128 bits of its SHA-256 (base64url: no `.` or `:`). */
function bounded(part: string): string {
  if (part.length <= MAX_READABLE_PART) return part;
  return `=${createHash('sha256').update(part).digest('base64url').slice(0, 22)}`;
}

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
