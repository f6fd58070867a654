import { calendarDate, toIsoDate } from '../../calendar-date';
import type { RenewalContext } from '../../renewals/context';
import { loadRenewal } from '../../renewals/load';
import type { Facts } from '../gpk/residence-rules';
import type { HolderStatus } from './contract';
import { readReviewDetails, reviewedPlace } from './place';

export interface PlaceFinding {
  holderStatus: HolderStatus;
  /** Whether the RDW has the reserved plate in the holder's name; false when the holder is gone. */
  plateRegisteredToHolder: boolean;
  /** The facts the table and, where it must act, the traffic department read. */
  exceptionFacts: Facts;
}

/**
 * What the review's table decides on: whether the holder still lives here (the death or departure
 * the register reported, recorded once for every service) and whether the reserved plate is still
 * theirs in the RDW. A holder who died or left is not asked about: the RDW is not consulted.
 */
export async function checkParkingPlace(ctx: RenewalContext, renewalId: number): Promise<PlaceFinding> {
  const loaded = await loadRenewal(ctx.db, renewalId);
  const place = await reviewedPlace(ctx, loaded);
  const { trigger } = readReviewDetails(loaded.renewal);
  const lifeEvent = await ctx.db.lifeEvent.findFirst({ where: { residentId: loaded.resident.id }, orderBy: { id: 'asc' } });
  const holderStatus: HolderStatus = !lifeEvent ? 'here' : lifeEvent.kind === 'DECEASED' ? 'deceased' : 'left';
  const registration = holderStatus === 'here' ? await ctx.rdw.checkHolder(place.licencePlate, loaded.resident.bsn) : null;
  const facts: Facts = {
    source: registration ? 'RDW' : 'BRP',
    readOn: toIsoDate(calendarDate(ctx.now())),
    decree: place.decree,
    location: place.location,
    licencePlate: place.licencePlate,
    reviewTrigger: trigger,
    holderStatus,
    ...(lifeEvent ? { lifeEvent: lifeEvent.kind } : { plateRegisteredToHolder: registration?.holderMatches ?? false }),
  };
  return { holderStatus, plateRegisteredToHolder: registration?.holderMatches ?? false, exceptionFacts: facts };
}
