import { z } from 'zod';
import { checkParkingPlace } from '../src/services/parking-place/check-place';
import { defineWorker, noProperties } from './definition';

export default defineWorker({
  topic: 'check-parking-place',
  variables: z.object({ renewalId: z.number().int().positive() }),
  properties: noProperties,
  handle: async (ctx, { variables }) => ({ ...(await checkParkingPlace(ctx, variables.renewalId)) }),
});
