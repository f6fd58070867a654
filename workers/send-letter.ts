import { z } from 'zod';
import { LETTER_TEMPLATES } from '../src/process/gpk-renewal-contract';
import { sendRenewalLetter } from '../src/renewals/send-letter';
import { defineJob } from './job-definition';

export default defineJob({
  type: 'send-letter',
  variables: z.object({ renewalId: z.number().int().positive() }),
  headers: z.object({ template: z.enum(LETTER_TEMPLATES) }),
  async handle(ctx, { variables, headers, idempotencyKey }) {
    await sendRenewalLetter(ctx, variables.renewalId, headers.template, idempotencyKey);
    return {};
  },
});
