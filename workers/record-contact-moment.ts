import { z } from 'zod';
import { LETTER_TEMPLATES } from '../src/process/gpk-renewal-contract';
import { recordLetterContactMoment } from '../src/renewals/contact-moment';
import { defineJob } from './job-definition';

export default defineJob({
  type: 'record-contact-moment',
  variables: z.object({ renewalId: z.number().int().positive() }),
  headers: z.object({ subject: z.enum(LETTER_TEMPLATES) }),
  async handle(ctx, { variables, headers, idempotencyKey }) {
    await recordLetterContactMoment(ctx, variables.renewalId, headers.subject, idempotencyKey);
    return {};
  },
});
