import { z } from 'zod';
import type { Db } from '../../db/client';
import { InvalidDataError } from '../../errors';
import type { LoadedRenewal } from '../../renewals/load';
import { PARTICIPATION_SERVICE_ID } from './contract';

/**
 * What the yearly trigger found and keeps in the offer's `details`: the year's participation
 * record, and whether the case is the household's yearly offer or one child's birthday later on.
 */
export const participationDetailsSchema = z.object({
  year: z.number().int(),
  recordId: z.number().int().positive(),
  kind: z.enum(['household', 'child']),
  childId: z.number().int().positive().optional(),
  /** The scan's day that found the yearly case: a birthday after it is "later in the year". */
  foundOn: z.string().optional(),
});
export type ParticipationDetails = z.infer<typeof participationDetailsSchema>;

export function participationDetails({ renewal }: Pick<LoadedRenewal, 'renewal'>): ParticipationDetails {
  const parsed = participationDetailsSchema.safeParse(renewal.details);
  if (renewal.service !== PARTICIPATION_SERVICE_ID || !parsed.success)
    throw new InvalidDataError(`Renewal ${renewal.id} (${renewal.service}) is no participation offer with a record`);
  return parsed.data;
}

/** Age in whole years on a day: a child is 4 from its fourth birthday on (29 February: from 1 March). */
export function ageOn(birthDate: Date, day: Date): number {
  const age = day.getUTCFullYear() - birthDate.getUTCFullYear();
  const birthdayThisYear = birthdayIn(birthDate, day.getUTCFullYear());
  return day < birthdayThisYear ? age - 1 : age;
}

/** The birthday in a year, as UTC midnight; 29 February rolls over to 1 March in a common year. */
export function birthdayIn(birthDate: Date, year: number): Date {
  return new Date(Date.UTC(year, birthDate.getUTCMonth(), birthDate.getUTCDate()));
}

/** Below the age of majority a resident at the household's address counts as its child. */
export const AGE_OF_MAJORITY = 18;

export interface HouseholdMember {
  id: number;
  givenNames: string;
  surnamePrefix: string | null;
  surname: string;
  birthDate: Date;
}

type AddressKey = { postalCode: string; houseNumber: number; houseNumberAddition: string | null };

/**
 * The household as Tijdig knows it: everyone whose current address is the holder's (postcode,
 * house number and addition, as the letters and the weekly household turn use it), without those
 * with a recorded death or departure. Tijdig has no other household register; the participation
 * record's household size is held against this.
 */
export async function householdAt(db: Db, address: AddressKey): Promise<HouseholdMember[]> {
  return db.resident.findMany({
    where: {
      lifeEvents: { none: {} },
      addresses: {
        some: {
          validUntil: null,
          postalCode: address.postalCode,
          houseNumber: address.houseNumber,
          houseNumberAddition: address.houseNumberAddition,
        },
      },
    },
    select: { id: true, givenNames: true, surnamePrefix: true, surname: true, birthDate: true },
    orderBy: { birthDate: 'asc' },
  });
}

/** The children an earlier offer of this year already named for this household: nobody is offered twice. */
export async function childrenOfferedIn(db: Db, residentId: number, year: number): Promise<Set<number>> {
  const allowances = await db.participationAllowance.findMany({ where: { residentId, year }, select: { childIds: true } });
  return new Set(allowances.flatMap((a) => a.childIds));
}

/**
 * The children a case is about, with their age today: for the household's yearly offer every
 * minor at the address, for a birthday case that one child; in both, without a child an earlier
 * offer of the year named.
 */
export async function childrenOfCase(
  db: Db,
  loaded: LoadedRenewal,
  today: Date,
): Promise<{ household: HouseholdMember[]; children: (HouseholdMember & { age: number })[] }> {
  const details = participationDetails(loaded);
  if (!loaded.address) return { household: [], children: [] };
  const household = await householdAt(db, loaded.address);
  const offered = await childrenOfferedIn(db, loaded.resident.id, details.year);
  const children = household
    .map((member) => ({ ...member, age: ageOn(member.birthDate, today) }))
    .filter((member) => member.id !== loaded.resident.id && member.age < AGE_OF_MAJORITY)
    .filter((member) => (details.kind === 'child' ? member.id === details.childId : true))
    .filter((member) => !offered.has(member.id));
  return { household, children };
}
