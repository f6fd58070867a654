import { z } from 'zod';
import { DECISIONS, OUTCOMES } from '../src/renewals/vocabulary';
import { closeRenewal } from '../src/renewals/close-renewal';
import { defineWorker } from './definition';

export default defineWorker({
  topic: 'close-renewal',
  variables: z.object({
    renewalId: z.number().int().positive(),
    decision: z.enum(DECISIONS).optional(),
    decisionNote: z.string().optional(),
  }),
  properties: z.object({ outcome: z.enum(OUTCOMES) }),
  async handle(ctx, { variables, properties }) {
    const decided = variables.decision ? { decision: variables.decision, note: variables.decisionNote ?? '' } : undefined;
    await closeRenewal(ctx, variables.renewalId, properties.outcome, decided);
    return {};
  },
});
