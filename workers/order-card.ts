import { z } from 'zod';
import { orderCard } from '../src/renewals/order-card';
import { defineWorker, noProperties } from './definition';

export default defineWorker({
  topic: 'order-card',
  variables: z.object({ renewalId: z.number().int().positive() }),
  properties: noProperties,
  async handle(ctx, { variables, idempotencyKey }) {
    const { producerOrderId } = await orderCard(ctx, variables.renewalId, idempotencyKey);
    return { cardOrderId: producerOrderId };
  },
});
