import { z } from 'zod';
import type { Template } from '../template.js';
import type { EffectKindShape } from './effect-kind.js';

const ChargeAuthoredSchema = z
  .object({
    amount: z.number().positive(),
    currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 currency code such as KES'),
    description: z.string().min(1),
  })
  .strict();

export const ChargeCommandSchema = z.object({ kind: z.literal('charge'), amount: z.number().positive(), currency: z.string().length(3), description: z.string() });
export type ChargeCommand = z.infer<typeof ChargeCommandSchema>;

/** `charge`: bill the caller through the billing provider. */
export const chargeShape: EffectKindShape<'charge', z.infer<typeof ChargeAuthoredSchema>, { amount: number; currency: string; description: Template }, ChargeCommand> = {
  kind: 'charge',
  authored: ChargeAuthoredSchema,
  command: ChargeCommandSchema,
  compile: (a, template) => ({ kind: 'charge', amount: a.amount, currency: a.currency, description: template(a.description) }),
  render: (c, lookup) => ({ kind: 'charge', amount: c.amount, currency: c.currency, description: c.description.render(lookup) }),
  templates: (a) => [['description', a.description]],
};
