import type { Db } from '../db/client';
import { InvalidDataError } from '../errors';

/** A renewal with everything the steps read: permit, holder, current address, indication. */
export async function loadRenewal(db: Db, renewalId: number) {
  const renewal = await db.renewal.findUnique({
    where: { id: renewalId },
    include: {
      permit: {
        include: {
          indications: { orderBy: { assessedOn: 'desc' }, take: 1 },
          resident: { include: { addresses: { where: { validUntil: null }, orderBy: { validFrom: 'desc' }, take: 1 } } },
        },
      },
    },
  });
  if (!renewal) throw new InvalidDataError(`Renewal ${renewalId} does not exist`);
  const resident = renewal.permit.resident;
  return {
    renewal,
    permit: renewal.permit,
    resident,
    address: resident.addresses[0] ?? null,
    indication: renewal.permit.indications[0] ?? null,
  };
}

export type LoadedRenewal = Awaited<ReturnType<typeof loadRenewal>>;

export function fullName(resident: { givenNames: string; surnamePrefix: string | null; surname: string }): string {
  return [resident.givenNames, resident.surnamePrefix, resident.surname].filter(Boolean).join(' ');
}
