import { z } from 'zod';

/** The menu file's building blocks: ids, variable names, texts and conditions. Unknown fields are errors. */

export const ScreenIdSchema = z.string().regex(/^[a-z0-9-]+$/, 'a screen id is lowercase letters, digits and "-"');
export const VarNameSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a variable name is letters, digits and "_", not starting with a digit');
export const LangSchema = z.string().regex(/^[a-z]{2,3}$/, 'a language code is 2 or 3 lowercase letters (e.g. en, sw)');
export const ServiceCodeSchema = z.string().regex(/^\*\d+(\*\d+)*#$/, 'a service code looks like *384# or *384*1#');

/** A text: one string, or a map from language code to string. */
export const TextSchema = z.union([z.string(), z.record(LangSchema, z.string())]);
export type Text = z.infer<typeof TextSchema>;

const ScalarSchema = z.union([z.string(), z.number(), z.boolean()]);
export type Scalar = z.infer<typeof ScalarSchema>;

const OPERATORS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'exists'] as const;
export type Operator = (typeof OPERATORS)[number];

const VarRefSchema = z
  .string()
  .regex(/^(profile\.)?[A-Za-z_][A-Za-z0-9_]*$|^answers\.[a-z0-9-]+$/, 'expected a variable name, profile.<name> or answers.<screen id>');

const CompareSchema = z
  .object({
    var: VarRefSchema,
    eq: ScalarSchema.optional(),
    ne: ScalarSchema.optional(),
    gt: z.number().optional(),
    gte: z.number().optional(),
    lt: z.number().optional(),
    lte: z.number().optional(),
    in: z.array(ScalarSchema).optional(),
    exists: z.boolean().optional(),
  })
  .strict()
  .refine((c) => OPERATORS.filter((op) => c[op] !== undefined).length === 1, {
    message: `a condition has exactly one of ${OPERATORS.join(', ')}`,
  });

export type Condition =
  | string
  | ({ var: string } & Partial<Record<Exclude<Operator, 'in' | 'exists'>, Scalar>> & { in?: Scalar[]; exists?: boolean })
  | { all: Condition[] }
  | { any: Condition[] };

export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.string().min(1).describe('A CEL expression, e.g. "int(amount) <= balance && pin == pin2".'),
    CompareSchema,
    z.object({ all: z.array(ConditionSchema).min(1) }).strict(),
    z.object({ any: z.array(ConditionSchema).min(1) }).strict(),
  ]),
);
