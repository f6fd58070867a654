import { z } from 'zod';
import { withdrawParkingPlace } from '../src/services/parking-place/withdraw';
import { defineWorker, noProperties } from './definition';

export default defineWorker({
  topic: 'withdraw-parking-place',
  variables: z.object({ renewalId: z.number().int().positive() }),
  properties: noProperties,
  async handle(ctx, { variables }) {
    await withdrawParkingPlace(ctx, variables.renewalId);
    return {};
  },
});
