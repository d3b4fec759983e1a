import { z } from 'zod';
import { EffectSchema } from './effect-kinds/effect-kinds.js';
import { ConditionSchema, ScreenIdSchema, TextSchema, VarNameSchema } from './schema-basics.js';
import { NESTED_REPEATS, nestsUnboundedRepeats } from './regex-nesting.js';

/** The screens of a menu file (spec: Screens), as zod schemas: one per `type`. Unknown fields are errors. */

export const SetSchema = z.record(VarNameSchema, z.union([z.string(), z.number()]));
const ProfileSchema = z.record(VarNameSchema, z.union([z.string(), z.number()]));


/** A numeric bound: a number, or an expression giving one (`"=balance"`; the `=` may be left out). */
const BoundSchema = z.union([z.number(), z.string().min(1)]);

/** What a transition may do besides moving: shared by options, input screens and end screens. */
const actionFields = {
  set: SetSchema.optional(),
  effects: z.array(EffectSchema).optional(),
  profile: ProfileSchema.optional(),
};

export const OptionSchema = z
  .object({ label: TextSchema, goto: ScreenIdSchema, when: ConditionSchema.optional(), ...actionFields })
  .strict();
export type Option = z.infer<typeof OptionSchema>;

const MenuScreenSchema = z
  .object({
    type: z.literal('menu'),
    text: TextSchema,
    options: z.array(OptionSchema).default([]),
    list: z.string().min(1).optional().describe('A generated list: an expression giving a list ("=vouchers"); its items are numbered before `options`.'),
    label: TextSchema.optional().describe('Each item\'s label: a template with `item` and `index` (from 1).'),
    save: VarNameSchema.optional().describe('The variable that keeps the chosen item.'),
    goto: ScreenIdSchema.optional().describe('Where choosing an item leads.'),
    empty: ScreenIdSchema.optional().describe('The screen shown instead when the list is empty (or not a list).'),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.list === undefined) {
      if (s.options.length === 0) ctx.addIssue({ code: 'custom', path: ['options'], message: 'a menu has options, or a generated list (list, label, goto, empty)' });
      for (const f of ['label', 'save', 'goto', 'empty'] as const) if (s[f] !== undefined) ctx.addIssue({ code: 'custom', path: [f], message: `${f} belongs to a generated list: add list` });
      return;
    }
    for (const f of ['label', 'goto', 'empty'] as const) if (s[f] === undefined) ctx.addIssue({ code: 'custom', path: [f], message: `a generated list needs ${f}` });
  })
  .describe('Shows text then numbered options (generated list items first); input is the option number. Options whose `when` is false are hidden.');
const InputScreenSchema = z
  .object({
    type: z.literal('input'),
    text: TextSchema,
    save: VarNameSchema,
    goto: ScreenIdSchema,
    pattern: z
      .string()
      .refine((p) => isRegExp(p), 'not a valid regular expression')
      .refine((p) => !nestsUnboundedRepeats(p), NESTED_REPEATS)
      .optional(),
    min: BoundSchema.optional(),
    max: BoundSchema.optional(),
    valid: z.string().min(1).optional().describe('A CEL expression over `input` and the variables that must hold, e.g. "input == pin".'),
    error: TextSchema.optional(),
    example: z.string().optional().describe('A valid input, for generated path tests and docs (checked against pattern/min/max).'),
    sensitive: z
      .boolean()
      .optional()
      .describe('A secret (a PIN): never logged, traced or stored in clear; it may be compared and sent by a fetch, never shown or put in an effect or a profile. Unset: true when `save` names a pin or password (with a warning).'),
    ...actionFields,
  })
  .strict()
  .describe('Shows text and stores the input in `save`; `pattern`, `min`/`max` validate it.');
const QuestionScreenSchema = z
  .object({
    type: z.literal('question'),
    text: TextSchema,
    choices: z.array(TextSchema).min(2),
    answer: z.number().int().min(1),
    goto: ScreenIdSchema,
    points: z.number().optional(),
  })
  .strict()
  .describe('Like a menu; a right answer adds `points` (default 1) to `score`; the choice is kept as answers.<screen id>.');
const BranchScreenSchema = z
  .object({
    type: z.literal('branch'),
    cases: z.array(z.object({ when: ConditionSchema, goto: ScreenIdSchema }).strict()).min(1),
    otherwise: ScreenIdSchema,
  })
  .strict()
  .describe('Shows nothing: moves at once to the first case whose condition holds, else to `otherwise`.');
const EndScreenSchema = z
  .object({ type: z.literal('end'), text: TextSchema, effects: actionFields.effects, profile: actionFields.profile })
  .strict()
  .describe('Shows text and ends the session.');

/** A source's name, as `fetch` and `call` name it (`wallet`; its metrics say `<menu id>.wallet`). */
export const SourceNameSchema = z.string().regex(/^[a-z][a-z0-9-]*$/, 'a source name is lowercase letters, digits and "-", starting with a letter');
/** A request body: JSON fields whose values are templates or numbers. */
export const RequestBodySchema = z.record(z.string().min(1), z.union([z.string(), z.number()]));

const FetchScreenSchema = z
  .object({
    type: z.literal('fetch'),
    source: SourceNameSchema,
    path: z.string().regex(/^\//, 'a path starts with "/"').describe('Template; each inserted value is URL-encoded.'),
    method: z.enum(['GET', 'POST']).default('GET'),
    query: z.record(z.string().min(1), z.string()).optional().describe('Query parameters (templates).'),
    body: RequestBodySchema.optional().describe('A POST body sent as JSON: templates, numbers or = expressions.'),
    set: SetSchema.optional().describe('What to keep of the answer (response, status): only these stay in the session.'),
    goto: ScreenIdSchema,
    onError: ScreenIdSchema.describe('Where a non-2xx, a timeout, an open breaker or a body that is not JSON goes.'),
  })
  .strict()
  .describe('Shows nothing: calls a source during the hop and moves on to `goto`, or to `onError`.');

const HandoffScreenSchema = z
  .object({
    type: z.literal('handoff'),
    path: z
      .string()
      .regex(/^\d+(\*\d+)*$/, 'a path is the inputs that lead there in the legacy app, such as "3*1"')
      .optional()
      .describe('The inputs that lead to the same place in the legacy app: it sees a dial of the service code extended by them (*384*3*1#).'),
  })
  .strict()
  .describe('Hands the rest of the session to the legacy USSD app (LEGACY_<GATEWAY>_URL); its replies are relayed from this hop on.');

export const ScreenSchema = z.discriminatedUnion('type', [
  MenuScreenSchema,
  InputScreenSchema,
  QuestionScreenSchema,
  BranchScreenSchema,
  EndScreenSchema,
  FetchScreenSchema,
  HandoffScreenSchema,
]);
export type Screen = z.infer<typeof ScreenSchema>;
export type MenuScreen = z.infer<typeof MenuScreenSchema>;
export type InputScreen = z.infer<typeof InputScreenSchema>;
export type QuestionScreen = z.infer<typeof QuestionScreenSchema>;
export type BranchScreen = z.infer<typeof BranchScreenSchema>;
export type EndScreen = z.infer<typeof EndScreenSchema>;
export type FetchScreen = z.infer<typeof FetchScreenSchema>;
export type HandoffScreen = z.infer<typeof HandoffScreenSchema>;

function isRegExp(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}
