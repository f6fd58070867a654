import { z } from 'zod';
import { checkParticipation } from '../src/services/participation/check-participation';
import { defineWorker, noProperties } from './definition';

export default defineWorker({
  topic: 'check-participation',
  variables: z.object({ renewalId: z.number().int().positive() }),
  properties: noProperties,
  handle: (ctx, { variables }) => checkParticipation(ctx, variables.renewalId),
});
