/**
 * Parses an `application/x-www-form-urlencoded` body; a repeated field becomes an array. The result
 * has no prototype, so a field named `constructor` or `__proto__` is a field like any other.
 */
export function parseForm(body: string): Record<string, string | string[]> {
  const out = Object.create(null) as Record<string, string | string[]>;
  for (const [k, v] of new URLSearchParams(body)) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

/**
 * The number as sent, without its formatting: `+254 711-000111` → `+254711000111`, `0711 000111` →
 * `0711000111`. The callback handler then makes it E.164 (`PhoneNumbers`, with `DEFAULT_COUNTRY`).
 */
export function normaliseMsisdn(raw: string): string {
  const digits = raw.replace(/\D/g, '');
  return raw.trim().startsWith('+') ? `+${digits}` : digits;
}
