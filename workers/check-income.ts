import { z } from 'zod';
import { checkIncome } from '../src/services/remission/check-income';
import { defineWorker, noProperties } from './definition';

export default defineWorker({
  topic: 'check-income',
  variables: z.object({ renewalId: z.number().int().positive() }),
  properties: noProperties,
  handle: (ctx, { variables }) => checkIncome(ctx, variables.renewalId),
});
