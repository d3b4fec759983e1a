import { z } from 'zod';

/**
 * Some gateways send numbers where others send strings; both are read as strings. A whole number
 * beyond 2^53 has already lost digits in JSON.parse (Nalo's 17-digit SESSIONID would become its
 * even neighbour, one caller's session another's): refused, never read as the number it became.
 */
export const StringishSchema = z.union([
  z.string(),
  z
    .number()
    .refine((n) => !Number.isInteger(n) || Number.isSafeInteger(n), 'a number this large loses digits in JSON: send it as a string')
    .transform(String),
]);

/** Printable ASCII without spaces: it becomes part of a Redis key and of every log line. */
export const SessionIdSchema = StringishSchema.pipe(z.string().regex(/^[\x21-\x7e]{1,128}$/, 'expected 1 to 128 printable characters without spaces'));

export const MsisdnSchema = StringishSchema.pipe(z.string().regex(/^\+?\d{6,15}$/, 'expected an international phone number such as 233244000111'));

/** What the learner typed (or the dial string on a first hop). Not a separator-split chain. */
export const InputSchema = StringishSchema.pipe(z.string().max(1024));

/** An optional short text the gateway sends for us to echo back (ids, network names). */
export const EchoSchema = StringishSchema.pipe(z.string().max(128));

/**
 * An optional field, absent however the gateway says so: JSON writers on .NET (Newtonsoft's
 * default) and PHP send a field they have no value for as `null` rather than leaving it out.
 */
export function optional<S extends z.ZodType>(schema: S) {
  return schema.nullish().transform((v) => v ?? undefined);
}

/** An optional field read as `fallback` when absent or `null` (see `optional`). */
export function orDefault<S extends z.ZodType>(schema: S, fallback: NonNullable<z.output<S>>) {
  return schema.nullish().transform((v): NonNullable<z.output<S>> => v ?? fallback);
}

/** A boolean some integrations send as a string, or as the number 1 or 0 (PHP writers). */
export const FlagSchema = z.union(
  [
    z.boolean(),
    z.enum(['true', 'false', 'TRUE', 'FALSE', 'True', 'False', '1', '0']).transform((v) => v.toLowerCase() === 'true' || v === '1'),
    z.union([z.literal(1), z.literal(0)]).transform((v) => v === 1),
  ],
  { error: 'expected true or false' },
);

/** `*713*20#`: a full dial string (what several gateways send on the first hop). */
export function isDialString(s: string): boolean {
  return /^\*[0-9*]*[0-9]#$/.test(s);
}

/** `165` or `165*1` (code digits as Comviva Flares sends them) → `*165#`, `*165*1#`. */
export function dialFromDigits(s: string): string {
  return isDialString(s) ? s : `*${s.replace(/^\*+|#+$/g, '')}#`;
}

/** An enum some gateways send in varying case (Hubtel `Initiation` / `initiation`): read lower-cased. */
export function anyCase<const T extends readonly [string, ...string[]]>(values: T) {
  return z.string().max(64).transform((s) => s.toLowerCase()).pipe(z.enum(values));
}

/**
 * Which of `keys` came as JSON numbers, for a reply to echo them as sent: a gateway reading the
 * echo into a number type would refuse it quoted. Undefined when none did (the usual case).
 */
export function numbersSent<K extends string>(json: unknown, keys: readonly K[]): Partial<Record<K, number>> | undefined {
  if (json === null || typeof json !== 'object') return undefined;
  let out: Partial<Record<K, number>> | undefined;
  for (const k of keys) {
    const v = (json as Record<string, unknown>)[k];
    if (typeof v !== 'number') continue;
    out ??= {};
    out[k] = v;
  }
  return out;
}
