import { z } from 'zod';

/** How a sandbox provider misbehaves. Set at start, or live with `PATCH /_sandbox/knobs`. */
export const KnobsSchema = z
  .object({
    /** Every request waits this long before it is answered (the provider stays busy with it meanwhile). */
    latencyMs: z.number().int().min(0).max(600_000).default(0),
    /** Share of new requests answered 503 (nothing applied): 0 never, 1 always. */
    failureRate: z.number().min(0).max(1).default(0),
    /** Numbers the provider refuses: billing answers 402, SMS 422. */
    declined: z.array(z.string().regex(/^\d{6,15}$/, 'digits only, as the service sends them')).default([]),
  })
  .strict();
export type Knobs = z.infer<typeof KnobsSchema>;

export const KnobsPatchSchema = KnobsSchema.partial();
export type KnobsPatch = z.infer<typeof KnobsPatchSchema>;
