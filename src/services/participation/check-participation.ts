import { calendarDate, toIsoDate } from '../../calendar-date';
import type { RenewalContext } from '../../renewals/context';
import { loadRenewal } from '../../renewals/load';
import { childrenOfCase, participationDetails } from './household';

/**
 * What the decision table bpmn/participation-eligibility.dmn decides on: the municipality's own
 * participation record of the year, and the children at the household's address with their age
 * today. The limits (income, ages, amounts) live in the table, so the process owner changes them
 * there, without a code change.
 */
export type ParticipationOnRecord = {
  /** The record's income assessment is valid today; false also when the record is gone. */
  recordCurrent: boolean;
  /** The record's household size agrees with the persons living at the address. */
  householdClear: boolean;
  incomePercentOfSocialMinimum: number | null;
  /** Ages of the children the case is about, comma-separated ("6,9"); the table's cells read them. */
  childAges: string;
  /** The data the decision rests on, for the case worker and the file. */
  participationFacts: Record<string, unknown>;
};

export async function checkParticipation(ctx: RenewalContext, renewalId: number): Promise<ParticipationOnRecord> {
  const loaded = await loadRenewal(ctx.db, renewalId);
  const details = participationDetails(loaded);
  const today = calendarDate(ctx.now());
  const record = await ctx.db.participationRecord.findUnique({ where: { id: details.recordId } });
  const { household, children } = await childrenOfCase(ctx.db, loaded, today);
  const recordCurrent = record !== null && record.validUntil >= today;
  const householdClear = record !== null && record.householdSize === household.length;
  return {
    recordCurrent,
    householdClear,
    incomePercentOfSocialMinimum: record?.incomePercentOfSocialMinimum ?? null,
    childAges: children.map((c) => c.age).join(','),
    participationFacts: {
      source: record ? `participation record (${record.source})` : 'participation record: none',
      readOn: toIsoDate(today),
      year: details.year,
      case: details.kind === 'child' ? 'child reached an age later in the year' : 'yearly offer',
      incomePercentOfSocialMinimum: record?.incomePercentOfSocialMinimum ?? 'unknown',
      recordValidUntil: record ? toIsoDate(record.validUntil) : 'none',
      householdSizeOnRecord: record?.householdSize ?? 'unknown',
      personsAtAddress: household.length,
      childAges: children.length > 0 ? children.map((c) => c.age).join(', ') : 'none',
    },
  };
}
