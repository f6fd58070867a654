import { calendarDate, toIsoDate } from '../../calendar-date';
import type { HouseholdKind, IncomeCheckOutcome } from '../../registers/inlichtingenbureau/client';
import type { RenewalContext } from '../../renewals/context';
import { loadRenewal } from '../../renewals/load';
import { levyDetails, remittedIn } from './levy';

/**
 * What the decision table bpmn/remission-eligibility.dmn decides on: the Inlichtingenbureau's
 * answer with the income it used, and last year's remission. The norms (the income limit per
 * household) live in the table, so the process owner changes them there, without a code change.
 */
export type IncomeOnRecord = {
  incomeCheck: IncomeCheckOutcome;
  /** Net household income a month in euros; null when the Inlichtingenbureau had none. */
  netMonthlyIncome: number | null;
  household: HouseholdKind | null;
  grantedLastYear: boolean;
  /** The data the decision rests on, for the case worker and the file (Ombudsman 2017/129). */
  incomeFacts: Record<string, unknown>;
};

export async function checkIncome(ctx: RenewalContext, renewalId: number): Promise<IncomeOnRecord> {
  const loaded = await loadRenewal(ctx.db, renewalId);
  const levy = levyDetails(loaded);
  const answer = await ctx.inlichtingenbureau.checkRemission(loaded.resident.bsn, levy.year);
  const grantedLastYear = await remittedIn(ctx.db, loaded.resident.id, levy.year - 1);
  const data = answer.data;
  return {
    incomeCheck: answer.outcome,
    netMonthlyIncome: data?.netMonthlyIncome ?? null,
    household: data?.household ?? null,
    grantedLastYear,
    incomeFacts: {
      source: 'Inlichtingenbureau',
      readOn: toIsoDate(calendarDate(ctx.now())),
      taxYear: levy.year,
      assessment: levy.assessmentNumber,
      incomeCheck: answer.outcome,
      obstacles: answer.obstacles.length > 0 ? answer.obstacles.join(', ') : 'none',
      household: data?.household ?? 'unknown',
      netMonthlyIncome: data?.netMonthlyIncome ?? 'unknown',
      assetsAboveNorm: data?.assetsAboveNorm ?? 'unknown',
      vehicleAboveNorm: data?.vehicleAboveNorm ?? 'unknown',
      referenceDate: data?.referenceDate ?? 'unknown',
      sources: data ? data.sources.join(', ') : 'none',
      grantedLastYear,
    },
  };
}
