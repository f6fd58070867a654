import { z } from 'zod';
import { chargePermit } from '../src/services/parking-permit/charge';
import { defineWorker, noProperties } from './definition';

export default defineWorker({
  topic: 'charge-permit',
  variables: z.object({ renewalId: z.number().int().positive() }),
  properties: noProperties,
  handle: async (ctx, { variables, idempotencyKey }) => ({ ...(await chargePermit(ctx, variables.renewalId, idempotencyKey)) }),
});
