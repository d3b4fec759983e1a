import { z } from 'zod';
import { parseCidrs } from './cidr.js';

/** `30/60`: at most 30 hops per phone number in any 60 seconds; `off` turns a gateway's limit off. */
export const RateLimitSchema = z
  .string()
  .regex(/^(off|\d{1,6}\/\d{1,6})$/, 'expected <hops>/<seconds> such as 30/60, or off')
  .transform((s) => {
    if (s === 'off') return 'off' as const;
    const [hops = 0, seconds = 0] = s.split('/').map(Number);
    return { hops, seconds };
  })
  .refine((r) => r === 'off' || (r.hops >= 1 && r.seconds >= 1 && r.seconds <= 86_400), 'hops and seconds must be at least 1, seconds at most 86400');
export type RateLimit = Exclude<z.infer<typeof RateLimitSchema>, 'off'>;

/** A comma-separated list of CIDRs or addresses, every entry checked. */
export const CidrListSchema = z.string().superRefine((list, ctx) => {
  const parsed = parseCidrs(list);
  if (!parsed.ok) for (const message of parsed.problems) ctx.addIssue({ code: 'custom', message });
});

/** Where a shared secret travels: `header:<name>` or `query:<parameter>`. */
const SecretInSchema = z
  .string()
  .regex(/^(header|query):[A-Za-z0-9_.-]{1,64}$/, 'expected header:<name> or query:<parameter>')
  .transform((s) => {
    const [where, name = ''] = s.split(':') as ['header' | 'query', string];
    return { where, name: where === 'header' ? name.toLowerCase() : name };
  });

/** The settings one gateway takes from `GATEWAY_<NAME>_<SETTING>`. */
const GatewaySettingsSchema = z.object({
  MAX_CHARS: z.coerce.number().int().min(20).max(182).optional(),
  SERVICE_CODE: z.string().regex(/^\*?\d+(\*\d+)*#?$/, 'expected a service code such as *384#').optional(),
  ALLOW_CIDRS: CidrListSchema.optional(),
  SECRET: z.string().min(16, 'use at least 16 characters').max(256).optional(),
  SECRET_IN: SecretInSchema.default({ where: 'header', name: 'x-ussd-secret' }),
  RATE_LIMIT: RateLimitSchema.optional(),
});
export type GatewaySettings = z.infer<typeof GatewaySettingsSchema>;
const SETTINGS = Object.keys(GatewaySettingsSchema.shape);

/**
 * Reads every `GATEWAY_<NAME>_<SETTING>` variable for the gateways' env names. An unknown name or
 * setting is an error (a typo must not silently leave a gateway unprotected); secrets never appear
 * in a problem.
 */
export function parseGatewayEnv(
  env: Readonly<Record<string, string | undefined>>,
  names: readonly string[],
): { settings: Record<string, GatewaySettings>; problems: string[] } {
  const byLength = [...new Set(names)].sort((a, b) => b.length - a.length);
  const raw = new Map<string, Record<string, string>>(byLength.map((n) => [n, {}]));
  const problems: string[] = [];
  for (const [key, value] of Object.entries(env)) {
    if (!key.startsWith('GATEWAY_') || value === undefined) continue;
    const name = byLength.find((n) => key.startsWith(`GATEWAY_${n}_`) && SETTINGS.includes(key.slice(n.length + 9)));
    if (name === undefined) {
      problems.push(`${key}: not a gateway setting (GATEWAY_<NAME>_<SETTING>, NAME one of ${byLength.join(', ')}; SETTING one of ${SETTINGS.join(', ')})`);
      continue;
    }
    (raw.get(name) as Record<string, string>)[key.slice(name.length + 9)] = value;
  }
  const settings: Record<string, GatewaySettings> = {};
  for (const [name, values] of raw) {
    const r = GatewaySettingsSchema.safeParse(values);
    if (r.success) settings[name] = r.data;
    else
      for (const issue of r.error.issues) {
        const setting = String(issue.path[0]);
        const shown = setting === 'SECRET' ? '(hidden)' : JSON.stringify(values[setting]);
        problems.push(`GATEWAY_${name}_${setting}=${shown}: ${issue.message}`);
      }
  }
  return { settings, problems };
}
