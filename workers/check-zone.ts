import { z } from 'zod';
import { checkZone } from '../src/services/parking-permit/check-zone';
import { defineWorker, noProperties } from './definition';

export default defineWorker({
  topic: 'check-zone',
  variables: z.object({ renewalId: z.number().int().positive() }),
  properties: noProperties,
  handle: async (ctx, { variables }) => ({ ...(await checkZone(ctx, variables.renewalId)) }),
});
