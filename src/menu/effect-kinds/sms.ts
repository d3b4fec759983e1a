import { z } from 'zod';
import { reportFailure } from '../expressions/index.js';
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
  render: (c, lookup) => {
    const text = c.text.render(lookup);
    // A provider refuses an empty message, and a job that can never be delivered is no SMS at all.
    if (text.trim() === '') {
      reportFailure({ where: c.text.where, source: c.text.source, error: 'the SMS text is empty: the SMS is dropped' });
      return undefined;
    }
    return { kind: 'sms', text };
  },
  templates: (a) => [['text', a.text]],
};
