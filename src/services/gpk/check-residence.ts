import { loadRenewal } from '../../renewals/load';
import type { RenewalContext } from '../../renewals/context';
import { calendarDate, toIsoDate } from '../../calendar-date';
import { assessResidence, type Finding } from './residence-rules';
import { lifeEventIn, recordLifeEvent } from '../../residents/life-events';

/**
 * Asks the BRP where the holder lives now and whether the renewal may go ahead. When the holder
 * moved within the municipality, the BRP is leading: our address is brought up to date (with an
 * audit event), so the letter and card go to where the resident really lives.
 */
export async function checkResidence(ctx: RenewalContext, renewalId: number): Promise<Finding> {
  const { resident, address } = await loadRenewal(ctx.db, renewalId);
  const brp = await ctx.brp.getResidence(resident.bsn);
  const readOn = toIsoDate(calendarDate(ctx.now()));
  const finding = assessResidence(brp, ctx.config.MUNICIPALITY_CODE, readOn);
  // Found here, it ends the resident's other services too (src/residents/life-events.ts).
  const lifeEvent = lifeEventIn(brp, ctx.config.MUNICIPALITY_CODE, readOn);
  if (lifeEvent) await recordLifeEvent(ctx.db, resident.id, lifeEvent);
  if (!finding.ok || !brp?.address) return finding;

  const current = brp.address;
  const unchanged =
    address !== null &&
    address.postalCode.replace(/\s/g, '') === current.postalCode.replace(/\s/g, '') &&
    address.houseNumber === current.houseNumber &&
    (address.houseNumberAddition ?? null) === (current.houseNumberAddition ?? null);
  if (!unchanged) {
    const today = calendarDate(ctx.now());
    await ctx.db.$transaction(async (tx) => {
      if (address) await tx.address.update({ where: { id: address.id }, data: { validUntil: today } });
      await tx.address.create({
        data: {
          residentId: resident.id,
          ...current,
          postalCode: current.postalCode.replace(/^(\d{4})\s*([A-Z]{2})$/i, '$1 $2').toUpperCase(),
          municipalityCode: ctx.config.MUNICIPALITY_CODE,
          validFrom: today,
        },
      });
      await tx.auditEvent.create({
        data: {
          actor: 'system',
          action: 'address-updated-from-brp',
          subjectType: 'resident',
          subjectId: String(resident.id),
          details: { renewalId },
        },
      });
    });
  }
  return finding;
}
