import type { Db, Prisma } from '../db/client';

/** The audit action of every time a staff member is shown a resident's data. */
export const RESIDENT_DATA_VIEWED = 'resident-data-viewed';

/** The audit trail's name for a staff member, the same as for their sign-ins. */
export const staffActor = (staffId: number) => `staff:${staffId}`;

/** Records that a staff member was shown the data of the resident behind a renewal. */
export async function recordResidentDataViewed(
  db: Db,
  staffId: number,
  renewalId: number,
  details: Prisma.InputJsonObject,
  now: Date,
): Promise<void> {
  await db.auditEvent.create({
    data: {
      actor: staffActor(staffId),
      action: RESIDENT_DATA_VIEWED,
      subjectType: 'renewal',
      subjectId: String(renewalId),
      details,
      at: now,
    },
  });
}

/**
 * A stored letter for a staff member to read, or null when there is none with that id. Reading
 * it is recorded first, so no letter leaves the database without its view in the audit trail.
 */
export async function viewLetter(
  db: Db,
  staffId: number,
  letterId: number,
  now: Date,
): Promise<{ pdf: Uint8Array; reference: string } | null> {
  if (!Number.isSafeInteger(letterId) || letterId <= 0) return null;
  const letter = await db.letter.findUnique({
    where: { id: letterId },
    select: { renewalId: true, reference: true, template: true, pdf: true },
  });
  if (!letter) return null;
  await recordResidentDataViewed(db, staffId, letter.renewalId, { letterId, template: letter.template }, now);
  return { pdf: letter.pdf, reference: letter.reference };
}
