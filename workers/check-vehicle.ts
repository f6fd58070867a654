import { z } from 'zod';
import { checkVehicle } from '../src/services/parking-permit/check-vehicle';
import { defineWorker, noProperties } from './definition';

export default defineWorker({
  topic: 'check-vehicle',
  variables: z.object({ renewalId: z.number().int().positive() }),
  properties: noProperties,
  handle: async (ctx, { variables }) => ({ ...(await checkVehicle(ctx, variables.renewalId)) }),
});
