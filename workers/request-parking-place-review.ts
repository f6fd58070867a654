import { z } from 'zod';
import { REVIEW_TRIGGERS } from '../src/services/parking-place/contract';
import { requestParkingPlaceReview } from '../src/services/parking-place/request-review';
import { defineWorker } from './definition';

export default defineWorker({
  topic: 'request-parking-place-review',
  variables: z.object({ renewalId: z.number().int().positive() }),
  properties: z.object({ trigger: z.enum(REVIEW_TRIGGERS) }),
  handle: async (ctx, { variables, properties }) => ({
    ...(await requestParkingPlaceReview(ctx, variables.renewalId, properties.trigger)),
  }),
});
