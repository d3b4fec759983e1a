import { z } from 'zod';
import { LangSchema, ScreenIdSchema, ServiceCodeSchema, TextSchema, VarNameSchema, type Text } from './schema-basics.js';
import { ScreenSchema, SetSchema, SourceNameSchema } from './screen-schema.js';

/** The menu file format of spec/menu-format.md, as zod schemas. Unknown fields are errors. */

export * from './schema-basics.js';
export * from './screen-schema.js';


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
