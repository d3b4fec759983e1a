/** `{{name}}`, `{{profile.name}}` and `{{name|fallback}}`: plain substitution, nothing else. */

export type Lookup = (name: string) => string | number | undefined;

type Part = string | { name: string; fallback: string | undefined };

/** A template split once into literal and variable parts. */
export interface Template {
  readonly source: string;
  readonly vars: readonly string[];
  render(lookup: Lookup): string;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)?)\s*(?:\|([^}]*))?\}\}/g;

export function compileTemplate(source: string): Template {
  const parts: Part[] = [];
  let last = 0;
  for (const m of source.matchAll(PLACEHOLDER)) {
    if (m.index > last) parts.push(source.slice(last, m.index));
    parts.push({ name: m[1] as string, fallback: m[2] });
    last = m.index + m[0].length;
  }
  if (last < source.length) parts.push(source.slice(last));
  const vars = parts.flatMap((p) => (typeof p === 'string' ? [] : [p.name]));
  if (vars.length === 0) return { source, vars, render: () => source };
  return {
    source,
    vars,
    render(lookup) {
      let out = '';
      for (const p of parts) {
        if (typeof p === 'string') {
          out += p;
          continue;
        }
        const v = lookup(p.name);
        out += v === undefined || v === '' ? (p.fallback ?? '') : String(v);
      }
      return out;
    },
  };
}

/** Every `{{name}}` or `{{name|fallback}}` in a template source, in order. */
export function placeholders(source: string): { name: string; fallback: string | undefined }[] {
  return [...source.matchAll(PLACEHOLDER)].map((m) => ({ name: m[1] as string, fallback: m[2] }));
}

/** Placeholders that look like templates but are not well-formed (`{{ }}`, `{{a b}}`): author mistakes. */
export function malformedPlaceholders(source: string): string[] {
  const rest = source.replace(PLACEHOLDER, '');
  return [...rest.matchAll(/\{\{[^}]*\}\}?/g)].map((m) => m[0]);
}
