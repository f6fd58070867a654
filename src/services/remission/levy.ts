import { z } from 'zod';
import type { Db } from '../../db/client';
import { InvalidDataError } from '../../errors';
import type { LoadedRenewal } from '../../renewals/load';

/** What the yearly trigger found and keeps in the offer's `details`: the year's assessment. */
export const levyDetailsSchema = z.object({
  year: z.number().int(),
  assessmentId: z.number().int().positive(),
  assessmentNumber: z.string().min(1),
  household: z.string().min(1),
  amountCents: z.number().int().nonnegative(),
});
export type LevyDetails = z.infer<typeof levyDetailsSchema>;

export function levyDetails({ renewal }: Pick<LoadedRenewal, 'renewal'>): LevyDetails {
  const parsed = levyDetailsSchema.safeParse(renewal.details);
  if (renewal.service !== 'remission' || !parsed.success)
    throw new InvalidDataError(`Renewal ${renewal.id} (${renewal.service}) is no remission offer with a levy assessment`);
  return parsed.data;
}

/** Whether the resident's levy of that year was remitted: by the tax system (imported) or by Tijdig. */
export async function remittedIn(db: Db, residentId: number, year: number): Promise<boolean> {
  const grant = await db.remissionGrant.findUnique({ where: { residentId_year: { residentId, year } } });
  return grant?.granted === true;
}
