import { fromIsoDate, toIsoDate } from '../../calendar-date';
import type { Db } from '../../db/client';
import type { CaseCandidate, ServiceModule } from '../service-module';
import { PARTICIPATION_SERVICE_ID } from './contract';
import { AGE_OF_MAJORITY, ageOn, birthdayIn, childrenOfferedIn, householdAt } from './household';
import { participationLetters } from './letters';

export const householdSubject = (year: number, residentId: number) => `participation-${year}-r${residentId}`;
export const childSubject = (year: number, residentId: number, childId: number) =>
  `participation-${year}-r${residentId}-child-${childId}`;

/**
 * The cases of one participation record this year: the household's yearly offer, and for each
 * minor at the address whose birthday came after that offer was found and whom no offer of
 * the year named yet, a case of its own on that birthday (or on the first scan after the yearly
 * offer ended). Whether the new age is within the
 * range is the decision table's to say (bpmn/participation-eligibility.dmn), so the age limits
 * live there only; a child the table turns down is found again on next year's birthday, never
 * twice in a year (the subject is unique per service).
 */
async function casesOfRecord(
  db: Db,
  record: { id: number; residentId: number; year: number },
  today: Date,
): Promise<CaseCandidate[]> {
  const details = { year: record.year, recordId: record.id };
  const cases: CaseCandidate[] = [
    {
      residentId: record.residentId,
      subject: householdSubject(record.year, record.residentId),
      details: { ...details, kind: 'household', foundOn: toIsoDate(today) },
    },
  ];
  const yearly = await db.renewal.findUnique({
    where: { service_subject: { service: PARTICIPATION_SERVICE_ID, subject: householdSubject(record.year, record.residentId) } },
    select: { details: true, status: true },
  });
  const foundOn = (yearly?.details as { foundOn?: unknown } | null | undefined)?.foundOn;
  if (!yearly || typeof foundOn !== 'string') return cases;
  // While the yearly offer still runs (with a case worker, say) it may yet name the child: its
  // birthday case waits for a scan after the yearly offer ended, so no child is offered twice.
  if (yearly.status !== 'COMPLETED' && yearly.status !== 'STOPPED') return cases;
  const address = await db.address.findFirst({
    where: { residentId: record.residentId, validUntil: null },
    orderBy: { validFrom: 'desc' },
  });
  if (!address) return cases;
  const offered = await childrenOfferedIn(db, record.residentId, record.year);
  for (const member of await householdAt(db, address)) {
    if (member.id === record.residentId || offered.has(member.id)) continue;
    const birthday = birthdayIn(member.birthDate, record.year);
    // The birthday must fall after the day the yearly case was found, and on or before the scan's day.
    if (birthday > today || birthday <= fromIsoDate(foundOn)) continue;
    if (ageOn(member.birthDate, today) >= AGE_OF_MAJORITY) continue;
    cases.push({
      residentId: record.residentId,
      subject: childSubject(record.year, record.residentId, member.id),
      details: { ...details, kind: 'child', childId: member.id },
    });
  }
  return cases;
}

/**
 * The children's participation offer (catalogue entry "participation"): from the trigger's day
 * on, every household with a participation record of this year is a candidate; the model checks
 * the record and the household and its decision table decides whether to offer.
 */
export const participationService: ServiceModule = {
  letters: participationLetters,
  async candidates(db, { today, year, afterResidentId, take }) {
    const records = await db.participationRecord.findMany({
      where: { year, residentId: { gt: afterResidentId } },
      orderBy: { residentId: 'asc' },
      take,
    });
    const cases: CaseCandidate[] = [];
    for (const record of records) cases.push(...(await casesOfRecord(db, record, today)));
    return cases;
  },
};
