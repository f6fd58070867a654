import type { Prisma } from '../../db/client';
import { InvalidDataError } from '../../errors';
import type { RenewalContext } from '../../renewals/context';
import type { LoadedRenewal } from '../../renewals/load';
import { REVIEW_TRIGGERS, type ReviewTrigger } from './contract';

/** What a review case records when the GPK's process asks for it (renewal.details). */
export interface ReviewDetails {
  parkingPlaceId: number;
  trigger: ReviewTrigger;
  /** The GPK case that asked for the review. */
  gpkRenewalId: number;
}

export const reviewDetails = (details: ReviewDetails): Prisma.InputJsonObject => ({ ...details });

/** The review's details as stored; anything else is invalid data, not something to guess at. */
export function readReviewDetails(renewal: LoadedRenewal['renewal']): ReviewDetails {
  const details = renewal.details as Partial<ReviewDetails> | null;
  if (
    !details ||
    !Number.isInteger(details.parkingPlaceId) ||
    !Number.isInteger(details.gpkRenewalId) ||
    !(REVIEW_TRIGGERS as readonly unknown[]).includes(details.trigger)
  )
    throw new InvalidDataError(`Renewal ${renewal.id} (${renewal.service}) names no parking place to review`);
  return details as ReviewDetails;
}

/** The place a review is about, with its decree. */
export async function reviewedPlace(ctx: RenewalContext, loaded: LoadedRenewal) {
  const { parkingPlaceId } = readReviewDetails(loaded.renewal);
  const place = await ctx.db.parkingPlace.findUnique({ where: { id: parkingPlaceId } });
  if (!place || place.residentId !== loaded.resident.id)
    throw new InvalidDataError(`Renewal ${loaded.renewal.id}: parking place ${parkingPlaceId} is not the resident's`);
  return place;
}
