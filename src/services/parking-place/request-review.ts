import { renewalBusinessKey } from '../../renewals/vocabulary';
import { InvalidDataError } from '../../errors';
import type { RenewalContext } from '../../renewals/context';
import { PARKING_PLACE_REVIEW_MESSAGE, PARKING_PLACE_SERVICE, reviewSubject, type ReviewTrigger } from './contract';
import { reviewDetails } from './place';

/**
 * The GPK's process asks for a review of the holder's reserved parking places: each place gets a
 * review case, started by the message its model begins with. The case is recorded before the
 * message goes out and locked while it does, so a redelivered request finds the review already
 * started and starts none twice. A review runs whatever happened to the holder meanwhile: a
 * decree must still be withdrawn after a death.
 */
export async function requestParkingPlaceReview(
  ctx: RenewalContext,
  gpkRenewalId: number,
  trigger: ReviewTrigger,
): Promise<{ parkingPlaceReviews: number }> {
  const gpk = await ctx.db.renewal.findUnique({ where: { id: gpkRenewalId }, select: { residentId: true } });
  if (!gpk) throw new InvalidDataError(`Renewal ${gpkRenewalId} does not exist`);
  const places = await ctx.db.parkingPlace.findMany({
    where: { residentId: gpk.residentId, withdrawnOn: null },
    select: { id: true },
    orderBy: { id: 'asc' },
  });
  for (const place of places) {
    const subject = reviewSubject(place.id, gpkRenewalId);
    const created = await ctx.db.renewal.createManyAndReturn({
      data: [
        {
          service: PARKING_PLACE_SERVICE,
          residentId: gpk.residentId,
          subject,
          details: reviewDetails({ parkingPlaceId: place.id, trigger, gpkRenewalId }),
        },
      ],
      skipDuplicates: true,
      select: { id: true },
    });
    if (created[0])
      await ctx.db.renewalStatusChange.create({
        data: {
          renewalId: created[0].id,
          status: 'PENDING_START',
          reason: `requested by GPK renewal ${gpkRenewalId} (${trigger})`,
        },
      });
    await ctx.db.$transaction(
      async (tx) => {
        const [review] = await tx.$queryRaw<{ id: number; processInstanceId: string | null }[]>`
          SELECT id, "processInstanceId" FROM renewal WHERE service = ${PARKING_PLACE_SERVICE} AND subject = ${subject} FOR UPDATE`;
        if (!review || review.processInstanceId !== null) return;
        const processInstanceId = await ctx.processes.startByMessage(
          PARKING_PLACE_REVIEW_MESSAGE,
          renewalBusinessKey(review.id),
          {
            renewalId: review.id,
            reviewTrigger: trigger,
          },
        );
        await tx.renewal.update({ where: { id: review.id }, data: { status: 'STARTED', processInstanceId } });
        await tx.renewalStatusChange.create({
          data: { renewalId: review.id, status: 'STARTED', reason: 'review process started by message' },
        });
      },
      // Workers share the connection pool: waiting a while for a connection is no failure.
      { timeout: 60_000, maxWait: 10_000 },
    );
  }
  return { parkingPlaceReviews: places.length };
}
