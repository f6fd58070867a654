import { z } from 'zod';
import { maturityLevels } from '../src/config';
import { DECISIONS } from '../src/renewals/vocabulary';
import { grantParticipation } from '../src/services/participation/grant';
import { defineWorker, noProperties } from './definition';

const wholeNumber = z.number().int().nonnegative();

/** The table's offer row, mapped to variables by the business rule task's output mapping. */
export const grantParticipationVariables = z.object({
  renewalId: z.number().int().positive(),
  maturity: z.enum(maturityLevels),
  minimumAge: wholeNumber,
  maximumAge: wholeNumber,
  sportAmountEuros: wholeNumber,
  cultureAmountEuros: wholeNumber,
  decision: z.enum(DECISIONS).optional(),
});

export default defineWorker({
  topic: 'grant-participation',
  variables: grantParticipationVariables,
  properties: noProperties,
  async handle(ctx, { variables }) {
    const { renewalId, maturity, decision, ...allowance } = variables;
    // Who made the offer, for the audit trail: a case worker, or the table alone.
    await grantParticipation(ctx, renewalId, allowance, maturity, decision ? 'case-worker' : 'decision-table');
    return {};
  },
});
