import { z } from 'zod';
import { LETTER_TEMPLATES } from '../src/letters/templates';
import { sendRenewalLetter } from '../src/renewals/send-letter';
import { defineWorker } from './definition';

export default defineWorker({
  topic: 'send-letter',
  variables: z.object({ renewalId: z.number().int().positive() }),
  properties: z.object({ template: z.enum(LETTER_TEMPLATES) }),
  async handle(ctx, { variables, properties, idempotencyKey }) {
    await sendRenewalLetter(ctx, variables.renewalId, properties.template, idempotencyKey);
    return {};
  },
});
