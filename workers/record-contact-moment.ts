import { z } from 'zod';
import { LETTER_TEMPLATES } from '../src/letters/templates';
import { recordLetterContactMoment } from '../src/renewals/contact-moment';
import { defineWorker } from './definition';

export default defineWorker({
  topic: 'record-contact-moment',
  variables: z.object({ renewalId: z.number().int().positive() }),
  properties: z.object({ subject: z.enum(LETTER_TEMPLATES) }),
  async handle(ctx, { variables, properties, idempotencyKey }) {
    await recordLetterContactMoment(ctx, variables.renewalId, properties.subject, idempotencyKey);
    return {};
  },
});
