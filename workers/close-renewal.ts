import { z } from 'zod';
import { DECISIONS, OUTCOMES } from '../src/process/gpk-renewal-contract';
import { closeRenewal } from '../src/renewals/close-renewal';
import { defineJob } from './job-definition';

export default defineJob({
  type: 'close-renewal',
  variables: z.object({
    renewalId: z.number().int().positive(),
    decision: z.enum(DECISIONS).optional(),
    decisionNote: z.string().optional(),
  }),
  headers: z.object({ outcome: z.enum(OUTCOMES) }),
  async handle(ctx, { variables, headers }) {
    const decided = variables.decision ? { decision: variables.decision, note: variables.decisionNote ?? '' } : undefined;
    await closeRenewal(ctx, variables.renewalId, headers.outcome, decided);
    return {};
  },
});
