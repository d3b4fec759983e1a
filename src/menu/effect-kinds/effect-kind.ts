import type { z } from 'zod';
import type { CompiledSource } from '../source.js';
import type { Lookup, Template } from '../template.js';

/** A template an author wrote in an effect, and where (for the variables lint). */
export type TemplateField = readonly [field: string, source: string];

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
  /** At menu load: templates compiled once (`template` also notes the profile fields they read); `sources`, the menu's. */
  compile(authored: Authored, template: (source: string) => Template, sources?: ReadonlyMap<string, CompiledSource>): Compiled & { kind: K };
  /** At the hop that decides the effect, with the variables of that moment. */
  render(compiled: Compiled & { kind: K }, lookup: Lookup): Command;
  templates(authored: Authored): readonly TemplateField[];
}
