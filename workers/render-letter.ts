import { z } from 'zod';
import { LETTER_TEMPLATES } from '../src/process/gpk-renewal-contract';
import { renderRenewalLetter } from '../src/renewals/render-letter';
import { defineJob } from './job-definition';

export default defineJob({
  type: 'render-letter',
  variables: z.object({ renewalId: z.number().int().positive(), decisionNote: z.string().optional() }),
  headers: z.object({ template: z.enum(LETTER_TEMPLATES) }),
  async handle(ctx, { variables, headers, idempotencyKey }) {
    await renderRenewalLetter(ctx, variables.renewalId, headers.template, idempotencyKey, {
      decisionNote: variables.decisionNote,
    });
    return {};
  },
});
