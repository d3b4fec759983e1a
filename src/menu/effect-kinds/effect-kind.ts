import type { z } from 'zod';
import type { Expression } from '../expressions/index.js';
import type { CompiledSource } from '../source.js';
import type { Lookup, Template } from '../template.js';

/** A template (or an `=` expression) an author wrote in an effect, and where (for the variables lint). */
export type TemplateField = readonly [field: string, source: string];

/** Compiles an effect's fields at menu load; `field` names the field for failure reports. */
export interface FieldCompilers {
  /** A template (also notes the profile fields it reads). */
  template(source: string, field: string): Template;
  /** An expression, without its `=` (also notes the profile fields it reads). */
  expression(source: string, field: string): Expression;
  /** The menu's sources by name (a `call` names one). */
  sources?: ReadonlyMap<string, CompiledSource>;
}

/**
 * One kind of effect as a menu knows it, and nothing more: what an author writes under the kind's
 * key (`charge: {…}`), what a hop decides (`{ kind: 'charge', … }`, the shape the outbox and the
 * queued job carry), and how the first becomes the second. Pure: the worker side (queue, provider
 * client, sandbox) is in `src/effects/kinds/`.
 */
export interface EffectKindShape<K extends string, Authored, Compiled, Command extends { kind: K }> {
  readonly kind: K;
  readonly authored: z.ZodType<Authored>;
  /** A `z.object` with `kind: z.literal(K)`, so the kinds form one discriminated union. */
  readonly command: z.ZodObject<{ kind: z.ZodLiteral<K> } & z.ZodRawShape, z.core.$strip> & z.ZodType<Command>;
  /** At menu load: templates and expressions compiled once. */
  compile(authored: Authored, compilers: FieldCompilers): Compiled & { kind: K };
  /**
   * At the hop that decides the effect, with the variables of that moment. Undefined drops the
   * effect (an amount that is not a positive number): the kind reports why (`reportFailure`).
   */
  render(compiled: Compiled & { kind: K }, lookup: Lookup): Command | undefined;
  /** Template fields, for the variables lint. */
  templates(authored: Authored): readonly TemplateField[];
  /** `=` expression fields (sources without the `=`), for the expressions lint. */
  expressions?(authored: Authored): readonly TemplateField[];
}
