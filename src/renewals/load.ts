import type { Db } from '../db/client';
import { InvalidDataError } from '../errors';

/**
 * A renewal (or offer) with everything the steps read: the resident and their current address,
 * and, for a service that renews a permit, the permit with its latest indication.
 */
export async function loadRenewal(db: Db, renewalId: number) {
  const renewal = await db.renewal.findUnique({
    where: { id: renewalId },
    include: {
      resident: { include: { addresses: { where: { validUntil: null }, orderBy: { validFrom: 'desc' }, take: 1 } } },
      permit: { include: { indications: { orderBy: { assessedOn: 'desc' }, take: 1 } } },
    },
  });
  if (!renewal) throw new InvalidDataError(`Renewal ${renewalId} does not exist`);
  const { resident, permit } = renewal;
  return {
    renewal,
    permit,
    resident,
    address: resident.addresses[0] ?? null,
    indication: permit?.indications[0] ?? null,
  };
}

export type LoadedRenewal = Awaited<ReturnType<typeof loadRenewal>>;

/** A permit's renewal: the permit, its expiry and the new period. */
export interface PermitRenewal {
  permit: NonNullable<LoadedRenewal['permit']>;
  expiresOn: Date;
  newValidFrom: Date;
  newExpiresOn: Date;
}

/** For the steps of a service that renews permits; a renewal without one here is invalid data. */
export function permitRenewal({ renewal, permit }: LoadedRenewal): PermitRenewal {
  const { expiresOn, newValidFrom, newExpiresOn } = renewal;
  if (!permit || !expiresOn || !newValidFrom || !newExpiresOn)
    throw new InvalidDataError(`Renewal ${renewal.id} (${renewal.service}) renews no permit`);
  return { permit, expiresOn, newValidFrom, newExpiresOn };
}

export function fullName(resident: { givenNames: string; surnamePrefix: string | null; surname: string }): string {
  return [resident.givenNames, resident.surnamePrefix, resident.surname].filter(Boolean).join(' ');
}
