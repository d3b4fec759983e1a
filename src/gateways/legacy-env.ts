import { z } from 'zod';

const LegacyUrlSchema = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL such as https://legacy.example/ussd' });

/**
 * `LEGACY_<GATEWAY>_URL` for the gateways' env names (as in `GATEWAY_<NAME>_…`). An unknown name
 * is an error: a typo must not quietly send every unclaimed dial to "not in use".
 */
export function parseLegacyUrls(
  env: Readonly<Record<string, string | undefined>>,
  names: readonly string[],
): { urls: Record<string, string>; problems: string[] } {
  const known = new Set(names);
  const urls: Record<string, string> = {};
  const problems: string[] = [];
  for (const [key, value] of Object.entries(env)) {
    const name = /^LEGACY_(.+)_URL$/.exec(key)?.[1];
    if (name === undefined || value === undefined) continue;
    if (!known.has(name)) {
      problems.push(`${key}: not a gateway (LEGACY_<NAME>_URL, NAME one of ${[...known].join(', ')})`);
      continue;
    }
    const r = LegacyUrlSchema.safeParse(value);
    if (r.success) urls[name] = r.data;
    else problems.push(`${key}=${JSON.stringify(value.replace(/\/\/[^@/]*@/, '//(hidden)@'))}: ${r.error.issues[0]?.message ?? 'invalid'}`);
  }
  return { urls, problems };
}
