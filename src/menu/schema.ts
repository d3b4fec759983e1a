import { z } from 'zod';
import { EffectSchema } from './effect-kinds/effect-kinds.js';

/** The menu file format of spec/menu-format.md, as zod schemas. Unknown fields are errors. */

export const ScreenIdSchema = z.string().regex(/^[a-z0-9-]+$/, 'a screen id is lowercase letters, digits and "-"');
export const VarNameSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a variable name is letters, digits and "_", not starting with a digit');
const LangSchema = z.string().regex(/^[a-z]{2,3}$/, 'a language code is 2 or 3 lowercase letters (e.g. en, sw)');
const ServiceCodeSchema = z.string().regex(/^\*\d+(\*\d+)*#$/, 'a service code looks like *384# or *384*1#');

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

const SetSchema = z.record(VarNameSchema, z.union([z.string(), z.number()]));
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

/** An outside HTTP service a menu reads from (`fetch`) or tells (`call`). `${NAME}` is a SOURCE_* variable. */
export const SourceSchema = z
  .object({
    url: z.string().min(1).describe('Base URL: http(s)://… or ${SOURCE_…}.'),
    headers: z.record(z.string().regex(/^[A-Za-z0-9-]+$/, 'a header name is letters, digits and "-"'), z.string()).optional(),
    timeoutMs: z.number().int().min(1).max(60_000).default(1500).describe('Never more than what is left of the hop\'s deadline.'),
    cacheSeconds: z.number().int().min(0).max(86_400).default(0).describe('2xx GET answers shared by every caller (in Redis) for this long.'),
  })
  .strict();
export type Source = z.infer<typeof SourceSchema>;

/**
 * System texts of the spec, plus the resume prompt's two option labels (`continue`, `startOver`),
 * `expired` (a hop arriving after the session timed out), `ended` (after the gateway ended it) and
 * `rateLimited` (the END for a number over its rate limit).
 */
export const SYSTEM_TEXTS = [
  'invalid',
  'more',
  'back',
  'resumePrompt',
  'continue',
  'startOver',
  'tooManyAttempts',
  'unavailable',
  'expired',
  'ended',
  'rateLimited',
] as const;
export type SystemText = (typeof SYSTEM_TEXTS)[number];

const KeySchema = z.string().regex(/^[0-9*#]{1,4}$/, 'a key is 1 to 4 of 0-9, * and #');

/** Which callers a migrated menu serves while the rest stay on the legacy USSD app (docs/migration.md). */
export const RolloutSchema = z
  .object({
    share: z.number().int().min(0).max(100).default(100).describe('Percent of callers (0-100) this menu serves; the rest go to the legacy app.'),
    allow: z.array(z.string().regex(/^\+\d{6,15}$/, 'an E.164 number such as +254711000111')).default([]).describe('Numbers this menu always serves (testers).'),
    shadow: z.boolean().default(false).describe('Callers left on the legacy side also run this menu silently; replies compared.'),
  })
  .strict();
export type Rollout = z.infer<typeof RolloutSchema>;

export const MenuSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/, 'a menu id is lowercase letters, digits and "-"').describe('Unique across menus/; the file is named <id>.menu.yaml.'),
    serviceCodes: z.array(ServiceCodeSchema).min(1).describe('Codes that route here, such as *384#. *384*1*2# routes to *384# with extra parts 1*2.'),
    languages: z.array(LangSchema).min(1).default(['en']).describe('Language codes; the first is the default.'),
    start: ScreenIdSchema.describe('Id of the first screen.'),
    pageSize: z.number().int().min(40).max(182).default(160).describe('Most GSM-7 septets per screen; longer menus are paginated.'),
    gateways: z
      .array(z.string().regex(/^[a-z0-9-]+$/, 'a gateway name such as nalo or africastalking'))
      .min(1)
      .optional()
      .describe('The gateways this menu is served through: every page is checked against the smallest of their limits (default: every gateway the service speaks).'),
    keys: z
      .object({
        back: KeySchema.default('0'),
        home: KeySchema.default('00'),
        more: KeySchema.default('98'),
        previous: KeySchema.optional().describe('Shows the previous page of a paged screen; default: the back key.'),
      })
      .strict()
      .default({ back: '0', home: '00', more: '98' }),
    maxAttempts: z.number().int().min(1).default(3).describe('Invalid inputs allowed on one screen before the session ends.'),
    resume: z.boolean().default(true).describe('Offer a caller whose session dropped to continue where they left off when they dial again.'),
    texts: z.object(Object.fromEntries(SYSTEM_TEXTS.map((k) => [k, TextSchema.optional()]))).strict().optional().describe('Overrides of system texts.'),
    shortcuts: z
      .record(
        z.string().regex(/^\d+(\*\d+)*$/, 'a shortcut is the extra dial parts, such as "1*2"'),
        z.object({ goto: ScreenIdSchema, set: SetSchema.optional() }).strict(),
      )
      .optional()
      .describe('Extra dial parts ("1*2") to the screen they open; parts with no shortcut are walked as inputs from start.'),
    vars: z
      .record(
        z.union([VarNameSchema, z.string().regex(/^profile\.[A-Za-z_][A-Za-z0-9_]*$/)]),
        z.object({ maxLength: z.number().int().min(1).optional(), maxItems: z.number().int().min(1).optional() }).strict(),
      )
      .optional()
      .describe('Longest lengths of variables (or profile.<field>), and most items of a list variable, used by the length check; undeclared: 20 characters, 10 items.'),
    screens: z.record(ScreenIdSchema, ScreenSchema).describe('Screen id to screen.'),
    rollout: RolloutSchema.optional().describe('Share of callers this menu serves while the rest stay on a legacy USSD app (LEGACY_<GATEWAY>_URL).'),
    sources: z.record(SourceNameSchema, SourceSchema).optional().describe('Outside HTTP services the menu reads from (fetch) or tells (call).'),
  })
  .strict();

export type MenuFile = z.input<typeof MenuSchema>;
export type Menu = z.infer<typeof MenuSchema> & { texts?: Partial<Record<SystemText, Text>> };

function isRegExp(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}
