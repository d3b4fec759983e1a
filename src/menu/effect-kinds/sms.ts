import { z } from 'zod';
import type { Template } from '../template.js';
import type { EffectKindShape } from './effect-kind.js';

const SmsAuthoredSchema = z.object({ text: z.string().min(1) }).strict();

export const SmsCommandSchema = z.object({ kind: z.literal('sms'), text: z.string().min(1) });
export type SmsCommand = z.infer<typeof SmsCommandSchema>;

/** `sms`: send the caller a text message. */
export const smsShape: EffectKindShape<'sms', z.infer<typeof SmsAuthoredSchema>, { text: Template }, SmsCommand> = {
  kind: 'sms',
  authored: SmsAuthoredSchema,
  command: SmsCommandSchema,
  compile: (a, c) => ({ kind: 'sms', text: c.template(a.text, 'text') }),
  render: (c, lookup) => ({ kind: 'sms', text: c.text.render(lookup) }),
  templates: (a) => [['text', a.text]],
};
