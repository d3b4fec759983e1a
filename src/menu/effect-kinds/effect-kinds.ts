import { z } from 'zod';
import type { Expression } from '../expressions/index.js';
import type { Lookup, Template } from '../template.js';
import type { CompiledSource } from '../source.js';
import { callShape } from './call.js';
import { chargeShape } from './charge.js';
import type { EffectKindShape, TemplateField } from './effect-kind.js';
import { smsShape } from './sms.js';

/**
 * Every kind of effect a menu can decide, by name: the one declaration the menu schema, the
 * planned-effect schema (outbox, jobs) and the workers' table (`src/effects/effect-kinds.ts`) all
 * derive from. A new kind is one file beside this one and one entry here.
 */
export const EFFECT_SHAPES = { charge: chargeShape, sms: smsShape, call: callShape } as const;

type Shapes = typeof EFFECT_SHAPES;
export type EffectKind = keyof Shapes;
/* eslint-disable @typescript-eslint/no-explicit-any -- `infer` positions: only the matched parameter is used */
type AuthoredOf<K extends EffectKind> = Shapes[K] extends EffectKindShape<any, infer A, any, any> ? A : never;
type CompiledOf<K extends EffectKind> = Shapes[K] extends EffectKindShape<any, any, infer C, any> ? C & { kind: K } : never;
export type EffectCommandOf<K extends EffectKind> = Shapes[K] extends EffectKindShape<any, any, any, infer R> ? R : never;
/* eslint-enable @typescript-eslint/no-explicit-any */

/** An effect as the author wrote it: `{ charge: {…} }`, `{ sms: {…} }`. */
export type AuthoredEffect = { [K in EffectKind]: { [P in K]: AuthoredOf<K> } }[EffectKind];
/** An effect with its templates compiled, kept in the menu model. */
export type CompiledEffect = { [K in EffectKind]: CompiledOf<K> }[EffectKind];
/** An effect a hop decided: what the outbox keeps and a worker delivers. */
export type EffectCommand = { [K in EffectKind]: EffectCommandOf<K> }[EffectKind];

export const EFFECT_KINDS = Object.keys(EFFECT_SHAPES) as EffectKind[];

/**
 * The entry of one kind. TypeScript cannot relate a kind picked at run time to its entry's
 * parameter types (a correlated union), so the table's type is restated here, once.
 */
function shapeOf<K extends EffectKind>(kind: K): EffectKindShape<K, AuthoredOf<K>, CompiledOf<K>, EffectCommandOf<K>> {
  return EFFECT_SHAPES[kind] as unknown as EffectKindShape<K, AuthoredOf<K>, CompiledOf<K>, EffectCommandOf<K>>;
}

type Tuple<T> = readonly [T, ...T[]];
const tuple = <T>(list: T[]): Tuple<T> => list as unknown as Tuple<T>;

/** In a menu file: exactly one key, the kind, holding that kind's fields. */
export const EffectSchema = z.union(tuple(EFFECT_KINDS.map((k) => z.object({ [k]: EFFECT_SHAPES[k].authored }).strict()))) as unknown as z.ZodType<AuthoredEffect>;

/** A decided effect, as the outbox and the queued job carry it. */
export const EffectCommandSchema = z.discriminatedUnion('kind', tuple(EFFECT_KINDS.map((k) => EFFECT_SHAPES[k].command))) as unknown as z.ZodType<EffectCommand>;

export function kindOf(effect: AuthoredEffect): EffectKind {
  return Object.keys(effect)[0] as EffectKind;
}

/** What compiling an effect needs: template and expression compilers taking where the text is written. */
export interface EffectCompilers {
  template(source: string, where: string): Template;
  expression(source: string, where: string): Expression;
  sources?: ReadonlyMap<string, CompiledSource>;
}

/** `where` is the effect's place in the file (`screens.pay.effects.0`), for failure reports. */
export function compileEffect(effect: AuthoredEffect, compilers: EffectCompilers, where = ''): CompiledEffect {
  const kind = kindOf(effect);
  const at = (field: string) => `${where}.${kind}.${field}`;
  return shapeOf(kind).compile((effect as Record<EffectKind, AuthoredOf<typeof kind>>)[kind], {
    template: (source, field) => compilers.template(source, at(field)),
    expression: (source, field) => compilers.expression(source, at(field)),
    sources: compilers.sources,
  }) as CompiledEffect;
}

/** The effect decided now, or undefined when it is dropped (its failure reported). */
export function renderEffect(effect: CompiledEffect, lookup: Lookup): EffectCommand | undefined {
  return shapeOf(effect.kind).render(effect, lookup);
}

/** The templates of an effect as written, with their paths under the effect (`['sms', 'text']`). */
export function effectTemplates(effect: AuthoredEffect): { path: [EffectKind, string]; source: string }[] {
  const kind = kindOf(effect);
  const fields: readonly TemplateField[] = shapeOf(kind).templates((effect as Record<EffectKind, AuthoredOf<typeof kind>>)[kind]);
  return fields.map(([field, source]) => ({ path: [kind, field], source }));
}

/** The `=` expressions of an effect as written (without `=`), with their paths under the effect. */
export function effectExpressions(effect: AuthoredEffect): { path: [EffectKind, string]; source: string }[] {
  const kind = kindOf(effect);
  const fields: readonly TemplateField[] = shapeOf(kind).expressions?.((effect as Record<EffectKind, AuthoredOf<typeof kind>>)[kind]) ?? [];
  return fields.map(([field, source]) => ({ path: [kind, field], source }));
}
