import { z } from 'zod';

/**
 * The field names the schema allows in the map at `path` of the file's value `raw`: what an
 * unknown field is compared with to suggest the one the author meant. Where a union is open (a
 * text, a condition, an effect), the fields of every branch that could hold the map; for a screen,
 * those of its `type`.
 */
export function fieldsAt(schema: z.ZodType, path: readonly (string | number)[], raw: unknown): string[] {
  let at: z.ZodType[] = [schema];
  let value = raw;
  for (const key of path) {
    at = at.flatMap((s) => objectsOf(s, value)).flatMap((s) => childOf(s, key));
    value = value !== null && typeof value === 'object' ? (value as Record<string | number, unknown>)[key] : undefined;
  }
  const fields = at.flatMap((s) => objectsOf(s, value)).flatMap((s) => (s instanceof z.ZodObject ? Object.keys(s.shape) : []));
  return [...new Set(fields)];
}

/** The schema of `key` inside `s` (an object's field, a record's value, an array's item). */
function childOf(s: z.ZodType, key: string | number): z.ZodType[] {
  if (s instanceof z.ZodObject) {
    const field = (s.shape as Record<string, z.ZodType | undefined>)[String(key)];
    return field ? [field] : [];
  }
  if (s instanceof z.ZodRecord) return [s.valueType as z.ZodType];
  if (s instanceof z.ZodArray) return [s.element as z.ZodType];
  return [];
}

/** `s` with its wrappers taken off and its unions opened: those of a discriminated union that `value` selects. */
function objectsOf(s: z.ZodType, value: unknown): z.ZodType[] {
  if (s instanceof z.ZodOptional || s instanceof z.ZodDefault || s instanceof z.ZodNullable || s instanceof z.ZodLazy) return objectsOf(s.unwrap() as z.ZodType, value);
  if (s instanceof z.ZodPipe) return objectsOf(s.in as z.ZodType, value);
  if (s instanceof z.ZodDiscriminatedUnion) {
    const tag = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[s.def.discriminator] : undefined;
    const options = s.options as z.ZodType[];
    const chosen = options.filter((o) => o instanceof z.ZodObject && literalOf(o.shape[s.def.discriminator]) === tag);
    return (chosen.length > 0 ? chosen : options).flatMap((o) => objectsOf(o, value));
  }
  if (s instanceof z.ZodUnion) return (s.options as z.ZodType[]).flatMap((o) => objectsOf(o, value));
  return [s];
}

function literalOf(s: unknown): unknown {
  return s instanceof z.ZodLiteral ? s.value : undefined;
}
