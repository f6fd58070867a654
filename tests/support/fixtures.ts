import type { Db, Letter, Permit, Prisma, Renewal, Resident } from '../../src/db/client';
import { nextBsn } from './bsn-factory';

/**
 * Factories for rows the tests need around the one they are about. Every call makes unique
 * values (BSN, permit number, idempotency keys), so tests in one database never collide.
 */
let serial = 0;
const unique = (): string => `${process.pid}-${++serial}`;

export function createResident(db: Db, overrides: Partial<Prisma.ResidentUncheckedCreateInput> = {}): Promise<Resident> {
  return db.resident.create({
    data: {
      bsn: nextBsn(),
      givenNames: 'Anna',
      surname: `Jansen ${unique()}`,
      birthDate: new Date('1950-03-04'),
      ...overrides,
    },
  });
}

export function createPermit(
  db: Db,
  residentId: number,
  overrides: Partial<Prisma.PermitUncheckedCreateInput> = {},
): Promise<Permit> {
  return db.permit.create({
    data: {
      residentId,
      kind: 'B',
      number: `GPK-F-${unique()}`,
      validFrom: new Date('2021-12-02'),
      expiresOn: new Date('2026-12-01'),
      ...overrides,
    },
  });
}

/** A renewal of the permit's current card for five more years. */
export function createRenewal(
  db: Db,
  permit: Pick<Permit, 'id' | 'residentId' | 'service' | 'expiresOn'>,
  overrides: Partial<Prisma.RenewalUncheckedCreateInput> = {},
): Promise<Renewal> {
  const newValidFrom = new Date(permit.expiresOn.getTime() + 24 * 60 * 60 * 1000);
  const newExpiresOn = new Date(permit.expiresOn);
  newExpiresOn.setUTCFullYear(newExpiresOn.getUTCFullYear() + 5);
  return db.renewal.create({
    data: {
      service: permit.service,
      residentId: permit.residentId,
      subject: `permit-${permit.id}/${permit.expiresOn.toISOString().slice(0, 10)}`,
      permitId: permit.id,
      expiresOn: permit.expiresOn,
      newValidFrom,
      newExpiresOn,
      ...overrides,
    },
  });
}

/** A resident with a permit and a renewal of it: what every letter belongs to. */
export async function createRenewalWithHolder(db: Db): Promise<{ resident: Resident; permit: Permit; renewal: Renewal }> {
  const resident = await createResident(db);
  const permit = await createPermit(db, resident.id);
  const renewal = await createRenewal(db, permit);
  return { resident, permit, renewal };
}

export function createLetter(
  db: Db,
  renewalId: number,
  pdf: Buffer,
  overrides: Partial<Prisma.LetterUncheckedCreateInput> = {},
): Promise<Letter> {
  const key = unique();
  return db.letter.create({
    data: {
      renewalId,
      idempotencyKey: `letter-${key}`,
      template: 'gpk/renewed',
      locale: 'nl',
      reference: `GPK-T-${key}`,
      pdf: new Uint8Array(pdf),
      ...overrides,
    },
  });
}
