import { z } from 'zod';
import { DECISIONS, RESIDENT_RESPONSES } from '../src/renewals/vocabulary';
import { grantRemission } from '../src/services/remission/grant';
import { defineWorker, noProperties } from './definition';

export default defineWorker({
  topic: 'grant-remission',
  variables: z.object({
    renewalId: z.number().int().positive(),
    decision: z.enum(DECISIONS).optional(),
    residentResponse: z.enum(RESIDENT_RESPONSES).optional(),
  }),
  properties: noProperties,
  async handle(ctx, { variables }) {
    // Who granted it, for the audit trail: a case worker, the resident accepting, or the table alone.
    const grantedBy = variables.decision
      ? 'case-worker'
      : variables.residentResponse === 'confirmed'
        ? 'resident-accepted-offer'
        : 'decision-table';
    await grantRemission(ctx, variables.renewalId, grantedBy);
    return {};
  },
});
