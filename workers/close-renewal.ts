import { z } from 'zod';
import { OUTCOMES } from '../src/process/gpk-renewal-contract';
import { closeRenewal } from '../src/renewals/close-renewal';
import { defineJob } from './job-definition';

export default defineJob({
  type: 'close-renewal',
  variables: z.object({ renewalId: z.number().int().positive() }),
  headers: z.object({ outcome: z.enum(OUTCOMES) }),
  async handle(ctx, { variables, headers }) {
    await closeRenewal(ctx, variables.renewalId, headers.outcome);
    return {};
  },
});
