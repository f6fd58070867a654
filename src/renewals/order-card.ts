import { envelopeLines } from '../residents/address';
import { InvalidDataError } from '../errors';
import { toIsoDate } from '../calendar-date';
import type { RenewalContext } from './context';
import { fullName, loadRenewal, permitRenewal } from './load';

export interface CardOrderResult {
  producerOrderId: string;
  /** False when this step had already ordered the card: a redelivered job must not order twice. */
  newlyOrdered: boolean;
}

/**
 * Orders the new card. The order is recorded under the step's idempotency key before the
 * producer is called, and the same key goes to the producer as its order reference, so a
 * repeated call (a job delivered twice, a crash after ordering) yields the one existing order.
 */
export async function orderCard(ctx: RenewalContext, renewalId: number, idempotencyKey: string): Promise<CardOrderResult> {
  const recorded = await ctx.db.cardOrder.upsert({
    where: { idempotencyKey },
    create: { renewalId, idempotencyKey },
    update: {},
  });
  if (recorded.producerOrderId) return { producerOrderId: recorded.producerOrderId, newlyOrdered: false };

  const loaded = await loadRenewal(ctx.db, renewalId);
  const { resident, address } = loaded;
  const { permit, newValidFrom, newExpiresOn } = permitRenewal(loaded);
  if (!permit.kind) throw new InvalidDataError(`Renewal ${renewalId}: permit ${permit.id} is no card with a kind to order`);
  if (!address) throw new InvalidDataError(`Renewal ${renewalId}: the holder has no current address to send the card to`);
  const order = await ctx.cardProducer.order({
    reference: idempotencyKey,
    kind: permit.kind,
    cardNumber: permit.number,
    holder: { name: fullName(resident), addressLines: envelopeLines(address) },
    validFrom: toIsoDate(newValidFrom),
    validUntil: toIsoDate(newExpiresOn),
  });
  await ctx.db.$transaction([
    ctx.db.cardOrder.update({ where: { idempotencyKey }, data: { producerOrderId: order.orderId } }),
    ctx.db.auditEvent.create({
      data: {
        actor: 'system',
        action: 'card-ordered',
        subjectType: 'renewal',
        subjectId: String(renewalId),
        details: { producerOrderId: order.orderId },
      },
    }),
  ]);
  return { producerOrderId: order.orderId, newlyOrdered: order.created };
}
