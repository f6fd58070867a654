import { z } from 'zod';
import { checkIndication } from '../src/gpk/check-indication';
import { defineWorker, noProperties } from './definition';

export default defineWorker({
  topic: 'check-indication',
  variables: z.object({ renewalId: z.number().int().positive() }),
  properties: noProperties,
  async handle(ctx, { variables }) {
    const finding = await checkIndication(ctx, variables.renewalId);
    return finding.ok
      ? { indicationOk: true, indicationFacts: finding.facts }
      : { indicationOk: false, exceptionReason: finding.reason, exceptionFacts: finding.facts };
  },
});
