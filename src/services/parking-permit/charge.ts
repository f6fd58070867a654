import { calendarDate, toIsoDate } from '../../calendar-date';
import { InvalidDataError } from '../../errors';
import { euros } from '../../registers/payment/client';
import type { RenewalContext } from '../../renewals/context';
import { loadRenewal, permitRenewal } from '../../renewals/load';
import type { Facts } from '../gpk/residence-rules';

export type ChargeFinding =
  { paymentOk: true; chargeId: number } | { paymentOk: false; exceptionReason: 'PAYMENT_REFUSED'; exceptionFacts: Facts };

/** What the resident's bank statement shows, and the letter quotes. */
export const chargeDescription = (permitNumber: string, from: Date, until: Date) =>
  `Parkeervergunning ${permitNumber} ${toIsoDate(from).slice(0, 4)}-${toIsoDate(until).slice(0, 4)}`;

/**
 * Charges the zone's yearly fee on the holder's mandate. The charge is recorded under the step's
 * idempotency key before the provider is called, and the same key goes to the provider as its
 * Idempotency-Key, so a repeated call (a task delivered twice, a crash after charging) finds the
 * one payment instead of making a second.
 */
export async function chargePermit(ctx: RenewalContext, renewalId: number, idempotencyKey: string): Promise<ChargeFinding> {
  const loaded = await loadRenewal(ctx.db, renewalId);
  const { permit, newValidFrom, newExpiresOn } = permitRenewal(loaded);
  if (!permit.zoneCode || !permit.paymentCustomerId || !permit.paymentMandateId)
    throw new InvalidDataError(`Renewal ${renewalId}: permit ${permit.number} lacks its zone or payment mandate`);
  const zone = await ctx.db.parkingZone.findUniqueOrThrow({ where: { code: permit.zoneCode } });
  const recorded = await ctx.db.permitCharge.upsert({
    where: { idempotencyKey },
    create: { renewalId, idempotencyKey, amountCents: zone.yearlyFeeCents },
    update: {},
  });
  const status =
    recorded.status ??
    (await (async () => {
      const result = await ctx.payments.charge({
        idempotencyKey,
        amountCents: recorded.amountCents,
        description: chargeDescription(permit.number, newValidFrom, newExpiresOn),
        customerId: permit.paymentCustomerId!,
        mandateId: permit.paymentMandateId!,
        metadata: { renewalId, permit: permit.number },
      });
      await ctx.db.$transaction([
        ctx.db.permitCharge.update({
          where: { idempotencyKey },
          data: { status: result.status, providerPaymentId: result.paymentId },
        }),
        ctx.db.auditEvent.create({
          data: {
            actor: 'system',
            action: result.status === 'paid' ? 'permit-charged' : 'permit-charge-refused',
            subjectType: 'renewal',
            subjectId: String(renewalId),
            details: { paymentId: result.paymentId, amountCents: recorded.amountCents, failureReason: result.failureReason },
          },
        }),
      ]);
      return result.status;
    })());
  if (status === 'paid') return { paymentOk: true, chargeId: recorded.id };
  return {
    paymentOk: false,
    exceptionReason: 'PAYMENT_REFUSED',
    exceptionFacts: {
      source: 'payment provider',
      readOn: toIsoDate(calendarDate(ctx.now())),
      amount: `EUR ${euros(recorded.amountCents)}`,
      mandate: permit.paymentMandateId,
      payment: 'refused',
    },
  };
}
