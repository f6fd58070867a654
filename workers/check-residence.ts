import { z } from 'zod';
import { checkResidence } from '../src/services/gpk/check-residence';
import { defineWorker, noProperties } from './definition';

export default defineWorker({
  topic: 'check-residence',
  variables: z.object({ renewalId: z.number().int().positive() }),
  properties: noProperties,
  async handle(ctx, { variables }) {
    const finding = await checkResidence(ctx, variables.renewalId);
    return finding.ok
      ? { residenceOk: true, residenceFacts: finding.facts }
      : { residenceOk: false, exceptionReason: finding.reason, exceptionFacts: finding.facts };
  },
});
