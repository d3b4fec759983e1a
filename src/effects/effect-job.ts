import { z } from 'zod';
import { EffectCommandSchema } from '../menu/effect-kinds/effect-kinds.js';
import type { PlannedEffect } from '../session/planned-effect.js';

/** A queued effect: what the worker needs to call the provider, and the session id for its logs. */
export const EffectJobSchema = z.object({
  id: z.string().min(1),
  sessionId: z.string(),
  msisdn: z.string().regex(/^\d{6,15}$/),
  effect: EffectCommandSchema,
  /** The trace context of the hop that decided the effect (W3C headers), when tracing is on. */
  trace: z.record(z.string(), z.string()).optional(),
});
export type EffectJob = z.infer<typeof EffectJobSchema>;

export function toJob(e: PlannedEffect): EffectJob {
  return { id: e.id, sessionId: e.sessionId, msisdn: e.msisdn, effect: e.effect };
}
