import { z } from 'zod';
import type { Answer } from './ledger.js';

const Digits = z.string().regex(/^\+?\d{6,15}$/, 'a phone number in international format');
const Reference = z.string().min(1).max(255);

const ChargeSchema = z
  .object({ msisdn: Digits, amount: z.number().positive(), currency: z.string().regex(/^[A-Z]{3}$/), description: z.string().min(1), reference: Reference })
  .strict();
const MessageSchema = z.object({ to: Digits, text: z.string().min(1).max(918), reference: Reference }).strict();

/** One provider API of the spec ("Provider APIs"): its path, its body, what it answers. */
export interface ProviderApi<T> {
  path: string;
  /** Prefix of the ids the sandbox gives what it applied (`ch_000001`). */
  idPrefix: string;
  schema: z.ZodType<T>;
  recipient(body: T): string;
  applied(body: T, id: string): Answer;
  refused(body: T): Answer;
}

const billing: ProviderApi<z.infer<typeof ChargeSchema>> = {
  path: '/charges',
  idPrefix: 'ch',
  schema: ChargeSchema,
  recipient: (b) => b.msisdn,
  applied: (b, id) => ({ status: 201, body: { id, status: 'charged', msisdn: b.msisdn, amount: b.amount, currency: b.currency, reference: b.reference } }),
  refused: (b) => ({ status: 402, body: { error: 'insufficient funds', reference: b.reference } }),
};

const sms: ProviderApi<z.infer<typeof MessageSchema>> = {
  path: '/messages',
  idPrefix: 'msg',
  schema: MessageSchema,
  recipient: (b) => b.to,
  applied: (b, id) => ({ status: 202, body: { id, status: 'accepted', to: b.to, reference: b.reference } }),
  refused: (b) => ({ status: 422, body: { error: 'recipient cannot receive SMS', reference: b.reference } }),
};

export const PROVIDER_APIS = { billing, sms } as const;
export type SandboxKind = keyof typeof PROVIDER_APIS;
