import type { ServiceModule } from '../service-module';
import { remissionLetters } from './letters';

/**
 * The waste levy's remission offer (catalogue entry "remission"): from the day the year's tax
 * assessment is prepared, every resident with an assessment for this year is a candidate; the
 * model asks the Inlichtingenbureau and its decision table whether to grant, offer or do nothing.
 */
export const remissionService: ServiceModule = {
  letters: remissionLetters,
  async candidates(db, { year, afterResidentId, take }) {
    const assessments = await db.levyAssessment.findMany({
      where: { year, residentId: { gt: afterResidentId } },
      orderBy: { residentId: 'asc' },
      take,
    });
    return assessments.map((a) => ({
      residentId: a.residentId,
      subject: `levy-${a.year}-r${a.residentId}`,
      details: {
        year: a.year,
        assessmentId: a.id,
        assessmentNumber: a.number,
        household: a.household,
        amountCents: a.amountCents,
      },
    }));
  },
};
