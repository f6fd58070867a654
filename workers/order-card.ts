import { z } from 'zod';
import { orderCard } from '../src/renewals/order-card';
import { defineJob, noHeaders } from './job-definition';

export default defineJob({
  type: 'order-card',
  variables: z.object({ renewalId: z.number().int().positive() }),
  headers: noHeaders,
  async handle(ctx, { variables, idempotencyKey }) {
    const { producerOrderId } = await orderCard(ctx, variables.renewalId, idempotencyKey);
    return { cardOrderId: producerOrderId };
  },
});
