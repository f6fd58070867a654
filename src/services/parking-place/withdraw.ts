import { calendarDate } from '../../calendar-date';
import type { RenewalContext } from '../../renewals/context';
import { loadRenewal } from '../../renewals/load';
import { reviewedPlace } from './place';

/**
 * Records in the municipality's place register that the traffic department withdrew the decree,
 * so no later review asks about the place again. The first delivery's day stands.
 */
export async function withdrawParkingPlace(ctx: RenewalContext, renewalId: number): Promise<void> {
  const place = await reviewedPlace(ctx, await loadRenewal(ctx.db, renewalId));
  await ctx.db.parkingPlace.updateMany({
    where: { id: place.id, withdrawnOn: null },
    data: { withdrawnOn: calendarDate(ctx.now()) },
  });
}
