import { z } from 'zod';
import { checkIndication } from '../src/services/gpk/check-indication';
import { defineWorker, noProperties } from './definition';

export default defineWorker({
  topic: 'check-indication',
  variables: z.object({ renewalId: z.number().int().positive() }),
  properties: noProperties,
  handle: (ctx, { variables }) => checkIndication(ctx, variables.renewalId),
});
