import { z } from 'zod';
import { expressionOf, isExpressionValue, type Expression, type Value } from '../expressions/index.js';
import type { CompiledSource } from '../source.js';
import type { Template } from '../template.js';
import type { EffectKindShape } from './effect-kind.js';

const CallAuthoredSchema = z
  .object({
    source: z.string().regex(/^[a-z][a-z0-9-]*$/, 'a source name is lowercase letters, digits and "-", starting with a letter'),
    path: z.string().regex(/^\//, 'a path starts with "/"'),
    method: z.enum(['POST', 'PUT']).default('POST'),
    body: z.record(z.string().min(1), z.union([z.string(), z.number()])).optional(),
  })
  .strict();
type CallAuthored = z.infer<typeof CallAuthoredSchema>;

/**
 * A decided call: the source as the menu declares it (`${NAME}`s unresolved, so no URL or token is
 * kept in the outbox or the queue: the worker resolves them from its own SOURCE_* settings), the
 * path with its values URL-encoded, and the JSON body.
 */
export const CallCommandSchema = z.object({
  kind: z.literal('call'),
  source: z.string().min(1),
  url: z.string().min(1),
  headers: z.record(z.string(), z.string()).optional(),
  timeoutMs: z.number().int().positive(),
  method: z.enum(['POST', 'PUT']),
  target: z.string().startsWith('/'),
  // Values of `=` expressions may be any JSON (a list, a flag); templates give strings.
  body: z.record(z.string(), z.json()).optional(),
});
export type CallCommand = z.infer<typeof CallCommandSchema>;

interface CompiledCall {
  source: CompiledSource;
  method: 'POST' | 'PUT';
  path: Template;
  body: readonly (readonly [string, Template | Expression | number])[] | undefined;
}

/** Stands in for an undeclared source (the lint reports it) so the rest of the menu still compiles. */
const UNDECLARED: CompiledSource = { name: '', label: '', url: '', headers: [], timeoutMs: 1500, cacheSeconds: 0 };

/** `call`: tell an outside service in the background (a `QuizCompleted` event to analytics). */
export const callShape: EffectKindShape<'call', CallAuthored, CompiledCall, CallCommand> = {
  kind: 'call',
  authored: CallAuthoredSchema,
  command: CallCommandSchema,
  compile: (a, c) => ({
    kind: 'call',
    source: c.sources?.get(a.source) ?? UNDECLARED,
    method: a.method,
    path: c.template(a.path, 'path'),
    body:
      a.body &&
      Object.entries(a.body).map(([k, v]) => [k, typeof v === 'number' ? v : isExpressionValue(v) ? c.expression(expressionOf(v), `body.${k}`) : c.template(v, `body.${k}`)] as const),
  }),
  render: (c, lookup) => {
    const { source } = c;
    return {
      kind: 'call',
      source: source.label,
      url: source.url,
      ...(source.headers.length ? { headers: Object.fromEntries(source.headers) } : {}),
      timeoutMs: source.timeoutMs,
      method: c.method,
      // Each inserted value is encoded, as a fetch's path is; encoding the names an expression reads
      // would hand `{{voucher.code}}` a string where it needs the item.
      target: c.path.render(lookup, encodeURIComponent),
      ...(c.body ? { body: bodyOf(c.body, lookup) } : {}),
    };
  },
  templates: (a) => [['path', a.path], ...Object.entries(a.body ?? {}).flatMap(([k, v]) => (typeof v === 'string' && !isExpressionValue(v) ? [[`body.${k}`, v] as const] : []))],
  expressions: (a) => Object.entries(a.body ?? {}).flatMap(([k, v]) => (isExpressionValue(v) ? [[`body.${k}`, expressionOf(v)] as const] : [])),
};

/** The JSON body now: an `=` value that failed is left out (its failure reported). */
function bodyOf(body: NonNullable<CompiledCall['body']>, lookup: Parameters<Template['render']>[0]): Record<string, Value> {
  const out: Record<string, Value> = {};
  for (const [k, v] of body) {
    const value = typeof v === 'number' ? v : 'render' in v ? v.render(lookup) : v.evaluate(lookup);
    if (value !== undefined) out[k] = value;
  }
  return out;
}
