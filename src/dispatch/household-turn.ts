import type { Db } from '../db/client';

/** A household gets at most one service's letter a week unless a letter cannot wait. */
export const HOUSEHOLD_WEEK_MS = 7 * 86_400_000;

/**
 * When an offer to this resident's household may go out: at once, or a week after the latest
 * letter another service sent to the same address this past week. Offers wait; renewal letters
 * never do, because they carry deadlines the resident must meet. The household is the current
 * address (postcode, house number and addition), as the letters are addressed.
 */
export async function offerTurn(db: Db, residentId: number, service: string, now: Date): Promise<Date | undefined> {
  const address = await db.address.findFirst({ where: { residentId, validUntil: null }, orderBy: { validFrom: 'desc' } });
  if (!address) return undefined;
  const latest = await db.dispatch.findFirst({
    where: {
      createdAt: { gt: new Date(now.getTime() - HOUSEHOLD_WEEK_MS) },
      letter: {
        renewal: {
          service: { not: service },
          resident: {
            addresses: {
              some: {
                validUntil: null,
                postalCode: address.postalCode,
                houseNumber: address.houseNumber,
                houseNumberAddition: address.houseNumberAddition,
              },
            },
          },
        },
      },
    },
    orderBy: { createdAt: 'desc' },
    select: { createdAt: true, notBefore: true },
  });
  if (!latest) return undefined;
  const sentFrom = latest.notBefore && latest.notBefore > latest.createdAt ? latest.notBefore : latest.createdAt;
  return new Date(sentFrom.getTime() + HOUSEHOLD_WEEK_MS);
}
