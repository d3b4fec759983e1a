import { z } from 'zod';
import { expressionOf, isExpressionValue, reportFailure, type Expression } from '../expressions/index.js';
import type { Template } from '../template.js';
import type { EffectKindShape } from './effect-kind.js';

const ChargeAuthoredSchema = z
  .object({
    amount: z.union([z.number().positive(), z.string().regex(/^=./, 'an amount is a number or an "=" expression such as "=int(amount)"')]),
    currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 currency code such as KES'),
    description: z.string().min(1),
  })
  .strict();

export const ChargeCommandSchema = z.object({ kind: z.literal('charge'), amount: z.number().positive(), currency: z.string().length(3), description: z.string() });
export type ChargeCommand = z.infer<typeof ChargeCommandSchema>;

/** `charge`: bill the caller through the billing provider; `amount` may be an expression (the amount typed). */
export const chargeShape: EffectKindShape<'charge', z.infer<typeof ChargeAuthoredSchema>, { amount: number | Expression; currency: string; description: Template }, ChargeCommand> = {
  kind: 'charge',
  authored: ChargeAuthoredSchema,
  command: ChargeCommandSchema,
  compile: (a, c) => ({
    kind: 'charge',
    amount: typeof a.amount === 'number' ? a.amount : c.expression(expressionOf(a.amount as `=${string}`), 'amount'),
    currency: a.currency,
    description: c.template(a.description, 'description'),
  }),
  render: (c, lookup) => {
    const amount = typeof c.amount === 'number' ? c.amount : c.amount.evaluate(lookup);
    if (typeof amount !== 'number' || !(amount > 0)) {
      // An amount that failed to evaluate is reported already; one that is not positive is reported here.
      if (amount !== undefined && typeof c.amount !== 'number') reportFailure({ where: c.amount.where, source: c.amount.source, error: 'the charge amount is not a positive number: the charge is dropped' });
      return undefined;
    }
    return { kind: 'charge', amount, currency: c.currency, description: c.description.render(lookup) };
  },
  templates: (a) => [['description', a.description]],
  expressions: (a) => (isExpressionValue(a.amount) ? [['amount', expressionOf(a.amount)]] : []),
};
