import { z } from 'zod';
import { checkResidence } from '../src/gpk/check-residence';
import { defineJob, noHeaders } from './job-definition';

export default defineJob({
  type: 'check-residence',
  variables: z.object({ renewalId: z.number().int().positive() }),
  headers: noHeaders,
  async handle(ctx, { variables }) {
    const finding = await checkResidence(ctx, variables.renewalId);
    return finding.ok
      ? { residenceOk: true, residenceFacts: finding.facts }
      : { residenceOk: false, exceptionReason: finding.reason, exceptionFacts: finding.facts };
  },
});
