import { z } from 'zod';
import { checkIndication } from '../src/gpk/check-indication';
import { defineJob, noHeaders } from './job-definition';

export default defineJob({
  type: 'check-indication',
  variables: z.object({ renewalId: z.number().int().positive() }),
  headers: noHeaders,
  async handle(ctx, { variables }) {
    const finding = await checkIndication(ctx, variables.renewalId);
    return finding.ok
      ? { indicationOk: true, indicationFacts: finding.facts }
      : { indicationOk: false, exceptionReason: finding.reason, exceptionFacts: finding.facts };
  },
});
