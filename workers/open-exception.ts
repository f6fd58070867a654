import { z } from 'zod';
import { EXCEPTION_REASONS } from '../src/process/gpk-renewal-contract';
import { openException } from '../src/renewals/exceptions';
import { defineJob, noHeaders } from './job-definition';

export default defineJob({
  type: 'open-exception',
  variables: z.object({
    renewalId: z.number().int().positive(),
    exceptionReason: z.enum(EXCEPTION_REASONS),
    exceptionFacts: z.record(z.unknown()).optional(),
  }),
  headers: noHeaders,
  async handle(ctx, { variables }) {
    const { dueDate } = await openException(ctx, variables.renewalId, variables.exceptionReason, variables.exceptionFacts);
    return { exceptionDueDate: dueDate.toISOString() };
  },
});
